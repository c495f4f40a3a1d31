import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AttemptFailure,
  backoffMs,
  decide,
  type PolicyInput,
  parseResetAt,
  parseRetryAfter,
} from '../../src/jira/policy.ts';

const NOW = Date.parse('2026-12-04T16:20:00Z');

function input(failure: AttemptFailure, over: Partial<PolicyInput> = {}): PolicyInput {
  return {
    failure,
    idempotent: true,
    retries: 0,
    refreshed: false,
    now: NOW,
    random: () => 0.5,
    ...over,
  };
}

describe('retry policy table', () => {
  it('asks for one forced refresh on the first 401 and fails on the second', () => {
    const f: AttemptFailure = { kind: 'status', status: 401 };
    assert.deepEqual(decide(input(f)), { action: 'refresh' });
    const second = decide(input(f, { refreshed: true }));
    assert.equal(second.action, 'fail');
    assert.equal(second.action === 'fail' && second.code, 'unauthorized');
  });

  it('maps each RateLimit-Reason of a 429 to its scope and honours Retry-After', () => {
    const cases: Array<[string, string]> = [
      ['jira-per-issue-on-write', 'issue'],
      ['jira-burst-based', 'endpoint'],
      ['jira-quota-global-based', 'site'],
      ['jira-quota-tenant-based', 'site'],
      ['jira-cost-based', 'endpoint'],
    ];
    for (const [reason, scope] of cases) {
      const d = decide(
        input({ kind: 'status', status: 429, reason, retryAfterMs: 3000 }, { idempotent: false }),
      );
      assert.deepEqual(
        [d.action, d.action === 'retry' && d.scope, d.action === 'retry' && d.delayMs],
        ['retry', scope, 3000],
        reason,
      );
    }
  });

  it('waits for the quota reset when X-RateLimit-Reset is later than Retry-After', () => {
    const d = decide(
      input({
        kind: 'status',
        status: 429,
        reason: 'jira-quota-tenant-based',
        retryAfterMs: 1000,
        resetAtMs: NOW + 600_000,
      }),
    );
    assert.equal(d.action === 'retry' && d.delayMs, 600_000);
  });

  it('backs off 2 s doubling with jitter when a 429 has no headers', () => {
    const f: AttemptFailure = { kind: 'status', status: 429 };
    const delays = [0, 1, 2, 3].map((retries) => {
      const d = decide(input(f, { retries, random: () => 0.5 }));
      return d.action === 'retry' ? d.delayMs : -1;
    });
    assert.deepEqual(delays, [2000, 4000, 8000, 16000]);
    assert.equal(
      backoffMs(0, () => 0),
      1400,
    );
    assert.equal(
      backoffMs(0, () => 0.9999999),
      2600,
    );
    assert.equal(
      backoffMs(10, () => 0.5),
      30_000,
    );
    const exhausted = decide(input(f, { retries: 4 }));
    assert.deepEqual(exhausted.action === 'fail' && exhausted.code, 'rate_limited');
  });

  it('retries a non-idempotent write on 429 and on 503 with Retry-After only', () => {
    const write = { idempotent: false };
    assert.equal(decide(input({ kind: 'status', status: 429 }, write)).action, 'retry');
    const d503 = decide(input({ kind: 'status', status: 503, retryAfterMs: 5000 }, write));
    assert.equal(d503.action === 'retry' && d503.delayMs, 5000);
    for (const failure of [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'timeout' },
      { kind: 'network', sent: true },
    ] as AttemptFailure[]) {
      const d = decide(input(failure, write));
      assert.equal(d.action === 'fail' && d.code, 'outcome_unknown', JSON.stringify(failure));
    }
    const refused = decide(input({ kind: 'network', sent: false }, write));
    assert.equal(refused.action === 'fail' && refused.code, 'network');
  });

  it('retries reads on 5xx, timeouts and resets, then reports the last failure', () => {
    for (const [failure, code] of [
      [{ kind: 'status', status: 500 }, 'unavailable'],
      [{ kind: 'timeout' }, 'timeout'],
      [{ kind: 'network', sent: true }, 'network'],
    ] as Array<[AttemptFailure, string]>) {
      assert.equal(decide(input(failure)).action, 'retry');
      const last = decide(input(failure, { retries: 4 }));
      assert.equal(last.action === 'fail' && last.code, code);
    }
  });

  it('never retries client errors', () => {
    for (const [status, code] of [
      [400, 'bad_request'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [409, 'conflict'],
      [410, 'gone'],
      [413, 'payload_too_large'],
    ] as const) {
      const d = decide(input({ kind: 'status', status }));
      assert.equal(d.action === 'fail' && d.code, code);
    }
  });

  it('parses Retry-After seconds and dates, and X-RateLimit-Reset', () => {
    assert.equal(parseRetryAfter('1847', NOW), 1_847_000);
    assert.equal(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW), 5000);
    assert.equal(parseRetryAfter('soon', NOW), undefined);
    assert.equal(parseRetryAfter(null, NOW), undefined);
    assert.equal(parseResetAt('2026-12-04T17:00:00Z'), Date.parse('2026-12-04T17:00:00Z'));
  });
});
