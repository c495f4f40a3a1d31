import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { flattenItems } from '../../src/plan/graph.ts';
import type { Plan } from '../../src/plan/model.ts';
import { forEachEngine } from '../helpers/db.ts';
import { loadPlan, PRIYA, withExportWorld } from './harness.ts';

const WEB_LAUNCH = 'examples/plans/web-launch.yaml';

function dependencyCount(plan: Plan): number {
  return flattenItems(plan).reduce((sum, entry) => sum + entry.item.dependsOn.length, 0);
}

describe('export to Jira', () => {
  forEachEngine(
    'exports a plan with its hierarchy and links, and a re-export writes nothing',
    async (ctx) => {
      await withExportWorld(ctx, PRIYA, async (x) => {
        const plan = await loadPlan(WEB_LAUNCH);
        const items = flattenItems(plan);

        const report = await x.exports.preflight({
          userId: x.user.user.id,
          workspaceId: x.user.workspace.id,
          plan,
          projectKey: 'WEB',
        });
        assert.equal(report.exportable, true, JSON.stringify(report.problems, null, 1));
        assert.equal(report.counts.create, items.length);
        assert.equal(report.counts.links, dependencyCount(plan));
        const writesBefore = (await x.requests()).filter(
          (r) =>
            r.method !== 'GET' && r.path.includes('/rest/api/3/') && !r.path.endsWith('/bulkfetch'),
        );
        assert.deepEqual(writesBefore, [], 'preflight writes nothing to Jira');

        const first = await x.exportPlan(plan, 'WEB');
        assert.equal(first.state, 'succeeded', JSON.stringify(first, null, 1));
        assert.equal(first.summary?.created, items.length);
        assert.equal(first.summary?.links, dependencyCount(plan));

        const issues = (await x.siteIssues()).filter((issue) => issue.properties['projan.item']);
        assert.equal(issues.length, items.length, 'one Jira issue per plan item');
        const byItem = new Map(
          issues.map((issue) => [issue.properties['projan.item']?.itemId, issue]),
        );
        for (const { item, parentId } of items) {
          const issue = byItem.get(item.id);
          assert.ok(issue, `item ${item.id} has an issue`);
          assert.equal(issue.summary, item.title);
          const planned = report.items.find((entry) => entry.itemId === item.id);
          const jiraParent = planned?.fields.parentItemId;
          assert.equal(
            issue.parent,
            jiraParent ? byItem.get(jiraParent)?.key : null,
            `parent of ${item.id}`,
          );
          if (parentId && jiraParent !== parentId) {
            assert.ok(
              report.problems.some((p) => p.code === 'reattached' && p.itemIds.includes(item.id)),
              `moving ${item.id} away from its plan parent is a preflight warning`,
            );
          }
          for (const dependency of item.dependsOn) {
            const blockerKey = byItem.get(dependency)?.key ?? dependency;
            assert.ok(
              issue.links.some(
                (link) =>
                  link.type === 'Blocks' &&
                  link.direction === 'is blocked by' &&
                  link.key === blockerKey,
              ),
              `${item.id} is blocked by ${dependency}`,
            );
          }
        }

        const linkPosts = (await x.requests()).filter(
          (r) => r.method === 'POST' && r.path.endsWith('/rest/api/3/issueLink'),
        );
        assert.ok(
          linkPosts.length < dependencyCount(plan) / 2,
          `WEB's create screen has Linked Issues, so most links ride in creates (${linkPosts.length} separate link requests)`,
        );

        const logged = (await x.requests()).length;
        const second = await x.exportPlan(plan, 'WEB');
        assert.equal(second.state, 'succeeded');
        assert.equal(second.summary?.created, 0);
        assert.equal(second.summary?.updated, 0);
        assert.equal(second.summary?.unchanged, items.length);
        const writes = (await x.requests())
          .slice(logged)
          .filter(
            (r) =>
              r.method !== 'GET' &&
              !r.path.endsWith('/bulkfetch') &&
              !r.path.endsWith('/search/jql'),
          );
        assert.deepEqual(writes, [], 'a re-export of an unchanged plan sends no write');
        assert.equal(
          (await x.siteIssues()).filter((issue) => issue.properties['projan.item']).length,
          items.length,
        );
      });
    },
    { timeout: 60_000 },
  );
});
