/**
 * The Jira half of the emulator fixture: the content of one Jira Cloud site (projects, issue
 * types, screens, workflows, fields, existing issues). Documented in `docs/emulator-jira.md`.
 */

/** Project permission keys as Jira names them in `GET /mypermissions`. */
export type ProjectPermission =
  | 'BROWSE_PROJECTS'
  | 'CREATE_ISSUES'
  | 'EDIT_ISSUES'
  | 'LINK_ISSUES'
  | 'TRANSITION_ISSUES'
  | 'ASSIGN_ISSUES'
  | 'ASSIGNABLE_USER'
  | 'DELETE_ISSUES'
  | 'ADMINISTER_PROJECTS';

/** Jira's three status categories (`TODO` = "new", `IN_PROGRESS` = "indeterminate"). */
export type StatusCategoryKey = 'TODO' | 'IN_PROGRESS' | 'DONE';

/** A workflow status. */
export interface StatusFixture {
  id: string;
  name: string;
  category: StatusCategoryKey;
  description?: string;
}

/** One workflow transition; an empty or missing `from` makes it global (from any status). */
export interface TransitionFixture {
  id: string;
  name: string;
  to: string;
  from?: string[];
}

/** A workflow: where new issues start and how they move. */
export interface WorkflowFixture {
  name: string;
  initialStatus: string;
  transitions: TransitionFixture[];
}

/**
 * An issue type. Global types serve company-managed projects; a type with `projectKey` is
 * scoped to that team-managed project (`scope.type = PROJECT`).
 */
export interface IssueTypeFixture {
  id: string;
  name: string;
  /** -1 sub-task, 0 base (Story, Task, Bug), 1 Epic. */
  hierarchyLevel: -1 | 0 | 1;
  description?: string;
  projectKey?: string;
}

/** A select option offered by a field on a screen. */
export interface OptionFixture {
  id: string;
  value: string;
}

/** A field placed on a create screen. */
export interface ScreenFieldFixture {
  fieldId: string;
  required?: boolean;
  /** Options for select fields. */
  allowedValues?: OptionFixture[];
}

/** The create and edit screens of one issue type in one project. */
export interface ScreenFixture {
  /** Fields on the create screen besides `project`, `issuetype` and `parent` (always offered). */
  create: ScreenFieldFixture[];
  /** Field ids on the edit screen. */
  edit: string[];
}

/** Kinds of custom field the emulator understands, named by their `schema.custom` value. */
export type CustomFieldKind =
  | 'com.atlassian.jira.plugin.system.customfieldtypes:textfield'
  | 'com.atlassian.jira.plugin.system.customfieldtypes:textarea'
  | 'com.atlassian.jira.plugin.system.customfieldtypes:float'
  | 'com.atlassian.jira.plugin.system.customfieldtypes:select'
  | 'com.pyxis.greenhopper.jira:jsw-story-points'
  | 'com.pyxis.greenhopper.jira:gh-sprint'
  | 'com.pyxis.greenhopper.jira:gh-epic-link'
  | 'com.pyxis.greenhopper.jira:gh-epic-label';

/** A custom field in the site's field catalogue (`GET /field`). */
export interface CustomFieldFixture {
  /** `customfield_NNNNN`. */
  id: string;
  name: string;
  kind: CustomFieldKind;
}

/** A project and its configuration. */
export interface ProjectFixture {
  id: string;
  key: string;
  name: string;
  /** `classic` = company-managed, `next-gen` = team-managed. */
  style: 'classic' | 'next-gen';
  /** Account id of the project lead. */
  lead: string;
  description?: string;
  /** Ids of the issue types in the project's scheme. */
  issueTypes: string[];
  /** Project permissions per account id; an account not listed holds none. */
  permissions: Record<string, ProjectPermission[]>;
  /** Screens per issue type name. */
  screens: Record<string, ScreenFixture>;
  /** Workflow name per issue type name; types not listed use `defaultWorkflow`. */
  workflows?: Record<string, string>;
  defaultWorkflow: string;
}

/** An issue that exists when the emulator starts. */
export interface IssueFixture {
  /** `KEY-n`; the number sets where the project's key sequence continues. */
  key: string;
  /** Issue type name within the project. */
  type: string;
  summary: string;
  /** Plain text, stored as one ADF paragraph per line. */
  description?: string;
  status?: string;
  parent?: string;
  labels?: string[];
  assignee?: string;
  reporter: string;
  priority?: string;
  /** ISO 8601 creation time. */
  created: string;
  /** Extra field values by field id, in REST form. */
  fields?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

/** An existing link: `inward` blocks/relates to `outward` as in `POST /issueLink`. */
export interface LinkFixture {
  type: string;
  inward: string;
  outward: string;
}

/** An issue link type (`GET /issueLinkType`). */
export interface LinkTypeFixture {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

/** A priority (`GET /priority`). */
export interface PriorityFixture {
  id: string;
  name: string;
  isDefault?: boolean;
}

/** The Jira content of one site. */
export interface JiraSiteFixture {
  serverTitle: string;
  /** Account ids holding the global Administer Jira permission. */
  admins: string[];
  priorities: PriorityFixture[];
  statuses: StatusFixture[];
  workflows: WorkflowFixture[];
  issueTypes: IssueTypeFixture[];
  customFields: CustomFieldFixture[];
  linkTypes: LinkTypeFixture[];
  projects: ProjectFixture[];
  issues: IssueFixture[];
  links?: LinkFixture[];
  /** Links one issue may hold before `POST /issueLink` answers 413; default 2000 as on Cloud. */
  issueLinkLimit?: number;
  /** First id given to issues, links and similar objects; later ones count up. */
  firstId?: number;
}
