import type { FaultAction } from './faults.ts';
import { limitedHeaders } from './gateway/rate-limits.ts';
import { type HttpReply, jsonReply } from './http.ts';

const MESSAGES: Record<number, string> = {
  409: 'A conflicting update is in progress. Try again.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable. Try again later.',
  504: 'Gateway timeout.',
};

/**
 * The answer for an injected status or 429. 503 and 429 carry `Retry-After`, as Atlassian's
 * transient 503s and rate limits do (RATE-DOC); gateway bodies use Jira's error collection,
 * auth bodies the OAuth error shape.
 */
export function faultReply(
  fault: Extract<FaultAction, { status: number } | { rateLimit: string }>,
  gateway: boolean,
  now: number,
): HttpReply {
  if ('rateLimit' in fault) {
    const retryAfterSeconds = fault.retryAfter ?? 1;
    const headers = limitedHeaders({
      reason: fault.rateLimit,
      retryAfterSeconds,
      limit: 100,
      remaining: 0,
      resetAt: now + retryAfterSeconds * 1000,
    });
    return jsonReply(429, undefined, headers);
  }
  const message = MESSAGES[fault.status] ?? `Request failed with status ${fault.status}.`;
  const headers: Record<string, string> = {};
  if (fault.status === 503 || fault.retryAfter !== undefined) {
    headers['retry-after'] = String(fault.retryAfter ?? 1);
  }
  const body = gateway
    ? { errorMessages: [message], errors: {} }
    : { error: 'temporarily_unavailable', error_description: message };
  return jsonReply(fault.status, body, headers);
}
