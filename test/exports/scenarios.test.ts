/**
 * Export scenarios across the default emulator fixture's projects: team-managed types, a scheme
 * without Story, an account without Create Issues, a required field the plan cannot fill, and a
 * changed plan exported again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { flattenItems } from '../../src/plan/graph.ts';
import type { Plan, PlanItem } from '../../src/plan/model.ts';
import { withEngine } from '../helpers/db.ts';
import { loadPlan, PRIYA, withExportWorld } from './harness.ts';

const SAM = '5f1a2b3c4d5e6f7a8b9c0d03';

function item(
  id: string,
  type: PlanItem['type'],
  title: string,
  extra: Partial<PlanItem> = {},
): PlanItem {
  return {
    id,
    type,
    title,
    priority: 'medium',
    status: 'todo',
    dependsOn: [],
    children: [],
    ...extra,
  };
}

function smallPlan(): Plan {
  return {
    id: 'billing-revamp',
    title: 'Billing revamp',
    items: [
      item('invoices', 'epic', 'Invoices v2', {
        children: [
          item('invoice-pdf', 'story', 'Render invoices as PDF', {
            estimate: { points: 5 },
            children: [item('pdf-fonts', 'subtask', 'Embed the brand fonts')],
          }),
          item('invoice-email', 'story', 'Email invoices on the first of the month', {
            dependsOn: ['invoice-pdf'],
          }),
          item('tax-bug', 'bug', 'VAT rounding is off by one cent on EU invoices'),
        ],
      }),
    ],
  };
}

describe('export scenarios', () => {
  test(
    'a team-managed project gets every plan type, with its own Subtask type (facts §2.4, §2.7)',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = await loadPlan('examples/plans/mobile-app.yaml');
          const types = new Set(flattenItems(plan).map((entry) => entry.item.type));
          for (const type of ['feature', 'story', 'bug', 'spike', 'milestone'] as const) {
            assert.ok(types.has(type), `mobile-app.yaml holds a ${type}`);
          }

          const run = await x.exportPlan(plan, 'MOB');

          assert.equal(
            run.state,
            'succeeded',
            JSON.stringify(run.summary?.problems.filter((p) => p.severity === 'error')),
          );
          const issues = (await x.siteIssues()).filter((issue) => issue.properties['projan.item']);
          assert.equal(issues.length, flattenItems(plan).length);
          assert.ok(issues.every((issue) => issue.project === 'MOB'));
          const byItem = new Map(
            issues.map((issue) => [issue.properties['projan.item']?.itemId, issue]),
          );
          for (const { item: planned } of flattenItems(plan)) {
            const issue = byItem.get(planned.id);
            assert.ok(issue);
            if (planned.type === 'feature') assert.equal(issue.type, 'Epic');
            if (planned.type === 'spike') assert.ok(issue.labels.includes('spike'));
            if (planned.type === 'milestone') assert.ok(issue.labels.includes('milestone'));
            if (planned.type === 'subtask') assert.equal(issue.type, 'Subtask');
          }
        }),
      ),
  );

  test(
    'a project whose scheme has no Story gets "Missing issue types" and no issue is created',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = smallPlan();
          const report = await x.exports.preflight({
            userId: x.user.user.id,
            workspaceId: x.user.workspace.id,
            plan,
            projectKey: 'DATA',
          });
          const missing = report.problems.find((problem) => problem.code === 'missing_issue_types');
          assert.ok(missing, JSON.stringify(report.problems));
          assert.deepEqual(missing.itemIds, ['invoice-pdf', 'invoice-email']);
          assert.match(
            missing.message,
            /Ensure the target project uses a standard issue type scheme/,
          );
          assert.equal(report.exportable, false);

          const run = await x.exportPlan(plan, 'DATA');
          assert.equal(run.state, 'failed');
          assert.equal(run.error?.code, 'missing_issue_types');
          assert.equal(
            (await x.siteIssues()).filter((issue) => issue.properties['projan.item']).length,
            0,
          );
        }),
      ),
  );

  test(
    'an account without Create Issues gets "Permission denied" naming the permission and the account',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, SAM, async (x) => {
          const report = await x.exports.preflight({
            userId: x.user.user.id,
            workspaceId: x.user.workspace.id,
            plan: smallPlan(),
            projectKey: 'FIN',
          });
          const denied = report.problems.find(
            (problem) => problem.code === 'permission_denied' && problem.severity === 'error',
          );
          assert.ok(denied, JSON.stringify(report.problems));
          assert.match(
            denied.message,
            /^Permission denied: the connected Jira account Sam Member \(5f1a2b3c4d5e6f7a8b9c0d03\) lacks the “Create Issues” permission in project FIN\./,
          );
          assert.match(
            denied.message,
            /must have “Create Issues” permission in the target project/,
          );
          assert.equal(report.exportable, false);
          const writes = (await x.requests()).filter(
            (r) => r.method === 'POST' && r.path.endsWith('/issue/bulk'),
          );
          assert.deepEqual(writes, []);
        }),
      ),
  );

  test(
    'a required field the plan cannot fill blocks those items, and only those',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = smallPlan();
          const report = await x.exports.preflight({
            userId: x.user.user.id,
            workspaceId: x.user.workspace.id,
            plan,
            projectKey: 'OPS',
          });
          const required = report.problems.find((problem) => problem.code === 'required_field');
          assert.ok(required, JSON.stringify(report.problems));
          assert.deepEqual(required.itemIds, ['invoice-pdf', 'invoice-email']);

          const run = await x.exportPlan(plan, 'OPS');
          assert.equal(run.state, 'partial');
          const items = await x.exports.items(x.user.user.id, run.id);
          const states = Object.fromEntries(items.map((entry) => [entry.itemId, entry.state]));
          assert.deepEqual(states, {
            invoices: 'created',
            'invoice-pdf': 'blocked',
            'pdf-fonts': 'blocked',
            'invoice-email': 'blocked',
            'tax-bug': 'created',
          });
        }),
      ),
  );

  test(
    'a changed plan updates changed issues, creates new items, links new dependencies and reports removed ones',
    { timeout: 60_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          const plan = smallPlan();
          const first = await x.exportPlan(plan, 'WEB');
          assert.equal(first.state, 'succeeded');

          const changed = structuredClone(plan);
          const epic = changed.items[0];
          assert.ok(epic);
          const pdf = epic.children[0];
          assert.ok(pdf);
          pdf.title = 'Render invoices as tagged, accessible PDF';
          pdf.labels = ['a11y'];
          epic.children = epic.children.filter((child) => child.id !== 'tax-bug');
          epic.children.push(
            item('invoice-archive', 'story', 'Archive sent invoices for ten years', {
              dependsOn: ['invoice-email'],
            }),
          );
          const logged = (await x.requests()).length;

          const second = await x.exportPlan(changed, 'WEB');

          assert.equal(second.state, 'succeeded', JSON.stringify(second.summary?.problems));
          assert.equal(second.summary?.updated, 1);
          assert.equal(second.summary?.created, 1);
          assert.equal(second.summary?.links, 1);
          assert.equal(second.summary?.unchanged, 3);
          const removed = second.summary?.problems.find(
            (problem) => problem.code === 'removed_from_plan',
          );
          assert.deepEqual(removed?.itemIds, ['tax-bug']);
          const puts = (await x.requests()).slice(logged).filter((r) => r.method === 'PUT');
          assert.equal(puts.length, 1, 'one PUT for the one changed issue');
          const issues = await x.siteIssues();
          const pdfIssue = issues.find(
            (issue) => issue.properties['projan.item']?.itemId === 'invoice-pdf',
          );
          assert.equal(pdfIssue?.summary, 'Render invoices as tagged, accessible PDF');
          assert.deepEqual(pdfIssue?.labels, ['a11y']);
          assert.ok(
            issues.some((issue) => issue.properties['projan.item']?.itemId === 'tax-bug'),
            'never deleted in Jira',
          );
        }),
      ),
  );
});
