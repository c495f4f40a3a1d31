/**
 * An export world: the connections world (real emulator on a free port, a test database, a user
 * connected through the consent form) plus the exports core, the database job queue and a
 * worker, so tests drive exports exactly as the server does.
 */
import assert from 'node:assert/strict';
import { createExports, type Exports, ProgressHub } from '../../src/exports/index.ts';
import {
  DatabaseJobQueue,
  type JobHandler,
  startWorker,
  type WorkerOptions,
} from '../../src/jobs/index.ts';
import { loadPlanFile } from '../../src/plan/load.ts';
import type { Plan } from '../../src/plan/model.ts';
import { connectAs, type TestUser, type World, withWorld } from '../connections/harness.ts';
import type { EngineContext } from '../helpers/db.ts';

export { PRIYA, SOFTWARE_SITE } from '../connections/harness.ts';

/** Everything an export test needs. */
export interface ExportWorld {
  world: World;
  ctx: EngineContext;
  exports: Exports;
  queue: DatabaseJobQueue;
  hub: ProgressHub;
  user: TestUser;
  /** Starts an export and runs the worker until the queue is idle; returns the finished run. */
  exportPlan(
    plan: Plan,
    projectKey: string,
    options?: Parameters<Exports['start']>[0]['options'],
  ): ReturnType<Exports['get']>;
  /** Issues of the emulated site, as `GET /_emulator/state` shows them. */
  siteIssues(): Promise<SiteIssue[]>;
  /** Requests the emulator served, oldest first. */
  requests(): Promise<Array<{ method: string; path: string; status: number; points: number }>>;
}

export interface SiteIssue {
  id: string;
  key: string;
  project: string;
  type: string;
  status: string;
  parent: string | null;
  summary: string;
  labels: string[];
  fields: Record<string, unknown>;
  properties: Record<string, { planId: string; itemId: string; exportId: string }>;
  links: Array<{ type: string; direction: string; key: string }>;
}

/** Loads a plan file; fails the test when it is invalid. */
export async function loadPlan(path: string): Promise<Plan> {
  const loaded = await loadPlanFile(path);
  assert.ok(loaded.plan, `the plan ${path} is valid: ${JSON.stringify(loaded.diagnostics)}`);
  return loaded.plan;
}

/** Runs `body` with a connected export world for Atlassian account `accountId`. */
export async function withExportWorld(
  ctx: EngineContext,
  accountId: string,
  body: (x: ExportWorld) => Promise<void>,
): Promise<void> {
  await withWorld(ctx, async (world) => {
    const user = await world.newUser('planner@example.com');
    const result = await connectAs(world, user, accountId);
    assert.equal(result.status, 'connected', 'the single-site account connects at once');
    const queue = new DatabaseJobQueue(ctx.store.db);
    const hub = new ProgressHub();
    const exports = createExports({
      db: ctx.store.db,
      queue,
      connections: world.connections,
      workspaces: world.accounts.workspaces,
      audit: world.accounts.audit,
      hub,
      apiBaseUrl: world.emulator.url,
      reconcileWindowMs: 3_000,
      jiraTimeoutMs: 2_000,
    });
    const siteIssues = async () => {
      const state = (await world.control('/state')) as {
        sites: Array<{ id: string; jira: { issues: SiteIssue[] } }>;
      };
      return state.sites.flatMap((site) => site.jira.issues);
    };
    const requests = async () => {
      const log = (await world.control('/requests')) as {
        entries: Array<{ method: string; path: string; status: number; points: number }>;
      };
      return log.entries;
    };
    await body({
      world,
      ctx,
      exports,
      queue,
      hub,
      user,
      siteIssues,
      requests,
      async exportPlan(plan, projectKey, options) {
        const started = await exports.start({
          userId: user.user.id,
          workspaceId: user.workspace.id,
          plan,
          projectKey,
          ...(options ? { options } : {}),
        });
        await runJobToEnd({
          queue,
          handlers: exports.jobHandlers(),
          jobId: started.jobId ?? '',
          retryDelayMs: () => 50,
        });
        return exports.get(user.user.id, started.id);
      },
    });
  });
}

/**
 * Runs a worker until job `jobId` has ended (done, failed or cancelled). Retried jobs wait for
 * their next run, so an idle worker alone is not the end of the run.
 */
export async function runJobToEnd(options: {
  queue: DatabaseJobQueue;
  handlers: Record<string, JobHandler>;
  jobId: string;
  retryDelayMs?: WorkerOptions['retryDelayMs'];
  leaseMs?: number;
  timeoutMs?: number;
}): Promise<void> {
  const worker = startWorker({
    queue: options.queue,
    handlers: options.handlers,
    pollMs: 10,
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  });
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    for (;;) {
      await worker.idle();
      const job = await options.queue.get(options.jobId);
      if (job && job.state !== 'queued' && job.state !== 'active') return;
      assert.ok(Date.now() < deadline, `the export job ${options.jobId} ends`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await worker.stop();
  }
}
