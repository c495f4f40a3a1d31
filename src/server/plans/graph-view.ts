/**
 * The data the web app draws a plan with: the item tree as stored, plus a flat node list and
 * the dependency edges ("blocker blocks blocked") for a layered graph layout.
 */
import { countPlan, flattenItems, type PlanCounts } from '../../plan/graph.ts';
import { JIRA_KEY_PATTERN, type Plan } from '../../plan/model.ts';

/** One node of the dependency graph: a plan item, or an existing Jira issue named by key. */
export interface GraphNode {
  id: string;
  kind: 'item' | 'jira_issue';
  title: string;
  type: string | null;
  parentId: string | null;
  depth: number;
}

/** The dependency graph of a plan. */
export interface PlanGraph {
  nodes: GraphNode[];
  /** `from` blocks `to`: `to` depends on `from`. */
  edges: Array<{ from: string; to: string }>;
  counts: PlanCounts;
}

/** Builds the graph data of a plan (cycles cannot occur: validation refuses them). */
export function planGraph(plan: Plan): PlanGraph {
  const flat = flattenItems(plan);
  const nodes: GraphNode[] = flat.map(({ item, parentId, depth }) => ({
    id: item.id,
    kind: 'item',
    title: item.title,
    type: item.type,
    parentId: parentId ?? null,
    depth,
  }));
  const known = new Set(nodes.map((n) => n.id));
  const edges: PlanGraph['edges'] = [];
  for (const { item } of flat) {
    for (const target of item.dependsOn) {
      if (!known.has(target) && JIRA_KEY_PATTERN.test(target)) {
        known.add(target);
        nodes.push({
          id: target,
          kind: 'jira_issue',
          title: target,
          type: null,
          parentId: null,
          depth: 0,
        });
      }
      edges.push({ from: target, to: item.id });
    }
  }
  return { nodes, edges, counts: countPlan(plan) };
}
