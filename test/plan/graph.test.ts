import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countPlan,
  findCycles,
  findDependencyCycle,
  flattenItems,
  longestDependencyChain,
  topologicalOrder,
} from '../../src/plan/graph.ts';
import type { Plan, PlanItem } from '../../src/plan/model.ts';

function item(id: string, dependsOn: string[] = [], children: PlanItem[] = []): PlanItem {
  return { id, type: 'task', title: id, priority: 'medium', status: 'todo', dependsOn, children };
}
const plan = (items: PlanItem[]): Plan => ({ id: 'p', title: 'P', items });

describe('flattenItems', () => {
  it('lists items in document order with paths, parents and depth', () => {
    const flat = flattenItems(
      plan([item('a', [], [item('a1', [], [item('a1x')]), item('a2')]), item('b')]),
    );
    assert.deepEqual(
      flat.map((entry) => [entry.item.id, entry.path, entry.parentId, entry.depth]),
      [
        ['a', 'items[0]', undefined, 1],
        ['a1', 'items[0].children[0]', 'a', 2],
        ['a1x', 'items[0].children[0].children[0]', 'a1', 3],
        ['a2', 'items[0].children[1]', 'a', 2],
        ['b', 'items[1]', undefined, 1],
      ],
    );
  });
});

describe('findCycles', () => {
  it('returns one cycle per tangled group, starting at its smallest node', () => {
    // 0 -> 1 -> 2 -> 0, 3 -> 4 -> 3, 5 alone, 6 -> 0 (feeds into a cycle without being in one).
    const cycles = findCycles([[1], [2], [0], [4], [3], [], [0]]);
    assert.deepEqual(cycles, [
      [0, 1, 2, 0],
      [3, 4, 3],
    ]);
  });

  it('finds the shortest cycle through the first node of a larger group', () => {
    assert.deepEqual(findCycles([[1, 3], [2], [0], [0]]), [[0, 3, 0]]);
  });

  it('handles a 100,000-node chain without recursion', () => {
    const edges = Array.from({ length: 100_000 }, (_, i) => (i + 1 < 100_000 ? [i + 1] : [0]));
    const [cycle] = findCycles(edges);
    assert.equal(cycle?.length, 100_001);
    assert.equal(cycle?.[0], 0);
    assert.equal(cycle?.at(-1), 0);
  });

  it('answers with ids on a plan', () => {
    assert.deepEqual(findDependencyCycle(plan([item('a', ['b']), item('b', ['a'])])), [
      'a',
      'b',
      'a',
    ]);
    assert.equal(findDependencyCycle(plan([item('a', ['b']), item('b')])), undefined);
  });
});

describe('topologicalOrder', () => {
  it('puts parents before children and dependencies before dependents', () => {
    const order = topologicalOrder(
      plan([item('epic', [], [item('story', ['setup'], [item('sub')])]), item('setup', ['PAY-1'])]),
    );
    assert.deepEqual(
      order.map((entry) => entry.id),
      ['epic', 'setup', 'story', 'sub'],
    );
  });

  it('ignores a dependency between an item and its ancestor rather than deadlocking', () => {
    const order = topologicalOrder(plan([item('parent', ['child'], [item('child')])]));
    assert.deepEqual(
      order.map((entry) => entry.id),
      ['parent', 'child'],
    );
  });

  it('keeps items caught in a cycle, at the end', () => {
    const order = topologicalOrder(plan([item('a', ['b']), item('b', ['a']), item('c')]));
    assert.deepEqual(
      order.map((entry) => entry.id),
      ['c', 'a', 'b'],
    );
  });
});

describe('longestDependencyChain', () => {
  it('lists the longest chain first to last', () => {
    const chain = longestDependencyChain(
      plan([
        item('deploy', ['test', 'docs']),
        item('test', ['build']),
        item('build', ['schema']),
        item('schema'),
        item('docs', ['JIRA-9']),
      ]),
    );
    assert.deepEqual(chain, ['schema', 'build', 'test', 'deploy']);
  });

  it('is empty without internal dependencies or with a cycle', () => {
    assert.deepEqual(longestDependencyChain(plan([item('a', ['PAY-1']), item('b')])), []);
    assert.deepEqual(longestDependencyChain(plan([item('a', ['b']), item('b', ['a'])])), []);
  });
});

describe('countPlan', () => {
  it('counts items, types, statuses, dependencies and depth', () => {
    const counts = countPlan(
      plan([
        { ...item('e', [], [item('t', ['x', 'PAY-1', 'PAY-1'])]), type: 'epic' },
        { ...item('x', ['OPS-2']), status: 'done' },
      ]),
    );
    assert.deepEqual(counts, {
      items: 3,
      byType: { epic: 1, task: 2 },
      byStatus: { todo: 2, done: 1 },
      dependencies: 4,
      internalDependencies: 1,
      externalKeys: ['OPS-2', 'PAY-1'],
      maxDepth: 2,
    });
  });
});
