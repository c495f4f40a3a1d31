import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADA, KAI, PRIYA, SAM, testSite } from './helpers.ts';

const keys = (body: { values: { key: string }[] }) => body.values.map((p) => p.key);

describe('GET /project/search (facts §2.2, must-have 9)', () => {
  it('filters by action: view, browse, edit (= administer), create (= Create issues)', () => {
    const { call } = testSite();
    const q = (action: string, as: string) =>
      keys(call('GET', '/project/search', { query: { action }, as }).body);
    assert.deepEqual(q('view', SAM), ['DATA', 'FIN', 'MOB', 'OPS', 'WEB']);
    assert.deepEqual(q('create', SAM), ['DATA', 'MOB', 'OPS', 'WEB']);
    assert.deepEqual(q('edit', SAM), []);
    assert.deepEqual(q('edit', PRIYA), ['MOB', 'WEB']);
    assert.deepEqual(q('edit', ADA), ['DATA', 'FIN', 'MOB', 'OPS', 'SEC', 'WEB']);
    assert.deepEqual(q('browse', KAI), ['WEB']);
  });

  it('pages with startAt/maxResults, nextPage and isLast; maxResults falls back to 100', () => {
    const { call } = testSite();
    const first = call('GET', '/project/search', { query: { maxResults: '4' } });
    assert.equal(first.body.total, 6);
    assert.equal(first.body.isLast, false);
    assert.match(first.body.nextPage, /\/rest\/api\/3\/project\/search\?startAt=4&maxResults=4$/);
    const second = call('GET', '/project/search', { query: { maxResults: '4', startAt: '4' } });
    assert.deepEqual(keys(second.body), ['SEC', 'WEB']);
    assert.equal(second.body.isLast, true);
    assert.equal(second.body.nextPage, undefined);
    const big = call('GET', '/project/search', { query: { maxResults: '500' } });
    assert.equal(big.body.maxResults, 100);
  });

  it('matches query on key or name, keys=, and orderBy with a minus prefix', () => {
    const { call } = testSite();
    assert.deepEqual(keys(call('GET', '/project/search', { query: { query: 'mobile' } }).body), [
      'MOB',
    ]);
    assert.deepEqual(keys(call('GET', '/project/search', { query: 'keys=WEB&keys=OPS' }).body), [
      'OPS',
      'WEB',
    ]);
    const desc = call('GET', '/project/search', { query: { orderBy: '-key', maxResults: '2' } });
    assert.deepEqual(keys(desc.body), ['WEB', 'SEC']);
  });

  it('shows style and simplified for company- and team-managed projects (facts §2.2)', () => {
    const { call } = testSite();
    const values = call('GET', '/project/search').body.values;
    const web = values.find((p: { key: string }) => p.key === 'WEB');
    const mob = values.find((p: { key: string }) => p.key === 'MOB');
    assert.equal(web.style, 'classic');
    assert.equal(web.simplified, false);
    assert.equal(mob.style, 'next-gen');
    assert.equal(mob.simplified, true);
  });
});

describe('GET /project/{idOrKey} (facts §2.2, §4, must-have 8)', () => {
  it('hides a project the caller cannot browse exactly like a missing one', () => {
    const { call } = testSite();
    const hidden = call('GET', '/project/SEC', { as: SAM });
    const missing = call('GET', '/project/NOPE', { as: SAM });
    assert.equal(hidden.status, 404);
    assert.deepEqual(hidden.body, {
      errorMessages: ["No project could be found with key 'SEC'."],
      errors: {},
    });
    assert.deepEqual(missing.body, {
      errorMessages: ["No project could be found with key 'NOPE'."],
      errors: {},
    });
    assert.equal(call('GET', '/project/SEC', { as: ADA }).status, 200);
  });

  it('returns issue types and, on expand, the issue type hierarchy', () => {
    const { call } = testSite();
    const r = call('GET', '/project/MOB', { query: { expand: 'issueTypeHierarchy' } });
    assert.deepEqual(
      r.body.issueTypes.map((t: { name: string }) => t.name),
      ['Epic', 'Story', 'Task', 'Bug', 'Subtask'],
    );
    assert.deepEqual(r.body.issueTypes[4].scope, { type: 'PROJECT', project: { id: '10002' } });
    assert.deepEqual(
      r.body.issueTypeHierarchy.levels.map((l: { level: number }) => l.level),
      [0, 1, -1],
    );
  });
});

describe('issue types and hierarchy (facts §2.4, must-have 10)', () => {
  it('serves /project/{id}/hierarchy with numeric ids', () => {
    const { call } = testSite();
    const r = call('GET', '/project/10002/hierarchy');
    assert.equal(r.body.projectId, 10002);
    const sub = r.body.hierarchy.find((l: { level: number }) => l.level === -1);
    assert.deepEqual(
      sub.issueTypes.map((t: { id: number; name: string }) => [t.id, t.name]),
      [[10014, 'Subtask']],
    );
  });

  it('serves /issuetype/project filtered by level; "Sub-task" in company-managed', () => {
    const { call } = testSite();
    const web = call('GET', '/issuetype/project', { query: { projectId: '10000', level: '-1' } });
    assert.deepEqual(
      web.body.map((t: { name: string; subtask: boolean }) => [t.name, t.subtask]),
      [['Sub-task', true]],
    );
    assert.equal(web.body[0].scope, undefined);
    const data = call('GET', '/issuetype/project', { query: { projectId: '10003' } });
    assert.ok(!data.body.some((t: { name: string }) => t.name === 'Story'));
    const hidden = call('GET', '/issuetype/project', { query: { projectId: '10005' }, as: SAM });
    assert.deepEqual(hidden.body.errorMessages, ["No project could be found with id '10005'."]);
    assert.equal(call('GET', '/issuetype/project').status, 400);
  });

  it('lists project-scoped types only to those who can see the project in /issuetype', () => {
    const { call } = testSite();
    const names = (as: string) =>
      call('GET', '/issuetype', { as }).body.map((t: { name: string }) => t.name);
    assert.ok(names(SAM).includes('Subtask'));
    assert.ok(!names(KAI).includes('Subtask'));
  });

  it('lists statuses per issue type in /project/{k}/statuses', () => {
    const { call } = testSite();
    const r = call('GET', '/project/WEB/statuses', { as: SAM });
    const story = r.body.find((t: { name: string }) => t.name === 'Story');
    assert.deepEqual(
      story.statuses.map((s: { name: string; statusCategory: { key: string } }) => [
        s.name,
        s.statusCategory.key,
      ]),
      [
        ['To Do', 'new'],
        ['In Progress', 'indeterminate'],
        ['In Review', 'indeterminate'],
        ['Done', 'done'],
      ],
    );
  });
});

describe('GET /mypermissions (facts §2.3, must-have 9)', () => {
  it('answers havePermission per key in a project context', () => {
    const { call } = testSite();
    const r = call('GET', '/mypermissions', {
      query: { projectKey: 'FIN', permissions: 'BROWSE_PROJECTS,CREATE_ISSUES,LINK_ISSUES' },
      as: SAM,
    });
    const have = Object.fromEntries(
      Object.entries(r.body.permissions).map(([k, v]) => [
        k,
        (v as { havePermission: boolean }).havePermission,
      ]),
    );
    assert.deepEqual(have, { BROWSE_PROJECTS: true, CREATE_ISSUES: false, LINK_ISSUES: true });
    assert.equal(r.body.permissions.CREATE_ISSUES.id, '11');
    assert.equal(r.body.permissions.CREATE_ISSUES.type, 'PROJECT');
  });

  it('answers 400 when permissions is missing or holds an unknown key', () => {
    const { call } = testSite();
    const missing = call('GET', '/mypermissions', { query: { projectKey: 'WEB' } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.errors, {});
    const bad = call('GET', '/mypermissions', { query: { permissions: 'BROWSE_PROJECTS,FLY' } });
    assert.equal(bad.status, 400);
  });

  it('hides invisible projects and issues with 404', () => {
    const { call } = testSite();
    const p = call('GET', '/mypermissions', {
      query: { projectKey: 'SEC', permissions: 'BROWSE_PROJECTS' },
      as: SAM,
    });
    assert.equal(p.status, 404);
    const i = call('GET', '/mypermissions', {
      query: { issueKey: 'SEC-1', permissions: 'BROWSE_PROJECTS' },
      as: SAM,
    });
    assert.deepEqual(i.body.errorMessages, [
      'Issue does not exist or you do not have permission to see it.',
    ]);
  });

  it('reports the global ADMINISTER permission for site admins only', () => {
    const { call } = testSite();
    const admin = (as: string) =>
      call('GET', '/mypermissions', { query: { permissions: 'ADMINISTER' }, as }).body.permissions
        .ADMINISTER.havePermission;
    assert.equal(admin(ADA), true);
    assert.equal(admin(PRIYA), false);
  });
});
