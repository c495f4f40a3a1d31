/**
 * The README's main job: `npm run demo -- --json` on the embedded default. It must create one
 * issue per plan item and one link per dependency, and the second export must change nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { flattenItems } from '../../src/plan/graph.ts';
import { loadPlanFile } from '../../src/plan/load.ts';

const run = promisify(execFile);

test('npm run demo -- --json exports the plan once and then changes nothing', {
  timeout: 120_000,
}, async () => {
  const loaded = await loadPlanFile('examples/plans/web-launch.yaml');
  assert.ok(loaded.plan);
  const items = flattenItems(loaded.plan);
  const dependencies = items.reduce((sum, entry) => sum + entry.item.dependsOn.length, 0);

  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'src/demo/main.ts', '--json'],
    {
      timeout: 110_000,
    },
  );
  const result = JSON.parse(stdout.trim()) as {
    site: string;
    project: string;
    first: Record<string, number>;
    second: Record<string, number>;
  };

  assert.equal(result.site, 'acme-software');
  assert.equal(result.project, 'WEB');
  assert.equal(result.first.created, items.length);
  assert.equal(result.first.links, dependencies);
  assert.equal(result.first.failed, 0);
  assert.ok((result.first.requests ?? 0) > 0 && (result.first.points ?? 0) > 0);
  assert.equal(result.second.created, 0);
  assert.equal(result.second.updated, 0);
  assert.equal(result.second.unchanged, items.length);
  assert.equal(result.second.links, 0);
});
