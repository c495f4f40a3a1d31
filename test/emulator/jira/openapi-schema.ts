/**
 * Reading Atlassian's OpenAPI document and turning its OpenAPI 3.0 schemas into validators for
 * Ajv 8, for the conformance test.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SPEC_PATH = resolve(
  ROOT,
  process.env.JIRA_OPENAPI_PATH ?? '../shared/reference/jira-platform-openapi-v3.json',
);

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** Reads the document from JIRA_OPENAPI_PATH; fails the test with fetch instructions when absent. */
export function loadSpec(): Json {
  if (!existsSync(SPEC_PATH)) {
    assert.fail(
      `The Jira OpenAPI document is missing at ${SPEC_PATH}. Fetch it with: curl -o ${SPEC_PATH} https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json (or set JIRA_OPENAPI_PATH to a copy).`,
    );
  }
  return JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json;
}

/**
 * Rewrites an OpenAPI 3.0 schema into JSON Schema for Ajv: `nullable` becomes a null branch,
 * component `$ref`s point into the registered `spec` document.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string')
      out.$ref = v.replace('#/components/', 'spec#/components/');
    else if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)]));
    } else if (k !== 'nullable' && !k.startsWith('x-') && k !== 'example' && k !== 'xml') {
      out[k] = toJsonSchema(v);
    }
  }
  if ((node as Json).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** An Ajv instance with the document's components registered as `spec`. */
export function makeAjv(spec: Json): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const f of ['int32', 'int64', 'float', 'double', 'binary', 'byte', 'password'])
    ajv.addFormat(f, true);
  // Jira writes offsets without a colon (`2021-01-17T12:34:00.000+0000`, facts §7).
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/);
  const components = (spec.components as Json) ?? {};
  ajv.addSchema({ $id: 'spec', components: toJsonSchema(components) as Json });
  return ajv;
}

/** Ajv's errors, one line each with the offending parameter. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}
