/**
 * Plans written by other people (Task Master, spec-kit, Markdown; read in place from
 * shared/real-plans, never copied): each imports and exports to the emulator with one Jira issue
 * per item and one link per dependency, and exporting it again changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { flattenItems } from '../../src/plan/graph.ts';
import { loadPlanFile } from '../../src/plan/load.ts';
import { withEngine } from '../helpers/db.ts';
import { realFiles } from '../plan/import/helpers.ts';
import { PRIYA, withExportWorld } from './harness.ts';

const files = ['taskmaster', 'speckit', 'markdown'].flatMap((folder) => realFiles(folder));

describe('real plans exported to Jira', () => {
  test(
    `all ${files.length} real plan files export exactly once and re-export as no-ops`,
    { timeout: 240_000 },
    () =>
      withEngine('sqlite', (ctx) =>
        withExportWorld(ctx, PRIYA, async (x) => {
          assert.ok(files.length >= 10, 'the real plans are found');
          for (const file of files) {
            const loaded = await loadPlanFile(file.path);
            assert.ok(
              loaded.plan,
              `${file.name} imports: ${JSON.stringify(loaded.diagnostics.filter((d) => d.severity === 'error'))}`,
            );
            const plan = loaded.plan;
            const items = flattenItems(plan);
            const dependencies = items.reduce((sum, entry) => sum + entry.item.dependsOn.length, 0);

            const first = await x.exportPlan(plan, 'WEB');
            assert.equal(
              first.state,
              'succeeded',
              `${file.name}: ${JSON.stringify(first.summary?.problems.filter((p) => p.severity === 'error'))}`,
            );
            const issues = (await x.siteIssues()).filter(
              (issue) => issue.properties['projan.item']?.planId === plan.id,
            );
            assert.equal(issues.length, items.length, `${file.name}: one issue per item`);
            const ids = new Set(issues.map((issue) => issue.properties['projan.item']?.itemId));
            assert.equal(ids.size, items.length, `${file.name}: no item has two issues`);
            const links = issues.reduce(
              (sum, issue) =>
                sum + issue.links.filter((link) => link.direction === 'is blocked by').length,
              0,
            );
            assert.equal(links, dependencies, `${file.name}: one link per dependency`);

            const second = await x.exportPlan(plan, 'WEB');
            assert.equal(second.summary?.created, 0, `${file.name}: nothing created again`);
            assert.equal(second.summary?.updated, 0, `${file.name}: nothing rewritten`);
            assert.equal(second.summary?.links, 0, `${file.name}: no link added`);
          }
        }),
      ),
  );
});
