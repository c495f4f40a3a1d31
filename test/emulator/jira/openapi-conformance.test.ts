/**
 * Every REST operation the Jira half implements, called over real HTTP through the emulator's
 * gateway, and every answer checked against that operation's response schema in Atlassian's
 * official OpenAPI document (issue 3, "Checks that keep it honest").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ajv, ValidateFunction } from 'ajv';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { startEmulator } from '../../../src/emulator/server.ts';
import { SAM } from './helpers.ts';
import { describeErrors, type Json, loadSpec, makeAjv, toJsonSchema } from './openapi-schema.ts';

interface Op {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The SPEC path template below /rest/api/3. */
  template: string;
  path: string;
  body?: unknown;
  as?: string;
  status: number;
}

let emulator: RunningEmulator;
let spec: Json;
let ajv: Ajv;
const tokens = new Map<string, string>();
let cloudId = '';

async function token(accountId: string): Promise<string> {
  const known = tokens.get(accountId);
  if (known) return known;
  const r = await fetch(`${emulator.url}/_emulator/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId }),
  });
  assert.equal(r.status, 200, 'minting a token through the control API');
  const t = ((await r.json()) as { access_token: string }).access_token;
  tokens.set(accountId, t);
  return t;
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(op: Op, status: number): ValidateFunction | 'undocumented' | undefined {
  const paths = spec.paths as Record<string, Record<string, Json>>;
  const operation = paths[`/rest/api/3${op.template}`]?.[op.method.toLowerCase()];
  assert.ok(operation, `SPEC has no ${op.method} ${op.template}`);
  const response = (operation.responses as Record<string, Json>)[String(status)];
  if (!response) return 'undocumented';
  const schema = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)
    ?.schema;
  if (!schema) return undefined;
  const key = `${op.method} ${op.template} ${status}`;
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(toJsonSchema(schema) as Json);
    validators.set(key, v);
  }
  return v;
}

async function check(op: Op): Promise<unknown> {
  const accountId = op.as ?? emulator.fixture.accounts[0]?.accountId ?? '';
  const res = await fetch(`${emulator.url}/ex/jira/${cloudId}/rest/api/3${op.path}`, {
    method: op.method,
    headers: {
      authorization: `Bearer ${await token(accountId)}`,
      accept: 'application/json',
      ...(op.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(op.body === undefined ? {} : { body: JSON.stringify(op.body) }),
  });
  const text = await res.text();
  assert.equal(res.status, op.status, `${op.method} ${op.path}: ${text.slice(0, 300)}`);
  const validate = validatorFor(op, res.status);
  assert.notEqual(
    validate,
    'undocumented',
    `${op.method} ${op.template} answered an undocumented ${res.status}`,
  );
  if (text === '') return undefined;
  const body = JSON.parse(text) as unknown;
  if (typeof validate === 'function' && !validate(body)) {
    assert.fail(
      `${op.method} ${op.path} ${res.status} breaks the SPEC schema: ${describeErrors(validate)}`,
    );
  }
  return body;
}

describe('every implemented operation conforms to the official OpenAPI document', () => {
  before(async () => {
    spec = loadSpec();
    ajv = makeAjv(spec);
    emulator = await startEmulator({ port: 0 });
    cloudId = emulator.fixture.sites[0]?.id ?? '';
  });
  after(async () => {
    await emulator?.close();
  });

  it('has a validator that notices a body off the schema (so passing means something)', () => {
    const op: Op = { method: 'GET', template: '/issuetype', path: '/issuetype', status: 200 };
    const validate = validatorFor(op, 200);
    assert.equal(typeof validate, 'function');
    const v = validate as ValidateFunction;
    assert.equal(v([{ id: '1', name: 'Story', hierarchyLevel: 0 }]), true);
    assert.equal(v([{ id: '1', name: 'Story', colour: 'red' }]), false);
    assert.equal(v([{ id: 1 }]), false);
  });

  it('reads: server, user, projects, permissions, types, metadata', async () => {
    const reads: [string, string][] = [
      ['/serverInfo', '/serverInfo'],
      ['/myself', '/myself'],
      ['/project/search', '/project/search?maxResults=2&expand=lead,issueTypes,description'],
      ['/project/search', '/project/search?action=create'],
      ['/project/{projectIdOrKey}', '/project/WEB?expand=issueTypeHierarchy'],
      ['/project/{projectIdOrKey}', '/project/MOB'],
      ['/project/{projectId}/hierarchy', '/project/10002/hierarchy'],
      ['/project/{projectIdOrKey}/statuses', '/project/WEB/statuses'],
      [
        '/mypermissions',
        '/mypermissions?projectKey=WEB&permissions=BROWSE_PROJECTS,CREATE_ISSUES,ADMINISTER',
      ],
      ['/issuetype/project', '/issuetype/project?projectId=10002'],
      ['/issuetype', '/issuetype'],
      ['/issue/createmeta/{projectIdOrKey}/issuetypes', '/issue/createmeta/WEB/issuetypes'],
      [
        '/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
        '/issue/createmeta/OPS/issuetypes/10001',
      ],
      [
        '/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
        '/issue/createmeta/WEB/issuetypes/10004',
      ],
      ['/issueLinkType', '/issueLinkType'],
      ['/field', '/field'],
      ['/priority', '/priority'],
      ['/priority/search', '/priority/search?maxResults=2'],
      ['/status', '/status'],
      ['/statuses/search', '/statuses/search'],
      ['/user/assignable/search', '/user/assignable/search?project=WEB&query=a'],
      ['/issue/{issueIdOrKey}', '/issue/WEB-3'],
      ['/issue/{issueIdOrKey}', '/issue/MOB-3?properties=x'],
      ['/issue/{issueIdOrKey}/editmeta', '/issue/WEB-2/editmeta'],
      ['/issue/{issueIdOrKey}/transitions', '/issue/WEB-3/transitions'],
      ['/issue/{issueIdOrKey}/properties', '/issue/FIN-1/properties'],
      [
        '/issue/{issueIdOrKey}/properties/{propertyKey}',
        '/issue/FIN-1/properties/com.example.origin',
      ],
      ['/search/jql', '/search/jql?jql=project%20%3D%20WEB'],
      [
        '/search/jql',
        '/search/jql?jql=project%20%3D%20WEB&fields=*all&properties=com.example.origin&maxResults=2',
      ],
    ];
    for (const [template, path] of reads)
      await check({ method: 'GET', template, path, status: 200 });
  });

  it('writes: create, bulk create, edit, properties, links, transitions, delete', async () => {
    const created = (await check({
      method: 'POST',
      template: '/issue',
      path: '/issue',
      status: 201,
      body: {
        fields: {
          project: { key: 'WEB' },
          issuetype: { name: 'Story' },
          summary: 'Checkout',
          parent: { key: 'WEB-1' },
        },
        properties: [{ key: 'com.projan.item', value: { planId: '1' } }],
        transition: { id: '11' },
      },
    })) as { key: string };
    await check({
      method: 'POST',
      template: '/issue/bulk',
      path: '/issue/bulk',
      status: 201,
      body: {
        issueUpdates: [
          { fields: { project: { key: 'WEB' }, issuetype: { name: 'Task' }, summary: 'One' } },
          { fields: { project: { key: 'WEB' }, issuetype: { name: 'Task' }, summary: '' } },
        ],
      },
    });
    const key = created.key;
    await check({
      method: 'PUT',
      template: '/issue/{issueIdOrKey}',
      path: `/issue/${key}`,
      status: 204,
      body: { fields: { summary: 'Checkout v2' } },
    });
    await check({
      method: 'PUT',
      template: '/issue/{issueIdOrKey}',
      path: `/issue/${key}?returnIssue=true`,
      status: 200,
      body: { update: { labels: [{ add: 'x' }] } },
    });
    const prop = `/issue/${key}/properties/com.projan.extra`;
    const propT = '/issue/{issueIdOrKey}/properties/{propertyKey}';
    await check({ method: 'PUT', template: propT, path: prop, status: 201, body: { a: 1 } });
    await check({ method: 'PUT', template: propT, path: prop, status: 200, body: { a: 2 } });
    await check({ method: 'DELETE', template: propT, path: prop, status: 204 });
    await check({
      method: 'POST',
      template: '/issueLink',
      path: '/issueLink',
      status: 201,
      body: { type: { name: 'Blocks' }, inwardIssue: { key: 'WEB-3' }, outwardIssue: { key } },
    });
    const issue = (await check({
      method: 'GET',
      template: '/issue/{issueIdOrKey}',
      path: `/issue/${key}?fields=issuelinks,parent`,
      status: 200,
    })) as {
      fields: { issuelinks: { id: string }[] };
    };
    const linkId = issue.fields.issuelinks[0]?.id ?? '';
    await check({
      method: 'GET',
      template: '/issueLink/{linkId}',
      path: `/issueLink/${linkId}`,
      status: 200,
    });
    await check({
      method: 'DELETE',
      template: '/issueLink/{linkId}',
      path: `/issueLink/${linkId}`,
      status: 204,
    });
    await check({
      method: 'POST',
      template: '/issue/{issueIdOrKey}/transitions',
      path: `/issue/${key}/transitions`,
      status: 204,
      body: { transition: { id: '21' } },
    });
    await check({
      method: 'POST',
      template: '/search/jql',
      path: '/search/jql',
      status: 200,
      body: {
        jql: 'project = WEB ORDER BY created DESC',
        fields: ['summary', 'status', 'parent'],
        maxResults: 2,
      },
    });
    await check({
      method: 'POST',
      template: '/search/approximate-count',
      path: '/search/approximate-count',
      status: 200,
      body: { jql: 'project = WEB' },
    });
    await check({
      method: 'POST',
      template: '/issue/bulkfetch',
      path: '/issue/bulkfetch',
      status: 200,
      body: { issueIdsOrKeys: [key, 'WEB-1'], fields: ['summary'] },
    });
    await check({
      method: 'DELETE',
      template: '/issue/{issueIdOrKey}',
      path: `/issue/${key}`,
      status: 204,
    });
  });

  it('errors: the documented statuses and the ErrorCollection schema where the SPEC gives one', async () => {
    const errors: Op[] = [
      {
        method: 'POST',
        template: '/issue',
        path: '/issue',
        status: 400,
        body: {
          fields: { project: { key: 'WEB' }, issuetype: { name: 'Story' }, description: 'plain' },
        },
      },
      {
        method: 'POST',
        template: '/issue/bulk',
        path: '/issue/bulk',
        status: 400,
        body: { issueUpdates: [{ fields: {} }] },
      },
      {
        method: 'GET',
        template: '/issue/{issueIdOrKey}',
        path: '/issue/SEC-1',
        status: 404,
        as: SAM,
      },
      {
        method: 'GET',
        template: '/project/{projectIdOrKey}',
        path: '/project/SEC',
        status: 404,
        as: SAM,
      },
      { method: 'GET', template: '/mypermissions', path: '/mypermissions', status: 400 },
      {
        method: 'GET',
        template: '/issue/createmeta/{projectIdOrKey}/issuetypes',
        path: '/issue/createmeta/WEB/issuetypes?maxResults=500',
        status: 400,
      },
      { method: 'GET', template: '/search/jql', path: '/search/jql?jql=', status: 400 },
      {
        method: 'POST',
        template: '/issueLink',
        path: '/issueLink',
        status: 404,
        body: {
          type: { name: 'Nope' },
          inwardIssue: { key: 'WEB-1' },
          outwardIssue: { key: 'WEB-2' },
        },
      },
      {
        method: 'GET',
        template: '/user/assignable/search',
        path: '/user/assignable/search?project=WEB',
        status: 400,
      },
      {
        method: 'POST',
        template: '/issue/{issueIdOrKey}/transitions',
        path: '/issue/WEB-1/transitions',
        status: 400,
        body: { transition: { id: '999' } },
      },
      {
        method: 'DELETE',
        template: '/issue/{issueIdOrKey}',
        path: '/issue/WEB-1',
        status: 403,
        as: SAM,
      },
    ];
    for (const op of errors) {
      const body = (await check(op)) as { errorMessages?: unknown; errors?: unknown };
      if (op.template !== '/issue/bulk') {
        assert.ok(
          Array.isArray(body.errorMessages) && typeof body.errors === 'object',
          `${op.path} envelope`,
        );
      }
    }
  });
});
