// Jira-side switches the control API sets on every site (facts §2.7 wording rename, §2.12
// eventual consistency) and the read-only browse view (issue 3).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { control, gateway, mint, roles, start, testFixture } from './helpers.ts';
import { createIssueBody } from './issues.ts';

const { admin, siteA, siteB } = roles(testFixture());

describe('Jira behaviour switches through PUT /_emulator/faults', () => {
  let emu: RunningEmulator;
  let token: string;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control(emu, 'POST', 'reset');
    token = (await mint(emu, admin)).access_token;
  });

  // A create whose parent does not exist answers a field error in the configured wording.
  const missingParent = async () => {
    const body = await createIssueBody(emu, siteA, token, 'orphan');
    const withParent = { fields: { ...body.fields, parent: { key: 'NOPE-999' } } };
    const res = await gateway(emu, siteA, '/issue', token, {
      method: 'POST',
      body: JSON.stringify(withParent),
    });
    assert.equal(res.status, 400);
    return ((await res.json()) as { errors: Record<string, string> }).errors.parent;
  };

  it('switches error texts between "issue" and "work item" (Jira renamed issues in 2025)', async () => {
    await control(emu, 'PUT', 'faults', { jira: { errorWording: 'issue' } });
    assert.equal(await missingParent(), 'Could not find issue by id or key.');
    await control(emu, 'PUT', 'faults', { jira: { errorWording: 'work item' } });
    assert.equal(await missingParent(), 'Could not find work item by id or key.');
  });

  it('delays new issues in search unless reconciled (search is eventually consistent)', async () => {
    await control(emu, 'PUT', 'faults', { jira: { searchConsistencyDelayMs: 60_000 } });
    const body = JSON.stringify(await createIssueBody(emu, siteA, token, 'eventually'));
    const created = await gateway(emu, siteA, '/issue', token, { method: 'POST', body });
    const { id, key } = (await created.json()) as { id: string; key: string };
    const search = async (reconcile: boolean) => {
      const res = await gateway(emu, siteA, '/search/jql', token, {
        method: 'POST',
        body: JSON.stringify({
          jql: `key in (${key})`,
          ...(reconcile ? { reconcileIssues: [Number(id)] } : {}),
        }),
      });
      return ((await res.json()) as { issues: { id: string }[] }).issues.map((i) => i.id);
    };
    assert.deepEqual(await search(false), []);
    assert.deepEqual(await search(true), [id]);
    await control(emu, 'POST', 'clock', { advanceMs: 60_000 });
    token = (await mint(emu, admin)).access_token;
    assert.deepEqual(await search(false), [id]);
  });
});

describe('browse view', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());

  it('shows the first site at / and any site under /site/{cloudId}/ or with ?site=', async () => {
    const root = await fetch(`${emu.url}/`);
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type') ?? '', /^text\/html/);
    const first = await root.text();
    const other = await (await fetch(`${emu.url}/site/${siteB}/`)).text();
    assert.notEqual(first, other);
    assert.equal(await (await fetch(`${emu.url}/?site=${siteB}`)).text(), other);
  });

  it('shows an issue at /browse/{KEY} and 404 for an unknown one', async () => {
    const token = (await mint(emu, admin)).access_token;
    const body = JSON.stringify(await createIssueBody(emu, siteA, token, 'Browse <me>'));
    const { key } = (await (
      await gateway(emu, siteA, '/issue', token, { method: 'POST', body })
    ).json()) as {
      key: string;
    };
    const page = await fetch(`${emu.url}/site/${siteA}/browse/${key}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes('Browse &lt;me&gt;'));
    assert.equal((await fetch(`${emu.url}/site/${siteA}/browse/NOPE-1`)).status, 404);
  });
});
