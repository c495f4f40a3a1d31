import { ITEM_TYPES, PRIORITIES, STATUSES } from './model.ts';

/**
 * The JSON Schema (draft 2020-12) of the plan file format v1, for YAML and JSON files alike.
 * `docs/plan-format.md` publishes it verbatim (a test keeps the two equal) and
 * `validatePlanDocument` checks every document against it with ajv before the rules a schema
 * cannot express (unique ids, dependency targets, cycles, nesting depth, hierarchy).
 *
 * Ids may be written as integers (`id: 12`) because hand-written YAML often does; validation
 * turns them into strings. Unknown fields are refused so that a typo such as `depends_on` is not
 * silently ignored; fields starting with `x-` are free for tools' own data.
 */
export const PLAN_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:projan:plan-format:v1',
  title: 'Projan plan (format v1)',
  description: 'A tree of work items with dependencies between them.',
  type: 'object',
  required: ['id', 'title', 'items'],
  properties: {
    $schema: { type: 'string', description: 'Optional: the schema this file follows.' },
    version: { const: 1, description: 'Format version; 1 when absent.' },
    id: {
      type: 'string',
      pattern: '^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$',
      description: 'Stable slug of the plan: lowercase letters, digits, ".", "_" and "-".',
    },
    title: { $ref: '#/$defs/title' },
    description: { type: 'string', description: 'Markdown.' },
    items: { type: 'array', items: { $ref: '#/$defs/item' } },
  },
  patternProperties: { '^x-': true },
  additionalProperties: false,
  $defs: {
    id: {
      type: ['string', 'integer'],
      minimum: 0,
      pattern: '\\S',
      maxLength: 255,
      description: 'An item id (or, in dependsOn, a Jira issue key such as PAY-123).',
    },
    title: {
      type: 'string',
      pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$',
      maxLength: 255,
      description: 'One line of text, at most 255 characters (Jira summary limit).',
    },
    text: { type: 'string', pattern: '\\S' },
    item: {
      type: 'object',
      required: ['id', 'type', 'title'],
      properties: {
        id: { $ref: '#/$defs/id' },
        type: { enum: [...ITEM_TYPES] },
        title: { $ref: '#/$defs/title' },
        description: { type: 'string', description: 'Markdown.' },
        acceptanceCriteria: { type: 'array', items: { $ref: '#/$defs/text' } },
        priority: { enum: [...PRIORITIES], default: 'medium' },
        estimate: {
          type: 'object',
          minProperties: 1,
          properties: {
            points: { type: 'number', minimum: 0, maximum: 1000 },
            hours: { type: 'number', minimum: 0, maximum: 100000 },
          },
          additionalProperties: false,
        },
        labels: {
          type: 'array',
          items: { type: 'string', pattern: '^\\S+$', maxLength: 255 },
        },
        assignee: { type: 'string', pattern: '\\S', maxLength: 255 },
        dueDate: { type: 'string', format: 'date' },
        status: { enum: [...STATUSES], default: 'todo' },
        dependsOn: { type: 'array', items: { $ref: '#/$defs/id' }, default: [] },
        children: { type: 'array', items: { $ref: '#/$defs/item' }, default: [] },
      },
      patternProperties: { '^x-': true },
      additionalProperties: false,
    },
  },
} as const;

/** The field names an item may carry, in the order the docs list them. */
export const ITEM_FIELDS = Object.keys(PLAN_SCHEMA.$defs.item.properties);

/** The field names a plan may carry at the top level. */
export const PLAN_FIELDS = Object.keys(PLAN_SCHEMA.properties);
