/**
 * One benchmark case each: an emulator of its own (so quotas and buckets start fresh) with the
 * injected latency and Atlassian's documented limits, and the client under test in a child
 * process. The parent records the emulator's log while the child works.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/server.ts';
import type { ChildTask } from './child.ts';
import { byOperation, byPhase, RequestRecorder } from './emulator-log.ts';
import { ACCOUNT_ID, benchFixture, SITE_ID } from './fixture.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** Runs `task` in a child process; `onReady` runs between its set-up and its work. */
export function runChild<T>(task: ChildTask, onReady: () => Promise<void> = async () => {}) {
  return new Promise<T>((resolve, reject) => {
    const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    let settled = false;
    child.on('message', (message: { type: string; result?: T; message?: string }) => {
      if (message.type === 'ready') {
        onReady().then(
          () => child.send({ type: 'go' }),
          (error: unknown) => {
            child.kill();
            reject(error);
          },
        );
      } else if (message.type === 'result') {
        settled = true;
        resolve(message.result as T);
      } else if (message.type === 'error') {
        settled = true;
        reject(new Error(`child failed: ${message.message}`));
      }
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`child exited with ${code} before answering`));
    });
    child.send(task);
  });
}

/** Emulator settings of every export case. */
export interface CaseSettings {
  latencyMs: number;
}

async function withEmulator<T>(
  settings: CaseSettings,
  body: (url: string) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({
    port: 0,
    latencyMs: settings.latencyMs,
    fixture: benchFixture(),
  });
  try {
    return await body(emulator.url);
  } finally {
    await emulator.close();
  }
}

/** What one measured export did, seen from the emulator. */
export interface Measured {
  requests: number;
  points: number;
  seconds: number;
  byPhase?: Record<string, { requests: number; points: number; seconds: number }>;
  byOperation: Record<string, { requests: number; points: number }>;
  peakRssMb: number;
  baselineRssMb?: number;
  state?: string;
  created?: number;
  links?: number;
  transitions?: number;
  clientRequests?: number;
}

interface ExportChildResult {
  state: string;
  summary: { created: number; links: number; transitions: number; requests: number } | null;
  error: { code: string; message: string } | null;
  started: number;
  ended: number;
  seconds: number;
  phases: { phase: string; at: number }[];
  baselineRssMb: number;
  peakRssMb: number;
}

/** Exports the plan in `planFile` with Projan to `project`. */
export function projanCase(planFile: string, project: string, settings: CaseSettings) {
  return withEmulator(settings, async (emulatorUrl) => {
    const recorder = new RequestRecorder(emulatorUrl, SITE_ID);
    const result = await runChild<ExportChildResult>(
      { kind: 'export', emulatorUrl, accountId: ACCOUNT_ID, planFile, project },
      () => recorder.start(),
    );
    const totals = await recorder.stop();
    if (result.state !== 'succeeded') {
      throw new Error(`export ended ${result.state}: ${JSON.stringify(result.error)}`);
    }
    const measured: Measured = {
      ...totals,
      seconds: result.seconds,
      byPhase: byPhase(recorder.entries, result.phases, result.ended),
      byOperation: byOperation(recorder.entries),
      peakRssMb: result.peakRssMb,
      baselineRssMb: result.baselineRssMb,
      state: result.state,
      created: result.summary?.created ?? 0,
      links: result.summary?.links ?? 0,
      transitions: result.summary?.transitions ?? 0,
      clientRequests: result.summary?.requests ?? 0,
    };
    return measured;
  });
}

interface NaiveChildResult {
  created: number;
  links: number;
  transitions: number;
  requests: number;
  seconds: number;
  peakRssMb: number;
}

/** Exports the plan in `planFile` with the naive jira.js script to `project`. */
export function naiveCase(planFile: string, project: string, settings: CaseSettings) {
  return withEmulator(settings, async (emulatorUrl) => {
    const minted = await fetch(`${emulatorUrl}/_emulator/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: ACCOUNT_ID }),
    });
    const { access_token: accessToken } = (await minted.json()) as { access_token: string };
    const recorder = new RequestRecorder(emulatorUrl, SITE_ID);
    const result = await runChild<NaiveChildResult>(
      { kind: 'naive', host: `${emulatorUrl}/ex/jira/${SITE_ID}`, accessToken, planFile, project },
      () => recorder.start(),
    );
    const totals = await recorder.stop();
    const measured: Measured = {
      ...totals,
      seconds: result.seconds,
      byOperation: byOperation(recorder.entries),
      peakRssMb: result.peakRssMb,
      created: result.created,
      links: result.links,
      transitions: result.transitions,
      clientRequests: result.requests,
    };
    return measured;
  });
}

/** Peak memory and time of validating the plan in `planFile` in a fresh process. */
export function validateCase(planFile: string) {
  return runChild<{ ms: number; bytes: number; baselineRssMb: number; peakRssMb: number }>({
    kind: 'validate',
    planFile,
  });
}
