// The token endpoint speaks plain RFC 6749 as auth.atlassian.com does (facts §1.2, §1.3), so a
// stock OAuth client (openid-client 6, the library Projan uses) runs the flow without special
// cases: client_secret_post, a rotating refresh token, and 403 invalid_grant on reuse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oauth from 'openid-client';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import {
  control,
  MINUTE,
  openConsent,
  REDIRECT,
  roles,
  start,
  submitConsent,
  testFixture,
} from './helpers.ts';

const { admin } = roles(testFixture());

describe('openid-client against the emulated authorization server', () => {
  let emu: RunningEmulator;
  let config: oauth.Configuration;
  before(async () => {
    emu = await start();
    config = new oauth.Configuration(
      {
        issuer: emu.url,
        authorization_endpoint: `${emu.url}/authorize`,
        token_endpoint: `${emu.url}/oauth/token`,
      },
      emu.fixture.app.clientId,
      emu.fixture.app.clientSecret,
    );
    oauth.allowInsecureRequests(config);
  });
  after(() => emu.close());

  it('runs authorize, code exchange and refresh, and reports reuse as invalid_grant', async () => {
    const state = oauth.randomState();
    const authorize = oauth.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'read:jira-work write:jira-work offline_access',
      state,
      audience: 'api.atlassian.com',
      prompt: 'consent',
    });
    const request = await openConsent(emu, authorize.href);
    const consent = await submitConsent(emu, request, { account: admin, decision: 'accept' });
    const callback = new URL(consent.headers.get('location') ?? '');

    const tokens = await oauth.authorizationCodeGrant(config, callback, { expectedState: state });
    assert.equal(tokens.token_type, 'bearer');
    // The raw field: expiresIn() counts down from the moment it is read and may say 3599.
    assert.equal(tokens.expires_in, 3600);
    assert.ok(tokens.refresh_token);

    const refreshed = await oauth.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token);

    await control(emu, 'POST', 'clock', { advanceMs: 11 * MINUTE });
    await assert.rejects(
      oauth.refreshTokenGrant(config, tokens.refresh_token),
      (error: unknown) => {
        assert.ok(error instanceof oauth.ResponseBodyError);
        assert.equal(error.status, 403);
        assert.equal(error.error, 'invalid_grant');
        return true;
      },
    );
  });
});
