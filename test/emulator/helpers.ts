import assert from 'node:assert/strict';
import type { EmulatorFixture } from '../../src/emulator/contract.ts';
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../src/emulator/server.ts';
import { createStandInSite } from './stand-in-site.ts';

/** Every scope the flow tests ask for. */
export const ALL_SCOPES = [
  'read:jira-work',
  'write:jira-work',
  'read:jira-user',
  'read:me',
  'offline_access',
];

/** The fixture the tests run on. */
export function testFixture(): EmulatorFixture {
  return {
    app: {
      name: 'Projan <Test>',
      clientId: 'client-1',
      clientSecret: 'secret-1',
      redirectUris: [
        'http://127.0.0.1:*/callback',
        'http://localhost:*',
        'https://projan.example/cb',
      ],
      scopes: [...ALL_SCOPES, 'manage:jira-configuration'],
      grantType: 'account',
    },
    accounts: [
      { accountId: 'acc-admin', displayName: 'Ada Admin', email: 'ada@example.com' },
      { accountId: 'acc-member', displayName: 'Max Member', email: 'max@example.com' },
    ],
    sites: [
      {
        id: 'cloud-a',
        name: 'Site A',
        url: 'https://a.atlassian.net',
        members: ['acc-admin', 'acc-member'],
        jira: {},
      },
      {
        id: 'cloud-b',
        name: 'Site B',
        url: 'https://b.atlassian.net',
        members: ['acc-admin'],
        jira: {},
      },
    ],
  };
}

/** Starts the emulator on a free loopback port. */
export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ fixture: testFixture(), createSite: createStandInSite, ...options });
}

export const REDIRECT = 'http://127.0.0.1:5173/callback';

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
