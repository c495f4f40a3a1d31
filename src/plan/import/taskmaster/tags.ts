import type { JsonPosition } from '../json-positions.ts';

/** One tag (task list) of a Task Master file. */
export interface TaskMasterTag {
  /** The tag's name as written; a legacy file's single list is called `master`. */
  name: string;
  /** Number of top-level tasks (subtasks not counted). */
  taskCount: number;
  /** Line where the tag's object starts, when known. */
  line?: number;
}

/** A tag with its raw content, as found by `findTags`. */
export interface FoundTag extends TaskMasterTag {
  tasks: unknown[];
  metadata: Record<string, unknown> | undefined;
}

/** What `findTags` found in a parsed Task Master file. */
export interface TagScan {
  tags: FoundTag[];
  /** Tag names that occur twice (top level and under `tags`); the first non-empty one is kept. */
  duplicates: string[];
}

/** Plain JSON objects (not arrays, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds the task lists of a Task Master file. A tag is any object with a `tasks` array, at the
 * top level or one level down under a `tags` wrapper (hybrid files edited by hand or by agents);
 * a top-level `tasks` array is the legacy single list and is called `master`. Scalars such as
 * `currentTag` and objects without `tasks` (`version`, `metadata`) are skipped. Tags keep the
 * file's order.
 */
export function findTags(
  root: unknown,
  positions: WeakMap<object, JsonPosition> = new WeakMap(),
): TagScan {
  const found: FoundTag[] = [];
  if (!isRecord(root)) return { tags: [], duplicates: [] };

  const add = (name: string, holder: Record<string, unknown>, tasks: unknown[]) => {
    const line = positions.get(holder)?.line;
    const metadata = isRecord(holder.metadata) ? holder.metadata : undefined;
    found.push({
      name,
      taskCount: tasks.length,
      tasks,
      metadata,
      ...(line === undefined ? {} : { line }),
    });
  };
  for (const [key, value] of Object.entries(root)) {
    if (key === 'tasks' && Array.isArray(value)) add('master', root, value);
    if (!isRecord(value)) continue;
    if (Array.isArray(value.tasks)) add(key, value, value.tasks);
    else if (key === 'tags') {
      for (const [name, tag] of Object.entries(value)) {
        if (isRecord(tag) && Array.isArray(tag.tasks)) add(name, tag, tag.tasks);
      }
    }
  }
  return dedupe(found);
}

function dedupe(found: FoundTag[]): TagScan {
  const tags: FoundTag[] = [];
  const duplicates: string[] = [];
  for (const tag of found) {
    const index = tags.findIndex((kept) => kept.name === tag.name);
    if (index === -1) {
      tags.push(tag);
      continue;
    }
    duplicates.push(tag.name);
    if ((tags[index] as FoundTag).taskCount === 0 && tag.taskCount > 0) tags[index] = tag;
  }
  return { tags, duplicates };
}

/**
 * The tag imported when none is asked for: `master` when it has tasks, otherwise the first tag
 * that has tasks, otherwise undefined.
 */
export function defaultTag(tags: readonly FoundTag[]): FoundTag | undefined {
  const master = tags.find((tag) => tag.name === 'master');
  if (master && master.taskCount > 0) return master;
  return tags.find((tag) => tag.taskCount > 0);
}

/**
 * Recognises a file at a Task Master path written by another tool (the Huckleberry VS Code
 * extension writes `tasks/tasks.json` with `TASK-001` ids and a `completed` flag): no task has
 * any of Task Master's own fields (`dependencies`, `subtasks`, `details`, `testStrategy`) while
 * the tasks carry a boolean `completed`.
 */
export function looksLikeOtherTool(tags: readonly FoundTag[]): boolean {
  const tasks = tags.flatMap((tag) => tag.tasks).filter(isRecord);
  if (tasks.length === 0) return false;
  const ownFields = ['dependencies', 'subtasks', 'details', 'testStrategy'];
  const hasOwn = tasks.some((task) => ownFields.some((field) => field in task));
  return !hasOwn && tasks.some((task) => typeof task.completed === 'boolean');
}
