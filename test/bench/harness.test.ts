// The bench harness runs end to end on a tiny plan and writes valid results; no timing is
// asserted (numbers depend on the machine). The bound arithmetic is checked on a plan small
// enough to count by hand.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { lowerBound } from '../../bench/bounds.ts';
import type { BenchResults } from '../../bench/report.ts';
import { validatePlanDocument } from '../../src/plan/validate.ts';

const run = promisify(execFile);

test('npm run bench on a 20-item plan writes results whose counts match the plan', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'projan-bench-test-'));
  const out = path.join(dir, 'results.json');
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/run.ts',
        '--sizes',
        '20',
        '--naive-sizes',
        '20',
        '--projects',
        'WEBX',
        '--latency-ms',
        '1',
        '--no-http',
        '--no-validate',
        '--out',
        out,
      ],
      { cwd: path.join(import.meta.dirname, '../..') },
    );
    const results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;

    assert.equal(results.exports.length, 1);
    const [row] = results.exports;
    assert.ok(row);
    assert.equal(row.project, 'WEBX');
    assert.equal(row.measured.created, 20);
    assert.equal(row.measured.links, row.dependencies);
    assert.equal(
      row.measured.byOperation['POST /rest/api/3/issueLink']?.requests,
      row.dependencies,
    );
    assert.ok(row.measured.points >= row.bound.points, 'no export beats its lower bound');
    assert.ok(row.measured.requests >= row.bound.requests, 'no export beats its lower bound');
    assert.deepEqual(
      results.naive.map((naive) => [naive.items, naive.extrapolatedFrom]),
      [[20, undefined]],
    );
    assert.ok((results.naive[0]?.requests ?? 0) >= 20 + row.dependencies);
    assert.match(stdout, /### Projan against the lower bound/);
    assert.match(stdout, /\| 20 \| WEBX \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the lower bound counts reads, one create per level, and links that cannot ride', () => {
  const { plan } = validatePlanDocument({
    id: 'tiny',
    title: 'Tiny',
    items: [
      {
        id: 'e1',
        type: 'epic',
        title: 'Epic',
        children: [
          {
            id: 's1',
            type: 'story',
            title: 'First',
            children: [{ id: 't1', type: 'subtask', title: 'Part', dependsOn: ['s2'] }],
          },
          { id: 's2', type: 'story', title: 'Second', dependsOn: ['s1'], status: 'done' },
        ],
      },
    ],
  });
  assert.ok(plan);
  const target = (linksOnCreateScreen: (type: string) => boolean) => ({
    linksOnCreateScreen,
    stepsToDone: 3,
    readPoints: (operation: string) => (operation.includes('createmeta') ? 10 : 1),
  });

  const riding = lowerBound(
    plan,
    target((type) => type !== 'subtask'),
    50,
  );
  // s1 -> s2 rides in s2's create; s2 -> t1 rides in s2's create once t1 exists (t1 is not
  // below s2), which a level-by-level order cannot do.
  assert.equal(riding.parts.ridingLinks, 2);
  assert.equal(riding.parts.ridingLinksLevelOrder, 1);
  assert.equal(riding.parts.linkRequests, 0);
  assert.equal(riding.parts.createRequests, 3);
  assert.equal(riding.parts.transitionRequests, 3);
  // myself, project, permissions, issue types, 3 create screens, link types, 3 transition reads.
  assert.equal(riding.parts.reads, 11);
  assert.equal(riding.points, 8 + 3 * 10 + 3 + 3);
  // Two rounds of reads, then s2's create (second level) and two round trips per step.
  assert.equal(riding.parts.roundTrips, 2 + 2 + 6);
  assert.equal(riding.seconds, 0.5);

  const none = lowerBound(
    plan,
    target(() => false),
    50,
  );
  assert.equal(none.parts.linkRequests, 2);
  assert.equal(none.requests, riding.requests + 2);
});
