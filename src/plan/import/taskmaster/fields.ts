import type { ItemStatus, Priority } from '../../model.ts';
import { PRIORITIES } from '../../model.ts';
import { joinSections, slugify } from '../text.ts';

/** A Task Master status mapped to the plan: the status, and a label that keeps the nuance. */
export interface MappedStatus {
  status: ItemStatus;
  label?: string;
  /** False when the value is not one Task Master writes; the caller warns. */
  known: boolean;
}

/**
 * Task Master's statuses (https://github.com/eyaltoledano/claude-task-master, `TASK_STATUS_OPTIONS`)
 * and the common non-canonical `completed`. The plan has three statuses; the label keeps what
 * they cannot say (review, deferred, cancelled, blocked) so it survives into Jira.
 */
const STATUS_MAP: Record<string, Omit<MappedStatus, 'known'>> = {
  pending: { status: 'todo' },
  todo: { status: 'todo' },
  'in-progress': { status: 'in_progress' },
  in_progress: { status: 'in_progress' },
  'in progress': { status: 'in_progress' },
  review: { status: 'in_progress', label: 'review' },
  blocked: { status: 'todo', label: 'blocked' },
  deferred: { status: 'todo', label: 'deferred' },
  done: { status: 'done' },
  completed: { status: 'done' },
  complete: { status: 'done' },
  cancelled: { status: 'done', label: 'cancelled' },
  canceled: { status: 'done', label: 'cancelled' },
};

/**
 * Maps a Task Master status, case-insensitively. Missing means `todo`. An unknown value becomes
 * `todo` with the value kept as a label, and `known: false` so the caller can warn.
 */
export function mapStatus(raw: unknown): MappedStatus | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const key = String(raw).trim().toLowerCase();
  const mapped = STATUS_MAP[key];
  if (mapped) return { ...mapped, known: true };
  const label = slugify(key, 40);
  return label === '' ? { status: 'todo', known: false } : { status: 'todo', label, known: false };
}

/**
 * Maps a Task Master priority (`high`, `medium`, `low`; `critical` and `urgent` pass through).
 * Returns undefined for a missing value; `null` for one the plan has no word for.
 */
export function mapPriority(raw: unknown): Priority | undefined | null {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const key = String(raw).trim().toLowerCase();
  return (PRIORITIES as readonly string[]).includes(key) ? (key as Priority) : null;
}

/** A string field's trimmed text, or undefined when absent, empty or not text. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The item description: Task Master's `description`, then `details` and `testStrategy` as
 * Markdown sections with their own headings, so none of the three is lost in Jira.
 */
export function composeDescription(task: Record<string, unknown>): string | undefined {
  const details = text(task.details);
  const testStrategy = text(task.testStrategy);
  return joinSections(
    text(task.description),
    details === undefined ? undefined : `## Details\n\n${details}`,
    testStrategy === undefined ? undefined : `## Test strategy\n\n${testStrategy}`,
  );
}

/** Task Master's optional `acceptanceCriteria`, as a list of strings. */
export function acceptanceCriteria(value: unknown): string[] | undefined {
  if (typeof value === 'string') {
    const lines = value
      .split('\n')
      .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim())
      .filter((line) => line !== '');
    return lines.length > 0 ? lines : undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const items = value.map(text).filter((item): item is string => item !== undefined);
  return items.length > 0 ? items : undefined;
}
