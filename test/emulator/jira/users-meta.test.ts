import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADA, KAI, PRIYA, SAM, testSite } from './helpers.ts';

type User = { accountId: string; displayName: string; emailAddress?: string };

describe('GET /user/assignable/search (facts §2.13, must-have 21)', () => {
  it('returns a plain array matched by displayName or email prefix', () => {
    const { call } = testSite();
    const r = call('GET', '/user/assignable/search', { query: { project: 'WEB', query: 'sa' } });
    assert.ok(Array.isArray(r.body));
    assert.deepEqual(
      r.body.map((u: User) => u.accountId),
      [SAM],
    );
    const byEmail = call('GET', '/user/assignable/search', {
      query: { project: 'WEB', query: 'priya@' },
    });
    assert.deepEqual(
      byEmail.body.map((u: User) => u.accountId),
      [PRIYA],
    );
    const byLastName = call('GET', '/user/assignable/search', {
      query: { project: 'WEB', query: 'contr' },
    });
    assert.deepEqual(
      byLastName.body.map((u: User) => u.accountId),
      [KAI],
    );
  });

  it('hides the email of users whose profile hides it', () => {
    const { call } = testSite();
    const r = call('GET', '/user/assignable/search', { query: { project: 'WEB', accountId: KAI } });
    assert.equal(r.body[0].displayName, 'Kai Contractor');
    assert.equal('emailAddress' in r.body[0], false);
  });

  it('filters after taking the page window, so pages come back short', () => {
    const { call } = testSite();
    const page = (startAt: number) =>
      call('GET', '/user/assignable/search', {
        query: { project: 'MOB', query: '', startAt: String(startAt), maxResults: '3' },
      }).body.map((u: User) => u.displayName);
    // Users by name: Ada, Bob, Carol | Kai, Lee, Priya | Sam. Kai is not assignable in MOB and
    // Lee is inactive, so the middle window yields one user.
    assert.deepEqual(page(0), ['Ada Admin', 'Bob Osei', 'Carol Diaz']);
    assert.deepEqual(page(3), ['Priya Lead']);
    assert.deepEqual(page(6), ['Sam Member']);
    assert.deepEqual(page(9), []);
  });

  it('needs project or issueKey, and exactly one of query and accountId (400)', () => {
    const { call } = testSite();
    assert.equal(call('GET', '/user/assignable/search', { query: { query: 'a' } }).status, 400);
    assert.equal(call('GET', '/user/assignable/search', { query: { project: 'WEB' } }).status, 400);
    assert.equal(
      call('GET', '/user/assignable/search', {
        query: { project: 'WEB', query: 'a', accountId: SAM },
      }).status,
      400,
    );
    assert.equal(
      call('GET', '/user/assignable/search', { query: { issueKey: 'WEB-1', query: 'a' } }).status,
      200,
    );
    assert.equal(
      call('GET', '/user/assignable/search', { query: { project: 'SEC', query: 'a' }, as: SAM })
        .status,
      404,
    );
  });
});

describe('site metadata', () => {
  it('/serverInfo says Cloud (facts §2.1)', () => {
    const { call } = testSite();
    const r = call('GET', '/serverInfo');
    assert.equal(r.body.deploymentType, 'Cloud');
    assert.equal(r.body.serverTitle, 'Acme Software');
  });

  it('/myself returns the caller with their email (facts §1.7)', () => {
    const { call } = testSite();
    const me = call('GET', '/myself', { as: KAI }).body;
    assert.equal(me.accountId, KAI);
    assert.equal(me.emailAddress, 'kai@contractor.example');
    assert.equal(me.accountType, 'atlassian');
  });

  it('/field lists both story-point fields, Sprint, Epic Link and Epic Name (facts §2.16)', () => {
    const { call } = testSite();
    const fields: { name: string; schema: { custom?: string } }[] = call('GET', '/field').body;
    const custom = (name: string) => fields.find((f) => f.name === name)?.schema.custom;
    assert.equal(custom('Story point estimate'), 'com.pyxis.greenhopper.jira:jsw-story-points');
    assert.equal(custom('Story Points'), 'com.atlassian.jira.plugin.system.customfieldtypes:float');
    assert.equal(custom('Sprint'), 'com.pyxis.greenhopper.jira:gh-sprint');
    assert.equal(custom('Epic Link'), 'com.pyxis.greenhopper.jira:gh-epic-link');
    assert.equal(custom('Epic Name'), 'com.pyxis.greenhopper.jira:gh-epic-label');
  });

  it('/priority lists Highest to Lowest; /status spans the three categories', () => {
    const { call } = testSite();
    assert.deepEqual(
      call('GET', '/priority').body.map((p: { name: string }) => p.name),
      ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
    );
    const cats = new Set(
      call('GET', '/status').body.map(
        (s: { statusCategory: { key: string } }) => s.statusCategory.key,
      ),
    );
    assert.deepEqual([...cats].sort(), ['done', 'indeterminate', 'new']);
  });

  it('/priority/search pages the priorities as a PageBean', () => {
    const { call } = testSite();
    const first = call('GET', '/priority/search', { query: { maxResults: '3' }, as: SAM });
    assert.deepEqual(
      first.body.values.map((p: { name: string }) => p.name),
      ['Highest', 'High', 'Medium'],
    );
    assert.equal(first.body.isLast, false);
    assert.equal(first.body.total, 5);
    const rest = call('GET', '/priority/search', {
      query: { maxResults: '3', startAt: '3' },
      as: SAM,
    });
    assert.deepEqual(
      rest.body.values.map((p: { name: string }) => p.name),
      ['Low', 'Lowest'],
    );
    assert.equal(rest.body.isLast, true);
    const def = call('GET', '/priority/search', { query: { onlyDefault: 'true' } });
    assert.deepEqual(
      def.body.values.map((p: { name: string }) => p.name),
      ['Medium'],
    );
  });

  it('/statuses/search is for administrators only (facts §2.15)', () => {
    const { call } = testSite();
    const admin = call('GET', '/statuses/search', { as: ADA });
    assert.equal(admin.status, 200);
    assert.equal(admin.body.values[0].statusCategory, 'TODO');
    assert.equal(call('GET', '/statuses/search', { as: SAM }).status, 401);
  });

  it('answers unknown paths with 404 in the error envelope (facts §4)', () => {
    const { call } = testSite();
    const r = call('GET', '/nothing/here');
    assert.equal(r.status, 404);
    assert.deepEqual(Object.keys(r.body).sort(), ['errorMessages', 'errors']);
  });

  it('fills the points cost: core objects for issues, identity objects for users (facts §5)', () => {
    const { call } = testSite();
    assert.deepEqual(call('GET', '/issue/WEB-1').cost, { core: 1, identity: 0 });
    assert.deepEqual(call('GET', '/myself').cost, { core: 0, identity: 1 });
    assert.deepEqual(call('POST', '/search/jql', { body: { jql: 'project = WEB' } }).cost, {
      core: 3,
      identity: 0,
    });
  });
});

describe('robustness: client errors never throw', () => {
  it('answers a malformed percent-escape in a path with 404 instead of throwing', () => {
    const { call, site } = testSite();
    assert.equal(call('GET', '/issue/%E0%A4%A').status, 404);
    assert.equal(site.browse('/browse/%E0%A4%A').status, 404);
  });
});
