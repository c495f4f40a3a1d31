/**
 * The HTTP layer of the Jira client: builds URLs below
 * `${apiBaseUrl}/ex/jira/${cloudId}/rest/api/3` (the only base a 3LO token works on), attaches
 * the bearer token, bounds concurrency, waits on rate-limit gates, and applies the policy table
 * of `policy.ts` to every failed attempt.
 * https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/#3--make-calls-to-the-api-using-the-access-token
 */
import { JiraApiError, type JiraErrorCode, type RateLimitHeaders } from './errors.ts';
import { Gates, gateKey, Semaphore } from './limiter.ts';
import type { JiraClientEvent, JiraClientOptions, JiraClock, JiraLogger } from './options.ts';
import { type AttemptFailure, decide, type PauseScope } from './policy.ts';
import {
  errorCode,
  type FailDetails,
  fillPath,
  jiraMessages,
  parseJsonBody,
  type QueryValue,
  queryString,
  rateLimitHeaders,
  statusFailure,
  transportFailure,
} from './wire.ts';

/** HTTP methods the client sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type { QueryValue } from './wire.ts';

/** One logical request; retries and refreshes happen inside `send`. */
export interface JiraRequest {
  method: HttpMethod;
  /** Path template below `/rest/api/3`, e.g. `/issue/{issue}/properties/{key}`. */
  path: string;
  pathParams?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Defaults to true for GET, PUT and DELETE and false for POST. */
  idempotent?: boolean;
  /** Issues a write touches, so a per-issue write limit delays only writes to them. */
  issues?: readonly string[];
  /** Non-2xx statuses answered as a response instead of an error (bulk create's 400). */
  passStatuses?: readonly number[];
}

/** A 2xx (or `passStatuses`) response. `body` is parsed JSON, or undefined when empty. */
export interface JiraResponse {
  status: number;
  body: unknown;
  headers: RateLimitHeaders;
}

/** The transport a typed call is written against. */
export interface JiraTransport {
  send(request: JiraRequest): Promise<JiraResponse>;
}

const DEFAULTS = { timeoutMs: 30_000, maxConcurrency: 4, maxPauseMs: 15 * 60_000 };

const systemClock: JiraClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Creates the transport; see `JiraClientOptions` for defaults. */
export function createTransport(options: JiraClientOptions): JiraTransport {
  if (typeof options.cloudId !== 'string' || options.cloudId.trim() === '') {
    throw new TypeError('cloudId must be a non-empty string');
  }
  const base = `${options.apiBaseUrl.replace(/\/+$/, '')}/ex/jira/${encodeURIComponent(options.cloudId)}/rest/api/3`;
  const basePath = new URL(base).pathname;
  const doFetch = options.fetch ?? globalThis.fetch;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxPauseMs = options.maxPauseMs ?? DEFAULTS.maxPauseMs;
  const semaphore = new Semaphore(options.maxConcurrency ?? DEFAULTS.maxConcurrency);
  const gates = new Gates();
  const log: JiraLogger = options.logger ?? {};
  const emit = (event: JiraClientEvent) => {
    try {
      options.onEvent?.(event);
    } catch (err) {
      // A failing progress listener must not turn a good request into a failed one.
      log.warn?.({ event: event.type, error: String(err) }, 'Jira client event listener threw');
    }
  };
  const secrets = new Set<string>();

  async function token(forceRefresh: boolean): Promise<string> {
    const value = await options.getAccessToken({ forceRefresh });
    secrets.add(value);
    return value;
  }

  function fail(
    req: JiraRequest,
    path: string,
    code: JiraErrorCode,
    extra: Partial<FailDetails> = {},
  ) {
    return new JiraApiError({ code, method: req.method, path, ...extra }, [...secrets]);
  }

  async function waitForGates(req: JiraRequest, path: string, keys: string[]): Promise<void> {
    for (;;) {
      const now = clock.now();
      const gate = gates.blocking(keys, now);
      if (!gate) return;
      if (gate.untilMs - now > maxPauseMs) {
        throw fail(req, path, 'rate_limited', { retryAtMs: gate.untilMs, causeCode: gate.reason });
      }
      await clock.sleep(gate.untilMs - now);
    }
  }

  async function send(req: JiraRequest): Promise<JiraResponse> {
    const path = basePath + fillPath(req.path, req.pathParams);
    const url = base + fillPath(req.path, req.pathParams) + queryString(req.query);
    const idempotent = req.idempotent ?? req.method !== 'POST';
    const endpointKey = gateKey.endpoint(req.method, req.path);
    const issueKeys = req.method === 'GET' ? [] : (req.issues ?? []).map(gateKey.issue);
    const keys = [gateKey.site(), endpointKey, ...issueKeys];
    let retries = 0;
    let refreshed = false;
    let forceRefresh = false;

    for (let attempt = 1; ; attempt += 1) {
      await waitForGates(req, path, keys);
      const outcome = await attemptOnce(req, url, path, forceRefresh, attempt);
      if (outcome.ok) return outcome.response;

      const { failure, details } = outcome;
      const decision = decide({
        failure,
        idempotent,
        retries,
        refreshed,
        now: clock.now(),
        random,
      });
      if (decision.action === 'refresh') {
        refreshed = true;
        forceRefresh = true;
        emit({ type: 'tokenRefresh', method: req.method, path: req.path });
        continue;
      }
      forceRefresh = false;
      if (decision.action === 'fail') {
        throw fail(req, path, decision.code, { ...details, attempts: attempt });
      }

      const untilMs = clock.now() + decision.delayMs;
      const reason = details.headers?.rateLimitReason ?? decision.rule;
      const scopeKeys = keysFor(decision.scope, endpointKey, issueKeys);
      for (const key of scopeKeys) gates.close(key, untilMs, reason);
      if (decision.scope === 'site' || decision.delayMs > maxPauseMs) {
        emit({ type: 'pause', reason, scope: decision.scope, untilMs });
      }
      if (decision.delayMs > maxPauseMs) {
        const code =
          failure.kind === 'status' && failure.status === 429 ? 'rate_limited' : 'unavailable';
        throw fail(req, path, code, { ...details, attempts: attempt, retryAtMs: untilMs });
      }
      retries += 1;
      emit({
        type: 'retry',
        method: req.method,
        path: req.path,
        attempt,
        delayMs: decision.delayMs,
        rule: decision.rule,
        scope: decision.scope,
      });
      log.warn?.(
        { method: req.method, path, attempt, delayMs: decision.delayMs, rule: decision.rule },
        'Jira request will be retried',
      );
      if (scopeKeys.length === 0) await clock.sleep(decision.delayMs);
    }
  }

  type Outcome =
    | { ok: true; response: JiraResponse }
    | { ok: false; failure: AttemptFailure; details: Partial<FailDetails> };

  async function attemptOnce(
    req: JiraRequest,
    url: string,
    path: string,
    forceRefresh: boolean,
    attempt: number,
  ): Promise<Outcome> {
    const bearer = await token(forceRefresh);
    const release = await semaphore.acquire();
    const started = clock.now();
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${bearer}`,
        accept: 'application/json',
      };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const res = await doFetch(url, {
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      const rl = rateLimitHeaders(res.headers);
      emit({
        type: 'request',
        method: req.method,
        path: req.path,
        status: res.status,
        attempt,
        durationMs: clock.now() - started,
        headers: rl,
      });
      log.debug?.({ method: req.method, path, status: res.status, attempt }, 'Jira request');
      const body = parseJsonBody(text);
      if (res.ok || req.passStatuses?.includes(res.status)) {
        return { ok: true, response: { status: res.status, body, headers: rl } };
      }
      return {
        ok: false,
        failure: statusFailure(res.status, rl, clock.now()),
        details: { status: res.status, headers: rl, ...jiraMessages(body) },
      };
    } catch (err) {
      const failure = transportFailure(err);
      const causeCode = errorCode(err);
      emit({
        type: 'request',
        method: req.method,
        path: req.path,
        attempt,
        durationMs: clock.now() - started,
        error: failure.kind,
        headers: {},
      });
      log.debug?.({ method: req.method, path, attempt, causeCode }, 'Jira request got no response');
      return { ok: false, failure, details: causeCode === undefined ? {} : { causeCode } };
    } finally {
      release();
    }
  }

  return { send };
}

function keysFor(scope: PauseScope, endpointKey: string, issueKeys: string[]): string[] {
  switch (scope) {
    case 'site':
      return [gateKey.site()];
    case 'endpoint':
      return [endpointKey];
    case 'issue':
      return issueKeys.length > 0 ? issueKeys : [endpointKey];
    case 'request':
      return [];
  }
}
