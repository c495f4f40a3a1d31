/**
 * What a project's create screen for one issue type accepts, read from the createmeta
 * endpoints: only fields on the screen may be sent, and required fields must be filled.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-createmeta-projectidorkey-issuetypes-issuetypeid-get
 */
import type { JiraCreateField } from '../jira/types.ts';

/** The create screen of one issue type, in the terms the exporter needs. */
export interface CreateScreen {
  issueTypeId: string;
  issueTypeName: string;
  /** Field ids on the screen. */
  fieldIds: Set<string>;
  /** Field id of the story-point field on this screen, if any. */
  storyPointsFieldId: string | undefined;
  /**
   * Field id of the legacy "Epic Name" field when the screen has it. Company-managed epics once
   * required it; Projan fills it with the summary whenever the screen lists it.
   */
  epicNameFieldId: string | undefined;
  /** Whether dependency links can ride in the create request (`update.issuelinks`). */
  acceptsLinks: boolean;
  /** Priorities the screen allows, by lower-cased name -> id. */
  priorities: Map<string, string>;
  /** Required fields without a default that Projan does not fill: name by field id. */
  unfillableRequired: Map<string, string>;
}

const STORY_POINTS_TYPE = 'com.pyxis.greenhopper.jira:jsw-story-points';
const STORY_POINT_NAMES = ['story point estimate', 'story points'];
const EPIC_NAME_TYPE = 'com.pyxis.greenhopper.jira:gh-epic-label';

/** Fields Projan fills (or Jira fills itself) on create. */
const FILLED_BY_PROJAN = new Set([
  'project',
  'issuetype',
  'summary',
  'description',
  'parent',
  'labels',
  'priority',
  'assignee',
  'duedate',
  'reporter',
  'timetracking',
]);

/** Reads a create screen from its createmeta fields. */
export function readCreateScreen(
  issueTypeId: string,
  issueTypeName: string,
  fields: readonly JiraCreateField[],
): CreateScreen {
  const fieldIds = new Set(fields.map((field) => field.fieldId));
  const storyPoints =
    fields.find((field) => field.schema.custom === STORY_POINTS_TYPE) ??
    fields.find((field) => STORY_POINT_NAMES.includes(field.name.toLowerCase()));
  const epicName =
    fields.find((field) => field.schema.custom === EPIC_NAME_TYPE) ??
    fields.find((field) => field.name.toLowerCase() === 'epic name');
  const priorities = new Map<string, string>();
  const priorityField = fields.find((field) => field.fieldId === 'priority');
  for (const value of priorityField?.allowedValues ?? []) {
    const { id, name } = value as { id?: unknown; name?: unknown };
    if (typeof id === 'string' && typeof name === 'string') priorities.set(name.toLowerCase(), id);
  }
  const unfillableRequired = new Map<string, string>();
  for (const field of fields) {
    const filled =
      FILLED_BY_PROJAN.has(field.fieldId) ||
      field.fieldId === storyPoints?.fieldId ||
      field.fieldId === epicName?.fieldId;
    if (field.required && field.hasDefaultValue !== true && !filled) {
      unfillableRequired.set(field.fieldId, field.name);
    }
  }
  return {
    issueTypeId,
    issueTypeName,
    fieldIds,
    storyPointsFieldId: storyPoints?.fieldId,
    epicNameFieldId: epicName?.fieldId,
    acceptsLinks: fieldIds.has('issuelinks'),
    priorities,
    unfillableRequired,
  };
}
