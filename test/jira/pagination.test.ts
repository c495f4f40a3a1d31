import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JiraSearchHit } from '../../src/jira/types.ts';
import { type EmulatorEnv, emulatorEnv } from './emulator-env.ts';

async function collect(iterable: AsyncIterable<JiraSearchHit>): Promise<JiraSearchHit[]> {
  const out: JiraSearchHit[] = [];
  for await (const hit of iterable) out.push(hit);
  return out;
}

describe('pagination against the emulator', () => {
  let env: EmulatorEnv;
  before(async () => {
    env = await emulatorEnv();
  });
  after(() => env.close());

  it('follows nextPageToken on POST and GET /search/jql until the last page', async () => {
    const jql = 'project = WEB ORDER BY key ASC';
    const whole = await collect(env.client.searchJql({ jql, fields: ['summary'] }));
    assert.ok(whole.length >= 3, 'the fixture has several WEB issues');
    const before = (await env.requests()).length;
    for (const method of ['POST', 'GET'] as const) {
      const paged = await collect(
        env.client.searchJql({ jql, fields: ['summary'], pageSize: 2, method }),
      );
      assert.deepEqual(
        paged.map((h) => h.key),
        whole.map((h) => h.key),
      );
    }
    const searches = (await env.requests())
      .slice(before)
      .filter((r) => r.path.endsWith('/search/jql'));
    const pages = Math.ceil(whole.length / 2);
    assert.deepEqual(
      searches.map((r) => r.method),
      [...Array(pages).fill('POST'), ...Array(pages).fill('GET')],
    );
  });

  it('returns entity properties and refuses more than 5 property keys', async () => {
    const created = await env.client.createIssue({
      project: { key: 'WEB' },
      issueTypeId: '10002',
      summary: 'with marker',
      properties: [{ key: 'projan.item', value: { planId: 'p1', itemId: 'i1' } }],
    });
    const hits = await collect(
      env.client.searchJql({
        jql: 'project = WEB ORDER BY created DESC',
        fields: ['summary'],
        properties: ['projan.item'],
        reconcileIssueIds: [Number(created.id)],
      }),
    );
    const hit = hits.find((h) => h.id === created.id);
    assert.deepEqual(hit?.properties, { 'projan.item': { planId: 'p1', itemId: 'i1' } });
    assert.throws(
      () =>
        env.client.searchJql({ jql: 'project = WEB', properties: ['a', 'b', 'c', 'd', 'e', 'f'] }),
      RangeError,
    );
    assert.throws(
      () =>
        env.client.searchJql({
          jql: 'project = WEB',
          reconcileIssueIds: Array.from({ length: 51 }, (_, i) => i),
        }),
      RangeError,
    );
  });

  it('reads every page of project search', async () => {
    const all = await env.client.searchProjects();
    assert.ok(all.length > 2);
    const before = (await env.requests()).length;
    const paged = await env.client.searchProjects({ pageSize: 2 });
    assert.deepEqual(
      paged.map((p) => p.key),
      all.map((p) => p.key),
    );
    const calls = (await env.requests()).slice(before);
    assert.equal(calls.length, Math.ceil(all.length / 2));
  });

  it('keeps paging assignable users past short pages until an empty one', async () => {
    const all = await env.client.findAssignableUsers('WEB', '');
    const before = (await env.requests()).length;
    const paged = await env.client.findAssignableUsers('WEB', '', 2);
    assert.deepEqual(
      paged.map((u) => u.accountId),
      all.map((u) => u.accountId),
    );
    const sizes = (await env.requests()).slice(before).length;
    assert.ok(sizes > Math.ceil(all.length / 2), 'short pages did not stop the paging');
    assert.deepEqual(Object.keys(all[0] ?? {}).sort(), [
      'accountId',
      'active',
      'displayName',
      'emailAddress',
      'timeZone',
    ]);
  });

  it('reads createmeta issue types and fields over all pages', async () => {
    const types = await env.client.getCreateMetaIssueTypes('WEB');
    const story = types.find((t) => t.name === 'Story');
    assert.ok(story);
    const fields = await env.client.getCreateMetaFields('WEB', story.id);
    const summary = fields.find((f) => f.fieldId === 'summary');
    assert.equal(summary?.required, true);
  });
});
