/**
 * Wire helpers of the transport: URL building, body parsing, and reading Jira's error
 * collection and rate-limit headers from a response.
 */
import type { RateLimitHeaders } from './errors.ts';
import { type AttemptFailure, parseResetAt, parseRetryAfter } from './policy.ts';

/** A query value; arrays become repeated parameters, undefined values are left out. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** Error details read from a response or a failed fetch. */
export type FailDetails = {
  status: number;
  errorMessages: string[];
  fieldErrors: Record<string, string>;
  headers: RateLimitHeaders;
  attempts: number;
  retryAtMs: number;
  causeCode: string;
};

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

export function fillPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function rateLimitHeaders(h: Headers): RateLimitHeaders {
  const out: RateLimitHeaders = {};
  const pick = (name: string, key: keyof RateLimitHeaders) => {
    const value = h.get(name);
    if (value !== null) out[key] = value;
  };
  pick('retry-after', 'retryAfter');
  pick('ratelimit-reason', 'rateLimitReason');
  pick('x-ratelimit-limit', 'xRateLimitLimit');
  pick('x-ratelimit-remaining', 'xRateLimitRemaining');
  pick('x-ratelimit-reset', 'xRateLimitReset');
  pick('x-ratelimit-nearlimit', 'xRateLimitNearLimit');
  return out;
}

export function statusFailure(status: number, h: RateLimitHeaders, now: number): AttemptFailure {
  const retryAfterMs = parseRetryAfter(h.retryAfter, now);
  const resetAtMs = parseResetAt(h.xRateLimitReset);
  return {
    kind: 'status',
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(h.rateLimitReason === undefined ? {} : { reason: h.rateLimitReason }),
    ...(resetAtMs === undefined ? {} : { resetAtMs }),
  };
}

/** Jira's error collection, or the gateway's `{code, message}`; kept verbatim for people. */
export function jiraMessages(body: unknown): Partial<FailDetails> {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const messages = Array.isArray(b.errorMessages)
    ? b.errorMessages.filter((m): m is string => typeof m === 'string')
    : typeof b.message === 'string'
      ? [b.message]
      : [];
  const fieldErrors: Record<string, string> = {};
  if (typeof b.errors === 'object' && b.errors !== null && !Array.isArray(b.errors)) {
    for (const [k, v] of Object.entries(b.errors)) if (typeof v === 'string') fieldErrors[k] = v;
  }
  return { errorMessages: messages, fieldErrors };
}

export function transportFailure(
  err: unknown,
): Extract<AttemptFailure, { kind: 'timeout' | 'network' }> {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return { kind: 'timeout' };
  }
  const code = errorCode(err);
  return { kind: 'network', sent: !(code !== undefined && NEVER_CONNECTED.has(code)) };
}

export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError') return 'TimeoutError';
    current = current.cause;
  }
  return undefined;
}
