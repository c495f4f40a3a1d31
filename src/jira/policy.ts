/**
 * Retry and rate-limit policy of the Jira client, as one table.
 *
 * Rules from Atlassian's "Rate limiting" page
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/):
 * - honour `Retry-After` (seconds) as the minimum wait; some transient 503s carry it too;
 * - act on `RateLimit-Reason`: `jira-per-issue-on-write` delays writes to that issue only,
 *   `jira-burst-based` slows that endpoint (method + path template) only, `jira-quota-*` pauses
 *   every request of the site until the hourly window resets;
 * - without headers, back off exponentially with jitter: 2 s, doubling, times a factor in
 *   [0.7, 1.3], capped at 30 s, about 4 retries;
 * - a 429 never reached Jira, so even a non-idempotent write may be retried after it; a timeout,
 *   reset or 5xx after sending may have been applied, so such a write is never retried here and
 *   fails with `outcome_unknown` for the caller to reconcile.
 */
import { codeForStatus, type JiraErrorCode } from './errors.ts';

/** What went wrong with one attempt, as the policy sees it. */
export type AttemptFailure =
  | {
      kind: 'status';
      status: number;
      /** Parsed `Retry-After`, in ms. */
      retryAfterMs?: number;
      /** `RateLimit-Reason`, verbatim. */
      reason?: string;
      /** Parsed `X-RateLimit-Reset`, epoch ms. */
      resetAtMs?: number;
    }
  | { kind: 'timeout' }
  /** `sent` is false only when the connection was never established (refused, DNS). */
  | { kind: 'network'; sent: boolean };

/** Which requests wait when a rule asks for a delay. */
export type PauseScope = 'request' | 'endpoint' | 'issue' | 'site';

/** What the transport does next. */
export type PolicyDecision =
  | { action: 'refresh' }
  | { action: 'retry'; delayMs: number; scope: PauseScope; rule: string }
  | { action: 'fail'; code: JiraErrorCode; rule: string };

type Verdict = 'retry' | JiraErrorCode;
type DelayKind = 'retry-after' | 'retry-after-or-backoff' | 'quota-reset' | 'backoff';

/** One row of the policy table. */
export interface PolicyRule {
  name: string;
  matches(failure: AttemptFailure): boolean;
  /** GET, PUT, DELETE, and the read-only POSTs (`/search/jql`, `/issue/bulkfetch`). */
  idempotent: Verdict;
  /** Every other POST (create issue, bulk create, issue link, transition). */
  nonIdempotent: Verdict;
  delay: DelayKind;
  /** Retries allowed by this rule (attempts = retries + 1). */
  maxRetries: number;
  scope: PauseScope;
  /** Code reported when the retries are used up. */
  exhausted: JiraErrorCode;
}

const is429 = (f: AttemptFailure, reason?: (r: string) => boolean) =>
  f.kind === 'status' && f.status === 429 && (reason === undefined || reason(f.reason ?? ''));

/** The table, first match wins. 401 is handled before it: one forced token refresh. */
export const RETRY_POLICY: readonly PolicyRule[] = [
  {
    name: 'quota exhausted: pause the whole site until the window resets',
    matches: (f) => is429(f, (r) => r.startsWith('jira-quota-')),
    idempotent: 'retry',
    nonIdempotent: 'retry',
    delay: 'quota-reset',
    maxRetries: 2,
    scope: 'site',
    exhausted: 'rate_limited',
  },
  {
    name: 'per-issue write limit: delay writes to that issue',
    matches: (f) => is429(f, (r) => r === 'jira-per-issue-on-write'),
    idempotent: 'retry',
    nonIdempotent: 'retry',
    delay: 'retry-after-or-backoff',
    maxRetries: 6,
    scope: 'issue',
    exhausted: 'rate_limited',
  },
  {
    name: 'burst limit: slow that endpoint',
    matches: (f) => is429(f, (r) => r === 'jira-burst-based'),
    idempotent: 'retry',
    nonIdempotent: 'retry',
    delay: 'retry-after-or-backoff',
    maxRetries: 6,
    scope: 'endpoint',
    exhausted: 'rate_limited',
  },
  {
    name: 'other 429 (user search, undocumented reasons): slow that endpoint',
    matches: (f) => is429(f),
    idempotent: 'retry',
    nonIdempotent: 'retry',
    delay: 'retry-after-or-backoff',
    maxRetries: 4,
    scope: 'endpoint',
    exhausted: 'rate_limited',
  },
  {
    name: '503 with Retry-After: Jira refused the request before handling it',
    matches: (f) => f.kind === 'status' && f.status === 503 && f.retryAfterMs !== undefined,
    idempotent: 'retry',
    nonIdempotent: 'retry',
    delay: 'retry-after',
    maxRetries: 4,
    scope: 'request',
    exhausted: 'unavailable',
  },
  {
    name: '5xx: retry reads, never a write that may have been applied',
    matches: (f) => f.kind === 'status' && f.status >= 500,
    idempotent: 'retry',
    nonIdempotent: 'outcome_unknown',
    delay: 'backoff',
    maxRetries: 4,
    scope: 'request',
    exhausted: 'unavailable',
  },
  {
    name: 'timeout: retry reads, never a write that may have been applied',
    matches: (f) => f.kind === 'timeout',
    idempotent: 'retry',
    nonIdempotent: 'outcome_unknown',
    delay: 'backoff',
    maxRetries: 4,
    scope: 'request',
    exhausted: 'timeout',
  },
  {
    name: 'connection lost after sending: retry reads, never a write',
    matches: (f) => f.kind === 'network' && f.sent,
    idempotent: 'retry',
    nonIdempotent: 'outcome_unknown',
    delay: 'backoff',
    maxRetries: 4,
    scope: 'request',
    exhausted: 'network',
  },
  {
    name: 'connection never established: retry reads; a write surely not applied fails',
    matches: (f) => f.kind === 'network' && !f.sent,
    idempotent: 'retry',
    nonIdempotent: 'network',
    delay: 'backoff',
    maxRetries: 4,
    scope: 'request',
    exhausted: 'network',
  },
];

// TODO: After a burst 429 the endpoint only waits out Retry-After; pacing it below the limit for a
// while (a token bucket per endpoint), and slowing down early on X-RateLimit-NearLimit or the
// Beta-RateLimit headers, would avoid the next 429.
/** Base, factor and cap of the header-less backoff (Atlassian's recommended pseudocode). */
export const BACKOFF = {
  baseMs: 2000,
  multiplier: 2,
  jitterMin: 0.7,
  jitterMax: 1.3,
  capMs: 30_000,
};

/** Exponential backoff with jitter for the `retry`-th retry (0-based). */
export function backoffMs(retry: number, random: () => number): number {
  const raw = BACKOFF.baseMs * BACKOFF.multiplier ** retry;
  const factor = BACKOFF.jitterMin + (BACKOFF.jitterMax - BACKOFF.jitterMin) * random();
  return Math.min(BACKOFF.capMs, Math.round(raw * factor));
}

/** Inputs to one decision. */
export interface PolicyInput {
  failure: AttemptFailure;
  idempotent: boolean;
  /** Retries already made for this request under any rule (401 refreshes excluded). */
  retries: number;
  /** Whether the token was already force-refreshed for this request. */
  refreshed: boolean;
  now: number;
  random: () => number;
}

/**
 * Decides what to do after a failed attempt: refresh the token (first 401 only), retry after a
 * delay with the scope that must wait, or fail with a stable code.
 */
export function decide(input: PolicyInput): PolicyDecision {
  const { failure } = input;
  if (failure.kind === 'status' && failure.status === 401) {
    return input.refreshed
      ? { action: 'fail', code: 'unauthorized', rule: '401 after a forced refresh' }
      : { action: 'refresh' };
  }

  const rule = RETRY_POLICY.find((r) => r.matches(failure));
  if (!rule) {
    const code = failure.kind === 'status' ? codeForStatus(failure.status) : 'network';
    return { action: 'fail', code, rule: 'not retryable' };
  }

  const verdict = input.idempotent ? rule.idempotent : rule.nonIdempotent;
  if (verdict !== 'retry') return { action: 'fail', code: verdict, rule: rule.name };
  if (input.retries >= rule.maxRetries) {
    return { action: 'fail', code: rule.exhausted, rule: rule.name };
  }
  return { action: 'retry', delayMs: delayFor(rule, input), scope: rule.scope, rule: rule.name };
}

function delayFor(rule: PolicyRule, input: PolicyInput): number {
  const f = input.failure;
  const retryAfter = f.kind === 'status' ? f.retryAfterMs : undefined;
  const backoff = backoffMs(input.retries, input.random);
  switch (rule.delay) {
    case 'retry-after':
      return retryAfter ?? backoff;
    case 'retry-after-or-backoff':
      return retryAfter ?? backoff;
    case 'quota-reset': {
      const untilReset =
        f.kind === 'status' && f.resetAtMs !== undefined ? f.resetAtMs - input.now : undefined;
      const known = [retryAfter, untilReset].filter((v): v is number => v !== undefined);
      return known.length > 0 ? Math.max(0, ...known) : backoff;
    }
    case 'backoff':
      return backoff;
  }
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into ms; undefined when absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Parses `X-RateLimit-Reset` (ISO-8601) into epoch ms. */
export function parseResetAt(value: string | null | undefined): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const date = Date.parse(value.trim());
  return Number.isNaN(date) ? undefined : date;
}
