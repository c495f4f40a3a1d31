/**
 * Exports whose job cannot go on end in a finished state people can read: an unexpected error
 * fails the run at once (never retried, never quoted), a transient Jira failure fails it once the
 * job's attempts are spent, and a run cancelled by a disconnect keeps a summary of what it did.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createExports, type ExportProgress, ProgressHub } from '../../src/exports/index.ts';
import { DatabaseJobQueue, startWorker } from '../../src/jobs/index.ts';
import type { Plan } from '../../src/plan/model.ts';
import { connectAs, withWorld } from '../connections/harness.ts';
import { type EngineContext, withEngine } from '../helpers/db.ts';
import { loadPlan, PRIYA, runJobToEnd, withExportWorld } from './harness.ts';

const WEB_LAUNCH = 'examples/plans/web-launch.yaml';

/**
 * Runs one export of `plan` to WEB until its job ends, with at most `maxAttempts` runs and a
 * Jira client that does not wait between its own retries; returns what a caller sees.
 */
async function exportUntilJobEnds(
  ctx: EngineContext,
  plan: Plan,
  setup: { maxAttempts: number; faults?: unknown },
) {
  let outcome: Awaited<ReturnType<typeof runIt>> | undefined;
  const runIt = async (world: Parameters<Parameters<typeof withWorld>[1]>[0]) => {
    const user = await world.newUser('planner@example.com');
    assert.equal((await connectAs(world, user, PRIYA)).status, 'connected');
    if (setup.faults) await world.control('/faults', setup.faults, 'PUT');
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
      maxAttempts: setup.maxAttempts,
      jiraClock: { now: Date.now, sleep: async () => {} },
    });
    const started = await exports.start({
      userId: user.user.id,
      workspaceId: user.workspace.id,
      plan,
      projectKey: 'WEB',
    });
    const events: ExportProgress[] = [];
    hub.subscribe(started.id, (progress) => events.push(progress));
    await runJobToEnd({
      queue,
      handlers: exports.jobHandlers(),
      jobId: started.jobId ?? '',
      retryDelayMs: () => 20,
      timeoutMs: 30_000,
    });
    return {
      view: await exports.get(user.user.id, started.id),
      job: await queue.get(started.jobId ?? ''),
      events,
      audit: await world.accounts.audit.list(user.workspace.id),
    };
  };
  await withWorld(ctx, async (world) => {
    outcome = await runIt(world);
  });
  assert.ok(outcome);
  return outcome;
}

function assertFinishedFailed(
  outcome: Awaited<ReturnType<typeof exportUntilJobEnds>>,
  code: string,
): void {
  const { view, job, events, audit } = outcome;
  assert.equal(view.state, 'failed', JSON.stringify(view));
  assert.equal(view.phase, 'finished');
  assert.equal(view.error?.code, code);
  assert.equal(typeof view.finishedAt, 'number');
  assert.equal(job?.state, 'failed');
  assert.deepEqual(
    events.filter((event) => event.phase === 'finished').map((event) => event.state),
    ['failed'],
    'watchers hear the end once',
  );
  const finished = audit.filter((entry) => entry.action === 'export_finished');
  assert.deepEqual(
    finished.map((entry) => [entry.outcome, entry.detail.reason]),
    [['failure', code]],
  );
}

describe('export jobs that cannot finish', () => {
  test('an unexpected error fails the export at once with a message for people, not the raw error [postgres]', () =>
    withEngine('postgres', async (ctx) => {
      const plan = await loadPlan(WEB_LAUNCH);
      const [first] = plan.items;
      assert.ok(first);
      // PostgreSQL refuses NUL in text (22021): every run would fail the same way.
      const poisoned: Plan = { ...plan, items: [{ ...first, id: 'bad\u0000id' }] };
      const outcome = await exportUntilJobEnds(ctx, poisoned, { maxAttempts: 5 });

      assertFinishedFailed(outcome, 'internal_error');
      assert.equal(outcome.job?.attempt, 1, 'not retried');
      assert.equal(
        outcome.view.error?.message,
        'The export stopped on an unexpected error in Projan. Issues already created in Jira stay and are not duplicated: try the export again. If it fails the same way, report it to your Projan administrator with the export id.',
      );
      const lastError = outcome.job?.lastError ?? '';
      assert.ok(!lastError.includes('bad') && !lastError.includes('\u0000'), lastError);
      assert.ok(outcome.view.summary, 'the failed run has a summary');
      assert.equal(outcome.view.summary.created, 0);
    }));

  test('a transient Jira failure fails the export when the attempts are spent', () =>
    withEngine('sqlite', async (ctx) => {
      const plan = await loadPlan(WEB_LAUNCH);
      const outcome = await exportUntilJobEnds(ctx, plan, {
        maxAttempts: 2,
        faults: {
          rules: [
            { path: '/ex/jira/*/rest/api/3/myself', nth: 1, times: 1000, fault: { status: 500 } },
          ],
        },
      });

      assertFinishedFailed(outcome, 'atlassian_unavailable');
      assert.equal(outcome.job?.attempt, 2, 'every attempt was used');
      assert.equal(
        outcome.view.error?.message,
        'Atlassian is not responding right now. Nothing is lost: try again in a few minutes. If it lasts, check https://status.atlassian.com for an incident.',
      );
    }));

  test(
    'an export cancelled by a disconnect keeps a summary of what it created',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = await loadPlan('examples/plans/data-migration.yaml');
          await x.world.control('/faults', { latencyMs: 30 }, 'PUT');
          const started = await x.exports.start({
            userId: x.user.user.id,
            workspaceId: x.user.workspace.id,
            plan,
            projectKey: 'WEB',
          });
          const worker = startWorker({
            queue: x.queue,
            handlers: x.exports.jobHandlers(),
            pollMs: 10,
          });
          try {
            const deadline = Date.now() + 30_000;
            while ((await x.siteIssues()).filter((i) => i.properties['projan.item']).length === 0) {
              assert.ok(Date.now() < deadline, 'the export starts creating');
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            await x.world.connections.disconnect({
              user: x.user.user,
              workspace: x.user.workspace,
            });
            for (;;) {
              const view = await x.exports.get(x.user.user.id, started.id);
              if (view.state !== 'running' && view.state !== 'queued') break;
              assert.ok(Date.now() < deadline, 'the export stops');
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          } finally {
            await worker.stop();
          }

          const stopped = await x.exports.get(x.user.user.id, started.id);
          assert.equal(stopped.state, 'cancelled');
          assert.equal(stopped.error?.code, 'connection_disconnected');
          assert.match(stopped.error?.message ?? '', /disconnected/);
          const summary = stopped.summary;
          assert.ok(summary, 'a cancelled run has a summary');
          const items = await x.exports.items(x.user.user.id, started.id);
          const inState = (state: string) => items.filter((item) => item.state === state);
          assert.ok(summary.created > 0, 'issues were created before the disconnect');
          assert.equal(summary.created, inState('created').length);
          assert.equal(summary.failed, inState('failed').length);
          assert.equal(summary.blocked, inState('blocked').length);
          assert.equal(summary.updated, 0);
          const byType: Record<string, number> = {};
          for (const item of inState('created'))
            byType[item.issueType] = (byType[item.issueType] ?? 0) + 1;
          assert.deepEqual(summary.byType, byType);
          const created = (await x.siteIssues()).filter(
            (issue) => issue.properties['projan.item']?.exportId === started.id,
          );
          assert.ok(summary.created <= created.length, 'every counted issue is in Jira');
          const links = await ctx.store.db
            .selectFrom('exported_links')
            .select((eb) => eb.fn.countAll().as('count'))
            .where('export_id', '=', started.id)
            .executeTakeFirstOrThrow();
          assert.equal(summary.links, Number(links.count));
        }),
      ),
  );
});
