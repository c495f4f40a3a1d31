/**
 * A Projan core as the server builds it (SQLite store in a temporary directory, accounts,
 * connections, exports, the database job queue and a worker), connected to an emulator that
 * another process runs: a user signs up and connects Jira through the emulator's consent form,
 * as a person would.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Accounts, createAccounts } from '../src/accounts/index.ts';
import { atlassianSettings, createAtlassianOAuth } from '../src/atlassian/index.ts';
import { DEFAULT_ATLASSIAN_SCOPES } from '../src/config/index.ts';
import {
  type Connections,
  createConnections,
  jiraAccessFactory,
} from '../src/connections/index.ts';
import { createTokenSealer, openVault } from '../src/connections/vault.ts';
import { createExports, type Exports, ProgressHub } from '../src/exports/index.ts';
import { DatabaseJobQueue, startWorker } from '../src/jobs/index.ts';
import { openStore, type Store } from '../src/store/index.ts';

/** The callback the emulator's fixture accepts (any port on loopback); nothing listens on it. */
const REDIRECT_URI = 'http://127.0.0.1:39871/api/integrations/jira/callback';

/** A connected Projan core. */
export interface BenchWorld {
  store: Store;
  accounts: Accounts;
  connections: Connections;
  exports: Exports;
  queue: DatabaseJobQueue;
  hub: ProgressHub;
  userId: string;
  workspaceId: string;
  /** Stops the worker, closes the store and deletes the data directory. */
  close(): Promise<void>;
}

/**
 * Builds the core against the emulator at `emulatorUrl` and connects `accountId`'s Jira. With
 * `worker: false` exports stay queued (the HTTP case watches one that never moves by itself).
 */
export async function connectedWorld(
  emulatorUrl: string,
  accountId: string,
  options: { worker?: boolean } = {},
): Promise<BenchWorld> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'projan-bench-'));
  const store = await openStore({ dataDir });
  const fixture = (await (await fetch(`${emulatorUrl}/_emulator/fixture`)).json()) as {
    app: { clientId: string; clientSecret: string };
  };
  const accounts = createAccounts(store.db, { scrypt: { N: 1024, r: 8, p: 1 } });
  const connections = createConnections({
    db: store.db,
    oauth: createAtlassianOAuth(
      atlassianSettings({
        clientId: fixture.app.clientId,
        clientSecret: fixture.app.clientSecret,
        scopes: DEFAULT_ATLASSIAN_SCOPES,
        authUrl: emulatorUrl,
        apiUrl: emulatorUrl,
      }),
    ),
    jira: jiraAccessFactory(emulatorUrl),
    sealer: createTokenSealer(
      openVault({ dataDir, secretKey: randomBytes(32).toString('base64') }),
    ),
    workspaces: accounts.workspaces,
    audit: accounts.audit,
    redirectUri: REDIRECT_URI,
  });
  const user = await accounts.users.signUp({
    email: 'bench@example.com',
    password: 'bench-password-long-enough',
    displayName: 'Bench',
  });
  const [individual] = await accounts.workspaces.listWorkspaces(user.id);
  if (!individual) throw new Error('sign-up made no workspace');
  const who = { user: { id: user.id }, workspace: { id: individual.workspace.id } };
  const { authorizeUrl } = await connections.startConnect({ ...who, sessionId: 'bench' });
  const query = await consent(emulatorUrl, authorizeUrl, accountId);
  const result = await connections.completeConnect({ query, sessionId: 'bench' });
  if (result.status !== 'connected') throw new Error(`connect ended ${result.status}`);

  const hub = new ProgressHub();
  const queue = new DatabaseJobQueue(store.db);
  const exports = createExports({
    db: store.db,
    queue,
    connections,
    workspaces: accounts.workspaces,
    audit: accounts.audit,
    hub,
    apiBaseUrl: emulatorUrl,
  });
  const worker =
    options.worker === false
      ? undefined
      : startWorker({ queue, handlers: exports.jobHandlers(), pollMs: 20 });
  return {
    store,
    accounts,
    connections,
    exports,
    queue,
    hub,
    userId: user.id,
    workspaceId: individual.workspace.id,
    async close() {
      await worker?.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the consent page and accepts it as `accountId`; returns the callback's query. */
async function consent(
  baseUrl: string,
  authorizeUrl: string,
  accountId: string,
): Promise<URLSearchParams> {
  const html = await (await fetch(authorizeUrl)).text();
  const request = /name="request" id="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error('the consent page has no request id');
  const answer = await fetch(new URL('/authorize/consent', baseUrl), {
    method: 'POST',
    body: new URLSearchParams({ request, account: accountId, decision: 'accept' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status}`);
  return new URL(location).searchParams;
}
