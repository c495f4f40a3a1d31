import type { TokenIdentity } from '../auth/grants.ts';
import { SCOPE_MISMATCH, UNAUTHORIZED } from '../auth/identity.ts';
import type { HttpMethod, JiraCall, JiraReply } from '../contract.ts';
import { type HttpReply, jsonReply } from '../http.ts';
import type { LoggedRequest } from '../request-log.ts';
import type { Runtime } from '../runtime.ts';
import { grantedSites, siteUrl } from '../world.ts';
import { customBurstRate, isWrite, matchOperation } from './operations.ts';
import { limitedHeaders } from './rate-limits.ts';

/** A gateway request after the server split the URL. */
export interface GatewayRequest {
  method: HttpMethod;
  cloudId: string;
  /** Path below `/ex/jira/{cloudId}`, e.g. `/rest/api/3/issue`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  bodyText: string;
}

/** The answer plus what the request log records about it. */
export interface GatewayOutcome {
  reply: HttpReply;
  log: Partial<LoggedRequest>;
}

const EXPIRED_BODIES = {
  401: UNAUTHORIZED,
  403: { code: 403, message: 'Forbidden' },
  404: { code: 404, message: 'Not Found' },
} as const;

const API_ROOT = '/rest/api/3';

/** Resolves the bearer token, as the gateway does before anything reaches Jira. */
export function authenticate(
  runtime: Runtime,
  authorization: string | undefined,
): TokenIdentity | 'invalid' | 'expired' {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return 'invalid';
  return runtime.world.grants.authenticate(match[1], runtime.world.clock.now());
}

/**
 * `https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3/...` (facts §1.6): authenticates the
 * bearer token, checks the site is granted and the operation's classic scopes, applies the three
 * rate limits (facts §5), hands the call to the site and adds `X-AAccountId` and quota headers.
 */
export function handleGateway(runtime: Runtime, request: GatewayRequest): GatewayOutcome {
  const { world, limiter } = runtime;
  const identity = authenticate(runtime, request.authorization);
  if (identity === 'expired') {
    const status = runtime.faults.settings.expiredTokenStatus;
    return { reply: jsonReply(status, EXPIRED_BODIES[status]), log: {} };
  }
  if (identity === 'invalid') return { reply: jsonReply(401, UNAUTHORIZED), log: {} };
  const site = world.sites.get(request.cloudId);
  if (!site || !grantedSites(world, identity.grant).includes(request.cloudId)) {
    return { reply: jsonReply(401, UNAUTHORIZED), log: { accountId: identity.accountId } };
  }

  const log: Partial<LoggedRequest> = { cloudId: request.cloudId, accountId: identity.accountId };
  const account = { 'x-aaccountid': identity.accountId };
  if (request.path !== API_ROOT && !request.path.startsWith(`${API_ROOT}/`)) {
    const body = { errorMessages: ['No API is served at this path.'], errors: {} };
    return { reply: jsonReply(404, body, account), log };
  }
  const operation = matchOperation(request.method, request.path);
  if (operation) log.operation = `${operation.method} ${operation.path}`;
  if (operation?.scopes.some((scope) => !identity.scopes.includes(scope))) {
    return { reply: jsonReply(401, SCOPE_MISMATCH, account), log };
  }

  let body: unknown;
  try {
    body = request.bodyText.length > 0 ? (JSON.parse(request.bodyText) as unknown) : undefined;
  } catch {
    const error = { errorMessages: ['Unexpected character in the JSON body.'], errors: {} };
    return { reply: jsonReply(400, error, account), log };
  }
  const now = world.clock.now();
  const selfBase =
    runtime.faults.settings.selfLinks === 'gateway'
      ? `${world.baseUrl}/ex/jira/${request.cloudId}`
      : siteUrl(world, request.cloudId);
  const call: JiraCall = {
    method: request.method,
    path: request.path.slice(API_ROOT.length) || '/',
    query: request.query,
    body,
    caller: { accountId: identity.accountId, scopes: identity.scopes, cloudId: request.cloudId },
    now,
    selfBase,
  };

  const write = isWrite(request.method, operation?.path);
  const burstKey = `${request.cloudId} ${request.method} ${operation?.path ?? request.path}`;
  const burstRate =
    customBurstRate(request.method, operation?.path) ?? limiter.settings.burst[request.method];
  const targets = write ? site.jira.writeTargets(call) : [];
  const limited =
    limiter.checkQuota(now) ??
    limiter.takeBurst(burstKey, burstRate, now) ??
    limiter.checkIssueWrites(targets, now);
  if (limited) {
    log.fault = limited.reason;
    return { reply: jsonReply(429, undefined, { ...account, ...limitedHeaders(limited) }), log };
  }

  const reply = callSite(runtime, request.cloudId, call);
  const points = write ? 1 : 1 + (reply.cost?.core ?? 0) + 2 * (reply.cost?.identity ?? 0);
  limiter.charge(points, now);
  limiter.recordIssueWrites(targets, now);
  log.points = points;
  return { reply: toHttp(reply, { ...account, ...limiter.quotaHeaders(now) }), log };
}

function callSite(runtime: Runtime, cloudId: string, call: JiraCall): JiraReply {
  const site = runtime.world.sites.get(cloudId);
  try {
    return site ? site.jira.handle(call) : { status: 404 };
  } catch (error) {
    // A throw is a bug in the Jira half; answer like Jira's own 500 and keep serving.
    process.stderr.write(
      `emulator: site ${cloudId} failed on ${call.method} ${call.path}: ${String(error)}\n`,
    );
    return { status: 500, body: { errorMessages: ['Internal server error.'], errors: {} } };
  }
}

/** Turns a Jira reply into an HTTP reply with extra headers (the reply's own win). */
export function toHttp(reply: JiraReply, headers: Record<string, string>): HttpReply {
  const all = { ...headers, ...(reply.headers ?? {}) };
  if (reply.body === undefined) return { status: reply.status, headers: all };
  if (typeof reply.body === 'string') {
    const type = reply.contentType ?? 'text/plain;charset=UTF-8';
    return { status: reply.status, headers: { 'content-type': type, ...all }, body: reply.body };
  }
  return jsonReply(reply.status, reply.body, all);
}
