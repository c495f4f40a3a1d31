import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOW, PRIYA, SAM, testSite } from './helpers.ts';

type Hit = { id: string; key?: string; fields?: Record<string, unknown> };

function keysOf(body: { issues: Hit[] }): (string | undefined)[] {
  return body.issues.map((i) => i.key);
}

describe('/search/jql (facts §2.12, must-have 20)', () => {
  it('returns ids only by default, with isLast and no total', () => {
    const { call } = testSite();
    const r = call('GET', '/search/jql', { query: { jql: 'project = WEB' } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.issues[0], { id: '10000' });
    assert.equal(r.body.isLast, true);
    assert.equal('total' in r.body, false);
    assert.equal('nextPageToken' in r.body, false);
  });

  it('pages with an opaque nextPageToken, left out on the last page', () => {
    const { call } = testSite();
    const jql = 'project in (WEB, MOB) ORDER BY key ASC';
    const one = call('POST', '/search/jql', { body: { jql, maxResults: 4, fields: ['summary'] } });
    assert.deepEqual(keysOf(one.body), ['MOB-1', 'MOB-2', 'MOB-3', 'WEB-1']);
    assert.equal(one.body.isLast, false);
    const two = call('POST', '/search/jql', {
      body: { jql, maxResults: 4, fields: ['summary'], nextPageToken: one.body.nextPageToken },
    });
    assert.deepEqual(keysOf(two.body), ['WEB-2', 'WEB-3']);
    assert.equal(two.body.isLast, true);
    assert.equal(two.body.nextPageToken, undefined);
  });

  it('returns at most 100 issues a page when fields are asked for, ids up to maxResults', () => {
    const { call } = testSite();
    const updates = Array.from({ length: 50 }, (_, i) => ({
      fields: {
        project: { key: 'WEB' },
        issuetype: { name: 'Task' },
        summary: `t${i}`,
        labels: ['many'],
      },
    }));
    for (let round = 0; round < 3; round += 1) {
      assert.equal(call('POST', '/issue/bulk', { body: { issueUpdates: updates } }).status, 201);
    }
    const ids = call('POST', '/search/jql', { body: { jql: 'labels = many', maxResults: 500 } });
    assert.equal(ids.body.issues.length, 150);
    const withFields = call('POST', '/search/jql', {
      body: { jql: 'labels = many', maxResults: 500, fields: ['summary'] },
    });
    assert.equal(withFields.body.issues.length, 100);
    assert.equal(withFields.body.isLast, false);
    const rest = call('POST', '/search/jql', {
      body: {
        jql: 'labels = many',
        maxResults: 500,
        fields: ['summary'],
        nextPageToken: withFields.body.nextPageToken,
      },
    });
    assert.equal(rest.body.issues.length, 50);
    assert.equal(rest.body.isLast, true);
  });

  it('refuses unbounded JQL and out-of-range maxResults with the exact texts', () => {
    const { call } = testSite();
    for (const jql of ['', 'ORDER BY key DESC']) {
      const r = call('GET', '/search/jql', { query: { jql } });
      assert.equal(r.status, 400);
      assert.deepEqual(r.body.errorMessages, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    }
    for (const maxResults of ['0', '5001']) {
      const r = call('GET', '/search/jql', { query: { jql: 'project = WEB', maxResults } });
      assert.deepEqual(r.body.errorMessages, [
        'The max results parameter has to be between 1 and 5,000.',
      ]);
    }
  });

  it('understands issuetype, parent, labels, key in, AND/OR and parentheses', () => {
    const { call } = testSite();
    const q = (jql: string) =>
      keysOf(call('POST', '/search/jql', { body: { jql, fields: ['key'] } }).body);
    assert.deepEqual(q('project = WEB AND issuetype = Epic'), ['WEB-1']);
    assert.deepEqual(q('parent = WEB-1 ORDER BY key DESC'), ['WEB-3', 'WEB-2']);
    assert.deepEqual(q('labels in (research, legal)'), ['WEB-2', 'WEB-3']);
    assert.deepEqual(
      q('key in (WEB-3, MOB-1)'),
      ['WEB-3', 'MOB-1'].sort((a, b) => (a < b ? 1 : -1)),
    );
    assert.deepEqual(q('(project = DATA OR project = FIN) AND type in (Task)'), [
      'DATA-2',
      'FIN-1',
    ]);
    assert.deepEqual(q('project = MOB AND NOT issuetype = Subtask ORDER BY created DESC'), [
      'MOB-2',
      'MOB-1',
    ]);
  });

  it('also reads statusCategory, summary ~ words and ORDER BY Rank', () => {
    const { call } = testSite();
    const q = (jql: string) =>
      keysOf(call('POST', '/search/jql', { body: { jql, fields: ['key'] } }).body);
    assert.deepEqual(q('project = WEB AND statusCategory = Done'), ['WEB-2']);
    assert.deepEqual(q('project = WEB AND statusCategory != "To Do" ORDER BY Rank DESC'), [
      'WEB-3',
      'WEB-2',
      'WEB-1',
    ]);
    assert.deepEqual(q('project = WEB AND summary ~ "data processing"'), ['WEB-3']);
    assert.deepEqual(q('project = WEB AND parent is EMPTY'), ['WEB-1']);
    assert.deepEqual(q('project = MOB AND assignee is not EMPTY'), []);
    assert.deepEqual(q('project in (WEB, DATA) AND labels is empty'), ['DATA-1', 'DATA-2']);
    const bad = call('POST', '/search/jql', { body: { jql: 'project = WEB ORDER BY colour' } });
    assert.deepEqual(bad.body.errorMessages, ["Not able to sort using field 'colour'."]);
  });

  it('filters by creator = currentUser() and by relative and absolute created times', () => {
    const { call } = testSite();
    const made = call('POST', '/issue', {
      body: { fields: { project: { key: 'WEB' }, issuetype: { name: 'Task' }, summary: 'new' } },
      as: SAM,
      now: NOW - 60_000,
    });
    const q = (jql: string, as = SAM) =>
      keysOf(call('POST', '/search/jql', { body: { jql, fields: ['key'] }, as }).body);
    assert.deepEqual(q('project = WEB AND creator = currentUser()'), [made.body.key]);
    assert.deepEqual(q('project = WEB AND created >= "-5m"'), [made.body.key]);
    assert.deepEqual(q('project = WEB AND created >= "2026-11-03 00:00"'), [
      'WEB-3',
      made.body.key,
    ]);
    assert.deepEqual(q(`project = WEB AND created < ${Date.parse('2026-11-02T09:05:00Z')}`), [
      'WEB-1',
    ]);
    assert.deepEqual(q('project = WEB AND creator = currentUser()', PRIYA), []);
  });

  it('returns up to five properties per issue', () => {
    const { call } = testSite();
    const r = call('GET', '/search/jql', {
      query: { jql: 'key = FIN-1', properties: 'com.example.origin' },
    });
    assert.deepEqual(r.body.issues[0].properties, {
      'com.example.origin': { source: 'spreadsheet' },
    });
    const many = call('GET', '/search/jql', {
      query: { jql: 'key = FIN-1', properties: 'a,b,c,d,e,f' },
    });
    assert.equal(many.status, 400);
  });

  it('refuses entity-property JQL from OAuth 2.0 (3LO) callers (facts §2.11)', () => {
    const { call } = testSite();
    const r = call('GET', '/search/jql', {
      query: { jql: 'issue.property[com.projan.item].planId = "42"' },
    });
    assert.equal(r.status, 400);
    assert.match(
      r.body.errorMessages[0],
      /^Field 'issue\.property\[com\.projan\.item\]\.planId' does not exist/,
    );
  });

  it('reports unknown values and hides issues the caller cannot browse', () => {
    const { call } = testSite();
    const r = call('GET', '/search/jql', { query: { jql: 'project = SEC' }, as: SAM });
    assert.deepEqual(r.body.errorMessages, [
      "The value 'SEC' does not exist for the field 'project'.",
    ]);
    const mixed = call('POST', '/search/jql', {
      body: { jql: 'project in (WEB, OPS) AND issuetype = Epic', fields: ['key'] },
      as: SAM,
    });
    assert.deepEqual(keysOf(mixed.body), ['WEB-1', 'OPS-1']);
  });

  it('is eventually consistent: new issues appear after the delay unless reconciled', () => {
    const t = testSite();
    t.site.behaviour.searchConsistencyDelayMs = 5_000;
    const made = t.call('POST', '/issue', {
      body: {
        fields: {
          project: { key: 'WEB' },
          issuetype: { name: 'Task' },
          summary: 'fresh',
          labels: ['plan-7'],
        },
      },
    });
    const search = (now: number, reconcileIssues?: number[]) =>
      t.call('POST', '/search/jql', {
        body: { jql: 'labels = plan-7', ...(reconcileIssues ? { reconcileIssues } : {}) },
        now,
      }).body.issues.length;
    assert.equal(search(NOW + 1_000), 0);
    assert.equal(search(NOW + 1_000, [Number(made.body.id)]), 1);
    assert.equal(search(NOW + 5_000), 1);
  });

  it('answers 410 with the CHANGE-2046 text on the removed /search', () => {
    const { call } = testSite();
    for (const method of ['GET', 'POST'] as const) {
      const r = call(method, '/search', { query: { jql: 'project = WEB' } });
      assert.equal(r.status, 410);
      assert.match(
        r.body.errorMessages[0],
        /migrate to the \/rest\/api\/3\/search\/jql API.*CHANGE-2046$/,
      );
    }
  });

  it('counts approximately and bulk-fetches in ascending id order', () => {
    const { call } = testSite();
    assert.deepEqual(
      call('POST', '/search/approximate-count', { body: { jql: 'project = WEB' } }).body,
      { count: 3 },
    );
    const r = call('POST', '/issue/bulkfetch', {
      body: { issueIdsOrKeys: ['WEB-3', 'WEB-1', 'SEC-1'], fields: ['summary'] },
      as: SAM,
    });
    assert.deepEqual(keysOf(r.body), ['WEB-1', 'WEB-3']);
    const tooMany = Array.from({ length: 101 }, (_, i) => `WEB-${i}`);
    assert.equal(
      call('POST', '/issue/bulkfetch', { body: { issueIdsOrKeys: tooMany } }).status,
      400,
    );
  });
});
