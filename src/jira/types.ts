/**
 * Shapes the client returns. Field names follow Jira where the caller must use them verbatim
 * again (field ids such as `customfield_10016`, `issuetype`); the rest is plain data. Only the
 * fields the exporter depends on are listed; responses may carry more.
 */
import type { AdfDoc } from './adf/types.ts';
import type { JiraApiError } from './errors.ts';

/** `GET /myself`. */
export interface JiraAccount {
  accountId: string;
  displayName?: string;
  emailAddress?: string;
  active?: boolean;
  timeZone?: string;
}

/** `GET /serverInfo`. */
export interface JiraServerInfo {
  baseUrl: string;
  version?: string;
  deploymentType?: string;
  serverTitle?: string;
}

/** Issue type as listed for a project (`/issuetype/project`, project `issueTypes`). */
export interface JiraIssueType {
  id: string;
  name: string;
  subtask: boolean;
  /** -1 sub-task, 0 base (Story, Task, Bug), 1 Epic, 2+ above Epic (Premium plans). */
  hierarchyLevel: number;
  description?: string;
}

/** A project; `style` is `classic` (company-managed) or `next-gen` (team-managed). */
export interface JiraProject {
  id: string;
  key: string;
  name: string;
  style?: 'classic' | 'next-gen';
  simplified?: boolean;
  projectTypeKey?: string;
  issueTypes?: JiraIssueType[];
}

/** One level of `GET /project/{id}/hierarchy`; ids are turned into strings here. */
export interface JiraHierarchyLevel {
  level: number;
  name: string;
  issueTypes: Array<{ id: string; name: string }>;
}

/** A field of the create screen (`createmeta/{project}/issuetypes/{id}`). */
export interface JiraCreateField {
  fieldId: string;
  key: string;
  name: string;
  required: boolean;
  hasDefaultValue?: boolean;
  operations: string[];
  schema: JiraFieldSchema;
  allowedValues?: unknown[];
}

/** Jira's field schema (`type`, and `system` or `custom`). */
export interface JiraFieldSchema {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

/** `GET /field`. */
export interface JiraField {
  id: string;
  key?: string;
  name: string;
  custom: boolean;
  schema?: JiraFieldSchema;
}

/** A priority (`/priority/search`). */
export interface JiraPriority {
  id: string;
  name: string;
  isDefault?: boolean;
}

/** `GET /issueLinkType`. For the default Blocks type, inward is "is blocked by". */
export interface JiraIssueLinkType {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

/** An issue as returned by get, search and bulk fetch. */
export interface JiraIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  /** Entity properties asked for with `properties`, by key. */
  properties?: Record<string, unknown>;
}

/**
 * An issue found by `searchJql`. Jira's default `fields` is `id` only, and then the key is
 * absent too; ask for at least one field (e.g. `summary`) to get the key.
 */
export interface JiraSearchHit {
  id: string;
  key?: string;
  fields: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

/** A reference to an issue created or linked. */
export interface JiraIssueRef {
  id: string;
  key: string;
}

/**
 * One link as seen from the issue it was read on. `direction: 'outward'` means this issue
 * `type.outward` the other one ("A blocks B" when read on A); `'inward'` means this issue
 * `type.inward` the other one ("B is blocked by A" when read on B).
 */
export interface JiraIssueLinkView {
  id: string;
  type: JiraIssueLinkType;
  direction: 'inward' | 'outward';
  other: JiraIssueRef;
}

/** A transition available on an issue. */
export interface JiraTransition {
  id: string;
  name: string;
  to: { id: string; name: string; statusCategory?: { id: number; key: string } };
  hasScreen?: boolean;
}

/** An entity property to store on an issue. */
export interface IssuePropertyInput {
  key: string;
  value: unknown;
}

/**
 * A new issue in Projan's words; `createIssue` turns it into Jira's `fields`.
 * `extraFields` carries fields by their Jira id (story points' `customfield_NNNNN`, Epic Name)
 * as the caller resolved them from createmeta.
 */
export interface NewIssue {
  project: { key: string } | { id: string };
  issueTypeId: string;
  summary: string;
  description?: AdfDoc;
  /** Key or id of the parent (Epic for a story, story or task for a sub-task). */
  parent?: string;
  labels?: string[];
  priorityId?: string;
  assigneeAccountId?: string;
  /** `YYYY-MM-DD`. */
  dueDate?: string;
  extraFields?: Record<string, unknown>;
  /** Set at creation in the same request (idempotency markers). */
  properties?: IssuePropertyInput[];
  /**
   * Links created with the issue (`update.issuelinks`), only allowed when the create screen has
   * the Linked Issues field. The new issue takes the other end: `{inwardIssue: A}` with type
   * Blocks means "A blocks the new issue".
   */
  links?: NewIssueLinkFromCreate[];
}

/** A link that rides in a create request; name exactly one of the two ends (key or id). */
export type NewIssueLinkFromCreate =
  | { typeName: string; inwardIssue: string; outwardIssue?: never }
  | { typeName: string; outwardIssue: string; inwardIssue?: never };

/** Changes to an existing issue; `null` clears a field. */
export interface IssueChanges {
  summary?: string;
  description?: AdfDoc | null;
  parent?: string | null;
  labels?: string[];
  priorityId?: string;
  assigneeAccountId?: string | null;
  dueDate?: string | null;
  extraFields?: Record<string, unknown>;
}

/** Outcome of one element of a bulk create, by the index of the request element. */
export type BulkCreateOutcome =
  | { index: number; status: 'created'; issue: JiraIssueRef }
  /** Jira refused the element; it was not created. */
  | {
      index: number;
      status: 'rejected';
      httpStatus: number;
      errorMessages: string[];
      fieldErrors: Record<string, string>;
    }
  /** The request failed before Jira handled it (e.g. 403, rate limit): not created. */
  | { index: number; status: 'failed'; error: JiraApiError }
  /** Created or not is unknown (`outcome_unknown`, or a response that cannot be mapped). */
  | { index: number; status: 'unknown'; error: JiraApiError };
