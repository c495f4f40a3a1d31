import type { Estimate, ItemStatus, ItemType, Plan, PlanItem, Priority } from '../model.ts';
import { isRecord, readId } from './collect.ts';

/**
 * Builds the normalised `Plan` from a document that passed validation: ids and texts trimmed,
 * whole-number ids turned into text, defaults applied (priority `medium`, status `todo`, empty
 * `dependsOn` and `children`), labels and dependencies de-duplicated in first-seen order, empty
 * optional lists dropped. Fields starting with `x-` are not carried over.
 */
export function normalisePlan(document: Record<string, unknown>): Plan {
  const plan: Plan = {
    id: String(document.id),
    title: String(document.title).trim(),
    items: normaliseItems(document.items),
  };
  if (typeof document.description === 'string') plan.description = document.description;
  return plan;
}

function normaliseItems(list: unknown): PlanItem[] {
  return Array.isArray(list) ? list.filter(isRecord).map(normaliseItem) : [];
}

function normaliseItem(raw: Record<string, unknown>): PlanItem {
  const item: PlanItem = {
    id: readId(raw.id) ?? '',
    type: raw.type as ItemType,
    title: String(raw.title).trim(),
    priority: (raw.priority as Priority | undefined) ?? 'medium',
    status: (raw.status as ItemStatus | undefined) ?? 'todo',
    dependsOn: unique(Array.isArray(raw.dependsOn) ? raw.dependsOn.map(readId) : []),
    children: normaliseItems(raw.children),
  };
  if (typeof raw.description === 'string') item.description = raw.description;
  const criteria = texts(raw.acceptanceCriteria);
  if (criteria.length > 0) item.acceptanceCriteria = criteria;
  if (isRecord(raw.estimate)) item.estimate = estimate(raw.estimate);
  const labels = unique(texts(raw.labels));
  if (labels.length > 0) item.labels = labels;
  if (typeof raw.assignee === 'string') item.assignee = raw.assignee.trim();
  if (typeof raw.dueDate === 'string') item.dueDate = raw.dueDate;
  return item;
}

function estimate(raw: Record<string, unknown>): Estimate {
  const result: Estimate = {};
  if (typeof raw.points === 'number') result.points = raw.points;
  if (typeof raw.hours === 'number') result.hours = raw.hours;
  return result;
}

function texts(list: unknown): string[] {
  return Array.isArray(list)
    ? list
        .filter((entry): entry is string => typeof entry === 'string')
        .map((entry) => entry.trim())
    : [];
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}
