/**
 * Exports under the failures Atlassian documents or that clients meet in production: uncertain
 * creates (committed, then the connection drops), resets, 5xx, each kind of 429, and search that
 * lags behind writes. Whatever happens, Jira must end with exactly one issue per item and every
 * dependency link, and never a duplicate.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startWorker } from '../../src/jobs/index.ts';
import { flattenItems } from '../../src/plan/graph.ts';
import type { Plan } from '../../src/plan/model.ts';
import { withEngine } from '../helpers/db.ts';
import { type ExportWorld, loadPlan, PRIYA, withExportWorld } from './harness.ts';

const WEB_LAUNCH = 'examples/plans/web-launch.yaml';

async function assertExactlyOnce(x: ExportWorld, plan: Plan): Promise<void> {
  const items = flattenItems(plan);
  const issues = (await x.siteIssues()).filter((issue) => issue.properties['projan.item']);
  const perItem = new Map<string, number>();
  for (const issue of issues) {
    const itemId = issue.properties['projan.item']?.itemId ?? '';
    perItem.set(itemId, (perItem.get(itemId) ?? 0) + 1);
  }
  const duplicated = [...perItem].filter(([, count]) => count > 1).map(([id]) => id);
  assert.deepEqual(duplicated, [], 'no item has two issues');
  assert.equal(issues.length, items.length, 'every item has its issue');

  const keyOf = new Map(
    issues.map((issue) => [issue.properties['projan.item']?.itemId, issue.key]),
  );
  const missing: string[] = [];
  for (const { item } of items) {
    const issue = issues.find((candidate) => candidate.key === keyOf.get(item.id));
    for (const dependency of item.dependsOn) {
      const blocker = keyOf.get(dependency) ?? dependency;
      const linked = issue?.links.some(
        (link) => link.direction === 'is blocked by' && link.key === blocker,
      );
      if (!linked) missing.push(`${blocker} blocks ${item.id}`);
    }
  }
  assert.deepEqual(missing, [], 'every dependency is linked');
}

async function assertSucceeded(
  x: ExportWorld,
  run: Awaited<ReturnType<ExportWorld['exportPlan']>>,
): Promise<void> {
  const items = await x.exports.items(x.user.user.id, run.id);
  const notDone = items.filter((item) => item.state !== 'created');
  const errors = run.summary?.problems.filter((problem) => problem.severity === 'error');
  assert.equal(
    run.state,
    'succeeded',
    JSON.stringify({ run: run.error, notDone, errors }, null, 1),
  );
}

async function faults(x: ExportWorld, settings: unknown): Promise<void> {
  await x.world.control('/faults', settings, 'PUT');
}

describe('exports under faults', () => {
  test(
    'a create committed before the connection dropped is found, not sent again (facts §5: no idempotency)',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = await loadPlan(WEB_LAUNCH);
          await faults(x, {
            jira: { searchConsistencyDelayMs: 800 },
            rules: [
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issue/bulk',
                nth: 1,
                times: 1,
                fault: { dropAfterCommit: true },
              },
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issue/bulk',
                nth: 2,
                times: 1,
                fault: { reset: true },
              },
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issueLink',
                nth: 2,
                times: 1,
                fault: { dropAfterCommit: true },
              },
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issueLink',
                nth: 4,
                times: 1,
                fault: { reset: true },
              },
            ],
          });

          const run = await x.exportPlan(plan, 'WEB');

          await assertSucceeded(x, run);
          await assertExactlyOnce(x, plan);
        }),
      ),
  );

  test(
    '429 of every documented reason and 503 with Retry-After are waited out (facts §5)',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = await loadPlan(WEB_LAUNCH);
          await faults(x, {
            rules: [
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issue/bulk',
                nth: 1,
                times: 1,
                fault: { rateLimit: 'jira-burst-based', retryAfter: 1 },
              },
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issue/bulk',
                nth: 2,
                times: 1,
                fault: { status: 503, retryAfter: 1 },
              },
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issueLink',
                nth: 1,
                times: 1,
                fault: { rateLimit: 'jira-per-issue-on-write', retryAfter: 1 },
              },
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issueLink',
                nth: 3,
                times: 1,
                fault: { rateLimit: 'jira-quota-global-based', retryAfter: 1 },
              },
              {
                method: 'GET',
                path: '/ex/jira/*/rest/api/3/issue/*/transitions',
                nth: 1,
                times: 1,
                fault: { rateLimit: 'jira-quota-tenant-based', retryAfter: 1 },
              },
            ],
          });
          const pauses: string[] = [];
          const publish = x.hub.publish.bind(x.hub);
          x.hub.publish = (progress) => {
            if (progress.pause) pauses.push(progress.pause.reason);
            publish(progress);
          };

          const run = await x.exportPlan(plan, 'WEB');

          await assertSucceeded(x, run);
          await assertExactlyOnce(x, plan);
          const limited = (await x.requests()).filter((r) => r.status === 429 || r.status === 503);
          assert.equal(limited.length, 5, 'each injected limit was met once and waited out');
          assert.ok(
            pauses.some((reason) => /quota/.test(reason)),
            `quota limits pause the whole site and show as a pause (${pauses.join('; ')})`,
          );
        }),
      ),
  );

  test(
    'random 5xx, resets, drops and 429s with a seed still give exactly one issue per item',
    { timeout: 120_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = await loadPlan(WEB_LAUNCH);
          await faults(x, {
            seed: 7,
            errorRates: { '503': 0.05, '500': 0.03 },
            rateLimitRates: { 'jira-burst-based': 0.03 },
            resetRate: 0.03,
            dropAfterCommitRate: 0.05,
            jira: { searchConsistencyDelayMs: 300 },
          });

          const run = await x.exportPlan(plan, 'WEB');

          await assertSucceeded(x, run);
          await assertExactlyOnce(x, plan);
        }),
      ),
  );

  test(
    'a quota 429 longer than the client waits hands the job back until the reset, shown as a pause (facts §5)',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = await loadPlan(WEB_LAUNCH);
          await faults(x, {
            rules: [
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issue/bulk',
                nth: 1,
                times: 1,
                fault: { rateLimit: 'jira-quota-global-based', retryAfter: 1800 },
              },
            ],
          });
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
          await worker.idle();
          await worker.stop();

          const paused = await x.exports.get(x.user.user.id, started.id);
          assert.equal(paused.state, 'running');
          assert.match(paused.pause?.reason ?? '', /rate limit/);
          const job = await x.queue.get(started.jobId ?? '');
          assert.equal(job?.state, 'queued');
          assert.ok(
            (job?.runAt ?? 0) > Date.now() + 1_700_000,
            'the job waits for the quota reset',
          );

          // The hour passes: the job runs again and the export completes without duplicates.
          await x.ctx.store.db
            .updateTable('jobs')
            .set({ run_at: Date.now() })
            .where('id', '=', job?.id ?? '')
            .execute();
          const resumed = startWorker({
            queue: x.queue,
            handlers: x.exports.jobHandlers(),
            pollMs: 10,
          });
          await resumed.idle();
          await resumed.stop();
          const done = await x.exports.get(x.user.user.id, started.id);
          assert.equal(done.state, 'succeeded');
          assert.equal(done.pause, null);
          await assertExactlyOnce(x, plan);
        }),
      ),
  );
});
