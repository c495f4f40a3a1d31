/**
 * `startServer`: opens the runtime (store and cores, see `src/runtime/open.ts`), starts the
 * embedded export worker and the idle-connection refresh timer, and listens. `close()` stops in order: no new
 * requests, live event streams ended, the worker stopped at a safe point, the store closed.
 */
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import type { Config } from '../config/index.ts';
import { loadKeyring } from '../connections/keys.ts';
import { startWorker, type Worker } from '../jobs/index.ts';
import { defaultLogger, openRuntime } from '../runtime/open.ts';
import type { Store } from '../store/index.ts';
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
  const logger = options.logger ?? defaultLogger(config);
  const port = settings.port === 0 ? await findFreePort(settings.host) : settings.port;
  const publicUrl = settings.publicUrl ?? `http://${hostForUrl(settings.host)}:${port}`;
  let worker: Worker | null = null;
  let timer: NodeJS.Timeout | undefined;
  let app: FastifyInstance | undefined;
  const runtime = await openRuntime(config, { logger, publicUrl });
  const { store, accounts, connections, exports, queue, hub } = runtime;
  try {
    const keyring = loadKeyring(config);
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
        await runtime.close();
      })();
      return closing;
    };
    return { app: running, url, publicUrl, store, worker, close };
  } catch (error) {
    clearInterval(timer);
    await app?.close();
    await worker?.stop();
    await runtime.close();
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
