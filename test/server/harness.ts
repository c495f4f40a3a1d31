/**
 * A Projan server for tests: the real cores on a test database, the emulator on a free port as
 * Atlassian, and `buildApp`, driven either in process (`inject`) or over a real port (`fetch`)
 * by a small client that keeps the session cookie and CSRF token like a browser would.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type Accounts, createAccounts } from '../../src/accounts/index.ts';
import { atlassianSettings, createAtlassianOAuth } from '../../src/atlassian/index.ts';
import { DEFAULT_ATLASSIAN_SCOPES } from '../../src/config/index.ts';
import {
  type Connections,
  createConnections,
  jiraAccessFactory,
} from '../../src/connections/index.ts';
import { createTokenSealer, openVault } from '../../src/connections/vault.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.ts';
import { createExports, ProgressHub } from '../../src/exports/index.ts';
import { DatabaseJobQueue, startWorker, type Worker } from '../../src/jobs/index.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AuthRateLimit } from '../../src/server/routes/auth.ts';
import { findFreePort } from '../../src/server/start.ts';
import type { EngineContext } from '../helpers/db.ts';

export { ADA, LABS_SITE, PRIYA, SOFTWARE_SITE } from '../connections/harness.ts';

/** Everything a server test needs. */
export interface TestServer {
  app: FastifyInstance;
  emulator: RunningEmulator;
  accounts: Accounts;
  connections: Connections;
  hub: ProgressHub;
  /** `http://127.0.0.1:<port>` once `listen` was called. */
  url: string;
  /** Log lines written so far (JSON text). */
  logs: string[];
  /** A new browser-like client (its own cookie jar). */
  client(): Client;
  /** GET the authorize URL, post the consent form, return the callback URL it redirects to. */
  consent(authorizeUrl: string, accountId: string): Promise<URL>;
}

/** Options of {@link withServer}. */
export interface ServerTestOptions {
  authRateLimit?: AuthRateLimit;
  /** Listen on a real port (needed for `fetch` clients); default false. */
  listen?: boolean;
  /** Run an export worker; default false. */
  worker?: boolean;
  /** Serve a built web app from this directory. */
  webDistDir?: string;
}

/** An HTTP answer as tests read it. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies of many shapes.
  json: any;
}

/** Builds a server over the engine context, runs `body`, and closes everything. */
export async function withServer(
  ctx: EngineContext,
  body: (server: TestServer) => Promise<void>,
  options: ServerTestOptions = {},
): Promise<void> {
  const emulator = await startEmulator({ port: 0 });
  const logs: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const port = await findFreePort('127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const accounts = createAccounts(ctx.store.db, { scrypt: { N: 1024, r: 8, p: 1 } });
  const connections = createConnections({
    db: ctx.store.db,
    oauth: createAtlassianOAuth(
      atlassianSettings({
        clientId: emulator.fixture.app.clientId,
        clientSecret: emulator.fixture.app.clientSecret,
        scopes: DEFAULT_ATLASSIAN_SCOPES,
        authUrl: emulator.url,
        apiUrl: emulator.url,
      }),
    ),
    jira: jiraAccessFactory(emulator.url),
    sealer: createTokenSealer(
      openVault({ dataDir: ctx.dataDir, secretKey: randomBytes(32).toString('base64') }),
    ),
    workspaces: accounts.workspaces,
    audit: accounts.audit,
    redirectUri: `${url}/api/integrations/jira/callback`,
    logger: logger.child({ part: 'connections' }),
  });
  const hub = new ProgressHub();
  const queue = new DatabaseJobQueue(ctx.store.db);
  const exports = createExports({
    db: ctx.store.db,
    queue,
    connections,
    workspaces: accounts.workspaces,
    audit: accounts.audit,
    hub,
    apiBaseUrl: emulator.url,
    reconcileWindowMs: 3_000,
  });
  const app = await buildApp({
    db: ctx.store.db,
    accounts,
    connections,
    exports,
    hub,
    apiBaseUrl: emulator.url,
    sessionKeys: [randomBytes(32)],
    publicUrl: url,
    logger,
    sseHeartbeatMs: 200,
    ...(options.authRateLimit ? { authRateLimit: options.authRateLimit } : {}),
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
  });
  let worker: Worker | undefined;
  try {
    if (options.listen) await app.listen({ port, host: '127.0.0.1' });
    if (options.worker) {
      worker = startWorker({ queue, handlers: exports.jobHandlers(), pollMs: 20 });
    }
    await body({
      app,
      emulator,
      accounts,
      connections,
      hub,
      url,
      logs,
      client: () => new Client(app, options.listen ? url : undefined),
      async consent(authorizeUrl, accountId) {
        const page = await fetch(authorizeUrl);
        assert.equal(page.status, 200, 'the consent page is served');
        const html = await page.text();
        const request = /name="request" id="request" value="([^"]+)"/.exec(html)?.[1];
        assert.ok(request, 'the consent form carries its request id');
        const answer = await fetch(new URL('/authorize/consent', emulator.url), {
          method: 'POST',
          body: new URLSearchParams({ request, account: accountId, decision: 'accept' }),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
        });
        assert.equal(answer.status, 302);
        return new URL(answer.headers.get('location') ?? '');
      },
    });
  } finally {
    await worker?.stop();
    await app.close();
    await emulator.close();
  }
}

/**
 * A browser-like API client: keeps the session cookie, fetches a CSRF token before its first
 * state-changing request, and sends it in `x-csrf-token`. With `bearer` set it sends the API
 * token instead and no CSRF token.
 */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;
  /** Send no CSRF token (to prove it is required). */
  withoutCsrf = false;

  constructor(
    readonly app: FastifyInstance,
    readonly baseUrl?: string,
  ) {}

  async get(url: string): Promise<Answer> {
    return this.send('GET', url);
  }
  async post(url: string, body?: unknown): Promise<Answer> {
    return this.send('POST', url, body);
  }
  async put(url: string, body?: unknown): Promise<Answer> {
    return this.send('PUT', url, body);
  }
  async patch(url: string, body?: unknown): Promise<Answer> {
    return this.send('PATCH', url, body);
  }
  async delete(url: string): Promise<Answer> {
    return this.send('DELETE', url);
  }

  /** Signs up and keeps the session; returns the sign-up answer body. */
  async signUp(email: string, password = `pw-${email}-long`) {
    const res = await this.post('/api/auth/signup', { email, password, displayName: email });
    assert.equal(res.status, 201, res.text);
    return res.json as {
      user: { id: string; individualWorkspaceId: string };
      workspaces: Array<{ id: string }>;
    };
  }

  async send(method: string, url: string, body?: unknown): Promise<Answer> {
    const unsafe = method !== 'GET' && method !== 'HEAD';
    if (unsafe && !this.bearer && !this.withoutCsrf && this.csrf === undefined) {
      const token = await this.send('GET', '/api/auth/csrf');
      this.csrf = token.json.csrfToken;
    }
    const headers: Record<string, string> = {};
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    else if (this.cookie) headers.cookie = this.cookie;
    if (unsafe && !this.bearer && !this.withoutCsrf && this.csrf)
      headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const payload = body === undefined ? undefined : JSON.stringify(body);

    const answer = this.baseUrl
      ? await this.fetch(method, url, headers, payload)
      : await this.inject(method, url, headers, payload);
    const setCookie = answer.headers['set-cookie'];
    if (setCookie) this.cookie = setCookie.split(';')[0];
    if (answer.json && typeof answer.json.csrfToken === 'string') this.csrf = answer.json.csrfToken;
    return answer;
  }

  private async inject(
    method: string,
    url: string,
    headers: Record<string, string>,
    payload?: string,
  ): Promise<Answer> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) flat[k] = Array.isArray(v) ? v.join('\n') : String(v);
    }
    return { status: res.statusCode, headers: flat, text: res.body, json: parse(res.body) };
  }

  private async fetch(
    method: string,
    url: string,
    headers: Record<string, string>,
    payload?: string,
  ): Promise<Answer> {
    const res = await fetch(new URL(url, this.baseUrl), {
      method,
      headers,
      redirect: 'manual',
      ...(payload === undefined ? {} : { body: payload }),
    });
    const flat: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      flat[k] = v;
    });
    const setCookie = res.headers.getSetCookie();
    if (setCookie.length > 0) flat['set-cookie'] = setCookie.join('\n');
    const text = await res.text();
    return { status: res.status, headers: flat, text, json: parse(text) };
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
