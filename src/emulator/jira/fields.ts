import type { CustomFieldFixture, CustomFieldKind } from './fixture-types.ts';

/** How the emulator validates and stores a field's value. */
export type ValueKind =
  | 'string'
  | 'adf'
  | 'labels'
  | 'priority'
  | 'user'
  | 'number'
  | 'option'
  | 'sprint'
  | 'epic-link'
  | 'date'
  | 'parent'
  | 'issuelinks'
  | 'readonly';

/** One entry of the field catalogue. */
export interface FieldDef {
  id: string;
  name: string;
  custom: boolean;
  kind: ValueKind;
  schema: Record<string, unknown>;
  clauseNames: string[];
  orderable: boolean;
}

function system(
  id: string,
  name: string,
  kind: ValueKind,
  type: string,
  extra: Record<string, unknown> = {},
  orderable = true,
): FieldDef {
  return {
    id,
    name,
    custom: false,
    kind,
    schema: { type, system: id, ...extra },
    clauseNames: [id === 'issuetype' ? 'type' : id],
    orderable,
  };
}

/** System fields every site has, as `GET /field` lists them. */
export const SYSTEM_FIELDS: readonly FieldDef[] = [
  system('summary', 'Summary', 'string', 'string'),
  system('description', 'Description', 'adf', 'string'),
  system('environment', 'Environment', 'adf', 'string'),
  system('issuetype', 'Issue Type', 'readonly', 'issuetype'),
  system('project', 'Project', 'readonly', 'project'),
  system('parent', 'Parent', 'parent', 'issuelink'),
  system('labels', 'Labels', 'labels', 'array', { items: 'string' }),
  system('priority', 'Priority', 'priority', 'priority'),
  system('assignee', 'Assignee', 'user', 'user'),
  system('reporter', 'Reporter', 'user', 'user'),
  system('duedate', 'Due date', 'date', 'date'),
  system('issuelinks', 'Linked Issues', 'issuelinks', 'array', { items: 'issuelinks' }),
  system('status', 'Status', 'readonly', 'status', {}, false),
  system('created', 'Created', 'readonly', 'datetime', {}, false),
  system('updated', 'Updated', 'readonly', 'datetime', {}, false),
  system('creator', 'Creator', 'readonly', 'user', {}, false),
  system('subtasks', 'Sub-tasks', 'readonly', 'array', { items: 'issuelinks' }, false),
];

const CUSTOM_SHAPES: Record<CustomFieldKind, { kind: ValueKind; schema: Record<string, unknown> }> =
  {
    'com.atlassian.jira.plugin.system.customfieldtypes:textfield': {
      kind: 'string',
      schema: { type: 'string' },
    },
    'com.atlassian.jira.plugin.system.customfieldtypes:textarea': {
      kind: 'adf',
      schema: { type: 'string' },
    },
    'com.atlassian.jira.plugin.system.customfieldtypes:float': {
      kind: 'number',
      schema: { type: 'number' },
    },
    'com.atlassian.jira.plugin.system.customfieldtypes:select': {
      kind: 'option',
      schema: { type: 'option' },
    },
    'com.pyxis.greenhopper.jira:jsw-story-points': { kind: 'number', schema: { type: 'number' } },
    'com.pyxis.greenhopper.jira:gh-sprint': {
      kind: 'sprint',
      schema: { type: 'array', items: 'json' },
    },
    'com.pyxis.greenhopper.jira:gh-epic-link': { kind: 'epic-link', schema: { type: 'any' } },
    'com.pyxis.greenhopper.jira:gh-epic-label': { kind: 'string', schema: { type: 'string' } },
  };

/** Builds the catalogue entry of a custom field from the fixture. */
export function customField(fx: CustomFieldFixture): FieldDef {
  const shape = CUSTOM_SHAPES[fx.kind];
  const customId = Number(fx.id.replace('customfield_', ''));
  return {
    id: fx.id,
    name: fx.name,
    custom: true,
    kind: shape.kind,
    schema: { ...shape.schema, custom: fx.kind, customId },
    clauseNames: [`cf[${customId}]`, fx.name],
    orderable: true,
  };
}

/** The whole catalogue of a site: system fields first, then customs. */
export function catalogue(customs: readonly CustomFieldFixture[]): FieldDef[] {
  return [...SYSTEM_FIELDS, ...customs.map(customField)];
}

/** The `GET /field` representation of a field. */
export function fieldJson(def: FieldDef): Record<string, unknown> {
  return {
    id: def.id,
    key: def.id,
    name: def.name,
    custom: def.custom,
    orderable: def.orderable,
    navigable: true,
    searchable: true,
    clauseNames: def.clauseNames,
    schema: def.schema,
  };
}
