import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAM, testSite } from './helpers.ts';

type Meta = { fieldId: string; required: boolean; allowedValues?: { value?: string }[] };

describe('createmeta (facts §2.5, must-have 11)', () => {
  it('pages the issue types of a project with startAt/maxResults/total', () => {
    const { call } = testSite();
    const r = call('GET', '/issue/createmeta/WEB/issuetypes', {
      query: { maxResults: '2', startAt: '1' },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.issueTypes.map((t: { name: string }) => t.name),
      ['Story', 'Task'],
    );
    assert.equal(r.body.total, 5);
    assert.equal(r.body.startAt, 1);
    assert.equal(r.body.maxResults, 2);
  });

  it('refuses maxResults over 200 with the documented message', () => {
    const { call } = testSite();
    const r = call('GET', '/issue/createmeta/WEB/issuetypes', { query: { maxResults: '201' } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      errorMessages: ["Parameter 'maxResults' must not exceed the limit '200'"],
      errors: {},
    });
  });

  it('lists nothing to a caller without Create issues and hides invisible projects', () => {
    const { call } = testSite();
    const fin = call('GET', '/issue/createmeta/FIN/issuetypes', { as: SAM });
    assert.deepEqual(fin.body.issueTypes, []);
    assert.equal(fin.body.total, 0);
    assert.equal(call('GET', '/issue/createmeta/SEC/issuetypes', { as: SAM }).status, 404);
  });

  it('describes the create screen: required flags, schema, operations, allowed values', () => {
    const { call } = testSite();
    const r = call('GET', '/issue/createmeta/OPS/issuetypes/10001');
    const fields: Meta[] = r.body.fields;
    const byId = new Map(fields.map((f) => [f.fieldId, f]));
    assert.equal(byId.get('summary')?.required, true);
    assert.equal(byId.get('customfield_10030')?.required, true);
    assert.deepEqual(
      byId.get('customfield_10030')?.allowedValues?.map((o) => o.value),
      ['Platform', 'Payments', 'Growth'],
    );
    assert.equal(byId.get('parent')?.required, false);
    assert.equal(byId.has('issuelinks'), false);
    for (const f of fields) {
      for (const k of ['fieldId', 'key', 'name', 'operations', 'required', 'schema'])
        assert.ok(k in f, `${f.fieldId} lacks ${k}`);
    }
  });

  it('shows only one story-point field per project: Story Points on WEB, Story point estimate on MOB (facts §2.16)', () => {
    const { call } = testSite();
    const ids = (path: string) => call('GET', path).body.fields.map((f: Meta) => f.fieldId);
    const web = ids('/issue/createmeta/WEB/issuetypes/10001');
    const mob = ids('/issue/createmeta/MOB/issuetypes/10011');
    assert.ok(web.includes('customfield_10026') && !web.includes('customfield_10016'));
    assert.ok(mob.includes('customfield_10016') && !mob.includes('customfield_10026'));
    assert.ok(web.includes('issuelinks'));
  });

  it('marks parent required for sub-tasks', () => {
    const { call } = testSite();
    const fields: Meta[] = call('GET', '/issue/createmeta/WEB/issuetypes/10004').body.fields;
    assert.equal(fields.find((f) => f.fieldId === 'parent')?.required, true);
  });

  it('answers 400 for an issue type outside the project', () => {
    const { call } = testSite();
    assert.equal(call('GET', '/issue/createmeta/DATA/issuetypes/10001').status, 400);
  });
});
