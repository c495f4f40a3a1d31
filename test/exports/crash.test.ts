/**
 * A worker process killed in the middle of an export (SIGKILL, as in a crash or an OOM kill):
 * its job lease runs out, another worker takes the job and resumes from the ledger, and Jira
 * ends with exactly one issue per item and every link.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe } from 'node:test';
import { flattenItems } from '../../src/plan/graph.ts';
import { forEachEngine } from '../helpers/db.ts';
import { loadPlan, PRIYA, runJobToEnd, withExportWorld } from './harness.ts';

const CHILD = new URL('./fixtures/worker-child.ts', import.meta.url).pathname;

describe('crash recovery', () => {
  forEachEngine(
    'an export whose worker was killed mid-run resumes elsewhere without duplicates',
    async (ctx) => {
      await withExportWorld(ctx, PRIYA, async (x) => {
        const plan = await loadPlan('examples/plans/data-migration.yaml');
        const items = flattenItems(plan);
        // The third bulk create never answers: the worker is stuck with a create in flight (its
        // items marked "sending") when it is killed, as in a crash mid-request.
        await x.world.control(
          '/faults',
          {
            latencyMs: 20,
            rules: [
              {
                method: 'POST',
                path: '/ex/jira/*/rest/api/3/issue/bulk',
                nth: 3,
                times: 1,
                fault: { timeout: true },
              },
            ],
          },
          'PUT',
        );
        const started = await x.exports.start({
          userId: x.user.user.id,
          workspaceId: x.user.workspace.id,
          plan,
          projectKey: 'WEB',
        });

        const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
          env: {
            ...process.env,
            PROJAN_CHILD_INPUT: JSON.stringify({
              storeOptions: x.ctx.storeOptions,
              emulator: { url: x.world.emulator.url, fixture: x.world.emulator.fixture },
              secretKey: x.world.secretKey,
              leaseMs: 1_500,
            }),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const exited = once(child, 'exit');
        const deadline = Date.now() + 30_000;
        let created = 0;
        while (created < 10) {
          assert.ok(Date.now() < deadline, 'the child worker creates issues');
          await new Promise((resolve) => setTimeout(resolve, 100));
          created = (await x.siteIssues()).filter(
            (issue) => issue.properties['projan.item'],
          ).length;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
        child.kill('SIGKILL');
        await exited;
        const partway = (await x.siteIssues()).filter(
          (issue) => issue.properties['projan.item'],
        ).length;
        assert.ok(partway < items.length, `killed part-way (${partway} of ${items.length})`);

        await x.world.control('/faults', {}, 'PUT');
        await runJobToEnd({
          queue: x.queue,
          handlers: x.exports.jobHandlers(),
          jobId: started.jobId ?? '',
          leaseMs: 5_000,
        });

        const run = await x.exports.get(x.user.user.id, started.id);
        assert.equal(
          run.state,
          'succeeded',
          JSON.stringify(run.summary?.problems.filter((p) => p.severity === 'error')),
        );
        const issues = (await x.siteIssues()).filter((issue) => issue.properties['projan.item']);
        const perItem = new Map<string, number>();
        for (const issue of issues) {
          const id = issue.properties['projan.item']?.itemId ?? '';
          perItem.set(id, (perItem.get(id) ?? 0) + 1);
        }
        assert.deepEqual(
          [...perItem].filter(([, count]) => count > 1),
          [],
          'no duplicates',
        );
        assert.equal(issues.length, items.length);
        const links = issues.reduce(
          (sum, issue) =>
            sum + issue.links.filter((link) => link.direction === 'is blocked by').length,
          0,
        );
        const dependencies = items.reduce((sum, entry) => sum + entry.item.dependsOn.length, 0);
        assert.equal(links, dependencies, 'every dependency linked exactly once');
      });
    },
    { timeout: 120_000 },
  );
});
