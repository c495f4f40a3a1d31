/**
 * A Projan connections core wired to a real emulator on a free port and a test database, plus
 * a driver for the emulator's consent form that acts like a browser.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type Accounts, createAccounts } from '../../src/accounts/index.ts';
import { atlassianSettings, createAtlassianOAuth } from '../../src/atlassian/index.ts';
import { DEFAULT_ATLASSIAN_SCOPES } from '../../src/config/index.ts';
import {
  type Connections,
  type ConnectionsLogger,
  createConnections,
  jiraAccessFactory,
} from '../../src/connections/index.ts';
import { createTokenSealer, openVault } from '../../src/connections/vault.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.ts';
import type { Store } from '../../src/store/index.ts';
import type { EngineContext } from '../helpers/db.ts';

/** Fixture accounts: Ada reaches two Jira sites, Priya one. */
export const ADA = '5f1a2b3c4d5e6f7a8b9c0d01';
export const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d02';
export const SOFTWARE_SITE = '8a1d6f0e-3c2b-4e5f-9a7b-1c2d3e4f5a61';
export const LABS_SITE = '2b7c9e41-6d5a-4f3e-8b2c-9d0e1f2a3b72';
/** Any port matches the fixture's callback pattern; nothing listens on it. */
export const REDIRECT_URI = 'http://127.0.0.1:39871/api/integrations/jira/callback';

/** A clock on real time that tests may move forward (waits inside the core stay real). */
export interface OffsetClock {
  now(): number;
  advance(ms: number): void;
}

export function offsetClock(): OffsetClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

/** A user with their individual workspace. */
export interface TestUser {
  user: { id: string };
  workspace: { id: string };
}

/** Everything a connections test needs. */
export interface World {
  emulator: RunningEmulator;
  accounts: Accounts;
  connections: Connections;
  clock: OffsetClock;
  secretKey: string;
  /** Signs up a user; returns them with their individual workspace. */
  newUser(email: string): Promise<TestUser>;
  /** GET the authorize URL, post the consent form as a browser would, return the callback query. */
  consent(
    authorizeUrl: string,
    input: { accountId: string; decision?: 'accept' | 'deny' },
  ): Promise<URLSearchParams>;
  /** Token endpoint calls the emulator served so far. */
  tokenCalls(): Promise<number>;
  /** Emulator control API call. */
  control(path: string, body?: unknown, method?: 'POST' | 'PUT'): Promise<unknown>;
}

/** Variations of the world. */
export interface WorldOptions {
  /** `ATLASSIAN_SCOPES` (default: the seed's six). */
  scopes?: readonly string[];
  /** Receives every log line of the connections core. */
  logger?: ConnectionsLogger;
}

/** Builds the world over an engine context; call `emulator.close()` when done (see withWorld). */
export async function createWorld(ctx: EngineContext, options: WorldOptions = {}): Promise<World> {
  const emulator = await startEmulator({ port: 0 });
  const clock = offsetClock();
  const accounts = createAccounts(ctx.store.db, {
    scrypt: { N: 1024, r: 8, p: 1 },
    now: clock.now,
  });
  const secretKey = randomBytes(32).toString('base64');
  const connections = buildConnections(ctx, emulator, clock, accounts, secretKey, options);

  const control = async (path: string, body?: unknown, method: 'POST' | 'PUT' = 'POST') => {
    const res = await fetch(`${emulator.url}/_emulator${path}`, {
      method: body === undefined ? 'GET' : method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    assert.equal(res.status, 200, `control ${path} answered ${res.status}`);
    return res.json();
  };

  return {
    emulator,
    accounts,
    connections,
    clock,
    secretKey,
    async newUser(email) {
      const user = await accounts.users.signUp({
        email,
        password: `pw-${email}-long`,
        displayName: email,
      });
      const [individual] = await accounts.workspaces.listWorkspaces(user.id);
      assert.ok(individual);
      return { user: { id: user.id }, workspace: { id: individual.workspace.id } };
    },
    async consent(authorizeUrl, { accountId, decision = 'accept' }) {
      const page = await fetch(authorizeUrl);
      assert.equal(page.status, 200, 'the consent page is served');
      const html = await page.text();
      const request = /name="request" id="request" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(request, 'the consent form carries its request id');
      const form = new URLSearchParams({ request, account: accountId, decision });
      const answer = await fetch(new URL('/authorize/consent', emulator.url), {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      assert.equal(answer.status, 302);
      const location = new URL(answer.headers.get('location') ?? '');
      assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
      return location.searchParams;
    },
    async tokenCalls() {
      const log = (await control('/requests')) as {
        entries: Array<{ path: string; method: string }>;
      };
      return log.entries.filter((e) => e.method === 'POST' && e.path === '/oauth/token').length;
    },
    control,
  };
}

/** A connections core like the one a Projan process builds, sharing the database and key. */
export function buildConnections(
  ctx: { store: Store; dataDir: string },
  emulator: { url: string; fixture: { app: { clientId: string; clientSecret: string } } },
  clock: OffsetClock,
  accounts: Accounts,
  secretKey: string,
  options: WorldOptions = {},
): Connections {
  const settings = atlassianSettings({
    clientId: emulator.fixture.app.clientId,
    clientSecret: emulator.fixture.app.clientSecret,
    scopes: options.scopes ?? DEFAULT_ATLASSIAN_SCOPES,
    authUrl: emulator.url,
    apiUrl: emulator.url,
  });
  return createConnections({
    db: ctx.store.db,
    oauth: createAtlassianOAuth(settings, { now: clock.now }),
    jira: jiraAccessFactory(emulator.url),
    sealer: createTokenSealer(openVault({ dataDir: ctx.dataDir, secretKey })),
    workspaces: accounts.workspaces,
    audit: accounts.audit,
    redirectUri: REDIRECT_URI,
    now: clock.now,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** Runs `body` with a world, closing the emulator afterwards. */
export async function withWorld(
  ctx: EngineContext,
  body: (world: World) => Promise<void>,
  options: WorldOptions = {},
): Promise<void> {
  const world = await createWorld(ctx, options);
  try {
    await body(world);
  } finally {
    await world.emulator.close();
  }
}

/** Connects `who`'s workspace as Atlassian account `accountId`; returns the callback result. */
export async function connectAs(
  world: World,
  who: TestUser,
  accountId: string,
  sessionId = 'sess-1',
) {
  const { authorizeUrl } = await world.connections.startConnect({ ...who, sessionId });
  const query = await world.consent(authorizeUrl, { accountId });
  return world.connections.completeConnect({ query, sessionId });
}
