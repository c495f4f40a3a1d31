/**
 * Assignee choices against the project's assignable users: a chosen account Jira would refuse is
 * dropped in preflight with a warning naming the choice and its items, so the export creates
 * every item instead of failing some.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PreflightReport } from '../../src/exports/index.ts';
import { withEngine } from '../helpers/db.ts';
import { type ExportWorld, loadPlan, PRIYA, withExportWorld } from './harness.ts';

const WEB_LAUNCH = 'examples/plans/web-launch.yaml';
const BOB = '5f1a2b3c4d5e6f7a8b9c0d06';
/** The web-launch items whose plan assignee (alice@example.com) has no Jira account. */
const ALICE_ITEMS = ['checkout-address-form', 'accounts-signup'];

async function preflightWith(
  x: ExportWorld,
  assignees: Record<string, string | null>,
): Promise<PreflightReport> {
  return x.exports.preflight({
    userId: x.user.user.id,
    workspaceId: x.user.workspace.id,
    plan: await loadPlan(WEB_LAUNCH),
    projectKey: 'WEB',
    options: { assignees },
  });
}

function assigneeOf(report: PreflightReport, itemId: string): string | null | undefined {
  return report.items.find((item) => item.itemId === itemId)?.fields.assigneeAccountId;
}

function problemsCoded(report: PreflightReport, code: string) {
  return report.problems.filter((problem) => problem.code === code);
}

/** Assignable-user searches the emulator has served so far. */
async function userSearches(x: ExportWorld): Promise<number> {
  return (await x.requests()).filter((entry) => entry.path.endsWith('/user/assignable/search'))
    .length;
}

describe('assignee choices', () => {
  test('a plan-assignee choice Jira cannot assign is dropped with a warning; the export creates every item', () =>
    withEngine('sqlite', (ctx) =>
      withExportWorld(ctx, PRIYA, async (x) => {
        const plan = await loadPlan(WEB_LAUNCH);
        const report = await preflightWith(x, { 'alice@example.com': 'not-an-account' });

        assert.equal(report.exportable, true);
        const invalid = problemsCoded(report, 'assignee_choice_invalid');
        assert.equal(invalid.length, 1, JSON.stringify(report.problems));
        assert.equal(invalid[0]?.severity, 'warning');
        assert.deepEqual(invalid[0]?.itemIds, ALICE_ITEMS);
        assert.match(invalid[0]?.message ?? '', /not-an-account/);
        assert.match(invalid[0]?.message ?? '', /plan assignee "alice@example\.com"/);
        // The choice is gone, so the plan's own name is looked up again and not found.
        const notFound = problemsCoded(report, 'assignee_not_found');
        assert.deepEqual(
          notFound.map((problem) => problem.itemIds),
          [ALICE_ITEMS],
        );
        for (const itemId of ALICE_ITEMS) assert.equal(assigneeOf(report, itemId), null);
        assert.equal(assigneeOf(report, 'checkout-payment'), BOB);

        const run = await x.exportPlan(plan, 'WEB', {
          assignees: { 'alice@example.com': 'not-an-account' },
        });
        assert.equal(run.state, 'succeeded', JSON.stringify(run.error ?? run.summary?.problems));
        assert.equal(run.summary?.failed, 0);
        assert.equal(run.summary?.blocked, 0);
        const items = await x.exports.items(x.user.user.id, run.id);
        assert.deepEqual(
          items.filter((item) => item.state !== 'created').map((item) => item.itemId),
          [],
        );
      }),
    ));

  test('an item choice Jira cannot assign falls back to the plan assignee; valid choices stay; each account is checked once', () =>
    withEngine('sqlite', (ctx) =>
      withExportWorld(ctx, PRIYA, async (x) => {
        // Same name lookups as below, and one account check (BOB).
        const start = await userSearches(x);
        await preflightWith(x, { 'alice@example.com': BOB, 'item:accounts-signup': null });
        const middle = await userSearches(x);
        const report = await preflightWith(x, {
          'alice@example.com': BOB,
          'item:checkout-payment': 'gone-account',
          'item:checkout-psp-integration': 'gone-account',
          'item:accounts-signup': null,
        });

        assert.equal(report.exportable, true);
        const invalid = problemsCoded(report, 'assignee_choice_invalid');
        assert.deepEqual(
          invalid.map((problem) => problem.itemIds),
          [['checkout-payment'], ['checkout-psp-integration']],
        );
        assert.match(invalid[0]?.message ?? '', /gone-account chosen for item "checkout-payment"/);
        // Dropped item choices fall back to the plan assignee, whom Jira knows.
        assert.equal(assigneeOf(report, 'checkout-payment'), BOB);
        assert.equal(assigneeOf(report, 'checkout-psp-integration'), BOB);
        // Valid choices are kept: Bob takes alice's first item, the second stays unassigned.
        assert.equal(assigneeOf(report, 'checkout-address-form'), BOB);
        assert.equal(assigneeOf(report, 'accounts-signup'), null);
        assert.deepEqual(problemsCoded(report, 'assignee_not_found'), []);
        assert.equal(
          (await userSearches(x)) - middle,
          middle - start + 1,
          'gone-account, chosen for two items, costs one search more than the baseline',
        );
      }),
    ));
});
