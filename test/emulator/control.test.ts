// The control API under /_emulator/ (issue 3, "Control API"); Atlassian has no such paths.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { control, gateway, mint, start } from './helpers.ts';
import { createIssueBody } from './issues.ts';

describe('control API', () => {
  let emu: RunningEmulator;
  let cloudId: string;
  let admin: string;
  before(async () => {
    emu = await start();
    cloudId = emu.fixture.sites[0]?.id ?? '';
    admin = emu.fixture.sites[0]?.members[0] ?? '';
  });
  after(() => emu.close());

  it('GET fixture returns the loaded fixture', async () => {
    const res = await control(emu, 'GET', 'fixture');
    assert.deepEqual(res.body, JSON.parse(JSON.stringify(emu.fixture)));
  });

  it('reset brings back the fixture state and forgets grants, tokens and the log', async () => {
    const { access_token } = await mint(emu, admin);
    const body = JSON.stringify(await createIssueBody(emu, cloudId, access_token, 'before reset'));
    assert.equal(
      (await gateway(emu, cloudId, '/issue', access_token, { method: 'POST', body })).status,
      201,
    );
    assert.match(JSON.stringify((await control(emu, 'GET', 'state')).body), /before reset/);
    assert.deepEqual((await control(emu, 'POST', 'reset')).body, { reset: true });
    const state = await control(emu, 'GET', 'state');
    assert.doesNotMatch(JSON.stringify(state.body), /before reset/);
    assert.deepEqual((state.body.auth as { grants: unknown[] }).grants, []);
    assert.equal((await control(emu, 'GET', 'requests')).body.total, 0);
    assert.equal((await gateway(emu, cloudId, '/serverInfo', access_token)).status, 401);
  });

  it('tokens refuses unknown accounts, unknown scopes and foreign sites', async () => {
    const outsider = emu.fixture.accounts.find((a) =>
      emu.fixture.sites.some((s) => !s.members.includes(a.accountId)),
    );
    const foreign = emu.fixture.sites.find((s) => !s.members.includes(outsider?.accountId ?? ''));
    assert.equal((await control(emu, 'POST', 'tokens', { accountId: 'nobody' })).status, 400);
    const scope = await control(emu, 'POST', 'tokens', { accountId: admin, scopes: ['admin:all'] });
    assert.deepEqual(scope.body, { error: 'Scopes not configured for the app: admin:all.' });
    const site = await control(emu, 'POST', 'tokens', {
      accountId: outsider?.accountId,
      sites: [foreign?.id],
    });
    assert.equal(site.status, 400);
  });

  it('tokens without offline_access has no refresh token', async () => {
    const minted = await mint(emu, admin, { scopes: ['read:jira-work'] });
    assert.equal(minted.refresh_token, undefined);
    assert.ok(minted.sites.includes(cloudId));
  });

  it('clock moves forward only', async () => {
    const before = Date.parse(String((await control(emu, 'GET', 'clock')).body.now));
    const moved = await control(emu, 'POST', 'clock', { advanceMs: 86_400_000 });
    assert.ok(Date.parse(String(moved.body.now)) - before >= 86_400_000);
    assert.equal((await control(emu, 'POST', 'clock', { advanceMs: -1 })).status, 400);
  });

  it('adds a site at run time; account-level grants of its members reach it', async () => {
    const { access_token } = await mint(emu, admin);
    const copy = { ...structuredClone(emu.fixture.sites[0]), id: 'added-cloud', name: 'Added' };
    const added = await control(emu, 'POST', 'sites', copy);
    assert.equal(added.status, 201);
    assert.equal((await gateway(emu, 'added-cloud', '/serverInfo', access_token)).status, 200);
    assert.equal((await control(emu, 'POST', 'sites', copy)).status, 409);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', body: '{' });
    assert.deepEqual(
      [res.status, await res.json()],
      [400, { error: 'Request body is not valid JSON.' }],
    );
  });

  it('answers 404 for an unknown control route', async () => {
    assert.equal((await control(emu, 'GET', 'nothing')).status, 404);
  });
});
