import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADA, doc, KAI, SAM, testSite } from './helpers.ts';

describe('GET /issue/{key} (facts §2.17)', () => {
  it('returns all fields by default, fields= to pick, and 404 with the exact text when hidden', () => {
    const { call } = testSite();
    const all = call('GET', '/issue/WEB-2');
    assert.equal(all.body.key, 'WEB-2');
    assert.equal(all.body.fields.customfield_10026, 5);
    assert.equal(all.body.fields.issuetype.name, 'Story');
    assert.equal(all.body.fields.created, '2026-11-02T09:10:00.000+0000');
    const some = call('GET', '/issue/WEB-2', { query: { fields: 'summary' } });
    assert.deepEqual(Object.keys(some.body.fields), ['summary']);
    const hidden = call('GET', '/issue/SEC-1', { as: SAM });
    assert.equal(hidden.status, 404);
    assert.deepEqual(hidden.body, {
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    });
    assert.deepEqual(call('GET', '/issue/SEC-99', { as: ADA }).body, hidden.body);
  });

  it('returns up to five requested properties and refuses more (facts §2.11)', () => {
    const { call } = testSite();
    const r = call('GET', '/issue/FIN-1', {
      query: { fields: 'summary', properties: 'com.example.origin,other' },
    });
    assert.deepEqual(r.body.properties, { 'com.example.origin': { source: 'spreadsheet' } });
    const many = call('GET', '/issue/FIN-1', { query: { properties: 'a,b,c,d,e,f' } });
    assert.equal(many.status, 400);
  });

  it('carries the parent object with summary, status, priority and issue type (must-have 14)', () => {
    const { call } = testSite();
    const parent = call('GET', '/issue/WEB-3', { query: { fields: 'parent' } }).body.fields.parent;
    assert.equal(parent.key, 'WEB-1');
    assert.deepEqual(Object.keys(parent.fields).sort(), [
      'issuetype',
      'priority',
      'status',
      'summary',
    ]);
  });
});

describe('PUT /issue/{key} (facts §2.9, must-have 17)', () => {
  it('edits fields and applies update ops, answering 204', () => {
    const { call } = testSite();
    const r = call('PUT', '/issue/WEB-3', {
      body: {
        fields: { summary: 'Set up CDN', description: doc('New text') },
        update: { labels: [{ add: 'signed-off' }, { remove: 'legal' }] },
      },
    });
    assert.equal(r.status, 204);
    assert.equal(r.body, undefined);
    const after = call('GET', '/issue/WEB-3', { query: { fields: 'summary,labels' } }).body.fields;
    assert.deepEqual(after, { summary: 'Set up CDN', labels: ['signed-off'] });
  });

  it('answers 200 with the issue when returnIssue=true', () => {
    const { call } = testSite();
    const r = call('PUT', '/issue/WEB-3', {
      body: { fields: { summary: 'Renamed' } },
      query: { returnIssue: 'true' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.fields.summary, 'Renamed');
  });

  it('moves and removes a parent (update.parent.set.none)', () => {
    const { call } = testSite();
    assert.equal(
      call('PUT', '/issue/WEB-3', { body: { update: { parent: [{ set: { none: true } }] } } })
        .status,
      204,
    );
    assert.equal(
      call('GET', '/issue/WEB-3', { query: { fields: 'parent' } }).body.fields.parent,
      undefined,
    );
    assert.equal(
      call('PUT', '/issue/WEB-3', { body: { fields: { parent: { key: 'WEB-1' } } } }).status,
      204,
    );
    assert.equal(
      call('GET', '/issue/WEB-3', { query: { fields: 'parent' } }).body.fields.parent.key,
      'WEB-1',
    );
  });

  it('refuses fields not on the edit screen, and every field without Edit issues', () => {
    const { call } = testSite();
    const off = call('PUT', '/issue/WEB-3', { body: { fields: { customfield_10016: 1 } } });
    assert.equal(off.status, 400);
    assert.deepEqual(off.body.errors, {
      customfield_10016:
        "Field 'customfield_10016' cannot be set. It is not on the appropriate screen, or unknown.",
    });
    const noEdit = call('PUT', '/issue/WEB-3', { body: { fields: { summary: 'x' } }, as: KAI });
    assert.deepEqual(noEdit.body.errors, {
      summary: "Field 'summary' cannot be set. It is not on the appropriate screen, or unknown.",
    });
  });

  it('leaves the assignee off the screens of a caller without Assign issues', () => {
    const { call } = testSite();
    const r = call('PUT', '/issue/FIN-1', { body: { fields: { assignee: { id: SAM } } }, as: SAM });
    assert.deepEqual(r.body.errors, {
      assignee: "Field 'assignee' cannot be set. It is not on the appropriate screen, or unknown.",
    });
    assert.equal(
      'assignee' in call('GET', '/issue/FIN-1/editmeta', { as: SAM }).body.fields,
      false,
    );
    assert.equal(
      call('PUT', '/issue/FIN-1', { body: { fields: { assignee: { id: SAM } } } }).status,
      204,
    );
  });

  it('answers 404 for an invisible issue', () => {
    const { call } = testSite();
    assert.equal(
      call('PUT', '/issue/SEC-1', { body: { fields: { summary: 'x' } }, as: SAM }).status,
      404,
    );
  });

  it('serves editmeta for the edit screen, empty without Edit issues', () => {
    const { call } = testSite();
    assert.ok('customfield_10026' in call('GET', '/issue/WEB-2/editmeta').body.fields);
    assert.deepEqual(call('GET', '/issue/WEB-2/editmeta', { as: KAI }).body.fields, {});
  });
});

describe('DELETE /issue/{key} (facts §2.17)', () => {
  it('needs Delete issues (403), deleteSubtasks for parents of sub-tasks (400), then 204', () => {
    const { call } = testSite();
    assert.equal(call('DELETE', '/issue/MOB-3', { as: SAM }).status, 403);
    const withSub = call('DELETE', '/issue/MOB-2');
    assert.equal(withSub.status, 400);
    assert.equal(call('DELETE', '/issue/MOB-2', { query: { deleteSubtasks: 'true' } }).status, 204);
    assert.equal(call('GET', '/issue/MOB-3').status, 404);
    assert.equal(call('DELETE', '/issue/WEB-2').status, 204);
    const links = call('GET', '/issue/WEB-3', { query: { fields: 'issuelinks' } }).body.fields
      .issuelinks;
    assert.deepEqual(
      links.map((l: { type: { name: string } }) => l.type.name),
      ['Relates'],
      'the Blocks link from the deleted WEB-2 went with it',
    );
  });
});

describe('issue properties (facts §2.11, must-have 19)', () => {
  it('answers 201 on create, 200 on update, lists keys, reads and deletes', () => {
    const { call } = testSite();
    assert.equal(
      call('PUT', '/issue/WEB-2/properties/com.projan.item', { body: { v: 1 } }).status,
      201,
    );
    assert.equal(
      call('PUT', '/issue/WEB-2/properties/com.projan.item', { body: { v: 2 } }).status,
      200,
    );
    assert.deepEqual(call('GET', '/issue/WEB-2/properties/com.projan.item').body, {
      key: 'com.projan.item',
      value: { v: 2 },
    });
    assert.deepEqual(
      call('GET', '/issue/WEB-2/properties').body.keys.map((k: { key: string }) => k.key),
      ['com.projan.item'],
    );
    assert.equal(call('DELETE', '/issue/WEB-2/properties/com.projan.item').status, 204);
    assert.equal(call('GET', '/issue/WEB-2/properties/com.projan.item').status, 404);
  });

  it('enforces the 32,768-character value and 255-character key limits', () => {
    const { call } = testSite();
    assert.equal(
      call('PUT', '/issue/WEB-2/properties/big', { body: 'x'.repeat(32767) }).status,
      400,
    );
    assert.equal(
      call('PUT', '/issue/WEB-2/properties/ok', { body: 'x'.repeat(32766) }).status,
      201,
    );
    assert.equal(
      call('PUT', `/issue/WEB-2/properties/${'k'.repeat(256)}`, { body: 1 }).status,
      400,
    );
  });

  it('needs Edit issues to write (403) and Browse to see (404)', () => {
    const { call } = testSite();
    assert.equal(call('PUT', '/issue/WEB-2/properties/p', { body: 1, as: KAI }).status, 403);
    assert.equal(call('GET', '/issue/SEC-1/properties', { as: SAM }).status, 404);
  });
});

describe('writeTargets (facts §5: per-issue write limits)', () => {
  it('names the issue an edit, transition or property write touches, and nothing for reads', () => {
    const { site, call } = testSite();
    const id = call('GET', '/issue/WEB-1').body.id;
    const target = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string) =>
      site.writeTargets({
        method,
        path,
        query: new URLSearchParams(),
        body: undefined,
        caller: { accountId: ADA, scopes: [], cloudId: site.cloudId },
        now: 0,
        selfBase: '',
      });
    assert.deepEqual(target('PUT', '/issue/WEB-1'), [id]);
    assert.deepEqual(target('POST', '/issue/web-1/transitions'), [id]);
    assert.deepEqual(target('PUT', '/issue/WEB-1/properties/p'), [id]);
    assert.deepEqual(target('GET', '/issue/WEB-1'), []);
    assert.deepEqual(target('POST', '/issue'), []);
  });
});
