/**
 * `startServer`: opens the store (migrations run), builds the cores, starts the embedded export
 * worker and the idle-connection refresh timer, and listens. `close()` stops in order: no new
 * requests, live event streams ended, the worker stopped at a safe point, the store closed.
 */
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createAccounts } from '../accounts/index.ts';
import { atlassianSettings, createAtlassianOAuth } from '../atlassian/index.ts';
import type { Config } from '../config/index.ts';
import { createConnections, jiraAccessFactory } from '../connections/index.ts';
import { loadKeyring } from '../connections/keys.ts';
import { createTokenSealer, openVault } from '../connections/vault.ts';
import { createExports, ProgressHub } from '../exports/index.ts';
import { DatabaseJobQueue, startWorker, type Worker } from '../jobs/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { buildApp } from './app.ts';
import { type ServerSettings, sessionKeys } from './settings.ts';

/** How often idle connections are checked; the core refreshes those idle for over 24 h. */
export const IDLE_REFRESH_INTERVAL_MS = 3600_000;

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` it listens on. */
  url: string;
  /** The public URL used for the OAuth redirect. */
  publicUrl: string;
  store: Store;
  /** Null when started with `worker: 'none'`. */
  worker: Worker | null;
  /** Stops everything; safe to call twice. */
  close(): Promise<void>;
}

/** Extra options, mainly for tests and the demo. */
export interface StartOptions {
  /** A pino logger (default: pino to stdout at `config.logLevel`). */
  logger?: pino.Logger;
  /** Worker poll interval in ms (default 500). */
  workerPollMs?: number;
}

/**
 * Starts Projan's server.
 * @throws ConfigError, StoreError or OAuthError (`client_misconfigured`) before listening.
 */
export async function startServer(
  config: Config,
  settings: ServerSettings,
  options: StartOptions = {},
): Promise<RunningServer> {
  const logger =
    options.logger ??
    pino({
      level: config.logLevel,
      // A second line of defence: log calls pass ids only, never headers or token objects.
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.access_token',
        '*.refresh_token',
      ],
    });
  const port = settings.port === 0 ? await findFreePort(settings.host) : settings.port;
  const publicUrl = settings.publicUrl ?? `http://${hostForUrl(settings.host)}:${port}`;
  const oauth = createAtlassianOAuth(atlassianSettings(config.atlassian));

  const store = await openStore(config);
  let worker: Worker | null = null;
  let timer: NodeJS.Timeout | undefined;
  let app: FastifyInstance | undefined;
  try {
    const keyring = loadKeyring(config);
    const vault = openVault(config);
    const accounts = createAccounts(store.db);
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
    app = await buildApp({
      db: store.db,
      accounts,
      connections,
      exports,
      hub,
      apiBaseUrl: config.atlassian.apiUrl,
      sessionKeys: sessionKeys(settings.sessionKey, keyring),
      publicUrl,
      logger,
      webDistDir: settings.webDistDir,
    });
    if (settings.worker === 'embedded') {
      worker = startWorker({
        queue,
        handlers: exports.jobHandlers(),
        logger: logger.child({ part: 'worker' }),
        ...(options.workerPollMs === undefined ? {} : { pollMs: options.workerPollMs }),
      });
    }
    timer = setInterval(() => {
      connections.refreshIdleConnections().catch((error: unknown) => {
        logger.warn(
          { type: error instanceof Error ? error.name : typeof error },
          'idle refresh failed',
        );
      });
    }, IDLE_REFRESH_INTERVAL_MS);
    timer.unref();

    const url = await app.listen({ port, host: settings.host });
    let closing: Promise<void> | undefined;
    const running = app;
    const close = () => {
      closing ??= (async () => {
        clearInterval(timer);
        await running.close();
        await worker?.stop();
        await store.close();
      })();
      return closing;
    };
    return { app: running, url, publicUrl, store, worker, close };
  } catch (error) {
    clearInterval(timer);
    await app?.close();
    await worker?.stop();
    await store.close();
    throw error;
  }
}

/**
 * A port that was free a moment ago on `host`. The OAuth redirect URI is fixed when the
 * connections core is built, before listening, so port 0 is resolved to a concrete port first.
 */
export async function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
