// Mirrors the api.atlassian.com gateway in front of Jira: `/ex/jira/{cloudId}` routing, its own
// 401 bodies, per-operation scopes and X-AAccountId (facts §1.6, must-haves 4 and 6).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { control, gateway, mint, start } from './helpers.ts';

const UNAUTHORIZED = { code: 401, message: 'Unauthorized' };

describe('gateway authentication and routing (facts §1.6)', () => {
  let emu: RunningEmulator;
  let cloudId: string;
  let admin: string;
  before(async () => {
    emu = await start();
    cloudId = emu.fixture.sites[0]?.id ?? '';
    admin = emu.fixture.sites[0]?.members[0] ?? '';
  });
  after(() => emu.close());
  beforeEach(() => control(emu, 'POST', 'reset'));

  it('answers 401 {code,message} for a missing, garbage or revoked token', async () => {
    const missing = await gateway(emu, cloudId, '/serverInfo', undefined);
    assert.equal(missing.status, 401);
    assert.deepEqual(await missing.json(), UNAUTHORIZED);
    const garbage = await gateway(emu, cloudId, '/serverInfo', 'not-a-token');
    assert.deepEqual([garbage.status, await garbage.json()], [401, UNAUTHORIZED]);
    const { access_token } = await mint(emu, admin);
    await control(emu, 'POST', 'revoke', { accountId: admin });
    const revoked = await gateway(emu, cloudId, '/serverInfo', access_token);
    assert.deepEqual([revoked.status, await revoked.json()], [401, UNAUTHORIZED]);
  });

  it('answers 401 after POST /_emulator/expire-tokens, or 403/404 with the quirk switch', async () => {
    const { access_token } = await mint(emu, admin);
    const expired = await control(emu, 'POST', 'expire-tokens');
    assert.equal(expired.body.expired, 1);
    const plain = await gateway(emu, cloudId, '/serverInfo', access_token);
    assert.deepEqual([plain.status, await plain.json()], [401, UNAUTHORIZED]);
    await control(emu, 'PUT', 'faults', { expiredTokenStatus: 404 });
    assert.equal((await gateway(emu, cloudId, '/serverInfo', access_token)).status, 404);
    await control(emu, 'PUT', 'faults', { expiredTokenStatus: 403 });
    assert.equal((await gateway(emu, cloudId, '/serverInfo', access_token)).status, 403);
  });

  it('answers 401 for a cloud ID the token is not granted for, known or not', async () => {
    const member = emu.fixture.accounts.find((a) =>
      emu.fixture.sites.some((s) => !s.members.includes(a.accountId)),
    );
    const foreign = emu.fixture.sites.find((s) => !s.members.includes(member?.accountId ?? ''));
    const { access_token } = await mint(emu, member?.accountId ?? '');
    for (const id of [foreign?.id ?? '', 'no-such-cloud']) {
      const res = await gateway(emu, id, '/serverInfo', access_token);
      assert.deepEqual([res.status, await res.json()], [401, UNAUTHORIZED], id);
    }
  });

  it('enforces the operation scopes from the OpenAPI document', async () => {
    const { access_token } = await mint(emu, admin, { scopes: ['read:jira-work'] });
    const mismatch = { code: 401, message: 'Unauthorized; scope does not match' };
    const write = await gateway(emu, cloudId, '/issue', access_token, {
      method: 'POST',
      body: '{}',
    });
    assert.deepEqual([write.status, await write.json()], [401, mismatch]);
    const myself = await gateway(emu, cloudId, '/myself', access_token);
    assert.deepEqual([myself.status, await myself.json()], [401, mismatch]);
    const info = await gateway(emu, cloudId, '/serverInfo', access_token);
    assert.equal(info.status, 200, 'serverInfo needs no scope');
  });

  it('adds X-AAccountId to Jira answers', async () => {
    const { access_token } = await mint(emu, admin);
    const res = await gateway(emu, cloudId, '/myself', access_token);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-aaccountid'), admin);
    assert.match(
      res.headers.get('beta-ratelimit-policy') ?? '',
      /"global-app-quota";q=65000;w=3600/,
    );
  });

  it('answers 400 with an error collection for a body that is not JSON', async () => {
    const { access_token } = await mint(emu, admin);
    const res = await gateway(emu, cloudId, '/issue', access_token, { method: 'POST', body: '{' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { errorMessages: string[] };
    assert.equal(body.errorMessages.length, 1);
  });

  it('answers 405 for a method Jira does not serve', async () => {
    const { access_token } = await mint(emu, admin);
    const res = await gateway(emu, cloudId, '/serverInfo', access_token, { method: 'PATCH' });
    assert.equal(res.status, 405);
  });

  it('writes self links in the site form by default and in the gateway form on request', async () => {
    const { access_token } = await mint(emu, admin);
    const site = (await (await gateway(emu, cloudId, '/serverInfo', access_token)).json()) as {
      baseUrl: string;
    };
    assert.equal(site.baseUrl, `${emu.url}/site/${cloudId}`);
    await control(emu, 'PUT', 'faults', { selfLinks: 'gateway' });
    const gw = (await (await gateway(emu, cloudId, '/serverInfo', access_token)).json()) as {
      baseUrl: string;
    };
    assert.equal(gw.baseUrl, `${emu.url}/ex/jira/${cloudId}`);
  });
});
