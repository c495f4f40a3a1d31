/**
 * The one error type of the Jira client. Callers branch on `code`, never on Jira's message text
 * (it is localised and changes: "issue" became "work item" in 2025).
 *
 * Secrets never enter the object: the client gives it only the method, the path without its
 * query string, Jira's error collection and a few response headers, and scrubs any known token
 * out of every string it keeps, so logging the error anywhere (message, stack, JSON, inspect) is
 * safe.
 */
import { inspect } from 'node:util';

/**
 * Stable error codes.
 * - `unauthorized`: 401 even after one forced token refresh.
 * - `forbidden`: 403. `not_found`: 404 (Jira also answers 404 for things the account cannot see).
 * - `bad_request`: 400. `conflict`: 409. `payload_too_large`: 413 (a per-issue limit).
 * - `gone`: 410 (a removed endpoint). `unprocessable`: 422 (a Jira configuration problem).
 * - `rate_limited`: 429 after the retries the policy allows, or a pause longer than `maxPauseMs`.
 * - `unavailable`: 5xx after the retries the policy allows (idempotent requests only).
 * - `timeout` / `network`: no response, for idempotent requests, or for writes that surely never
 *   left this process (connection refused, name not resolved).
 * - `outcome_unknown`: a non-idempotent write that may or may not have been applied (timeout,
 *   reset or 5xx after sending). The client never retries it; the caller must reconcile.
 * - `invalid_response`: a 2xx whose body lacks a field the client depends on.
 * - `http_error`: any other status.
 */
export type JiraErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'conflict'
  | 'payload_too_large'
  | 'gone'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'outcome_unknown'
  | 'invalid_response'
  | 'http_error';

/** Response headers kept on errors and events; all optional, copied verbatim. */
export interface RateLimitHeaders {
  retryAfter?: string;
  rateLimitReason?: string;
  xRateLimitLimit?: string;
  xRateLimitRemaining?: string;
  xRateLimitReset?: string;
  xRateLimitNearLimit?: string;
}

/** What the client knows about a failed call; everything here is safe to log. */
export interface JiraApiErrorDetails {
  code: JiraErrorCode;
  method: string;
  /** Request path without query string, e.g. `/rest/api/3/issue/PROJ-1`. */
  path: string;
  status?: number;
  /** Jira's `errorMessages`, kept for people; never parsed for logic. */
  errorMessages?: string[];
  /** Jira's per-field `errors` (field id -> message), kept for people; never parsed for logic. */
  fieldErrors?: Record<string, string>;
  headers?: RateLimitHeaders;
  /** Attempts made, including the last one. */
  attempts?: number;
  /** For `rate_limited` pauses: epoch ms at which Jira said requests may resume. */
  retryAtMs?: number;
  /** Low-level cause (e.g. `ECONNRESET`, `UND_ERR_SOCKET`, `TimeoutError`), never a raw object. */
  causeCode?: string;
}

const REDACTED = '[REDACTED]';

/** Replaces every occurrence of each secret (and any bearer credential) in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`);
}

/**
 * Every failure of a Jira call. `message` is built from code, method, path and status only;
 * Jira's own texts are in `errorMessages` / `fieldErrors`.
 */
export class JiraApiError extends Error {
  override readonly name = 'JiraApiError';
  readonly code: JiraErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly errorMessages: readonly string[];
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly headers: Readonly<RateLimitHeaders>;
  readonly attempts: number;
  readonly retryAtMs: number | undefined;
  readonly causeCode: string | undefined;

  /** `secrets` are scrubbed out of every string kept; they are not stored. */
  constructor(details: JiraApiErrorDetails, secrets: readonly string[] = []) {
    const clean = (s: string) => redactText(s, secrets);
    const path = clean(details.path.split('?')[0] ?? '');
    const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
    super(`Jira ${details.method} ${path} failed: ${details.code}${status}`);
    this.code = details.code;
    this.method = details.method;
    this.path = path;
    this.status = details.status;
    this.errorMessages = (details.errorMessages ?? []).map(clean);
    this.fieldErrors = Object.fromEntries(
      Object.entries(details.fieldErrors ?? {}).map(([k, v]) => [clean(k), clean(v)]),
    );
    this.headers = { ...(details.headers ?? {}) };
    this.attempts = details.attempts ?? 1;
    this.retryAtMs = details.retryAtMs;
    this.causeCode = details.causeCode === undefined ? undefined : clean(details.causeCode);
  }

  /** A plain, log-safe view used by `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      errorMessages: this.errorMessages,
      fieldErrors: this.fieldErrors,
      headers: this.headers,
      attempts: this.attempts,
      retryAtMs: this.retryAtMs,
      causeCode: this.causeCode,
    };
  }

  [inspect.custom](): string {
    return `${this.stack ?? this.message}\n${inspect(this.toJSON(), { depth: 4 })}`;
  }
}

/** True when `err` is a `JiraApiError`, optionally with one of the given codes. */
export function isJiraApiError(err: unknown, ...codes: JiraErrorCode[]): err is JiraApiError {
  return err instanceof JiraApiError && (codes.length === 0 || codes.includes(err.code));
}

/** Maps a final HTTP status to its code. */
export function codeForStatus(status: number): JiraErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 410:
      return 'gone';
    case 413:
      return 'payload_too_large';
    case 422:
      return 'unprocessable';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'unavailable' : 'http_error';
  }
}
