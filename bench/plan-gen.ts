/**
 * Generated plans of realistic shape for the benchmarks: epics of stories, tasks and bugs, most
 * stories split into sub-tasks, about 0.6 dependencies per item (mostly between neighbours of
 * the same epic, some across epics, a few on existing Jira issues), titles and descriptions from
 * word lists. The same seed and size always give the same plan.
 */
import type { PlanDocument, PlanItemDocument, Priority } from '../src/plan/model.ts';

/** What `generatePlan` may vary. */
export interface PlanShape {
  /** Items in the plan, exactly. */
  size: number;
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Dependencies per item, on average (default 0.6). */
  dependencyRate?: number;
  /** Share of items already done in the plan (default 0.03): they cost done transitions. */
  doneRate?: number;
  /** Existing Jira issues some items depend on (default none). */
  externalKeys?: readonly string[];
  /** People items are assigned to (default none: unassigned). */
  assignees?: readonly string[];
}

// Word lists, '|'-separated to keep them compact; an empty entry leaves a title without context.
const VERBS = (
  'Add|Build|Migrate|Refactor|Document|Harden|Replace|Speed up|Audit|Design|' +
  'Localise|Instrument|Split|Retire|Review|Automate|Test|Fix'
).split('|');
const ADJECTIVES = (
  'checkout|onboarding|search|billing|mobile|public|admin|reporting|notification|' +
  'account|pricing|partner|offline|export|audit|support'
).split('|');
const NOUNS = (
  'page|flow|API|cache|form|dashboard|job queue|emails|settings|permissions|' +
  'webhooks|invoices|feature flags|error pages|analytics events|image pipeline|' +
  'session handling|rate limits|translations|data model'
).split('|');
const CONTEXTS = (
  'for enterprise customers|behind a feature flag|for the EU region|' +
  'on iOS and Android|before the launch|with accessibility fixes|' +
  'for the new design system|in staging|with load tests|for team accounts||||'
).split('|');
const THEMES = (
  'Website relaunch|Self-service billing|Mobile app 3.0|Partner portal|' +
  'Data platform migration|Security hardening|Search overhaul|Onboarding revamp|' +
  'Internationalisation|Observability|Checkout redesign|Account management'
).split('|');
const LABELS = ['frontend', 'backend', 'infra', 'ux', 'security', 'performance', 'q3', 'tech-debt'];
const PRIORITIES: Priority[] = ['high', 'medium', 'medium', 'medium', 'low', 'critical'];

/** mulberry32: small, fast and good enough to shape test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Node {
  doc: PlanItemDocument;
  epic: number;
  /** Ids of the item's ancestors: it never depends on them, nor they on it. */
  ancestors: string[];
}

/**
 * Builds a plan document of exactly `shape.size` items. Items only depend on items generated
 * before them, so the plan is acyclic; they never depend on their own ancestors.
 */
export function generatePlan(shape: PlanShape): PlanDocument {
  const rand = random(shape.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const title = () => `${pick(VERBS)} ${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(CONTEXTS)}`.trim();
  const nodes: Node[] = [];
  const roots: PlanItemDocument[] = [];
  const depRate = shape.dependencyRate ?? 0.6;
  const doneRate = shape.doneRate ?? 0.03;

  const add = (doc: PlanItemDocument, epic: number, parent: Node | undefined): Node => {
    const node = { doc, epic, ancestors: parent ? [...parent.ancestors, parent.doc.id] : [] };
    if (rand() < doneRate) doc.status = 'done';
    if (shape.assignees && shape.assignees.length > 0 && rand() < 0.6) {
      doc.assignee = pick(shape.assignees);
    }
    if (parent) {
      parent.doc.children ??= [];
      parent.doc.children.push(doc);
    } else roots.push(doc);
    nodes.push(node);
    return node;
  };

  for (let e = 0; nodes.length < shape.size; e++) {
    const epic = add(
      {
        id: `epic-${e + 1}`,
        type: 'epic',
        title: `${pick(THEMES)}: ${pick(ADJECTIVES)} ${pick(NOUNS)}`,
        description: paragraph(rand, pick),
        priority: pick(PRIORITIES),
        labels: [pick(LABELS)],
      },
      e,
      undefined,
    );
    const stories = 8 + Math.floor(rand() * 8);
    for (let s = 0; s < stories && nodes.length < shape.size; s++) {
      const kind = rand();
      const type = kind < 0.65 ? 'story' : kind < 0.88 ? 'task' : 'bug';
      const story = add(
        {
          id: `${type}-${e + 1}-${s + 1}`,
          type,
          title: title(),
          description: paragraph(rand, pick),
          priority: pick(PRIORITIES),
          labels: rand() < 0.5 ? [pick(LABELS)] : [pick(LABELS), pick(LABELS)],
          ...(type === 'story'
            ? {
                estimate: { points: pick([1, 2, 3, 5, 8, 13]) },
                acceptanceCriteria: [`${title()} works`, `${title()} is documented`],
              }
            : {}),
          ...(rand() < 0.3 ? { dueDate: `2027-0${1 + Math.floor(rand() * 9)}-15` } : {}),
        },
        e,
        epic,
      );
      if (type === 'bug') continue;
      const subtasks = Math.floor(rand() * 4);
      for (let t = 0; t < subtasks && nodes.length < shape.size; t++) {
        add(
          {
            id: `subtask-${e + 1}-${s + 1}-${t + 1}`,
            type: 'subtask',
            title: title(),
            ...(rand() < 0.5 ? { description: paragraph(rand, pick) } : {}),
          },
          e,
          story,
        );
      }
    }
  }

  addDependencies(nodes, depRate, rand, shape.externalKeys ?? []);
  // Work is done only after what it waits for: a done item keeps that status only when every
  // plan item it depends on is done too.
  const done = new Set<string>();
  for (const { doc } of nodes) {
    if (doc.status !== 'done') continue;
    const byId = (doc.dependsOn ?? []).filter((dep) => dep.includes('-') && !/^[A-Z]/.test(dep));
    if (byId.every((dep) => done.has(dep))) done.add(doc.id);
    else delete doc.status;
  }
  return {
    id: `bench-plan-${shape.size}-s${shape.seed ?? 1}`,
    title: `Benchmark plan of ${shape.size} items`,
    items: roots,
  };
}

/** Draws `rate` dependencies per item on average, on earlier items only. */
function addDependencies(
  nodes: Node[],
  rate: number,
  rand: () => number,
  externalKeys: readonly string[],
): void {
  const total = Math.round(nodes.length * rate);
  let made = 0;
  for (let guard = 0; made < total && guard < total * 20; guard++) {
    const index = 1 + Math.floor(rand() * (nodes.length - 1));
    const node = nodes[index];
    if (!node) continue;
    const deps = node.doc.dependsOn ?? [];
    node.doc.dependsOn = deps;
    if (externalKeys.length > 0 && rand() < 0.01) {
      const key = externalKeys[Math.floor(rand() * externalKeys.length)] as string;
      if (!deps.includes(key)) {
        deps.push(key);
        made++;
      }
      continue;
    }
    // Most dependencies are on a recent neighbour, usually in the same epic.
    const reach = rand() < 0.8 ? 12 : index;
    const other = nodes[Math.max(0, index - 1 - Math.floor(rand() * reach))];
    if (!other || other === node) continue;
    const id = other.doc.id;
    if (deps.includes(id) || node.ancestors.includes(id)) continue;
    if (other.ancestors.includes(node.doc.id)) continue;
    deps.push(id);
    made++;
  }
}

function paragraph(rand: () => number, pick: <T>(list: readonly T[]) => T): string {
  const lines = [
    `We need to ${pick(VERBS).toLowerCase()} the ${pick(ADJECTIVES)} ${pick(NOUNS)} so that customers stop waiting on support.`,
  ];
  if (rand() < 0.5) {
    lines.push(
      '',
      `- keep the ${pick(NOUNS)} backwards compatible`,
      `- measure the **${pick(NOUNS)}**`,
    );
  }
  return lines.join('\n');
}

/** Counts of a generated plan, for the report. */
export function planStats(doc: PlanDocument): {
  items: number;
  byType: Record<string, number>;
  dependencies: number;
  done: number;
} {
  const byType: Record<string, number> = {};
  let items = 0;
  let dependencies = 0;
  let done = 0;
  const walk = (list: PlanItemDocument[]) => {
    for (const item of list) {
      items++;
      byType[item.type] = (byType[item.type] ?? 0) + 1;
      dependencies += item.dependsOn?.length ?? 0;
      if (item.status === 'done') done++;
      walk(item.children ?? []);
    }
  };
  walk(doc.items as PlanItemDocument[]);
  return { items, byType, dependencies, done };
}
