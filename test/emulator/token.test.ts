// Mirrors auth.atlassian.com/oauth/token: code exchange (facts §1.2, must-have 2) and rotating
// refresh tokens (facts §1.3, must-have 3).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import {
  control,
  DAY,
  gateway,
  MINUTE,
  oauthTokens,
  obtainCode,
  REDIRECT,
  roles,
  start,
  testFixture,
  tokenRequest,
} from './helpers.ts';

const { admin, siteA } = roles(testFixture());

const INVALID_REFRESH = {
  error: 'invalid_grant',
  error_description: 'Unknown or invalid refresh token.',
};

describe('authorization_code grant (facts §1.2)', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start({ accessTokenTtlSeconds: 120 });
  });
  after(() => emu.close());
  beforeEach(() => control(emu, 'POST', 'reset'));

  it('exchanges a code (JSON body) for an opaque Bearer token with expires_in and scope', async () => {
    const code = await obtainCode(emu, admin);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 120);
    assert.equal(
      res.body.scope,
      'read:jira-work write:jira-work read:jira-user read:me offline_access',
    );
    assert.equal(typeof res.body.access_token, 'string');
    assert.equal(typeof res.body.refresh_token, 'string');
  });

  it('accepts a form-encoded body too', async () => {
    const code = await obtainCode(emu, admin);
    const res = await fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: emu.fixture.app.clientId,
        client_secret: emu.fixture.app.clientSecret,
        code,
        redirect_uri: REDIRECT,
      }),
    });
    assert.equal(res.status, 200);
  });

  it('gives no refresh token without offline_access', async () => {
    const tokens = await oauthTokens(emu, admin, { scopes: ['read:jira-work'] });
    assert.equal(tokens.refresh_token, undefined);
    assert.equal(tokens.scope, 'read:jira-work');
  });

  it('answers 403 invalid_grant for a used, unknown, expired or mis-redirected code', async () => {
    const bad = { error: 'invalid_grant', error_description: 'Invalid authorization code' };
    const used = await obtainCode(emu, admin);
    await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: used,
      redirect_uri: REDIRECT,
    });
    const again = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: used,
      redirect_uri: REDIRECT,
    });
    assert.deepEqual(again, { status: 403, body: bad });

    const unknown = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: 'x',
      redirect_uri: REDIRECT,
    });
    assert.deepEqual(unknown, { status: 403, body: bad });

    const other = await obtainCode(emu, admin);
    const mismatch = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: other,
      redirect_uri: 'http://127.0.0.1:9/callback',
    });
    assert.deepEqual(mismatch, { status: 403, body: bad });

    const late = await obtainCode(emu, admin);
    await control(emu, 'POST', 'clock', { advanceMs: 10 * MINUTE + 1000 });
    const expired = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: late,
      redirect_uri: REDIRECT,
    });
    assert.deepEqual(expired, { status: 403, body: bad });
  });

  it('answers 401 access_denied for a wrong client secret', async () => {
    const code = await obtainCode(emu, admin);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_secret: 'wrong',
    });
    assert.deepEqual(res, {
      status: 401,
      body: { error: 'access_denied', error_description: 'Unauthorized' },
    });
  });

  it('expires access tokens after expires_in on the emulator clock', async () => {
    const tokens = await oauthTokens(emu, admin);
    assert.equal((await gateway(emu, siteA, '/serverInfo', tokens.access_token)).status, 200);
    await control(emu, 'POST', 'clock', { advanceMs: 120_000 });
    const res = await gateway(emu, siteA, '/serverInfo', tokens.access_token);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { code: 401, message: 'Unauthorized' });
  });
});

describe('rotating refresh tokens (facts §1.3)', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());
  beforeEach(() => control(emu, 'POST', 'reset'));

  const refresh = (token: string) =>
    tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: token });

  it('returns a new refresh token on every refresh and a working access token', async () => {
    const first = await oauthTokens(emu, admin);
    const second = await refresh(first.refresh_token ?? '');
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.refresh_token);
    assert.equal(second.body.expires_in, 3600);
    const call = await gateway(emu, siteA, '/serverInfo', String(second.body.access_token));
    assert.equal(call.status, 200);
  });

  it('still honours a rotated token within the 10-minute reuse leeway', async () => {
    const first = await oauthTokens(emu, admin);
    await refresh(first.refresh_token ?? '');
    await control(emu, 'POST', 'clock', { advanceMs: 9 * MINUTE });
    const reuse = await refresh(first.refresh_token ?? '');
    assert.equal(reuse.status, 200);
  });

  it('revokes the whole family when a rotated token is reused after the leeway', async () => {
    const first = await oauthTokens(emu, admin);
    const second = await refresh(first.refresh_token ?? '');
    await control(emu, 'POST', 'clock', { advanceMs: 11 * MINUTE });
    assert.deepEqual(await refresh(first.refresh_token ?? ''), {
      status: 403,
      body: INVALID_REFRESH,
    });
    assert.deepEqual(await refresh(String(second.body.refresh_token)), {
      status: 403,
      body: INVALID_REFRESH,
    });
  });

  it('expires a refresh token unused for 90 days, and each rotation allots 90 more', async () => {
    const first = await oauthTokens(emu, admin);
    await control(emu, 'POST', 'clock', { advanceMs: 89 * DAY });
    const second = await refresh(first.refresh_token ?? '');
    assert.equal(second.status, 200);
    await control(emu, 'POST', 'clock', { advanceMs: 89 * DAY });
    const third = await refresh(String(second.body.refresh_token));
    assert.equal(third.status, 200);
    await control(emu, 'POST', 'clock', { advanceMs: 91 * DAY });
    assert.deepEqual(await refresh(String(third.body.refresh_token)), {
      status: 403,
      body: INVALID_REFRESH,
    });
  });

  it('stops refreshing 365 days after consent even with steady rotation', async () => {
    let token = (await oauthTokens(emu, admin)).refresh_token ?? '';
    for (let day = 0; day < 360; day += 60) {
      await control(emu, 'POST', 'clock', { advanceMs: 60 * DAY });
      const res = await refresh(token);
      assert.equal(res.status, 200, `day ${day + 60}`);
      token = String(res.body.refresh_token);
    }
    await control(emu, 'POST', 'clock', { advanceMs: 6 * DAY });
    assert.deepEqual(await refresh(token), { status: 403, body: INVALID_REFRESH });
  });

  it('can answer with the unauthorized_client variant seen in production', async () => {
    await control(emu, 'PUT', 'faults', { refreshErrorVariant: 'unauthorized_client' });
    assert.deepEqual(await refresh('garbage'), {
      status: 403,
      body: { error: 'unauthorized_client', error_description: 'refresh_token is invalid' },
    });
  });

  it('kills refresh and access tokens when the user removes the app', async () => {
    const tokens = await oauthTokens(emu, admin);
    const revoked = await control(emu, 'POST', 'revoke', { accountId: admin });
    assert.deepEqual(revoked.body, { revoked: true, reason: 'consent' });
    assert.deepEqual(await refresh(tokens.refresh_token ?? ''), {
      status: 403,
      body: INVALID_REFRESH,
    });
    const call = await gateway(emu, siteA, '/serverInfo', tokens.access_token);
    assert.equal(call.status, 401);
  });

  it('a password change kills the token family but keeps the grant', async () => {
    const tokens = await oauthTokens(emu, admin);
    await control(emu, 'POST', 'revoke', { accountId: admin, reason: 'password' });
    assert.deepEqual(await refresh(tokens.refresh_token ?? ''), {
      status: 403,
      body: INVALID_REFRESH,
    });
    const state = await control(emu, 'GET', 'state');
    const auth = state.body.auth as { grants: unknown[] };
    assert.equal(auth.grants.length, 1);
  });
});
