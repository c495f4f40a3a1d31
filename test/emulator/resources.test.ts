// Mirrors api.atlassian.com/oauth/token/accessible-resources, /me and the site URL
// (facts §1.5, §1.6, §1.7; must-haves 5 and 6).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { control, gateway, mint, oauthTokens, roles, start, testFixture } from './helpers.ts';

const fixture = testFixture();
const { admin, member, siteA, siteB } = roles(fixture);

async function resources(emu: RunningEmulator, token: string) {
  const res = await fetch(`${emu.url}/oauth/token/accessible-resources`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>[] };
}

describe('accessible resources (facts §1.5)', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());
  beforeEach(() => control(emu, 'POST', 'reset'));

  it('lists one entry per site of an account-level grant, with Jira scopes only', async () => {
    const tokens = await oauthTokens(emu, admin);
    const { status, body } = await resources(emu, tokens.access_token);
    assert.equal(status, 200);
    assert.deepEqual(body.map((r) => r.id).sort(), [siteA, siteB].sort());
    const a = body.find((r) => r.id === siteA);
    assert.deepEqual(a, {
      id: siteA,
      name: fixture.sites.find((x) => x.id === siteA)?.name,
      url: `${emu.url}/site/${siteA}`,
      scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user'],
      avatarUrl:
        fixture.sites.find((x) => x.id === siteA)?.avatarUrl ??
        `${emu.url}/_emulator/avatar/site.svg`,
    });
  });

  it('returns the sites in no fixed order', async () => {
    const { access_token } = await mint(emu, admin);
    const orders = new Set<string>();
    for (let i = 0; i < 12; i++) {
      orders.add((await resources(emu, access_token)).body.map((r) => r.id).join(','));
    }
    assert.equal(orders.size, 2);
  });

  it('covers a site added to the account after consent, with the same token', async () => {
    const { access_token } = await oauthTokens(emu, member);
    assert.deepEqual(
      (await resources(emu, access_token)).body.map((r) => r.id),
      [siteA],
    );
    assert.equal((await gateway(emu, siteB, '/serverInfo', access_token)).status, 401);
    const added = await control(emu, 'POST', `sites/${siteB}/members`, { accountId: member });
    assert.equal(added.status, 200);
    assert.equal((await resources(emu, access_token)).body.length, 2);
    assert.equal((await gateway(emu, siteB, '/serverInfo', access_token)).status, 200);
  });

  it('drops a site the account was removed from', async () => {
    const { access_token } = await mint(emu, admin);
    await control(emu, 'DELETE', `sites/${siteB}/members/${admin}`);
    assert.deepEqual(
      (await resources(emu, access_token)).body.map((r) => r.id),
      [siteA],
    );
  });

  it('a new consent overrides the scopes of the grant', async () => {
    await oauthTokens(emu, admin);
    const narrower = await oauthTokens(emu, admin, { scopes: ['read:jira-work'] });
    const { body } = await resources(emu, narrower.access_token);
    assert.deepEqual(body[0]?.scopes, ['read:jira-work']);
    const state = await control(emu, 'GET', 'state');
    const grants = (state.body.auth as { grants: { scopes: string[] }[] }).grants;
    assert.deepEqual(grants[0]?.scopes, ['read:jira-work']);
  });

  it('answers 401 with the gateway body for a missing or garbage token', async () => {
    const res = await fetch(`${emu.url}/oauth/token/accessible-resources`);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { code: 401, message: 'Unauthorized' });
    assert.equal((await resources(emu, 'garbage')).status, 401);
  });
});

describe('resource-level grant (OAUTH-DOC, grant types)', () => {
  let emu: RunningEmulator;
  before(async () => {
    const fixture = testFixture();
    fixture.app.grantType = 'resource';
    emu = await start({ fixture });
  });
  after(() => emu.close());

  it('lists only the picked site and refuses the others at the gateway', async () => {
    const tokens = await oauthTokens(emu, admin, { site: siteB });
    assert.deepEqual(
      (await resources(emu, tokens.access_token)).body.map((r) => r.id),
      [siteB],
    );
    const other = await gateway(emu, siteA, '/serverInfo', tokens.access_token);
    assert.equal(other.status, 401);
    assert.deepEqual(await other.json(), { code: 401, message: 'Unauthorized' });
  });
});

describe('/me, tenant_info and the site URL (facts §1.5-§1.7)', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());

  it('/me answers the profile with read:me and a scope mismatch without it', async () => {
    const withMe = await mint(emu, admin, { scopes: ['read:me'] });
    const me = await fetch(`${emu.url}/me`, {
      headers: { authorization: `Bearer ${withMe.access_token}` },
    });
    assert.equal(me.status, 200);
    const profile = (await me.json()) as Record<string, unknown>;
    assert.equal(profile.account_id, admin);
    assert.equal(profile.email, fixture.accounts.find((a) => a.accountId === admin)?.email);
    assert.equal(profile.name, fixture.accounts.find((a) => a.accountId === admin)?.displayName);
    const without = await mint(emu, admin, { scopes: ['read:jira-work'] });
    const denied = await fetch(`${emu.url}/me`, {
      headers: { authorization: `Bearer ${without.access_token}` },
    });
    assert.equal(denied.status, 401);
    assert.deepEqual(await denied.json(), {
      code: 401,
      message: 'Unauthorized; scope does not match',
    });
  });

  it('tenant_info gives the cloud ID without authentication', async () => {
    const res = await fetch(`${emu.url}/site/${siteB}/_edge/tenant_info`);
    assert.deepEqual(await res.json(), { cloudId: siteB });
  });

  it('the site URL refuses a 3LO token with 401', async () => {
    const { access_token } = await mint(emu, admin);
    const res = await fetch(`${emu.url}/site/${siteA}/rest/api/3/serverInfo`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    assert.equal(res.status, 401);
  });
});
