/**
 * The Jira fields Projan wants an issue to hold for a plan item: built once per export from the
 * item, the type mapping and the create screen, compared by fingerprint on re-export so that
 * only changed fields are sent, and nothing at all when nothing changed.
 */
import { createHash } from 'node:crypto';
import { adfLength, buildItemDescription } from '../jira/adf/index.ts';
import type { AdfDoc } from '../jira/adf/types.ts';
import type { PlanItem, Priority } from '../plan/model.ts';
import type { MappedItem } from './mapping.ts';
import type { ExportProblem } from './problems.ts';
import type { CreateScreen } from './screen.ts';

/** What Jira should hold for one item. Parent is a plan item id, resolved to a key at write time. */
export interface DesiredFields {
  issueTypeId: string;
  summary: string;
  description: AdfDoc | null;
  parentItemId: string | null;
  labels: string[];
  priorityId: string | null;
  assigneeAccountId: string | null;
  dueDate: string | null;
  /** Custom fields by Jira field id (story points). */
  extra: Record<string, unknown>;
}

/** Jira's limits, checked before sending. */
export const SUMMARY_MAX = 255;
export const DESCRIPTION_MAX = 32_767;

// Jira's default priority scheme is Highest/High/Medium/Low/Lowest; a site with its own names
// matches first by the plan's word.
const DEFAULT_PRIORITY_NAMES: Record<Priority, string[]> = {
  urgent: ['urgent', 'highest', 'critical', 'blocker'],
  critical: ['critical', 'highest', 'blocker'],
  high: ['high', 'major'],
  medium: ['medium', 'normal'],
  low: ['low', 'minor', 'lowest'],
};

/** Per-item inputs resolved during preflight. */
export interface FieldContext {
  mapped: MappedItem;
  screen: CreateScreen;
  /** Site priorities by lower-cased name, used when the screen lists none. */
  sitePriorities: Map<string, string>;
  /** The assignee's account id, when the plan's assignee (or the user's choice) resolved. */
  assigneeAccountId: string | undefined;
}

/**
 * Builds the desired fields of an item. Problems it finds (a description over Jira's limit after
 * conversion, a field missing from the screen) are pushed to `problems`; an error there means
 * the item cannot be sent.
 */
export function desiredFields(
  item: PlanItem,
  context: FieldContext,
  problems: ExportProblem[],
): DesiredFields {
  const { screen, mapped } = context;
  const summary = item.title.replace(/\s+/g, ' ').trim();
  if (summary.length > SUMMARY_MAX) {
    problems.push(
      itemError(
        item,
        'summary_too_long',
        `The title of item "${item.id}" has ${summary.length} characters; Jira allows ${SUMMARY_MAX}. Shorten it.`,
      ),
    );
  }

  const description = buildItemDescription({
    ...(item.description === undefined ? {} : { description: item.description }),
    acceptanceCriteria: item.acceptanceCriteria ?? [],
    // A done item's criteria were met.
    ...(item.status === 'done'
      ? { doneCriteria: new Set((item.acceptanceCriteria ?? []).map((_, index) => index)) }
      : {}),
  });
  if (description && adfLength(description) > DESCRIPTION_MAX) {
    problems.push(
      itemError(
        item,
        'description_too_long',
        `The description of item "${item.id}" is longer than Jira's ${DESCRIPTION_MAX} characters once converted. Shorten it or move details to a linked page.`,
      ),
    );
  }

  const labels = validLabels([...(item.labels ?? []), ...mapped.extraLabels]);
  const extra: Record<string, unknown> = {};
  const points = item.estimate?.points;
  if (points !== undefined && screen.storyPointsFieldId) extra[screen.storyPointsFieldId] = points;
  if (screen.epicNameFieldId) extra[screen.epicNameFieldId] = summary;
  const hours = item.estimate?.hours;
  if (hours !== undefined && screen.fieldIds.has('timetracking')) {
    extra.timetracking = { originalEstimate: `${hours}h` };
  }

  return {
    issueTypeId: mapped.issueType.id,
    summary,
    description: screen.fieldIds.has('description') ? (description ?? null) : null,
    parentItemId: mapped.parentItemId ?? null,
    labels: screen.fieldIds.has('labels') ? labels : [],
    priorityId: screen.fieldIds.has('priority') ? priorityId(item.priority, context) : null,
    assigneeAccountId:
      screen.fieldIds.has('assignee') && context.assigneeAccountId
        ? context.assigneeAccountId
        : null,
    dueDate: screen.fieldIds.has('duedate') && item.dueDate ? item.dueDate : null,
    extra,
  };
}

/** Jira labels cannot hold spaces and are at most 255 characters; duplicates are dropped. */
export function validLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const label of labels) {
    const valid = label.trim().replace(/\s+/g, '-').slice(0, 255);
    if (valid) seen.add(valid);
  }
  return [...seen];
}

function priorityId(priority: Priority, context: FieldContext): string | null {
  const known =
    context.screen.priorities.size > 0 ? context.screen.priorities : context.sitePriorities;
  for (const name of DEFAULT_PRIORITY_NAMES[priority]) {
    const id = known.get(name);
    if (id) return id;
  }
  return null;
}

/** A stable hash of desired fields: equal fingerprints mean nothing to write. */
export function fingerprint(fields: DesiredFields): string {
  return createHash('sha256').update(stableJson(fields)).digest('base64url');
}

/** JSON with object keys sorted, so equal values always serialise the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The fields that differ between what was last written and what is wanted now. */
export function changedKeys(previous: DesiredFields, next: DesiredFields): (keyof DesiredFields)[] {
  const keys = Object.keys(next) as (keyof DesiredFields)[];
  return keys.filter((key) => stableJson(previous[key]) !== stableJson(next[key]));
}

function itemError(item: PlanItem, code: string, message: string): ExportProblem {
  return { severity: 'error', code, message, itemIds: [item.id] };
}
