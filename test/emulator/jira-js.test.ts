// A real third-party client, jira.js 5.4.0, runs unchanged against the emulator with a token
// from the OAuth 2.0 (3LO) flow (issue 3, "Checks that keep it honest"; facts §1.6: the client
// talks to `https://api.atlassian.com/ex/jira/{cloudId}`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Version3Client } from 'jira.js';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { control, oauthTokens, roles, start, testFixture } from './helpers.ts';

const { admin, siteA } = roles(testFixture());

async function plainCreateTarget(client: Version3Client) {
  const projects = await client.projects.searchProjects({ action: 'create' });
  for (const project of projects.values) {
    const types = await client.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: project.key });
    for (const type of types.issueTypes ?? []) {
      if (type.subtask || type.hierarchyLevel !== 0 || !type.id) continue;
      const meta = await client.issues.getCreateIssueMetaIssueTypeId({
        projectIdOrKey: project.key,
        issueTypeId: type.id,
      });
      const needs = (meta.fields ?? []).filter(
        (f) =>
          f.required &&
          !f.hasDefaultValue &&
          !['project', 'issuetype', 'summary'].includes(f.fieldId),
      );
      if (needs.length === 0) return { key: project.key, typeId: type.id };
    }
  }
  throw new Error('No project accepts a plain create.');
}

describe('jira.js 5.4.0 scenario through the gateway', () => {
  let emu: RunningEmulator;
  let client: Version3Client;
  before(async () => {
    emu = await start();
    const tokens = await oauthTokens(emu, admin);
    client = new Version3Client({
      host: `${emu.url}/ex/jira/${siteA}`,
      authentication: { oauth2: { accessToken: tokens.access_token } },
    });
  });
  after(() => emu.close());

  it('creates, bulk-creates, links, searches and transitions issues', async () => {
    const me = await client.myself.getCurrentUser();
    assert.equal(me.accountId, admin);
    const target = await plainCreateTarget(client);
    const fields = (summary: string) => ({
      project: { key: target.key },
      issuetype: { id: target.typeId },
      summary,
    });

    const single = await client.issues.createIssue({ fields: fields('jira.js single') });
    assert.match(single.key, new RegExp(`^${target.key}-\\d+$`));
    const bulk = await client.issues.createIssues({
      issueUpdates: [{ fields: fields('jira.js bulk 1') }, { fields: fields('jira.js bulk 2') }],
    });
    assert.equal(bulk.issues?.length, 2);
    assert.deepEqual(bulk.errors, []);
    const [first, second] = bulk.issues ?? [];
    assert.ok(first?.key && second?.key);

    await client.issueLinks.linkIssues({
      type: { name: 'Blocks' },
      inwardIssue: { key: single.key },
      outwardIssue: { key: first.key },
    });
    const blocker = await client.issues.getIssue({
      issueIdOrKey: single.key,
      fields: ['issuelinks'],
    });
    const links = (blocker.fields.issuelinks ?? []).map((l) => l.outwardIssue?.key);
    assert.deepEqual(links, [first.key]);

    const jql = `key in (${single.key}, ${first.key}, ${second.key}) ORDER BY key ASC`;
    const found = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql,
      fields: ['summary'],
    });
    assert.deepEqual(
      found.issues?.map((i) => i.fields.summary),
      ['jira.js single', 'jira.js bulk 1', 'jira.js bulk 2'],
    );
    const posted = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
      jql,
      maxResults: 2,
    });
    assert.equal(posted.issues?.length, 2);
    assert.equal(typeof posted.nextPageToken, 'string');

    const before = await client.issues.getIssue({ issueIdOrKey: single.key, fields: ['status'] });
    const { transitions } = await client.issues.getTransitions({ issueIdOrKey: single.key });
    const move = transitions?.find((t) => t.to?.id !== before.fields.status.id);
    assert.ok(move?.id, 'a transition leaves the initial status');
    await client.issues.doTransition({ issueIdOrKey: single.key, transition: { id: move.id } });
    const after = await client.issues.getIssue({ issueIdOrKey: single.key, fields: ['status'] });
    assert.equal(after.fields.status.name, move.to?.name);

    const log = await control(emu, 'GET', 'requests');
    const site = (log.body.sites as Record<string, { count: number }>)[siteA];
    assert.ok((site?.count ?? 0) >= 12);
  });
});
