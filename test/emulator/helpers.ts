import assert from 'node:assert/strict';
import type { EmulatorFixture } from '../../src/emulator/contract.ts';
import { loadDefaultFixture } from '../../src/emulator/jira/index.ts';
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../src/emulator/server.ts';

/** Every scope the flow tests ask for. */
export const ALL_SCOPES = [
  'read:jira-work',
  'write:jira-work',
  'read:jira-user',
  'read:me',
  'offline_access',
];

/** A fresh copy of the default fixture (the Jira half's), which the tests run on. */
export function testFixture(): EmulatorFixture {
  return loadDefaultFixture();
}

/** Starts the emulator on a free loopback port with the default fixture. */
export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ fixture: testFixture(), ...options });
}

/**
 * The roles the tests need, found in the fixture: an account in every site, one in fewer, the
 * site everyone shares and a site the second account is not in.
 */
export function roles(fixture: EmulatorFixture) {
  const { admin, member } = accounts(fixture);
  const siteA = fixture.sites.find((s) => s.members.includes(member));
  const siteB = fixture.sites.find((s) => !s.members.includes(member));
  assert.ok(siteA && siteB, 'fixture needs a site with and one without the second account');
  return { admin, member, siteA: siteA.id, siteB: siteB.id };
}

/** A registered loopback callback, on a port nothing listens on (the browser never follows). */
export const REDIRECT = (
  loadDefaultFixture().app.redirectUris.find((u) => u.startsWith('http://127.0.0.1:*')) ?? ''
).replace('*', '5173');

/** The account that belongs to every site, and one that belongs to fewer. */
export function accounts(fixture: EmulatorFixture) {
  const everywhere = fixture.accounts.find((a) =>
    fixture.sites.every((s) => s.members.includes(a.accountId)),
  );
  const fewer = fixture.accounts.find(
    (a) =>
      fixture.sites.some((s) => !s.members.includes(a.accountId)) &&
      fixture.sites.some((s) => s.members.includes(a.accountId)),
  );
  assert.ok(everywhere && fewer, 'fixture needs an account in every site and one in fewer');
  return { admin: everywhere.accountId, member: fewer.accountId };
}

/** Builds an authorize URL; `overrides` replace or (with undefined) drop parameters. */
export function authorizeUrl(
  emu: RunningEmulator,
  overrides: Record<string, string | undefined> = {},
): string {
  const params: Record<string, string | undefined> = {
    audience: 'api.atlassian.com',
    client_id: emu.fixture.app.clientId,
    scope: ALL_SCOPES.join(' '),
    redirect_uri: REDIRECT,
    state: 'state-123',
    response_type: 'code',
    prompt: 'consent',
    ...overrides,
  };
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return `${emu.url}/authorize?${query.toString().replaceAll('+', '%20')}`;
}

/** Opens the consent page and returns its request id. */
export async function openConsent(emu: RunningEmulator, url = authorizeUrl(emu)): Promise<string> {
  const page = await fetch(url, { redirect: 'manual' });
  assert.equal(page.status, 200);
  const html = await page.text();
  const id = /name="request" id="request" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(id, 'consent page carries a request id');
  return id;
}

/** Posts the consent form as a browser would and returns the redirect Location. */
export async function submitConsent(
  emu: RunningEmulator,
  request: string,
  fields: Record<string, string>,
): Promise<Response> {
  return fetch(`${emu.url}/authorize/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, ...fields }).toString(),
  });
}

/** Runs authorize -> consent (accept) and returns the code. */
export async function obtainCode(
  emu: RunningEmulator,
  account: string,
  options: { scopes?: string[]; site?: string } = {},
): Promise<string> {
  const scope = (options.scopes ?? ALL_SCOPES).join(' ');
  const request = await openConsent(emu, authorizeUrl(emu, { scope }));
  const fields: Record<string, string> = { account, decision: 'accept' };
  if (options.site) fields.site = options.site;
  const res = await submitConsent(emu, request, fields);
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location') ?? '');
  assert.equal(location.searchParams.get('state'), 'state-123');
  const code = location.searchParams.get('code');
  assert.ok(code);
  return code;
}

/** POSTs to the token endpoint with a JSON body. */
export async function tokenRequest(emu: RunningEmulator, body: Record<string, string>) {
  const res = await fetch(`${emu.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: emu.fixture.app.clientId,
      client_secret: emu.fixture.app.clientSecret,
      ...body,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Runs the whole browser flow and the code exchange. */
export async function oauthTokens(
  emu: RunningEmulator,
  account: string,
  options: { scopes?: string[]; site?: string } = {},
) {
  const code = await obtainCode(emu, account, options);
  const res = await tokenRequest(emu, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
  });
  assert.equal(res.status, 200);
  return res.body as {
    access_token: string;
    refresh_token?: string;
    expires_in: number;
    scope: string;
  };
}

/** Calls a control route. */
export async function control(emu: RunningEmulator, method: string, path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(`${emu.url}/_emulator/${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Mints a token without the browser. */
export async function mint(
  emu: RunningEmulator,
  accountId: string,
  extra: Record<string, unknown> = {},
) {
  const res = await control(emu, 'POST', 'tokens', { accountId, ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { access_token: string; refresh_token?: string; sites: string[] };
}

/** Calls the gateway for a site. */
export function gateway(
  emu: RunningEmulator,
  cloudId: string,
  path: string,
  token: string | undefined,
  init: RequestInit = {},
) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body) headers['content-type'] = 'application/json';
  return fetch(`${emu.url}/ex/jira/${cloudId}/rest/api/3${path}`, { ...init, headers });
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
