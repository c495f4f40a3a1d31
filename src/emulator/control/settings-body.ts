import { defaultFaults, type FaultAction, type FaultRule, type FaultSettings } from '../faults.ts';
import type { RateLimitSettings } from '../gateway/rate-limits.ts';

/** A control request body that does not fit; the message says which field and why. */
export class ControlBodyError extends Error {
  readonly code = 'control_body_invalid';
}

type Json = Record<string, unknown>;

function object(value: unknown, name: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ControlBodyError(`${name} must be a JSON object.`);
  }
  return value as Json;
}

function number(value: unknown, name: string, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new ControlBodyError(`${name} must be a number from 0 to ${max}.`);
  }
  return value;
}

function rates(value: unknown, name: string): Record<string, number> {
  const entries = Object.entries(object(value, name));
  return Object.fromEntries(entries.map(([k, v]) => [k, number(v, `${name}.${k}`, 1)]));
}

function oneOf<T extends string | number>(value: unknown, name: string, allowed: T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ControlBodyError(`${name} must be one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

function action(value: unknown, name: string): FaultAction {
  const a = object(value, name);
  if (typeof a.status === 'number') {
    const status = number(a.status, `${name}.status`, 599);
    return a.retryAfter === undefined
      ? { status }
      : { status, retryAfter: number(a.retryAfter, `${name}.retryAfter`) };
  }
  if (typeof a.rateLimit === 'string') {
    return a.retryAfter === undefined
      ? { rateLimit: a.rateLimit }
      : { rateLimit: a.rateLimit, retryAfter: number(a.retryAfter, `${name}.retryAfter`) };
  }
  if (a.reset === true) return { reset: true };
  if (a.timeout === true) return { timeout: true };
  if (a.dropAfterCommit === true) return { dropAfterCommit: true };
  throw new ControlBodyError(
    `${name} must hold status, rateLimit, reset: true, timeout: true or dropAfterCommit: true.`,
  );
}

function rule(value: unknown, i: number): FaultRule {
  const r = object(value, `rules[${i}]`);
  if (typeof r.path !== 'string') throw new ControlBodyError(`rules[${i}].path must be a string.`);
  const nth = number(r.nth ?? 1, `rules[${i}].nth`);
  const result: FaultRule = {
    path: r.path,
    nth: Math.max(1, nth),
    fault: action(r.fault, `rules[${i}].fault`),
  };
  if (typeof r.method === 'string') result.method = r.method.toUpperCase();
  if (r.times !== undefined) result.times = number(r.times, `rules[${i}].times`);
  return result;
}

/** Builds fault settings from a `PUT /_emulator/faults` body; absent fields take defaults. */
export function parseFaults(body: unknown): FaultSettings {
  const b = object(body ?? {}, 'body');
  const s = defaultFaults();
  if (b.latencyMs !== undefined) s.latencyMs = number(b.latencyMs, 'latencyMs', 600_000);
  if (b.errorRates !== undefined) s.errorRates = rates(b.errorRates, 'errorRates');
  if (b.rateLimitRates !== undefined) s.rateLimitRates = rates(b.rateLimitRates, 'rateLimitRates');
  if (b.resetRate !== undefined) s.resetRate = number(b.resetRate, 'resetRate', 1);
  if (b.timeoutRate !== undefined) s.timeoutRate = number(b.timeoutRate, 'timeoutRate', 1);
  if (b.dropAfterCommitRate !== undefined) {
    s.dropAfterCommitRate = number(b.dropAfterCommitRate, 'dropAfterCommitRate', 1);
  }
  if (b.expiredTokenStatus !== undefined) {
    s.expiredTokenStatus = oneOf(b.expiredTokenStatus, 'expiredTokenStatus', [401, 403, 404]);
  }
  if (b.selfLinks !== undefined) s.selfLinks = oneOf(b.selfLinks, 'selfLinks', ['site', 'gateway']);
  if (b.refreshErrorVariant !== undefined) {
    s.refreshErrorVariant = oneOf(b.refreshErrorVariant, 'refreshErrorVariant', [
      'invalid_grant',
      'unauthorized_client',
    ]);
  }
  if (b.rules !== undefined) {
    if (!Array.isArray(b.rules)) throw new ControlBodyError('rules must be an array.');
    s.rules = b.rules.map(rule);
  }
  if (b.jira !== undefined) {
    const j = object(b.jira, 'jira');
    if (j.searchConsistencyDelayMs !== undefined) {
      s.jira.searchConsistencyDelayMs = number(
        j.searchConsistencyDelayMs,
        'jira.searchConsistencyDelayMs',
      );
    }
    if (j.errorWording !== undefined) {
      s.jira.errorWording = oneOf(j.errorWording, 'jira.errorWording', ['issue', 'work item']);
    }
  }
  if (b.seed !== undefined) s.seed = number(b.seed, 'seed');
  return s;
}

/** Builds rate-limit settings from a `PUT /_emulator/limits` body over the current ones. */
export function parseLimits(body: unknown, current: RateLimitSettings): RateLimitSettings {
  const b = object(body ?? {}, 'body');
  const next: RateLimitSettings = structuredClone(current);
  if (b.hourlyQuota !== undefined) next.hourlyQuota = number(b.hourlyQuota, 'hourlyQuota');
  if (b.burst !== undefined) {
    for (const [method, rate] of Object.entries(object(b.burst, 'burst'))) {
      const m = oneOf(method, 'burst method', ['GET', 'POST', 'PUT', 'DELETE'] as const);
      next.burst[m] = Math.max(0.001, number(rate, `burst.${method}`));
    }
  }
  if (b.perIssue !== undefined) {
    if (!Array.isArray(b.perIssue)) throw new ControlBodyError('perIssue must be an array.');
    next.perIssue = b.perIssue.map((w, i) => {
      const window = object(w, `perIssue[${i}]`);
      return {
        limit: number(window.limit, `perIssue[${i}].limit`),
        windowMs: number(window.windowMs, `perIssue[${i}].windowMs`),
      };
    });
  }
  return next;
}
