import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ITEM_TYPES, PRIORITIES, STATUSES } from '../model.ts';
import { formatPath, type PathSegment } from '../positions.ts';
import { ITEM_FIELDS, PLAN_FIELDS, PLAN_SCHEMA } from '../schema.ts';
import { isRecord, readId } from './collect.ts';
import type { Report } from './report.ts';
import { closest } from './suggest.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped once more.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let compiled: ReturnType<Ajv2020['compile']> | undefined;

function validator() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['date']);
  compiled = ajv.compile(PLAN_SCHEMA);
  return compiled;
}

/** Checks a raw document against the published JSON Schema and reports each violation. */
export function checkSchema(document: unknown, report: Report): void {
  const validate = validator();
  if (validate(document)) return;
  for (const error of validate.errors ?? []) describe(error, document, report);
}

function describe(error: ErrorObject, document: unknown, report: Report): void {
  const path = toSegments(error.instancePath, document);
  const itemLength = itemPrefixLength(path);
  const itemPath = path.slice(0, itemLength);
  const field = path.slice(itemLength);
  const value = valueAt(document, path);
  const place = {
    path,
    itemId: itemLength > 0 ? readId(valueAt(document, [...itemPath, 'id'])) : undefined,
  };
  const code = `schema-${error.keyword}`;
  const subject = itemLength > 0 ? 'This item' : 'The plan';
  const name = field.length > 0 ? `\`${formatPath(field)}\`` : subject.toLowerCase();
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'required':
      report.error('missing-field', missingField(subject, String(params.missingProperty)), place);
      return;
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      report.error(
        'unknown-field',
        unknownField(unknown, itemLength > 0 ? ITEM_FIELDS : PLAN_FIELDS),
        {
          ...place,
          path: [...path, unknown],
          atKey: true,
        },
      );
      return;
    }
    case 'enum':
      report.error(
        `unknown-${String(field.at(-1))}`,
        unknownValue(String(field.at(-1)), value),
        place,
      );
      return;
    case 'type':
      report.error(
        code,
        `${capitalise(name)} must be ${typeName(params.type)}, not ${describeValue(value)}.`,
        place,
      );
      return;
    case 'pattern':
      report.error(...patternProblem(field, value, itemLength > 0), place);
      return;
    case 'maxLength':
      report.error(
        field.at(-1) === 'title' ? 'title-too-long' : code,
        field.at(-1) === 'title'
          ? `The title is ${[...String(value)].length} characters long; Jira allows at most ${String(params.limit)}, so shorten it and move the details to \`description\`.`
          : `${capitalise(name)} is longer than ${String(params.limit)} characters; shorten it.`,
        place,
      );
      return;
    case 'format':
      report.error(
        'invalid-date',
        `The date ${JSON.stringify(value)} is not a real calendar date written as YYYY-MM-DD; write it like 2027-03-01.`,
        place,
      );
      return;
    case 'minimum':
    case 'maximum':
      report.error(
        code,
        `${capitalise(name)} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}; ${String(value)} is out of range.`,
        place,
      );
      return;
    case 'minProperties':
      report.error(
        code,
        '`estimate` is empty; give `points`, `hours` or both, or remove it.',
        place,
      );
      return;
    case 'const':
      report.error(
        'unsupported-version',
        `This file declares format version ${JSON.stringify(value)}; this Projan reads version 1 only, so write \`version: 1\` or remove the field.`,
        place,
      );
      return;
    default:
      report.error(code, `${capitalise(name)} ${error.message ?? 'is invalid'}.`, place);
  }
}

function missingField(subject: string, field: string): string {
  const hints: Record<string, string> = {
    id:
      subject === 'The plan'
        ? 'a stable slug such as `id: web-launch`'
        : 'an id that is unique in the plan and stays the same across edits',
    title: 'a one-line title',
    type: `one of ${ITEM_TYPES.join(', ')}`,
    items: 'the list of work items (`items: []` for an empty plan)',
  };
  return `${subject} has no \`${field}\`; add ${hints[field] ?? 'it'}.`;
}

function unknownField(field: string, known: readonly string[]): string {
  const simplified = (text: string) => text.toLowerCase().replace(/[-_ ]/g, '');
  const match =
    known.find((candidate) => simplified(candidate) === simplified(field)) ?? closest(field, known);
  const hint = match
    ? `did you mean \`${match}\`?`
    : `the fields are ${known.filter((name) => !name.startsWith('$')).join(', ')}.`;
  return `Unknown field \`${field}\`: ${hint} Fields of your own must start with \`x-\`.`;
}

function unknownValue(field: string, value: unknown): string {
  const allowed: Record<string, readonly string[]> = {
    type: ITEM_TYPES,
    priority: PRIORITIES,
    status: STATUSES,
  };
  return `Unknown ${field} ${JSON.stringify(value)}; use one of ${(allowed[field] ?? []).join(', ')}.`;
}

function patternProblem(
  field: readonly PathSegment[],
  value: unknown,
  inItem: boolean,
): [string, string] {
  const last = field.at(-1);
  const parent = field.at(-2);
  const text = String(value);
  if (last === 'title') {
    return text.trim() === ''
      ? ['empty-title', 'The title is empty; write a one-line summary of the work.']
      : [
          'multiline-title',
          'The title spans several lines; Jira summaries are one line, so move the rest to `description`.',
        ];
  }
  if (parent === 'labels') {
    return [
      'invalid-label',
      `The label ${JSON.stringify(text)} contains spaces, which Jira labels cannot hold; write it as ${JSON.stringify(text.trim().replace(/\s+/g, '-'))}.`,
    ];
  }
  if (!inItem && field.length === 1 && last === 'id') {
    return [
      'invalid-plan-id',
      `The plan id ${JSON.stringify(text)} is not a slug; use lowercase letters, digits, ".", "_" or "-", for example "web-launch".`,
    ];
  }
  return [
    'empty-value',
    `${capitalise(`\`${formatPath(field)}\``)} is empty; write a value or remove it.`,
  ];
}

function typeName(type: unknown): string {
  const names: Record<string, string> = {
    array: 'a list',
    object: 'a map of fields',
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
  };
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((entry) => names[String(entry)] ?? String(entry)).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function capitalise(text: string): string {
  return text.charAt(0) === '`' ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

function toSegments(pointer: string, document: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let at: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(at) ? Number(key) : key;
    segments.push(segment);
    at = Array.isArray(at) ? at[Number(key)] : isRecord(at) ? at[key] : undefined;
  }
  return segments;
}

function valueAt(document: unknown, path: readonly PathSegment[]): unknown {
  let at = document;
  for (const segment of path) {
    if (Array.isArray(at) && typeof segment === 'number') at = at[segment];
    else if (isRecord(at) && typeof segment === 'string') at = at[segment];
    else return undefined;
  }
  return at;
}

/** Length of the path prefix naming an item: `items, 2, children, 0` and so on. */
function itemPrefixLength(path: readonly PathSegment[]): number {
  let length = 0;
  while (
    path[length] === (length === 0 ? 'items' : 'children') &&
    typeof path[length + 1] === 'number'
  ) {
    length += 2;
  }
  return length;
}
