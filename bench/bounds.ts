/**
 * Lower bounds of an export's cost and duration, computed from the plan and the target
 * project's create screens only, never from what Projan did. docs/performance.md explains them.
 */
import type { Plan, PlanItem } from '../src/plan/model.ts';
import { JIRA_KEY_PATTERN } from '../src/plan/model.ts';

const BATCH = 50;
/** Atlassian's documented steady burst rate for POST and GET, per endpoint and site. */
const BURST_PER_SECOND = 100;

/** The target project as the bound sees it. */
export interface BoundTarget {
  /** Whether the create screen of the issue type an item maps to has Linked Issues. */
  linksOnCreateScreen: (type: PlanItem['type']) => boolean;
  /** Transitions from the initial status to a done status in the project's workflow. */
  stepsToDone: number;
  /** Points each kind of read costs (the emulator's price list, as observed); default 1. */
  readPoints: (operation: string) => number;
}

/** One lower bound, with the parts it is made of. */
export interface Bound {
  requests: number;
  points: number;
  seconds: number;
  parts: {
    reads: number;
    readPoints: number;
    createRequests: number;
    linkRequests: number;
    ridingLinks: number;
    /** Links that could ride if every hierarchy level is created before the next one. */
    ridingLinksLevelOrder: number;
    transitionRequests: number;
    roundTrips: number;
    rateFloorSeconds: number;
  };
}

const LEVEL: Record<PlanItem['type'], number> = {
  epic: 1,
  feature: 1,
  story: 0,
  task: 0,
  bug: 0,
  spike: 0,
  milestone: 0,
  subtask: -1,
};

interface Flat {
  item: PlanItem;
  ancestors: Set<string>;
}

function flatten(plan: Plan): Map<string, Flat> {
  const out = new Map<string, Flat>();
  const walk = (items: PlanItem[], ancestors: string[]) => {
    for (const item of items) {
      out.set(item.id, { item, ancestors: new Set(ancestors) });
      walk(item.children, [...ancestors, item.id]);
    }
  };
  walk(plan.items, []);
  return out;
}

/**
 * The fewest requests and points, and the shortest wall time, any client could export `plan`
 * to `target` with, at `latencyMs` per round trip and Atlassian's documented limits.
 *
 * Points: the preflight reads (one per fact needed), creates in batches of 50 per hierarchy
 * level, one request per link that cannot ride in a create, one request per transition step
 * of each done item, plus one transitions read per step to learn the workflow. A link rides
 * when one end's create screen has Linked Issues and that end can be created after the other
 * (an ancestor is always created before its descendants); each link is judged on its own, so
 * the bound may not be reachable all at once. Wall time: the chain of round trips that must
 * follow one another (two of reads, one per hierarchy level, one for links that cannot ride,
 * two per transition step after the done item's create), times the latency, plus the time the
 * busiest endpoint's burst limit needs beyond its first full bucket.
 */
export function lowerBound(plan: Plan, target: BoundTarget, latencyMs: number): Bound {
  const flat = flatten(plan);
  const levels = new Map<number, number>();
  const types = new Set<PlanItem['type']>();
  const assignees = new Set<string>();
  const externalKeys = new Set<string>();
  let links = 0;
  let riding = 0;
  let ridingLevelOrder = 0;
  const doneRounds: number[] = [];

  for (const { item, ancestors } of flat.values()) {
    levels.set(LEVEL[item.type], (levels.get(LEVEL[item.type]) ?? 0) + 1);
    types.add(item.type);
    if (item.assignee) assignees.add(item.assignee);
    for (const dependency of item.dependsOn) {
      const blocker = flat.get(dependency);
      if (!blocker) {
        if (!JIRA_KEY_PATTERN.test(dependency)) continue;
        externalKeys.add(dependency);
        links++;
        if (target.linksOnCreateScreen(item.type)) {
          riding++;
          ridingLevelOrder++;
        }
        continue;
      }
      links++;
      const inBlocked = target.linksOnCreateScreen(item.type) && !ancestors.has(dependency);
      const inBlocker =
        target.linksOnCreateScreen(blocker.item.type) && !blocker.ancestors.has(item.id);
      // TODO: Each link is judged on its own, so the riding count may not be reachable all at once; a bound that also counts the batches such an order needs would be tighter (a small scheduling problem per plan).
      if (inBlocked || inBlocker) riding++;
      const blockedLevel = LEVEL[item.type];
      const blockerLevel = LEVEL[blocker.item.type];
      const levelOrdered =
        (blockedLevel <= blockerLevel && inBlocked) || (blockerLevel <= blockedLevel && inBlocker);
      if (levelOrdered) ridingLevelOrder++;
    }
  }
  const levelOrder = [...levels.keys()].sort((a, b) => b - a);
  for (const { item } of flat.values()) {
    if (item.status === 'done') doneRounds.push(levelOrder.indexOf(LEVEL[item.type]) + 1);
  }

  const readKinds: [string, number][] = [
    ['GET /rest/api/3/myself', 1],
    ['GET /rest/api/3/project/{projectIdOrKey}', 1],
    ['GET /rest/api/3/mypermissions', 1],
    ['GET /rest/api/3/issuetype/project', 1],
    ['GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}', types.size],
    ['GET /rest/api/3/issueLinkType', links > 0 ? 1 : 0],
    ['POST /rest/api/3/issue/bulkfetch', Math.ceil(externalKeys.size / 100)],
    ['GET /rest/api/3/user/assignable/search', assignees.size],
    [
      'GET /rest/api/3/issue/{issueIdOrKey}/transitions',
      doneRounds.length > 0 ? target.stepsToDone : 0,
    ],
  ];
  const reads = readKinds.reduce((sum, [, count]) => sum + count, 0);
  const readPoints = readKinds.reduce(
    (sum, [operation, count]) => sum + count * target.readPoints(operation),
    0,
  );
  const createRequests = [...levels.values()].reduce((sum, n) => sum + Math.ceil(n / BATCH), 0);
  const linkRequests = links - riding;
  const transitionRequests = doneRounds.length * target.stepsToDone;
  const writes = createRequests + linkRequests + transitionRequests;

  const writeRounds = levels.size + (linkRequests > 0 ? 1 : 0);
  const transitionRounds = Math.max(0, ...doneRounds.map((r) => r + 2 * target.stepsToDone));
  const roundTrips = 2 + Math.max(writeRounds, transitionRounds);
  const floor = (n: number) => Math.max(0, (n - BURST_PER_SECOND) / BURST_PER_SECOND);
  const rateFloorSeconds = Math.max(
    floor(createRequests),
    floor(linkRequests),
    floor(transitionRequests),
  );
  return {
    requests: reads + writes,
    points: readPoints + writes,
    seconds: (roundTrips * latencyMs) / 1000 + rateFloorSeconds,
    parts: {
      reads,
      readPoints,
      createRequests,
      linkRequests,
      ridingLinks: riding,
      ridingLinksLevelOrder: ridingLevelOrder,
      transitionRequests,
      roundTrips,
      rateFloorSeconds,
    },
  };
}
