import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import {
  type AtlassianOAuth,
  allowsPlainHttp,
  atlassianSettings,
  createAtlassianOAuth,
  OAuthError,
} from '../../src/atlassian/index.ts';
import { DEFAULT_ATLASSIAN_SCOPES } from '../../src/config/index.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.ts';

const REDIRECT = 'http://127.0.0.1:39871/api/integrations/jira/callback';
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d02';
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ port: 0 });
});
after(() => emulator.close());

function client(scopes: readonly string[] = DEFAULT_ATLASSIAN_SCOPES, apiUrl?: string) {
  return createAtlassianOAuth(
    atlassianSettings({
      clientId: emulator.fixture.app.clientId,
      clientSecret: emulator.fixture.app.clientSecret,
      scopes,
      authUrl: emulator.url,
      apiUrl: apiUrl ?? emulator.url,
    }),
  );
}

/** Consents as Priya through the emulator's form and returns the authorization code. */
async function codeFor(oauth: AtlassianOAuth): Promise<string> {
  const page = await (
    await fetch(oauth.buildAuthorizeUrl({ state: 's', redirectUri: REDIRECT }))
  ).text();
  const request = /name="request" id="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const res = await fetch(`${emulator.url}/authorize/consent`, {
    method: 'POST',
    body: new URLSearchParams({ request, account: PRIYA, decision: 'accept' }),
    redirect: 'manual',
  });
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
  assert.ok(code);
  return code;
}

/** Nothing an error prints may contain any of `secrets`. */
function assertNoSecrets(error: unknown, secrets: string[]) {
  const printed = [String(error), inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
  for (const secret of secrets)
    assert.ok(!printed.includes(secret), 'a secret leaked into an error');
}

test('exchanges a code for tokens, refreshes with rotation, and lists the Jira sites', async () => {
  const oauth = client();
  const tokens = await oauth.exchangeCode(await codeFor(oauth), REDIRECT);
  assert.ok(tokens.accessToken.length > 10);
  assert.ok(tokens.expiresAt > Date.now() + 3500_000);
  assert.ok(tokens.scopes.includes('offline_access'));

  const renewed = await oauth.refresh(tokens.refreshToken);
  assert.notEqual(renewed.accessToken, tokens.accessToken);
  assert.ok(renewed.refreshToken && renewed.refreshToken !== tokens.refreshToken);

  const sites = await oauth.accessibleResources(renewed.accessToken);
  assert.deepEqual(
    sites.map((s) => s.name),
    ['acme-software'],
  );
  assert.ok(sites[0]?.scopes.every((s) => s.includes('jira')));
});

test('a token answer without a refresh token is refused, naming offline_access', async () => {
  const oauth = client(DEFAULT_ATLASSIAN_SCOPES.filter((s) => s !== 'offline_access'));
  const code = await codeFor(oauth);
  await assert.rejects(oauth.exchangeCode(code, REDIRECT), (e) => {
    assert.ok(e instanceof OAuthError);
    assert.equal(e.code, 'missing_refresh_token');
    assert.match(e.message, /offline_access/);
    assertNoSecrets(e, [code, emulator.fixture.app.clientSecret]);
    return true;
  });
});

test('a rejected refresh token is reauthorization_required, with no secret in the error', async () => {
  const bogus = 'emu-rt-this-token-was-never-issued-0123456789';
  await assert.rejects(client().refresh(bogus), (e) => {
    assert.ok(e instanceof OAuthError);
    assert.equal(e.code, 'reauthorization_required');
    assert.equal(e.status, 403);
    assert.equal(e.oauthError, 'invalid_grant');
    assert.equal(e.retryable, false);
    assertNoSecrets(e, [bogus, emulator.fixture.app.clientSecret]);
    return true;
  });
});

test('a used code is rejected and the code does not appear in the error', async () => {
  const oauth = client();
  const code = await codeFor(oauth);
  await oauth.exchangeCode(code, REDIRECT);
  await assert.rejects(oauth.exchangeCode(code, REDIRECT), (e) => {
    assert.ok(e instanceof OAuthError);
    assert.equal(e.code, 'reauthorization_required');
    assertNoSecrets(e, [code]);
    return true;
  });
});

test('an unreachable authorization server is unavailable and retryable', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const oauth = createAtlassianOAuth(
    atlassianSettings({
      clientId: 'id',
      clientSecret: 'secret-value-123',
      scopes: DEFAULT_ATLASSIAN_SCOPES,
      authUrl: `http://127.0.0.1:${port}`,
      apiUrl: `http://127.0.0.1:${port}`,
    }),
  );
  await assert.rejects(oauth.refresh('rt-value-123456'), (e) => {
    assert.ok(e instanceof OAuthError);
    assert.equal(e.code, 'unavailable');
    assert.equal(e.retryable, true);
    return true;
  });
  await assert.rejects(oauth.accessibleResources('at-value-123456'), (e) => {
    assert.ok(e instanceof OAuthError);
    assert.equal(e.code, 'unavailable');
    return true;
  });
});

test('accessible resources keep Jira sites only, inferred from scopes', async () => {
  // Atlassian lists a Confluence site with the same id as the Jira site of one tenant.
  const server = createServer((req, res) => {
    assert.equal(req.headers.authorization, 'Bearer at-1');
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify([
        {
          id: 'c-1',
          name: 'wiki',
          url: 'https://t.atlassian.net',
          scopes: ['read:confluence-content.all'],
        },
        {
          id: 'c-1',
          name: 'tenant',
          url: 'https://t.atlassian.net',
          scopes: ['read:jira-work', 'offline_access'],
        },
        {
          id: 'c-2',
          name: 'granular',
          url: 'https://g.atlassian.net',
          scopes: ['read:issue:jira'],
        },
      ]),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const sites = await client(
      DEFAULT_ATLASSIAN_SCOPES,
      `http://127.0.0.1:${port}`,
    ).accessibleResources('at-1');
    assert.deepEqual(sites, [
      {
        cloudId: 'c-1',
        name: 'tenant',
        url: 'https://t.atlassian.net',
        scopes: ['read:jira-work'],
      },
      {
        cloudId: 'c-2',
        name: 'granular',
        url: 'https://g.atlassian.net',
        scopes: ['read:issue:jira'],
      },
    ]);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the authorize URL has the documented parameters and no secret', () => {
  const url = client().buildAuthorizeUrl({
    state: 'st',
    redirectUri: REDIRECT,
    scopes: ['read:jira-work'],
  });
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    audience: 'api.atlassian.com',
    client_id: emulator.fixture.app.clientId,
    scope: 'read:jira-work',
    redirect_uri: REDIRECT,
    state: 'st',
    response_type: 'code',
    prompt: 'consent',
  });
  assert.ok(!url.href.includes(emulator.fixture.app.clientSecret));
});

test('plain http is accepted on loopback only, and missing credentials are refused', () => {
  assert.equal(allowsPlainHttp('https://auth.atlassian.com'), false);
  assert.equal(allowsPlainHttp('http://127.0.0.1:4010'), true);
  assert.equal(allowsPlainHttp('http://localhost:4010'), true);
  assert.throws(
    () => allowsPlainHttp('http://auth.example.com'),
    (e) => e instanceof OAuthError && e.code === 'client_misconfigured',
  );
  assert.throws(
    () =>
      atlassianSettings({
        scopes: DEFAULT_ATLASSIAN_SCOPES,
        authUrl: 'https://auth.atlassian.com',
        apiUrl: 'https://api.atlassian.com',
      }),
    (e) =>
      e instanceof OAuthError &&
      e.code === 'client_misconfigured' &&
      e.message === 'ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET must be set to connect Jira.',
  );
});
