import { MinQueue } from './min-queue.ts';
import {
  type ItemStatus,
  type ItemType,
  JIRA_KEY_PATTERN,
  type Plan,
  type PlanItem,
} from './model.ts';
import { formatPath } from './positions.ts';

/** An item of a plan with where it sits in the tree. */
export interface FlatItem {
  item: PlanItem;
  /** Path in the document, e.g. `items[2].children[0]`. */
  path: string;
  /** The id of the item it is nested under; undefined at the top level. */
  parentId: string | undefined;
  /** 1 for top-level items. */
  depth: number;
}

/** Every item of a plan in document order (each parent directly before its children). */
export function flattenItems(plan: Plan): FlatItem[] {
  const flat: FlatItem[] = [];
  const pending: Array<{
    item: PlanItem;
    path: (string | number)[];
    parentId?: string;
    depth: number;
  }> = plan.items.map((item, i) => ({ item, path: ['items', i], depth: 1 })).reverse();
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined) break;
    flat.push({
      item: next.item,
      path: formatPath(next.path),
      parentId: next.parentId,
      depth: next.depth,
    });
    for (let i = next.item.children.length - 1; i >= 0; i--) {
      const child = next.item.children[i];
      if (child) {
        pending.push({
          item: child,
          path: [...next.path, 'children', i],
          parentId: next.item.id,
          depth: next.depth + 1,
        });
      }
    }
  }
  return flat;
}

/**
 * Finds dependency cycles in a graph given as adjacency lists over node indexes (Tarjan's
 * strongly connected components, iteratively). Returns one cycle per tangled group, as node
 * indexes with the first repeated at the end (`[a, b, a]`), shortest cycle through its first
 * node. Self-loops are not reported: validation names those separately.
 */
export function findCycles(edges: readonly (readonly number[])[]): number[][] {
  const count = edges.length;
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue;
    const work: Array<[node: number, edge: number]> = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [node, edge] = frame;
      const next = edges[node]?.[edge];
      if (next !== undefined) {
        frame[1]++;
        if (order[next] === -1) {
          order[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = 1;
          work.push([next, 0]);
        } else if (onStack[next]) {
          low[node] = Math.min(low[node] ?? 0, order[next] ?? 0);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] ?? 0, low[node] ?? 0);
      if (low[node] !== order[node]) continue;
      const group: number[] = [];
      let member: number | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack[member] = 0;
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(cycleWithin(edges, new Set(group)));
    }
  }
  return cycles.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Shortest cycle through the smallest index of a strongly connected group (breadth first). */
function cycleWithin(edges: readonly (readonly number[])[], group: Set<number>): number[] {
  let start = Number.POSITIVE_INFINITY;
  for (const member of group) start = Math.min(start, member);
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const next of edges[node] ?? []) {
      if (!group.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (
          let at: number | undefined = node;
          at !== undefined && at !== start;
          at = previous.get(at)
        ) {
          path.push(at);
        }
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Internal dependency edges of a plan: for each flat item, the indexes of the items it waits for. */
function dependencyEdges(flat: readonly FlatItem[]): number[][] {
  const indexById = new Map(flat.map((entry, i) => [entry.item.id, i]));
  return flat.map((entry) =>
    entry.item.dependsOn.flatMap((id) => {
      const target = indexById.get(id);
      return target === undefined || target === indexById.get(entry.item.id) ? [] : [target];
    }),
  );
}

/** The first dependency cycle of a plan as ids (`['a', 'b', 'a']`), or undefined when none. */
export function findDependencyCycle(plan: Plan): string[] | undefined {
  const flat = flattenItems(plan);
  const cycle = findCycles(dependencyEdges(flat))[0];
  return cycle?.map((index) => flat[index]?.item.id ?? '');
}

/**
 * Items in an order where each parent comes before its children and each item after the items
 * it depends on (Kahn's algorithm, ties kept in document order). A dependency between an item
 * and its own ancestor is ignored for ordering, since nesting already orders the two. Items
 * caught in a cycle are appended at the end in document order rather than dropped.
 */
export function topologicalOrder(plan: Plan): PlanItem[] {
  const flat = flattenItems(plan);
  const indexById = new Map(flat.map((entry, i) => [entry.item.id, i]));
  const subtreeEnd = flat.map((_, i) => i);
  for (let i = flat.length - 1; i >= 0; i--) {
    const parent = indexById.get(flat[i]?.parentId ?? '');
    if (parent !== undefined)
      subtreeEnd[parent] = Math.max(subtreeEnd[parent] ?? 0, subtreeEnd[i] ?? 0);
  }
  const related = (a: number, b: number) =>
    (b > a && b <= (subtreeEnd[a] ?? a)) || (a > b && a <= (subtreeEnd[b] ?? b));

  const next: number[][] = flat.map(() => []);
  const waiting = new Int32Array(flat.length);
  dependencyEdges(flat).forEach((targets, from) => {
    for (const target of targets) {
      if (related(from, target)) continue;
      next[target]?.push(from);
      waiting[from] = (waiting[from] ?? 0) + 1;
    }
  });
  flat.forEach((entry, i) => {
    const parent = indexById.get(entry.parentId ?? '');
    if (parent === undefined) return;
    next[parent]?.push(i);
    waiting[i] = (waiting[i] ?? 0) + 1;
  });

  const ready = new MinQueue();
  waiting.forEach((count, i) => {
    if (count === 0) ready.push(i);
  });
  const placed = new Uint8Array(flat.length);
  const order: PlanItem[] = [];
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
    placed[node] = 1;
    order.push((flat[node] as FlatItem).item);
    for (const after of next[node] ?? []) {
      waiting[after] = (waiting[after] ?? 0) - 1;
      if (waiting[after] === 0) ready.push(after);
    }
  }
  flat.forEach((entry, i) => {
    if (!placed[i]) order.push(entry.item);
  });
  return order;
}

/**
 * The longest chain of items that must happen one after another through `dependsOn`, first to
 * last (`['schema', 'backfill', 'cutover']`). Only dependencies between items of the plan count;
 * empty when there are no such dependencies or they form a cycle.
 */
export function longestDependencyChain(plan: Plan): string[] {
  const flat = flattenItems(plan);
  const edges = dependencyEdges(flat);
  if (findCycles(edges).length > 0) return [];

  const length = new Int32Array(flat.length).fill(-1);
  const via = new Int32Array(flat.length).fill(-1);
  const resolve = (root: number) => {
    const stack: Array<[number, boolean]> = [[root, false]];
    while (stack.length > 0) {
      const [node, expanded] = stack.pop() as [number, boolean];
      if (length[node] !== -1) continue;
      const targets = edges[node] ?? [];
      if (!expanded) {
        stack.push([node, true]);
        for (const target of targets) if (length[target] === -1) stack.push([target, false]);
        continue;
      }
      let best = 1;
      for (const target of targets) {
        if ((length[target] ?? 0) + 1 > best) {
          best = (length[target] ?? 0) + 1;
          via[node] = target;
        }
      }
      length[node] = best;
    }
  };

  let end = -1;
  for (let i = 0; i < flat.length; i++) {
    resolve(i);
    if (end === -1 || (length[i] ?? 0) > (length[end] ?? 0)) end = i;
  }
  if (end === -1 || (length[end] ?? 0) < 2) return [];
  const chain: string[] = [];
  for (let at = end; at !== -1; at = via[at] ?? -1) chain.push(flat[at]?.item.id ?? '');
  return chain.reverse();
}

/** Figures about a plan, as `projan plan show` prints them. */
export interface PlanCounts {
  items: number;
  byType: Partial<Record<ItemType, number>>;
  byStatus: Partial<Record<ItemStatus, number>>;
  /** Every `dependsOn` entry: between items plus on existing Jira issues. */
  dependencies: number;
  /** `dependsOn` entries that name another item of the plan. */
  internalDependencies: number;
  /** Distinct Jira issue keys named in `dependsOn`, sorted. */
  externalKeys: string[];
  /** Deepest nesting level; 1 when all items are top-level, 0 for an empty plan. */
  maxDepth: number;
}

/** Counts the items, dependencies and nesting of a plan. */
export function countPlan(plan: Plan): PlanCounts {
  const flat = flattenItems(plan);
  const ids = new Set(flat.map((entry) => entry.item.id));
  const counts: PlanCounts = {
    items: flat.length,
    byType: {},
    byStatus: {},
    dependencies: 0,
    internalDependencies: 0,
    externalKeys: [],
    maxDepth: 0,
  };
  const external = new Set<string>();
  for (const { item, depth } of flat) {
    counts.byType[item.type] = (counts.byType[item.type] ?? 0) + 1;
    counts.byStatus[item.status] = (counts.byStatus[item.status] ?? 0) + 1;
    counts.maxDepth = Math.max(counts.maxDepth, depth);
    counts.dependencies += item.dependsOn.length;
    for (const target of item.dependsOn) {
      if (ids.has(target)) counts.internalDependencies++;
      else if (JIRA_KEY_PATTERN.test(target)) external.add(target);
    }
  }
  counts.externalKeys = [...external].sort();
  return counts;
}
