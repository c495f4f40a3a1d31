import { MAX_ITEM_DEPTH } from '../limits.ts';
import { type ItemType, JIRA_KEY_PATTERN } from '../model.ts';
import { formatPath } from '../positions.ts';
import type { RawItem } from './collect.ts';
import type { Report } from './report.ts';

/**
 * How high each type sits in the hierarchy. Jira nests epics > standard issues > sub-tasks;
 * features sit between epics and stories, and tasks, bugs and spikes may go under a story.
 */
export const TYPE_RANK: Readonly<Record<ItemType, number>> = {
  epic: 4,
  feature: 3,
  story: 2,
  task: 1,
  bug: 1,
  spike: 1,
  milestone: 1,
  subtask: 0,
};

/** The type one level below each rank, suggested when two items of one rank are nested. */
const LOWER_TYPE: Readonly<Record<number, ItemType>> = {
  4: 'feature',
  3: 'story',
  2: 'task',
  1: 'subtask',
};

/** Reports duplicate ids and ids that read like Jira keys. Returns the index of each id. */
export function checkIds(items: readonly RawItem[], report: Report): Map<string, number> {
  const byId = new Map<string, number>();
  for (const item of items) {
    if (item.id === undefined) continue;
    const first = byId.get(item.id);
    if (first !== undefined) {
      const where = formatPath(items[first]?.path ?? []);
      report.error(
        'duplicate-id',
        `The id ${JSON.stringify(item.id)} is already used by the item at ${where}; give each item its own id.`,
        { path: [...item.path, 'id'], itemId: item.id },
      );
      continue;
    }
    byId.set(item.id, item.index);
    if (JIRA_KEY_PATTERN.test(item.id)) {
      report.warning(
        'id-like-jira-key',
        `The id ${JSON.stringify(item.id)} looks like a Jira issue key; \`dependsOn: [${item.id}]\` will mean this item, not the Jira issue. Rename it if that is not what you want.`,
        { path: [...item.path, 'id'], itemId: item.id },
      );
    }
  }
  return byId;
}

/**
 * Reports items nested deeper than the format allows (once, at the first level too deep) and
 * nesting that Jira's hierarchy cannot hold:
 * - anything under a subtask, or a child ranked above its parent (an epic under a story): error;
 * - a child of the same rank as its parent (a story under a story) or children under a
 *   milestone: warning, since the export can flatten these but the author may not expect it.
 */
export function checkNesting(items: readonly RawItem[], report: Report): void {
  for (const item of items) {
    const parent = items[item.parent];
    if (item.depth === MAX_ITEM_DEPTH + 1) {
      report.error(
        'nesting-too-deep',
        `This item sits at nesting level ${item.depth}; plans nest at most ${MAX_ITEM_DEPTH} levels, so move it and its children up a level.`,
        { path: item.path, itemId: item.id },
      );
    }
    if (!parent?.type || !item.type) continue;
    const place = { path: [...item.path, 'type'], itemId: item.id };
    const pair = `${article(item.type)} ${item.type} under ${article(parent.type)} ${parent.type}`;
    if (parent.type === 'subtask') {
      report.error(
        'subtask-has-children',
        `This ${item.type} is nested under the subtask ${JSON.stringify(parent.id)}, but a subtask is Jira's lowest level and cannot have children; move it up next to that subtask.`,
        place,
      );
    } else if (TYPE_RANK[item.type] > TYPE_RANK[parent.type]) {
      report.error(
        'inverted-hierarchy',
        `This is ${pair} (${JSON.stringify(parent.id)}), which Jira's hierarchy cannot represent (epic > feature > story > task, bug, spike, milestone > subtask); move it above its parent or change one of the types.`,
        place,
      );
    } else if (parent.type === 'milestone') {
      report.warning(
        'milestone-has-children',
        `This ${item.type} is nested under the milestone ${JSON.stringify(parent.id)}; a milestone marks a point in time, so make the milestone depend on this item instead of containing it.`,
        place,
      );
    } else if (TYPE_RANK[item.type] === TYPE_RANK[parent.type]) {
      report.warning(
        'same-level-nesting',
        `This is ${pair} (${JSON.stringify(parent.id)}), two types at the same level of Jira's hierarchy; consider making it a ${LOWER_TYPE[TYPE_RANK[item.type]] ?? 'subtask'}.`,
        place,
      );
    }
  }
}

function article(type: ItemType): string {
  return type === 'epic' ? 'an' : 'a';
}
