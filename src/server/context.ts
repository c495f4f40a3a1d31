/** What the server's routes are built from: the cores, passed in once by `buildApp`. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Accounts } from '../accounts/index.ts';
import type { Connections } from '../connections/index.ts';
import type { Exports, ProgressHub } from '../exports/index.ts';
import type { Database } from '../store/schema.ts';
import type { PlanRepository } from './plans/repository.ts';

/** The cores the HTTP API calls. */
export interface ServerDeps {
  db: Kysely<Database>;
  accounts: Accounts;
  connections: Connections;
  exports: Exports;
  hub: ProgressHub;
  /** The Atlassian API gateway (`https://api.atlassian.com` or the emulator), for user search. */
  apiBaseUrl: string;
}

/** What route modules receive. */
export interface RouteContext extends ServerDeps {
  plans: PlanRepository;
  /** Milliseconds between SSE heartbeat comments. */
  sseHeartbeatMs: number;
  /** Where the browser lands after the OAuth callback (the web app's settings page). */
  settingsPath: string;
  /** Closers of the open event streams, ended when the server closes. */
  streams: Set<() => void>;
}

/** The Fastify instance with zod schemas, as route modules see it. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;
