/**
 * The composition root: opens the store and builds the cores over it, exactly once, for every
 * process that runs Projan's core (`projan serve` and the CLI's local mode). Interfaces add their
 * own layer on top (HTTP, a worker loop, a terminal), never their own wiring of the cores.
 */
import pino from 'pino';
import { type Accounts, createAccounts } from '../accounts/index.ts';
import { atlassianSettings, createAtlassianOAuth } from '../atlassian/index.ts';
import type { Config } from '../config/index.ts';
import { type Connections, createConnections, jiraAccessFactory } from '../connections/index.ts';
import { createTokenSealer, openVault } from '../connections/vault.ts';
import { createExports, type Exports, ProgressHub } from '../exports/index.ts';
import { DatabaseJobQueue } from '../jobs/index.ts';
import { openStore, type Store } from '../store/index.ts';

/** The cores of one process over one open store. */
export interface Runtime {
  store: Store;
  accounts: Accounts;
  connections: Connections;
  exports: Exports;
  /** The durable job queue exports run on (in the same database). */
  queue: DatabaseJobQueue;
  /** Live progress of the exports this process runs. */
  hub: ProgressHub;
  logger: pino.Logger;
  /** Closes the store; safe to call twice. Stop workers using the runtime first. */
  close(): Promise<void>;
}

/** Options of {@link openRuntime}. */
export interface RuntimeOptions {
  /** A pino logger (default: pino to stdout at `config.logLevel`, with secrets redacted). */
  logger?: pino.Logger;
  /**
   * How browsers reach this Projan; the OAuth redirect URI is
   * `${publicUrl}/api/integrations/jira/callback` unless `ATLASSIAN_REDIRECT_URI` is set. Only
   * "Connect Jira" uses it, so processes that never start a connection may leave it out.
   */
  publicUrl?: string;
}

/** Used when neither a public URL nor `ATLASSIAN_REDIRECT_URI` is known (no connect flow runs). */
const UNUSED_PUBLIC_URL = 'http://127.0.0.1:3000';

/**
 * Opens Projan's runtime: checks the OAuth app settings, opens the store (migrations run),
 * opens the token vault (on SQLite a key file is generated into the data directory on first
 * use) and builds the accounts, connections and exports cores with the job queue and progress
 * hub. Starts no worker, timer or listener.
 *
 * @throws OAuthError `client_misconfigured` when `ATLASSIAN_CLIENT_ID` or
 *   `ATLASSIAN_CLIENT_SECRET` is missing (tokens cannot be refreshed without them), StoreError
 *   or ConfigError (key material); the store is closed again when building fails.
 */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? defaultLogger(config);
  const oauth = createAtlassianOAuth(atlassianSettings(config.atlassian));
  const store = await openStore(config);
  try {
    const vault = openVault(config);
    const accounts = createAccounts(store.db);
    const publicUrl = options.publicUrl ?? UNUSED_PUBLIC_URL;
    const connections = createConnections({
      db: store.db,
      oauth,
      jira: jiraAccessFactory(config.atlassian.apiUrl),
      sealer: createTokenSealer(vault),
      workspaces: accounts.workspaces,
      audit: accounts.audit,
      redirectUri: config.atlassian.redirectUri ?? `${publicUrl}/api/integrations/jira/callback`,
      logger: logger.child({ part: 'connections' }),
    });
    const hub = new ProgressHub();
    const queue = new DatabaseJobQueue(store.db);
    const exports = createExports({
      db: store.db,
      queue,
      connections,
      workspaces: accounts.workspaces,
      audit: accounts.audit,
      hub,
      apiBaseUrl: config.atlassian.apiUrl,
    });
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= store.close();
      return closing;
    };
    return { store, accounts, connections, exports, queue, hub, logger, close };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Pino to stdout at `config.logLevel`, with token and header fields redacted. */
export function defaultLogger(config: Config): pino.Logger {
  return pino({
    level: config.logLevel,
    // A second line of defence: log calls pass ids only, never headers or token objects.
    redact: [
      'req.headers.authorization',
      'req.headers.cookie',
      '*.access_token',
      '*.refresh_token',
    ],
  });
}
