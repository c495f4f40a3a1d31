/**
 * What the `projan export` tests share: the emulator on a free port, a data directory whose
 * workspace is connected through the emulator's consent form (as a person would), a small plan
 * file, and a runner that executes the command in process and captures what it printed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import pino from 'pino';
import { registerExportCommand } from '../../src/cli/commands/export.ts';
import { loadConfig } from '../../src/config/index.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.ts';
import { openRuntime } from '../../src/runtime/open.ts';

export const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d02';

/** A three-item plan: an epic with two stories, the second depending on the first. */
export const SMALL_PLAN = `id: cli-shop
title: CLI shop
items:
  - id: cli-checkout
    type: epic
    title: CLI checkout epic
    children:
      - id: cli-cart
        type: story
        title: CLI cart story
      - id: cli-pay
        type: story
        title: CLI pay story
        dependsOn: [cli-cart]
`;

/** What a run of the command printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Issues of the emulated sites, as `GET /_emulator/state` shows them. */
export interface SiteIssue {
  key: string;
  project: string;
  type: string;
  parent: string | null;
  summary: string;
  links: Array<{ type: string; direction: string; key: string }>;
}

/** The emulator plus a scratch directory for data and plan files. */
export interface CliWorld {
  emulator: RunningEmulator;
  dir: string;
  /** The environment a Projan process needs to reach the emulator as Atlassian. */
  env: NodeJS.ProcessEnv;
  /** Writes `text` to `<dir>/<name>` and returns the path. */
  file(name: string, text: string): string;
  issues(): Promise<SiteIssue[]>;
  /** Requests the emulator served, oldest first. */
  requests(): Promise<Array<{ method: string; path: string }>>;
}

/** Runs `body` with a fresh emulator and directory, then removes both. */
export async function withCliWorld(body: (world: CliWorld) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ port: 0 });
  const dir = mkdtempSync(path.join(tmpdir(), 'projan-cli-export-'));
  const control = async (route: string) => {
    const response = await fetch(`${emulator.url}/_emulator${route}`);
    assert.equal(response.status, 200);
    return response.json();
  };
  try {
    await body({
      emulator,
      dir,
      env: {
        PROJAN_DATA_DIR: path.join(dir, 'data'),
        ATLASSIAN_CLIENT_ID: emulator.fixture.app.clientId,
        ATLASSIAN_CLIENT_SECRET: emulator.fixture.app.clientSecret,
        ATLASSIAN_AUTH_URL: emulator.url,
        ATLASSIAN_API_URL: emulator.url,
      },
      file(name, text) {
        const target = path.join(dir, name);
        writeFileSync(target, text);
        return target;
      },
      async issues() {
        const state = (await control('/state')) as {
          sites: Array<{ jira: { issues: SiteIssue[] } }>;
        };
        return state.sites.flatMap((site) => site.jira.issues);
      },
      async requests() {
        const log = (await control('/requests')) as {
          entries: Array<{ method: string; path: string }>;
        };
        return log.entries;
      },
    });
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Signs up a user in the world's data directory and connects their workspace to Jira as
 * Atlassian account `accountId` through the consent form; also creates the team workspace "Ops
 * team", connected too when `connectTeam` is set. Closes the store again, as the CLI opens it
 * itself.
 */
export async function connectLocalWorkspace(
  world: CliWorld,
  options: { accountId?: string; connectTeam?: boolean } = {},
): Promise<{ workspaceId: string; teamId: string }> {
  const accountId = options.accountId ?? PRIYA;
  const runtime = await openRuntime(loadConfig(world.env), { logger: pino({ level: 'silent' }) });
  try {
    const user = await runtime.accounts.users.signUp({
      email: 'operator@example.com',
      password: 'operator-password-long',
      displayName: 'Operator',
    });
    const [individual] = await runtime.accounts.workspaces.listWorkspaces(user.id);
    assert.ok(individual);
    const team = await runtime.accounts.workspaces.createTeam(user.id, 'Ops team');
    const workspaces = [individual.workspace.id, ...(options.connectTeam ? [team.id] : [])];
    for (const workspaceId of workspaces) {
      const who = { user: { id: user.id }, workspace: { id: workspaceId } };
      const { authorizeUrl } = await runtime.connections.startConnect({ ...who, sessionId: 's1' });
      const query = await submitConsent(world.emulator, authorizeUrl, accountId);
      const result = await runtime.connections.completeConnect({ query, sessionId: 's1' });
      assert.equal(result.status, 'connected');
    }
    return { workspaceId: individual.workspace.id, teamId: team.id };
  } finally {
    await runtime.close();
  }
}

/** GETs the consent page and posts its form as a browser would; returns the callback query. */
export async function submitConsent(
  emulator: RunningEmulator,
  authorizeUrl: string,
  accountId: string,
): Promise<URLSearchParams> {
  const page = await fetch(authorizeUrl);
  assert.equal(page.status, 200, 'the consent page is served');
  const request = /name="request" id="request" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(request, 'the consent form carries its request id');
  const answer = await fetch(new URL('/authorize/consent', emulator.url), {
    method: 'POST',
    body: new URLSearchParams({ request, account: accountId, decision: 'accept' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  assert.equal(answer.status, 302);
  return new URL(answer.headers.get('location') ?? '').searchParams;
}

/** Runs `projan export …args` in process with `env`, capturing its output and exit code. */
export async function runExport(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  const run: Run = { code: 0, stdout: '', stderr: '' };
  const program = new Command('projan').exitOverride().configureOutput({
    writeOut: (text) => {
      run.stdout += text;
    },
    writeErr: (text) => {
      run.stderr += text;
    },
  });
  registerExportCommand(program, { env, tty: null });
  try {
    await program.parseAsync(['export', ...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    run.code = error.exitCode;
  }
  return run;
}
