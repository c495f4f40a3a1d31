/**
 * The child process of a benchmark case, so that its peak memory is its own and the emulator
 * (in the parent) runs on the other core. Started by `runChild` with IPC; receives one task,
 * answers `{type: 'ready'}` once set up, waits for `{type: 'go'}`, then answers
 * `{type: 'result', result}` (or `{type: 'error', message}`) and exits.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { ExportPhase } from '../src/exports/index.ts';
import { validatePlanDocument } from '../src/plan/validate.ts';

// Each task imports only what it runs, so a child's memory is its own task's.

/** A task for the child. */
export type ChildTask =
  | { kind: 'export'; emulatorUrl: string; accountId: string; planFile: string; project: string }
  | { kind: 'naive'; host: string; accessToken: string; planFile: string; project: string }
  | { kind: 'validate'; planFile: string }
  | {
      kind: 'autocannon';
      url: string;
      headers: Record<string, string>;
      connections: number;
      seconds: number;
    }
  | {
      kind: 'watchers';
      url: string;
      headers: Record<string, string>;
      watchers: number;
      /** The `done` count of the report to time. */
      marker: number;
    };

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  // maxRSS is in kilobytes on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function loadPlan(planFile: string) {
  const checked = validatePlanDocument(JSON.parse(readFileSync(planFile, 'utf8')));
  if (!checked.plan) throw new Error(`invalid plan: ${checked.diagnostics[0]?.message}`);
  return checked.plan;
}

const waitForGo = () =>
  new Promise<void>((resolve) => {
    process.send?.({ type: 'ready', rssMb: peakRssMb() });
    process.once('message', () => resolve());
  });

async function runExportTask(task: Extract<ChildTask, { kind: 'export' }>) {
  const { connectedWorld } = await import('./world.ts');
  const world = await connectedWorld(task.emulatorUrl, task.accountId);
  try {
    const baselineRssMb = peakRssMb();
    await waitForGo();
    const started = Date.now();
    const plan = loadPlan(task.planFile);
    const view = await world.exports.start({
      userId: world.userId,
      workspaceId: world.workspaceId,
      plan,
      projectKey: task.project,
    });
    const phases: { phase: ExportPhase; at: number }[] = [];
    const finished = new Promise<void>((resolve) => {
      world.hub.subscribe(view.id, (progress) => {
        if (phases.at(-1)?.phase !== progress.phase)
          phases.push({ phase: progress.phase, at: Date.now() });
        if (progress.phase === 'finished') resolve();
      });
    });
    await finished;
    const ended = Date.now();
    const final = await world.exports.get(world.userId, view.id);
    return {
      state: final.state,
      summary: final.summary,
      error: final.error,
      started,
      ended,
      seconds: (ended - started) / 1000,
      phases,
      baselineRssMb,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await world.close();
  }
}

async function runLoad(task: Extract<ChildTask, { kind: 'autocannon' }>) {
  const { default: autocannon } = await import('autocannon');
  await waitForGo();
  const result = await autocannon({
    url: task.url,
    connections: task.connections,
    duration: task.seconds,
    headers: task.headers,
  });
  return {
    connections: task.connections,
    seconds: task.seconds,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Opens `watchers` event streams, says ready once each has its first frame, then records when
 * each sees the marked report (at most 30 s).
 */
async function runWatchers(task: Extract<ChildTask, { kind: 'watchers' }>) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const receivedAt: number[] = [];
  const requests: http.ClientRequest[] = [];
  const needle = `"done":${task.marker}`;
  let opened = 0;
  let allOpen: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    allOpen = resolve;
  });
  let allMarked: () => void = () => {};
  const marked = new Promise<void>((resolve) => {
    allMarked = resolve;
  });
  for (let i = 0; i < task.watchers; i++) {
    const req = http.get(task.url, { agent, headers: task.headers }, (res) => {
      let first = true;
      let seen = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (!seen && chunk.includes(needle)) {
          seen = true;
          receivedAt.push(Date.now());
          if (receivedAt.length === task.watchers) allMarked();
        }
        if (first) {
          first = false;
          if (++opened === task.watchers) allOpen();
        }
      });
    });
    req.on('error', () => {});
    requests.push(req);
  }
  await open;
  await waitForGo();
  await Promise.race([marked, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  for (const req of requests) req.destroy();
  return { receivedAt };
}

async function run(task: ChildTask): Promise<unknown> {
  if (task.kind === 'export') return runExportTask(task);
  if (task.kind === 'autocannon') return runLoad(task);
  if (task.kind === 'watchers') return runWatchers(task);
  if (task.kind === 'naive') {
    const { naiveExport } = await import('./naive.ts');
    const plan = loadPlan(task.planFile);
    await waitForGo();
    const started = Date.now();
    const result = await naiveExport(plan, {
      host: task.host,
      accessToken: task.accessToken,
      projectKey: task.project,
    });
    return { ...result, started, ended: Date.now(), peakRssMb: peakRssMb() };
  }
  const baselineRssMb = peakRssMb();
  await waitForGo();
  const text = readFileSync(task.planFile, 'utf8');
  const at = performance.now();
  loadPlan(task.planFile);
  return {
    bytes: text.length,
    ms: performance.now() - at,
    baselineRssMb,
    peakRssMb: peakRssMb(),
  };
}

process.once('message', (task: ChildTask) => {
  run(task).then(
    (result) => process.send?.({ type: 'result', result }, () => process.exit(0)),
    (error: unknown) =>
      process.send?.(
        {
          type: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
        () => process.exit(1),
      ),
  );
});
