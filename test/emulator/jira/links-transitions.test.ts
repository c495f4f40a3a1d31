import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJiraSite, loadDefaultFixture } from '../../../src/emulator/jira/index.ts';
import { ADA, KAI, LEE, SAM, testSite } from './helpers.ts';

interface LinkJson {
  id: string;
  type: { name: string; inward: string; outward: string };
  inwardIssue?: { key: string };
  outwardIssue?: { key: string };
}

const blocks = (inward: string, outward: string) => ({
  type: { name: 'Blocks' },
  inwardIssue: { key: inward },
  outwardIssue: { key: outward },
});

describe('issue links (facts §2.10, must-have 18)', () => {
  it('lists the default link types with Blocks as "is blocked by" / "blocks"', () => {
    const { call } = testSite();
    const types = call('GET', '/issueLinkType').body.issueLinkTypes;
    assert.deepEqual(types.map((t: { name: string }) => t.name).sort(), [
      'Blocks',
      'Cloners',
      'Duplicate',
      'Relates',
    ]);
    const b = types.find((t: { name: string }) => t.name === 'Blocks');
    assert.equal(b.inward, 'is blocked by');
    assert.equal(b.outward, 'blocks');
  });

  it('answers 201 with an empty body; inwardIssue is the blocker', () => {
    const { call } = testSite();
    const r = call('POST', '/issueLink', { body: blocks('WEB-1', 'DATA-2') });
    assert.equal(r.status, 201);
    assert.equal(r.body, undefined);
    const a: LinkJson[] = call('GET', '/issue/WEB-1', { query: { fields: 'issuelinks' } }).body
      .fields.issuelinks;
    const b: LinkJson[] = call('GET', '/issue/DATA-2', { query: { fields: 'issuelinks' } }).body
      .fields.issuelinks;
    assert.equal(a.find((l) => l.type.name === 'Blocks')?.outwardIssue?.key, 'DATA-2');
    assert.equal(b.find((l) => l.type.name === 'Blocks')?.inwardIssue?.key, 'WEB-1');
  });

  it('accepts a duplicate silently without a second link', () => {
    const { call } = testSite();
    assert.equal(call('POST', '/issueLink', { body: blocks('WEB-1', 'DATA-2') }).status, 201);
    assert.equal(call('POST', '/issueLink', { body: blocks('WEB-1', 'DATA-2') }).status, 201);
    const a: LinkJson[] = call('GET', '/issue/WEB-1', { query: { fields: 'issuelinks' } }).body
      .fields.issuelinks;
    assert.equal(a.filter((l) => l.outwardIssue?.key === 'DATA-2').length, 1);
  });

  it('answers 404 for an unknown type, an invisible issue, or no Link issues permission', () => {
    const { call } = testSite();
    const type = call('POST', '/issueLink', {
      body: { ...blocks('WEB-1', 'WEB-2'), type: { name: 'Causes' } },
    });
    assert.equal(type.status, 404);
    assert.equal(
      call('POST', '/issueLink', { body: blocks('WEB-1', 'SEC-1'), as: SAM }).status,
      404,
    );
    assert.equal(
      call('POST', '/issueLink', { body: blocks('WEB-1', 'WEB-2'), as: KAI }).status,
      404,
    );
  });

  it('reads and deletes a link by id', () => {
    const { call } = testSite();
    const id = call('GET', '/issue/WEB-2', { query: { fields: 'issuelinks' } }).body.fields
      .issuelinks[0].id;
    const link = call('GET', `/issueLink/${id}`).body;
    assert.equal(link.inwardIssue.key, 'WEB-2');
    assert.equal(link.outwardIssue.key, 'WEB-3');
    assert.equal(call('DELETE', `/issueLink/${id}`).status, 204);
    assert.equal(call('GET', `/issueLink/${id}`).status, 404);
    assert.equal(call('GET', '/issueLink/abc').status, 400);
  });

  it('names both issues as write targets for the per-issue limits', () => {
    const { site, call } = testSite();
    const targets = site.writeTargets({
      method: 'POST',
      path: '/issueLink',
      query: new URLSearchParams(),
      body: blocks('WEB-1', 'WEB-2'),
      caller: { accountId: ADA, scopes: [], cloudId: site.cloudId },
      now: 0,
      selfBase: '',
    });
    const ids = [call('GET', '/issue/WEB-1').body.id, call('GET', '/issue/WEB-2').body.id];
    assert.deepEqual(targets, ids);
  });
});

describe('transitions (facts §2.14, must-have 22)', () => {
  it('lists transitions from the current status; ids differ between workflows', () => {
    const { call } = testSite();
    const web = call('GET', '/issue/WEB-3/transitions').body.transitions;
    assert.deepEqual(
      web.map((t: { id: string; name: string }) => [t.id, t.name]),
      [
        ['21', 'Send to review'],
        ['41', 'Back to To Do'],
      ],
    );
    assert.equal(web[0].to.statusCategory.key, 'indeterminate');
    const mob = call('GET', '/issue/MOB-1/transitions').body.transitions;
    assert.deepEqual(
      mob.map((t: { id: string }) => t.id),
      ['3', '4'],
    );
  });

  it('lists nothing without Transition issues', () => {
    const { call } = testSite();
    const r = call('GET', '/issue/MOB-1/transitions', { as: LEE });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.transitions, []);
    const kai = call('GET', '/issue/WEB-3/transitions', { as: KAI });
    assert.equal(kai.body.transitions.length, 2);
    const noPerm = call('GET', '/issue/OPS-1/transitions', { as: KAI });
    assert.equal(noPerm.status, 404);
  });

  it('moves the issue with 204 and refuses an unavailable transition with 400', () => {
    const { call } = testSite();
    assert.equal(
      call('POST', '/issue/WEB-3/transitions', { body: { transition: { id: '21' } } }).status,
      204,
    );
    assert.equal(
      call('GET', '/issue/WEB-3', { query: { fields: 'status' } }).body.fields.status.name,
      'In Review',
    );
    const bad = call('POST', '/issue/WEB-3/transitions', { body: { transition: { id: '11' } } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errorMessages, ["Transition id '11' is not valid for this issue."]);
    assert.equal(call('POST', '/issue/WEB-3/transitions', { body: {} }).status, 400);
  });
});

describe('per-issue link limit (facts §2.10, §5)', () => {
  it('answers 413 once an issue holds the configured number of links', () => {
    const fx = loadDefaultFixture();
    const siteFx = fx.sites[0];
    assert.ok(siteFx);
    siteFx.jira.issueLinkLimit = 2;
    const site = createJiraSite(siteFx, fx.accounts);
    const link = (inward: string, outward: string) =>
      site.handle({
        method: 'POST',
        path: '/issueLink',
        query: new URLSearchParams(),
        body: blocks(inward, outward),
        caller: { accountId: ADA, scopes: [], cloudId: site.cloudId },
        now: 0,
        selfBase: '',
      });
    // WEB-3 already has two links in the default fixture.
    assert.equal(link('WEB-1', 'WEB-2').status, 201);
    const over = link('WEB-1', 'WEB-3');
    assert.equal(over.status, 413);
    assert.equal(link('WEB-2', 'WEB-3').status, 201, 'a duplicate is still accepted');
  });
});
