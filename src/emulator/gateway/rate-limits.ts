import type { HttpMethod } from '../contract.ts';

const HOUR = 3_600_000;

/**
 * Jira Cloud's three independent limits (RATE-DOC; facts §5): the app's hourly points quota,
 * burst token buckets per site, endpoint and method, and per-issue write windows.
 */
export interface RateLimitSettings {
  /** Points per UTC hour for the app, shared by every site (Tier 1 "Global Pool": 65,000). */
  hourlyQuota: number;
  /** Steady requests per second per endpoint and method (GET/POST 100, PUT/DELETE 50). */
  burst: Record<HttpMethod, number>;
  /** Writes allowed per issue within each window (20 per 2 s and 100 per 30 s). */
  perIssue: { limit: number; windowMs: number }[];
}

/** Atlassian's documented defaults. */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  hourlyQuota: 65_000,
  burst: { GET: 100, POST: 100, PUT: 50, DELETE: 50 },
  perIssue: [
    { limit: 20, windowMs: 2_000 },
    { limit: 100, windowMs: 30_000 },
  ],
};

/** A refused request: what the 429 headers say. */
export interface Limited {
  reason: string;
  retryAfterSeconds: number;
  limit: number;
  remaining: number;
  resetAt: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Counters of the three limits, on the emulator clock. */
export class RateLimiter {
  private used = 0;
  private hour = -1;
  private buckets = new Map<string, Bucket>();
  private issueWrites = new Map<string, number[]>();

  constructor(public settings: RateLimitSettings) {}

  /** Whether the hourly quota is spent; the quota resets at the top of each UTC hour. */
  checkQuota(now: number): Limited | undefined {
    this.roll(now);
    if (this.used < this.settings.hourlyQuota) return undefined;
    const resetAt = (this.hour + 1) * HOUR;
    return {
      reason: 'jira-quota-global-based',
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
      limit: this.settings.hourlyQuota,
      remaining: 0,
      resetAt,
    };
  }

  /** Takes one token from the bucket `key`, which refills `rate` tokens a second. */
  takeBurst(key: string, rate: number, now: number): Limited | undefined {
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
    return {
      reason: 'jira-burst-based',
      retryAfterSeconds,
      limit: rate,
      remaining: 0,
      resetAt: now + retryAfterSeconds * 1000,
    };
  }

  /** Whether one more write to each issue would break a per-issue window. */
  checkIssueWrites(issueIds: readonly string[], now: number): Limited | undefined {
    for (const id of issueIds) {
      const times = this.issueWrites.get(id) ?? [];
      for (const window of this.settings.perIssue) {
        const inWindow = times.filter((t) => t > now - window.windowMs);
        if (inWindow.length < window.limit) continue;
        const freeAt = (inWindow[inWindow.length - window.limit] ?? now) + window.windowMs;
        const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now) / 1000));
        return {
          reason: 'jira-per-issue-on-write',
          retryAfterSeconds,
          limit: window.limit,
          remaining: 0,
          resetAt: freeAt,
        };
      }
    }
    return undefined;
  }

  /** Records one write to each issue. */
  recordIssueWrites(issueIds: readonly string[], now: number): void {
    const longest = Math.max(0, ...this.settings.perIssue.map((w) => w.windowMs));
    for (const id of issueIds) {
      const times = (this.issueWrites.get(id) ?? []).filter((t) => t > now - longest);
      times.push(now);
      this.issueWrites.set(id, times);
    }
  }

  /** Adds a request's points to the hourly count. */
  charge(points: number, now: number): void {
    this.roll(now);
    this.used += points;
  }

  /** Headers every gateway response carries about the quota. */
  quotaHeaders(now: number): Record<string, string> {
    this.roll(now);
    const quota = this.settings.hourlyQuota;
    const remaining = Math.max(0, quota - this.used);
    const resetSeconds = Math.ceil(((this.hour + 1) * HOUR - now) / 1000);
    const headers: Record<string, string> = {
      'beta-ratelimit-policy': `"global-app-quota";q=${quota};w=3600`,
    };
    if (remaining < quota * 0.2) {
      headers['x-ratelimit-nearlimit'] = 'true';
      headers['beta-ratelimit'] = `"global-app-quota";r=${remaining};t=${resetSeconds}`;
    }
    return headers;
  }

  /** Points used in the current hour. */
  usage(now: number): { used: number; limit: number; resetsAt: string } {
    this.roll(now);
    return {
      used: this.used,
      limit: this.settings.hourlyQuota,
      resetsAt: new Date((this.hour + 1) * HOUR).toISOString(),
    };
  }

  private roll(now: number): void {
    const hour = Math.floor(now / HOUR);
    if (hour !== this.hour) {
      this.hour = hour;
      this.used = 0;
    }
  }
}

/** The 429 headers Atlassian sends (RATE-DOC, "Rate limit responses"). */
export function limitedHeaders(limited: Limited): Record<string, string> {
  return {
    'retry-after': String(limited.retryAfterSeconds),
    'x-ratelimit-limit': String(limited.limit),
    'x-ratelimit-remaining': String(limited.remaining),
    'x-ratelimit-reset': new Date(limited.resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'ratelimit-reason': limited.reason,
  };
}
