import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PendingRequests } from './auth/authorize.ts';
import { GrantStore } from './auth/grants.ts';
import { createClock } from './clock.ts';
import type { EmulatorFixture, HttpMethod } from './contract.ts';
import { handleControl } from './control/control-api.ts';
import { faultReply } from './fault-replies.ts';
import { defaultFaults, type FaultAction, FaultInjector } from './faults.ts';
import { validateFixture } from './fixture.ts';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitSettings } from './gateway/rate-limits.ts';
import { BodyError, type HttpReply, jsonReply, parseBody, readText, writeReply } from './http.ts';
import {
  createJiraSite,
  loadDefaultFixture,
  validateFixture as validateJiraHalf,
} from './jira/index.ts';
import { createRandom } from './random.ts';
import { RequestLog } from './request-log.ts';
import { type Routed, routeAtlassian } from './routes.ts';
import type { Runtime } from './runtime.ts';
import { cloneFixture, type SiteFactory, type World } from './world.ts';

/** Options of `startEmulator`; every one has a default. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Accounts, app and sites; default: the Jira half's default fixture. */
  fixture?: EmulatorFixture;
  /** Delay added to every Atlassian answer, in ms; default 0. */
  latencyMs?: number;
  /** Seed for fault injection and resource order; default 1. */
  seed?: number;
  /** Access-token lifetime (`expires_in`); default 3600, as on auth.atlassian.com. */
  accessTokenTtlSeconds?: number;
  /** Rate-limit settings over Atlassian's documented defaults. */
  rateLimits?: Partial<RateLimitSettings>;
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL serving every role, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string;
  /** The fixture in use (after validation). */
  fixture: EmulatorFixture;
  /** Stops listening, drops held and open connections. */
  close(): Promise<void>;
}

/**
 * Starts the Jira Cloud emulator: auth.atlassian.com, api.atlassian.com and the Jira sites on one
 * base URL (docs/emulator.md). Point Projan at it with ATLASSIAN_AUTH_URL and ATLASSIAN_API_URL.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // The Jira half checks the whole shape; the Atlassian side adds its cross-checks.
  const fixture = validateFixture(
    options.fixture ? validateJiraHalf(options.fixture) : loadDefaultFixture(),
  );
  const createSite = createJiraSite as SiteFactory;
  const held = new Set<Socket>();
  let runtime: Runtime | undefined;

  const server = createServer((req, res) => {
    if (!runtime) return;
    serve(runtime, req, res, held, () => rebuild()).catch((error: unknown) => {
      process.stderr.write(`emulator: request failed: ${String(error)}\n`);
      if (!res.headersSent) writeReply(res, jsonReply(500, { error: 'emulator_failure' }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  const rebuild = () => {
    runtime = buildRuntime(url, fixture, createSite, options);
  };
  rebuild();

  return {
    url,
    fixture,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of held) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function buildRuntime(
  baseUrl: string,
  loaded: EmulatorFixture,
  createSite: SiteFactory,
  options: EmulatorOptions,
): Runtime {
  const fixture = cloneFixture(loaded);
  const random = createRandom(options.seed ?? 1);
  const world: World = {
    baseUrl,
    app: fixture.app,
    accounts: fixture.accounts,
    sites: new Map(),
    grants: new GrantStore(options.accessTokenTtlSeconds ?? 3600),
    clock: createClock(),
    random,
  };
  const faults = defaultFaults();
  for (const site of fixture.sites) {
    const jira = createSite(site, fixture.accounts);
    Object.assign(jira.behaviour, faults.jira);
    world.sites.set(site.id, { fixture: site, jira });
  }
  return {
    world,
    fixture: loaded,
    createSite,
    pending: new PendingRequests(),
    limiter: new RateLimiter({ ...structuredClone(DEFAULT_RATE_LIMITS), ...options.rateLimits }),
    faults: new FaultInjector(faults, random),
    log: new RequestLog(),
    baseLatencyMs: options.latencyMs ?? 0,
  };
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

async function serve(
  runtime: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  held: Set<Socket>,
  rebuild: () => void,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const method = req.method ?? 'GET';
  let bodyText: string;
  try {
    bodyText = await readText(req);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    writeReply(res, jsonReply(413, { errorMessages: [error.message], errors: {} }));
    return;
  }
  if (url.pathname.startsWith('/_emulator/')) {
    writeReply(res, control(runtime, method, url.pathname, bodyText, req, rebuild));
    return;
  }

  const started = runtime.world.clock.now();
  const latency = runtime.baseLatencyMs + runtime.faults.settings.latencyMs;
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  const gateway = url.pathname.startsWith('/ex/');
  const fault = METHODS.has(method)
    ? runtime.faults.decide(method, url.pathname, gateway)
    : undefined;
  const entry = { at: new Date(started).toISOString(), method, path: url.pathname, points: 0 };

  if (fault && ('reset' in fault || 'timeout' in fault)) {
    runtime.log.add({ ...entry, status: 0, fault: 'reset' in fault ? 'reset' : 'timeout' });
    withhold(req.socket, 'reset' in fault, held);
    return;
  }
  const { reply, log } = answer(runtime, { method, url, req, bodyText, gateway, fault });
  if (fault && 'dropAfterCommit' in fault) {
    runtime.log.add({ ...entry, ...log, status: reply.status, fault: 'dropAfterCommit' });
    req.socket.destroy();
    return;
  }
  runtime.log.add({ ...entry, ...log, status: reply.status });
  writeReply(res, reply);
}

/** Resets the connection, or holds it open until the client or `close()` ends it. */
function withhold(socket: Socket, reset: boolean, held: Set<Socket>): void {
  if (reset) {
    socket.resetAndDestroy();
    return;
  }
  held.add(socket);
  socket.once('close', () => held.delete(socket));
}

interface Incoming {
  method: string;
  url: URL;
  req: IncomingMessage;
  bodyText: string;
  gateway: boolean;
  fault: FaultAction | undefined;
}

/** The injected status or 429, or what the Atlassian route answers. */
function answer(runtime: Runtime, incoming: Incoming): Routed {
  const { method, fault } = incoming;
  if (fault && ('status' in fault || 'rateLimit' in fault)) {
    const reply = faultReply(fault, incoming.gateway, runtime.world.clock.now());
    return { reply, log: { fault: 'status' in fault ? String(fault.status) : fault.rateLimit } };
  }
  if (!METHODS.has(method)) {
    return {
      reply: jsonReply(405, { errorMessages: ['Method not allowed.'], errors: {} }),
      log: {},
    };
  }
  return routeAtlassian(
    runtime,
    method as HttpMethod,
    incoming.url,
    incoming.req,
    incoming.bodyText,
  );
}

function control(
  runtime: Runtime,
  method: string,
  path: string,
  text: string,
  req: IncomingMessage,
  rebuild: () => void,
): HttpReply {
  try {
    return handleControl(
      runtime,
      method,
      path,
      parseBody(text, req.headers['content-type']),
      rebuild,
    );
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    return jsonReply(400, { error: error.message });
  }
}
