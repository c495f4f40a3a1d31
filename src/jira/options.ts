/** Options and events of `createJiraClient`. */
import type { RateLimitHeaders } from './errors.ts';
import type { PauseScope } from './policy.ts';

/** Time source and sleeper; tests inject a fake one. */
export interface JiraClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The subset of a pino logger the client uses; it logs ids and paths, never tokens or bodies. */
export interface JiraLogger {
  debug?(obj: object, msg: string): void;
  warn?(obj: object, msg: string): void;
}

/**
 * Events for progress displays and accounting.
 * - `request`: one attempt finished (with a status, or `error` when no response came).
 * - `retry`: the policy table chose to retry after `delayMs`.
 * - `pause`: requests in `scope` wait until `untilMs` (site quotas, or any delay longer than
 *   `maxPauseMs`, in which case the request fails with `rate_limited` and the caller decides).
 * - `tokenRefresh`: a 401 made the client ask for a fresh token.
 */
export type JiraClientEvent =
  | {
      type: 'request';
      method: string;
      /** Path template, e.g. `/issue/{issue}`. */
      path: string;
      status?: number;
      error?: 'timeout' | 'network';
      attempt: number;
      durationMs: number;
      headers: RateLimitHeaders;
    }
  | {
      type: 'retry';
      method: string;
      path: string;
      attempt: number;
      delayMs: number;
      rule: string;
      scope: PauseScope;
    }
  | { type: 'pause'; reason: string; scope: PauseScope; untilMs: number }
  | { type: 'tokenRefresh'; method: string; path: string };

/** Options of `createJiraClient`. */
export interface JiraClientOptions {
  /** `https://api.atlassian.com`, or the emulator's URL. */
  apiBaseUrl: string;
  /** The site's cloud ID from accessible resources. */
  cloudId: string;
  /**
   * Supplies the bearer token for each attempt. Called with `forceRefresh: true` once after a
   * 401; errors it throws propagate unchanged to the caller of the Jira call. Concurrent
   * requests that all meet a 401 each ask for a refresh, so the supplier must coalesce them
   * (Atlassian's refresh tokens rotate: two parallel refreshes would lose one).
   */
  getAccessToken: (opts: { forceRefresh: boolean }) => Promise<string>;
  logger?: JiraLogger;
  /** Defaults to the global fetch (Node 20's undici). */
  fetch?: typeof fetch;
  /** Per attempt, including reading the body. Default 30 000 ms. */
  timeoutMs?: number;
  /** Concurrent requests of this client (one site). Default 4. */
  maxConcurrency?: number;
  /** Longest wait the client sleeps through itself; longer ones fail. Default 15 minutes. */
  maxPauseMs?: number;
  /** Called synchronously; an exception it throws is logged and ignored. */
  onEvent?: (event: JiraClientEvent) => void;
  clock?: JiraClock;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}
