import type { Diagnostic } from '../diagnostics.ts';
import type { ItemStatus, ItemType, PlanItemDocument, Priority } from '../model.ts';

/** A dependency as an importer read it, before the shared repairs check it. */
export interface DraftDependency {
  /** The item id it resolves to (possibly an id no item has: then it is dangling). */
  target: string;
  /** How the source wrote it (`3`, `"1.2"`, `T004`), for messages. */
  written: string;
  /** Where the source wrote it, when it differs from the item's own line. */
  line?: number;
}

/**
 * An item on its way from a source file to the plan: the plan item's fields plus where it came
 * from, so that every repair can name the file's own id and line.
 */
export interface DraftItem {
  id: string;
  /** The id as the source file wrote it (`3`, `1.2`, `T004`), or the title for sources without. */
  sourceId: string;
  line?: number;
  type: ItemType;
  title: string;
  description?: string;
  acceptanceCriteria?: string[];
  priority?: Priority;
  labels?: string[];
  assignee?: string;
  status?: ItemStatus;
  dependsOn: DraftDependency[];
  children: DraftItem[];
}

/** Collects diagnostics; importers and repairs share one per import. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];

  /** Records a repair the importer made. */
  warn(code: string, message: string, where: Where = {}): void {
    this.items.push({ severity: 'warning', code, message, ...where });
  }

  /** Records a problem that stops the import. */
  error(code: string, message: string, where: Where = {}): void {
    this.items.push({ severity: 'error', code, message, ...where });
  }

  /** True when an error was recorded. */
  get failed(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }
}

/** Where a diagnostic points. */
export type Where = Pick<Diagnostic, 'itemId' | 'line' | 'column' | 'path'>;

/** The location fields of a draft item, for a diagnostic about it. */
export function whereOf(item: DraftItem): Where {
  return item.line === undefined
    ? { itemId: item.sourceId }
    : { itemId: item.sourceId, line: item.line };
}

/** Visits every draft item depth-first in document order, with its depth (0 for top level). */
export function walkDrafts(
  items: readonly DraftItem[],
  visit: (item: DraftItem, depth: number, parent: DraftItem | undefined) => void,
): void {
  const stack: Array<[DraftItem, number, DraftItem | undefined]> = [];
  for (let i = items.length - 1; i >= 0; i--) stack.push([items[i] as DraftItem, 0, undefined]);
  while (stack.length > 0) {
    const [item, depth, parent] = stack.pop() as [DraftItem, number, DraftItem | undefined];
    visit(item, depth, parent);
    for (let i = item.children.length - 1; i >= 0; i--) {
      stack.push([item.children[i] as DraftItem, depth + 1, item]);
    }
  }
}

/** Converts repaired drafts to the plan file shape, leaving out empty optional fields. */
export function toItemDocuments(items: readonly DraftItem[]): PlanItemDocument[] {
  return items.map((item) => {
    const doc: PlanItemDocument = { id: item.id, type: item.type, title: item.title };
    if (item.description !== undefined && item.description !== '') {
      doc.description = item.description;
    }
    if (item.acceptanceCriteria && item.acceptanceCriteria.length > 0) {
      doc.acceptanceCriteria = item.acceptanceCriteria;
    }
    if (item.priority !== undefined) doc.priority = item.priority;
    if (item.labels && item.labels.length > 0) doc.labels = item.labels;
    if (item.assignee !== undefined) doc.assignee = item.assignee;
    if (item.status !== undefined) doc.status = item.status;
    if (item.dependsOn.length > 0) doc.dependsOn = item.dependsOn.map((dep) => dep.target);
    if (item.children.length > 0) doc.children = toItemDocuments(item.children);
    return doc;
  });
}

/**
 * Status of a grouping item that has no status of its own (a phase, a user story, a heading):
 * done when every child is done, in progress when some child has started, else to do; undefined
 * when no child has a status either.
 */
export function statusFromChildren(children: readonly DraftItem[]): ItemStatus | undefined {
  if (children.every((child) => child.status === undefined)) return undefined;
  const statuses = children.map((child) => child.status ?? 'todo');
  if (statuses.every((status) => status === 'done')) return 'done';
  if (statuses.some((status) => status !== 'todo')) return 'in_progress';
  return 'todo';
}

/** What a format's converter hands to the shared repairs: the plan's header and its drafts. */
export interface DraftPlan {
  id: string;
  title: string;
  description?: string;
  items: DraftItem[];
}

/**
 * The type of a child item, following Jira's hierarchy as plan validation checks it (epic >
 * story > task > sub-task; a sub-task cannot have children): under an epic a story when it has
 * children, else a task; under a story or task a task when it has children, else a sub-task.
 * Nesting deeper than that repeats `task`, which validation accepts with a warning.
 */
export function childType(parent: ItemType, hasChildren: boolean): ItemType {
  if (parent === 'epic') return hasChildren ? 'story' : 'task';
  return hasChildren ? 'task' : 'subtask';
}
