/**
 * The plan model: what a planning tool hands over to Projan, after parsing and normalisation.
 * Every importer (Projan YAML/JSON, Markdown outlines, Task Master, spec-kit) produces a `Plan`.
 * The published JSON Schema (`docs/plan-format.md`) describes the same shape as written in a file.
 */

/** The kinds of work item a plan may hold. */
export const ITEM_TYPES = [
  'epic',
  'feature',
  'story',
  'task',
  'subtask',
  'bug',
  'spike',
  'milestone',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Priorities, from most to least pressing. `medium` is the default. */
export const PRIORITIES = ['urgent', 'critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Progress of an item. `todo` is the default. */
export const STATUSES = ['todo', 'in_progress', 'done'] as const;
export type ItemStatus = (typeof STATUSES)[number];

/** An estimate in story points, hours, or both. */
export interface Estimate {
  points?: number;
  hours?: number;
}

/** One work item of a plan, with its nested children. */
export interface PlanItem {
  /** Unique in the plan and stable across edits: re-exports find the Jira issue by it. */
  id: string;
  type: ItemType;
  title: string;
  /** Markdown. */
  description?: string;
  acceptanceCriteria?: string[];
  priority: Priority;
  estimate?: Estimate;
  labels?: string[];
  /** An email address or a display name, resolved against Jira's assignable users at export. */
  assignee?: string;
  /** ISO calendar date, `YYYY-MM-DD`. */
  dueDate?: string;
  status: ItemStatus;
  /**
   * What this item waits for: ids of other items of the plan, or keys of existing Jira issues
   * (`PAY-123`). "This item cannot start before that one is done."
   */
  dependsOn: string[];
  children: PlanItem[];
}

/** A whole plan: a tree of items with dependencies between them. */
export interface Plan {
  /** Stable slug identifying the plan across re-imports and re-exports. */
  id: string;
  title: string;
  /** Markdown. */
  description?: string;
  items: PlanItem[];
}

/** A Jira issue key such as `PAY-123`; in `dependsOn` it names an issue that already exists. */
export const JIRA_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]*$/;

/**
 * A plan as written in a file (YAML or JSON) or produced by an importer, before validation and
 * normalisation: optional fields may be absent and defaults are not yet applied. Validation
 * turns a `PlanDocument` into a `Plan`.
 */
export interface PlanDocument {
  id?: unknown;
  title?: unknown;
  description?: unknown;
  items?: unknown;
  [extra: string]: unknown;
}

/** An item as an importer writes it, in the file shape (the JSON Schema's item). */
export interface PlanItemDocument {
  id: string;
  type: ItemType;
  title: string;
  description?: string;
  acceptanceCriteria?: string[];
  priority?: Priority;
  estimate?: Estimate;
  labels?: string[];
  assignee?: string;
  dueDate?: string;
  status?: ItemStatus;
  dependsOn?: string[];
  children?: PlanItemDocument[];
}
