import type { ItemType } from '../../model.ts';
import { childType, type DiagnosticList, type DraftDependency, type DraftItem } from '../draft.ts';
import type { JsonPosition } from '../json-positions.ts';
import { idPart, oneLine, slugify } from '../text.ts';
import { acceptanceCriteria, composeDescription, mapPriority, mapStatus, text } from './fields.ts';
import { type FoundTag, isRecord } from './tags.ts';

interface Context {
  prefix: string;
  positions: WeakMap<object, JsonPosition>;
  diagnostics: DiagnosticList;
  /** Source ids of the tag's top-level tasks, for telling a task reference from a sibling. */
  taskIds: Set<string>;
}

/**
 * Converts one tag's tasks into drafts. Item ids derive from the source ids only
 * (`tm-<tag>-<id>`, subtasks `tm-<tag>-<id>.<sub>`), so importing the same file twice gives the
 * same ids and a re-export updates the Jira issues it created before.
 */
export function convertTasks(
  tag: FoundTag,
  positions: WeakMap<object, JsonPosition>,
  diagnostics: DiagnosticList,
): DraftItem[] {
  const context: Context = {
    prefix: `tm-${idPart(tag.name)}-`,
    positions,
    diagnostics,
    taskIds: new Set(tag.tasks.filter(isRecord).map((task) => sourceIdOf(task.id) ?? '')),
  };
  const items = convertList(tag.tasks, undefined, context, tag.line);
  for (const item of items) assignTypes(item, topType(item));
  return items;
}

function convertList(
  list: readonly unknown[],
  parent: { sourceId: string } | undefined,
  context: Context,
  listLine: number | undefined,
): DraftItem[] {
  const siblings = new Set(list.filter(isRecord).map((task) => subId(task.id, parent) ?? ''));
  const items: DraftItem[] = [];
  for (const entry of list) {
    if (!isRecord(entry)) {
      context.diagnostics.warn(
        'invalid-task',
        `A ${parent ? 'subtask' : 'task'} entry is not an object and was skipped.`,
        listLine === undefined ? {} : { line: listLine },
      );
      continue;
    }
    const item = convertTask(entry, parent, siblings, context);
    if (item) items.push(item);
  }
  return items;
}

function convertTask(
  task: Record<string, unknown>,
  parent: { sourceId: string } | undefined,
  siblings: Set<string>,
  context: Context,
): DraftItem | undefined {
  const line = context.positions.get(task)?.line;
  const where = line === undefined ? {} : { line };
  const description = composeDescription(task);
  let title = oneLine(text(task.title) ?? '');
  const subtasks = Array.isArray(task.subtasks) ? task.subtasks : [];

  let local = subId(task.id, parent);
  if (local === undefined) {
    local = slugify(title) || slugify(description ?? '');
    if (local === '') {
      context.diagnostics.warn(
        'empty-task',
        'A task with no id, title or text was skipped.',
        where,
      );
      return undefined;
    }
    context.diagnostics.warn(
      'missing-id',
      `The task "${title || local}" has no id; it was given the id ${local} from its text. Add an id to keep it stable when the title changes.`,
      { ...where, itemId: local },
    );
  }
  const sourceId = parent ? `${parent.sourceId}.${local}` : local;
  const fallback = text(task.description) ?? text(task.details) ?? text(task.testStrategy);
  if (title === '' && fallback !== undefined) {
    title = oneLine(fallback.split('\n')[0] ?? '');
    context.diagnostics.warn(
      'empty-title',
      `Task ${sourceId} has no title; its description's first line became the title.`,
      { ...where, itemId: sourceId },
    );
  }

  const item: DraftItem = {
    id: `${context.prefix}${idPart(sourceId)}`,
    sourceId,
    ...where,
    type: 'task',
    title,
    ...(description === undefined ? {} : { description }),
    dependsOn: dependenciesOf(task, sourceId, parent, siblings, context, where),
    children: [],
  };
  applyFields(item, task, context);
  item.children = convertList(
    subtasks,
    { sourceId },
    context,
    context.positions.get(subtasks)?.line ?? line,
  );
  return item;
}

function applyFields(item: DraftItem, task: Record<string, unknown>, context: Context): void {
  const where =
    item.line === undefined
      ? { itemId: item.sourceId }
      : { itemId: item.sourceId, line: item.line };
  const status = mapStatus(task.status);
  if (status) {
    item.status = status.status;
    if (status.label) item.labels = [status.label];
    if (!status.known) {
      context.diagnostics.warn(
        'unknown-status',
        `Task ${item.sourceId} has the status "${String(task.status)}", which Task Master does not define; it was imported as to do${status.label ? ` with the label ${status.label}` : ''}.`,
        where,
      );
    }
  }
  const priority = mapPriority(task.priority);
  if (priority === null) {
    context.diagnostics.warn(
      'unknown-priority',
      `Task ${item.sourceId} has the priority "${String(task.priority)}", which the plan does not know; it was left at the default, medium.`,
      where,
    );
  } else if (priority !== undefined) {
    item.priority = priority;
  }
  const criteria = acceptanceCriteria(task.acceptanceCriteria);
  if (criteria) item.acceptanceCriteria = criteria;
  const assignee = text(task.assignee);
  if (assignee !== undefined) item.assignee = assignee;
}

/**
 * Reads `dependencies`. At task level every entry names a task of the same tag (or `P.S`, a
 * subtask). At subtask level a number or a plain string names a sibling, `P.S` names subtask S of
 * task P, and a number that is no sibling but is a task id is ambiguous (Task Master versions
 * differ), so it is reported and dropped rather than guessed.
 */
function dependenciesOf(
  task: Record<string, unknown>,
  sourceId: string,
  parent: { sourceId: string } | undefined,
  siblings: Set<string>,
  context: Context,
  where: { line?: number },
): DraftDependency[] {
  const raw = Array.isArray(task.dependencies) ? task.dependencies : [];
  const deps: DraftDependency[] = [];
  for (const entry of raw) {
    const written =
      typeof entry === 'number' || typeof entry === 'string' ? String(entry).trim() : '';
    if (written === '') {
      context.diagnostics.warn(
        'invalid-dependency',
        `Task ${sourceId} has a dependency that is not an id (${JSON.stringify(entry) ?? 'undefined'}); it was ignored.`,
        { ...where, itemId: sourceId },
      );
      continue;
    }
    if (parent === undefined || written.includes('.')) {
      deps.push({ target: `${context.prefix}${idPart(written)}`, written });
      continue;
    }
    if (!siblings.has(written) && context.taskIds.has(written)) {
      context.diagnostics.warn(
        'ambiguous-dependency',
        `Subtask ${sourceId} depends on ${written}, which is no subtask of ${parent.sourceId} but is a task id; the dependency was dropped. Write "${written}.<n>" for a subtask, or put the dependency on the parent task.`,
        { ...where, itemId: sourceId },
      );
      continue;
    }
    deps.push({ target: `${context.prefix}${idPart(`${parent.sourceId}.${written}`)}`, written });
  }
  return deps;
}

/** A task or subtask id as text; a subtask id written `P.S` under parent P becomes `S`. */
function subId(raw: unknown, parent: { sourceId: string } | undefined): string | undefined {
  const id = sourceIdOf(raw);
  if (id === undefined || parent === undefined) return id;
  const prefix = `${parent.sourceId}.`;
  return id.startsWith(prefix) && id.length > prefix.length ? id.slice(prefix.length) : id;
}

function sourceIdOf(raw: unknown): string | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' || trimmed === 'undefined' ? undefined : trimmed;
}

function topType(item: DraftItem): ItemType {
  if (item.children.length === 0) return 'task';
  return item.children.some((child) => child.children.length > 0) ? 'epic' : 'story';
}

function assignTypes(item: DraftItem, type: ItemType): void {
  item.type = type;
  for (const child of item.children) assignTypes(child, childType(type, child.children.length > 0));
}
