// Mirrors auth.atlassian.com/authorize and its consent screen (facts §1.1, must-have 1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import {
  accounts,
  authorizeUrl,
  openConsent,
  REDIRECT,
  roles,
  start,
  submitConsent,
  testFixture,
} from './helpers.ts';

const { admin, siteA, siteB } = roles(testFixture());

describe('authorize endpoint (facts §1.1)', () => {
  let emu: RunningEmulator;
  before(async () => {
    const fixture = testFixture();
    fixture.app.name = 'Projan <Test>';
    emu = await start({ fixture });
  });
  after(() => emu.close());

  it('shows an error page, never a redirect, for an unknown client_id', async () => {
    const res = await fetch(authorizeUrl(emu, { client_id: 'nope' }), { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /not a registered app/);
  });

  it('shows an error page for a callback that is not registered (exact match)', async () => {
    for (const redirect_uri of [
      'https://evil.example/callback',
      'https://projan.example/cb/extra',
      'http://127.0.0.1:5173/other',
      REDIRECT.replace('127.0.0.1', '127.0.0.2'),
    ]) {
      const res = await fetch(authorizeUrl(emu, { redirect_uri }), { redirect: 'manual' });
      assert.equal(res.status, 400, redirect_uri);
      assert.equal(res.headers.get('location'), null);
    }
  });

  it('accepts any port on a loopback callback registered with *', async () => {
    const path = new URL(REDIRECT).pathname;
    for (const redirect_uri of [`http://127.0.0.1:41234${path}`, `http://localhost:9${path}`]) {
      const res = await fetch(authorizeUrl(emu, { redirect_uri }), { redirect: 'manual' });
      assert.equal(res.status, 200, redirect_uri);
    }
  });

  it('redirects with error= for a bad audience, response_type, scope or prompt', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ audience: 'example.com' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'read:jira-work delete:everything' }, 'invalid_scope'],
      [{ scope: undefined }, 'invalid_scope'],
      [{ prompt: undefined }, 'invalid_request'],
    ];
    for (const [overrides, error] of cases) {
      const res = await fetch(authorizeUrl(emu, overrides), { redirect: 'manual' });
      assert.equal(res.status, 302, JSON.stringify(overrides));
      const location = new URL(res.headers.get('location') ?? '');
      assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
      assert.equal(location.searchParams.get('error'), error);
      assert.equal(location.searchParams.get('state'), 'state-123');
    }
  });

  it('renders a consent page with the app name escaped, scopes in words and the accounts', async () => {
    const html = await (await fetch(authorizeUrl(emu))).text();
    assert.match(html, /Projan &lt;Test&gt; is requesting access/);
    assert.doesNotMatch(html, /Projan <Test>/);
    assert.match(html, /Create and edit issues in Jira/);
    assert.match(html, /<select name="account" id="account">/);
    const ada = emu.fixture.accounts.find((a) => a.accountId === admin);
    assert.ok(html.includes(`${ada?.displayName} (${ada?.email})`));
    assert.match(html, /id="accept"/);
    assert.match(html, /id="deny"/);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!127)/);
  });

  it('Deny redirects with access_denied, the documented description and the state', async () => {
    const request = await openConsent(emu);
    const res = await submitConsent(emu, request, { account: admin, decision: 'deny' });
    assert.equal(res.status, 302);
    assert.equal(
      res.headers.get('location'),
      `${REDIRECT}?error=access_denied&error_description=User%20did%20not%20authorize%20the%20request&state=state-123`,
    );
  });

  it('refuses a deactivated account on Accept', async () => {
    const inactive = emu.fixture.accounts.find((a) => a.active === false);
    assert.ok(inactive, 'the default fixture has a deactivated account');
    const request = await openConsent(emu);
    const res = await submitConsent(emu, request, {
      account: inactive.accountId,
      decision: 'accept',
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /This Atlassian account is deactivated\./);
  });

  it('Accept redirects with an opaque code and the echoed state; the request is then spent', async () => {
    const request = await openConsent(emu);
    const res = await submitConsent(emu, request, { account: admin, decision: 'accept' });
    const location = new URL(res.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('state'), 'state-123');
    assert.ok((location.searchParams.get('code') ?? '').length >= 20);
    const again = await submitConsent(emu, request, { account: admin, decision: 'accept' });
    assert.equal(again.status, 400);
  });
});

describe('resource-level grants show a site picker (OAUTH-DOC, grant types)', () => {
  let emu: RunningEmulator;
  before(async () => {
    const fixture = testFixture();
    fixture.app.grantType = 'resource';
    emu = await start({ fixture });
  });
  after(() => emu.close());

  it('lists the sites and refuses Accept without a site or with a site of another account', async () => {
    const { member } = accounts(emu.fixture);
    const request = await openConsent(emu);
    const html = await (await fetch(authorizeUrl(emu))).text();
    assert.match(html, /<select name="site" id="site">/);
    assert.ok(html.includes(`>${emu.fixture.sites.find((x) => x.id === siteB)?.name} (`));
    const none = await submitConsent(emu, request, { account: member, decision: 'accept' });
    assert.equal(none.status, 400);
    assert.match(await none.text(), /Choose a site/);
    const foreign = await submitConsent(emu, request, {
      account: member,
      decision: 'accept',
      site: siteB,
    });
    assert.equal(foreign.status, 400);
    assert.match(await foreign.text(), /no access to that site/);
    const ok = await submitConsent(emu, request, {
      account: member,
      decision: 'accept',
      site: siteA,
    });
    assert.equal(ok.status, 302);
  });
});
