/**
 * The naive exporter the benchmark compares Projan with, written the way common scripts are:
 * jira.js 5.4.0, one `createIssue` per item (parents first), then one link request per
 * dependency, then each done item walked to a done status, all one after another. It looks up
 * each distinct assignee once and fails nothing quietly: any error stops it.
 */
import { Version3Client } from 'jira.js';
import type { Plan, PlanItem } from '../src/plan/model.ts';

/** What the naive run did. */
export interface NaiveResult {
  created: number;
  links: number;
  transitions: number;
  /** Requests jira.js sent, counted on its side. */
  requests: number;
  seconds: number;
}

const TYPE_NAMES: Record<PlanItem['type'], string> = {
  epic: 'Epic',
  feature: 'Epic',
  story: 'Story',
  task: 'Task',
  subtask: 'Sub-task',
  bug: 'Bug',
  spike: 'Task',
  milestone: 'Task',
};

/** Exports `plan` to `projectKey` through the gateway at `host` (`…/ex/jira/{cloudId}`). */
export async function naiveExport(
  plan: Plan,
  options: { host: string; accessToken: string; projectKey: string },
): Promise<NaiveResult> {
  let requests = 0;
  const client = new Version3Client({
    host: options.host,
    authentication: { oauth2: { accessToken: options.accessToken } },
    middlewares: { onResponse: () => void requests++, onError: () => void requests++ },
  });
  const started = performance.now();
  const keys = new Map<string, string>();
  const people = new Map<string, string | undefined>();
  const all: PlanItem[] = [];

  const create = async (item: PlanItem, parentKey: string | undefined) => {
    all.push(item);
    let accountId: string | undefined;
    if (item.assignee) {
      if (!people.has(item.assignee)) {
        const users = await client.userSearch.findAssignableUsers({
          project: options.projectKey,
          query: item.assignee,
        });
        people.set(item.assignee, users[0]?.accountId);
      }
      accountId = people.get(item.assignee);
    }
    const created = await client.issues.createIssue({
      fields: {
        project: { key: options.projectKey },
        issuetype: { name: TYPE_NAMES[item.type] },
        summary: item.title,
        ...(item.description ? { description: paragraphs(item.description) } : {}),
        ...(parentKey ? { parent: { key: parentKey } } : {}),
        ...(item.labels && item.labels.length > 0 ? { labels: item.labels } : {}),
        priority: { name: PRIORITY_NAMES[item.priority] },
        ...(item.dueDate ? { duedate: item.dueDate } : {}),
        ...(accountId ? { assignee: { id: accountId } } : {}),
      },
    });
    keys.set(item.id, created.key);
    for (const child of item.children) await create(child, created.key);
  };
  for (const item of plan.items) await create(item, undefined);

  let links = 0;
  for (const item of all) {
    for (const dependency of item.dependsOn) {
      const blocker = keys.get(dependency) ?? dependency;
      await client.issueLinks.linkIssues({
        type: { name: 'Blocks' },
        inwardIssue: { key: blocker },
        outwardIssue: { key: keys.get(item.id) ?? '' },
      });
      links++;
    }
  }

  let transitions = 0;
  for (const item of all) {
    const key = keys.get(item.id);
    if (item.status !== 'done' || !key) continue;
    transitions += await walkToDone(client, key);
  }
  return {
    created: keys.size,
    links,
    transitions,
    requests,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Takes the transition to done when offered, otherwise one into progress, a few times. */
async function walkToDone(client: Version3Client, key: string): Promise<number> {
  const seen = new Set<string>();
  for (let step = 0; step < 4; step++) {
    const { transitions = [] } = await client.issues.getTransitions({ issueIdOrKey: key });
    const category = (t: (typeof transitions)[number]) => t.to?.statusCategory?.key;
    const next =
      transitions.find((t) => category(t) === 'done') ??
      transitions.find((t) => category(t) === 'indeterminate' && !seen.has(t.to?.id ?? ''));
    if (!next?.id) return 0;
    seen.add(next.to?.id ?? '');
    await client.issues.doTransition({ issueIdOrKey: key, transition: { id: next.id } });
    if (category(next) === 'done') return 1;
  }
  return 0;
}

const PRIORITY_NAMES: Record<PlanItem['priority'], string> = {
  urgent: 'Highest',
  critical: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** Markdown sent as plain ADF paragraphs, as scripts usually do. */
function paragraphs(text: string) {
  return {
    type: 'doc' as const,
    version: 1 as const,
    content: text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => ({
        type: 'paragraph' as const,
        content: [{ type: 'text' as const, text: line }],
      })),
  };
}
