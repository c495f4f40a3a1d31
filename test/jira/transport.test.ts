import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { createJiraClient } from '../../src/jira/client.ts';
import { JiraApiError } from '../../src/jira/errors.ts';
import type { JiraClientEvent } from '../../src/jira/options.ts';
import { fakeClock, json, manualClock, startStub, tick } from './stub-server.ts';

const TOKEN = 'at-secret-0123456789abcdef';

function tokens(...values: string[]) {
  const calls: boolean[] = [];
  return {
    calls,
    get: async ({ forceRefresh }: { forceRefresh: boolean }) => {
      calls.push(forceRefresh);
      return values[Math.min(calls.filter(Boolean).length, values.length - 1)] ?? '';
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<JiraApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof JiraApiError, `expected JiraApiError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('transport', () => {
  it('builds the gateway URL and sends the bearer token', async () => {
    const stub = await startStub((_req, res) =>
      json(res, 200, { baseUrl: 'https://x.atlassian.net' }),
    );
    try {
      const client = createJiraClient({
        apiBaseUrl: `${stub.url}/`,
        cloudId: 'c-1',
        getAccessToken: async () => TOKEN,
      });
      const info = await client.serverInfo();
      assert.equal(info.baseUrl, 'https://x.atlassian.net');
      assert.deepEqual(
        stub.requests.map((r) => [r.url, r.authorization]),
        [['/ex/jira/c-1/rest/api/3/serverInfo', `Bearer ${TOKEN}`]],
      );
    } finally {
      await stub.close();
    }
  });

  it('on a 401 forces one token refresh and retries once', async () => {
    const stub = await startStub((req, res) =>
      req.authorization === 'Bearer at-2'
        ? json(res, 200, { accountId: 'acc-1' })
        : json(res, 401, { code: 401, message: 'Unauthorized' }),
    );
    try {
      const t = tokens('at-1', 'at-2');
      const events: JiraClientEvent[] = [];
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: t.get,
        onEvent: (e) => events.push(e),
      });
      assert.deepEqual(await client.myself(), { accountId: 'acc-1' });
      assert.deepEqual(t.calls, [false, true]);
      assert.deepEqual(
        stub.requests.map((r) => r.authorization),
        ['Bearer at-1', 'Bearer at-2'],
      );
      assert.equal(events.filter((e) => e.type === 'tokenRefresh').length, 1);
    } finally {
      await stub.close();
    }
  });

  it('fails with unauthorized after the refreshed token is refused too', async () => {
    const stub = await startStub((_req, res) =>
      json(res, 401, { code: 401, message: 'Unauthorized' }),
    );
    try {
      const t = tokens('at-1', 'at-2');
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: t.get,
      });
      const err = await rejection(
        client.createIssue({ project: { key: 'P' }, issueTypeId: '1', summary: 's' }),
      );
      assert.equal(err.code, 'unauthorized');
      assert.equal(err.status, 401);
      assert.deepEqual(err.errorMessages, ['Unauthorized']);
      assert.equal(stub.requests.length, 2);
      assert.deepEqual(t.calls, [false, true]);
    } finally {
      await stub.close();
    }
  });

  it('keeps the token out of message, stack, JSON and inspect of an error', async () => {
    const stub = await startStub((req, res) =>
      json(res, 400, {
        errorMessages: [`echo ${req.authorization}`],
        errors: { summary: `bad ${TOKEN}` },
      }),
    );
    try {
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
      });
      const err = await rejection(client.getIssue('P-1', { fields: ['summary'] }));
      assert.equal(err.code, 'bad_request');
      assert.equal(err.path, '/ex/jira/c/rest/api/3/issue/P-1');
      assert.equal(
        err.message,
        'Jira GET /ex/jira/c/rest/api/3/issue/P-1 failed: bad_request (HTTP 400)',
      );
      assert.deepEqual(err.errorMessages, ['echo Bearer [REDACTED]']);
      assert.deepEqual(err.fieldErrors, { summary: 'bad [REDACTED]' });
      for (const view of [
        err.message,
        err.stack ?? '',
        JSON.stringify(err),
        inspect(err),
        String(err),
      ]) {
        assert.ok(!view.includes(TOKEN), view);
        assert.ok(!view.includes('fields=summary'), 'query strings stay out of errors');
      }
    } finally {
      await stub.close();
    }
  });

  it('reports a write that timed out as outcome_unknown and never resends it', async () => {
    const stub = await startStub(() => {
      /* never answers */
    });
    try {
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
        timeoutMs: 150,
        clock: fakeClock(),
      });
      const err = await rejection(
        client.createIssue({ project: { key: 'P' }, issueTypeId: '1', summary: 's' }),
      );
      assert.equal(err.code, 'outcome_unknown');
      assert.equal(err.causeCode, 'TimeoutError');
      assert.equal(stub.requests.length, 1);
    } finally {
      await stub.close();
    }
  });

  it('retries a read after 5xx with backoff and returns the answer', async () => {
    const stub = await startStub((_req, res, i) =>
      i < 2 ? json(res, 502, {}) : json(res, 200, { accountId: 'a' }),
    );
    try {
      const clock = fakeClock();
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
        clock,
        random: () => 0.5,
      });
      assert.equal((await client.myself()).accountId, 'a');
      assert.equal(stub.requests.length, 3);
      assert.deepEqual(clock.sleeps, [2000, 4000]);
    } finally {
      await stub.close();
    }
  });

  it('retries a create after 429 burst (never reached Jira) and after 503 with Retry-After', async () => {
    const stub = await startStub((_req, res, i) => {
      if (i === 0)
        return json(res, 429, undefined, {
          'retry-after': '2',
          'ratelimit-reason': 'jira-burst-based',
        });
      if (i === 1) return json(res, 503, {}, { 'retry-after': '3' });
      return json(res, 201, { id: '10001', key: 'P-1', self: 'x' });
    });
    try {
      const clock = fakeClock();
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
        clock,
      });
      const ref = await client.createIssue({
        project: { key: 'P' },
        issueTypeId: '1',
        summary: 's',
      });
      assert.deepEqual(ref, { id: '10001', key: 'P-1' });
      assert.deepEqual(clock.sleeps, [2000, 3000]);
    } finally {
      await stub.close();
    }
  });

  it('surfaces a quota pause longer than maxPauseMs and holds back the whole site', async () => {
    const stub = await startStub((_req, res) =>
      json(res, 429, undefined, {
        'retry-after': '1847',
        'ratelimit-reason': 'jira-quota-global-based',
        'x-ratelimit-reset': '2026-12-04T16:31:00Z',
      }),
    );
    try {
      const events: JiraClientEvent[] = [];
      const clock = fakeClock();
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
        clock,
        maxPauseMs: 60_000,
        onEvent: (e) => events.push(e),
      });
      const err = await rejection(client.myself());
      assert.equal(err.code, 'rate_limited');
      assert.equal(err.retryAtMs, Date.parse('2026-12-04T16:31:00Z'));
      assert.equal(err.headers.rateLimitReason, 'jira-quota-global-based');
      assert.deepEqual(
        events.filter((e) => e.type === 'pause'),
        [
          {
            type: 'pause',
            reason: 'jira-quota-global-based',
            scope: 'site',
            untilMs: Date.parse('2026-12-04T16:31:00Z'),
          },
        ],
      );
      const other = await rejection(client.getFields());
      assert.equal(other.code, 'rate_limited');
      assert.equal(stub.requests.length, 1, 'the paused site sends nothing more');
    } finally {
      await stub.close();
    }
  });

  it('delays writes to the limited issue only', async () => {
    let limited = true;
    const stub = await startStub((req, res) => {
      if (req.url.includes('/issue/P-1') && limited) {
        limited = false;
        return json(res, 429, undefined, {
          'retry-after': '5',
          'ratelimit-reason': 'jira-per-issue-on-write',
        });
      }
      res.writeHead(204).end();
    });
    try {
      const clock = manualClock();
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
        clock,
      });
      const first = client.editIssue('P-1', { summary: 'a' });
      await tick(100);
      assert.equal(clock.waiting(), 1, 'the limited write waits for its gate');
      const second = client.editIssue('P-1', { summary: 'b' });
      await client.editIssue('P-2', { summary: 'c' });
      await tick(50);
      assert.equal(clock.waiting(), 2, 'a second write to P-1 waits too, P-2 went through');
      clock.advance(5000);
      await Promise.all([first, second]);
      assert.deepEqual(
        stub.requests.map((r) => r.url.split('?')[0]),
        [
          '/ex/jira/c/rest/api/3/issue/P-1',
          '/ex/jira/c/rest/api/3/issue/P-2',
          '/ex/jira/c/rest/api/3/issue/P-1',
          '/ex/jira/c/rest/api/3/issue/P-1',
        ],
      );
    } finally {
      await stub.close();
    }
  });

  it('bounds concurrent requests per client', async () => {
    let inFlight = 0;
    let peak = 0;
    const stub = await startStub((_req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        json(res, 200, { accountId: 'a' });
      }, 30);
    });
    try {
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
        maxConcurrency: 2,
      });
      await Promise.all(Array.from({ length: 6 }, () => client.myself()));
      assert.equal(stub.requests.length, 6);
      assert.equal(peak, 2);
    } finally {
      await stub.close();
    }
  });

  it('reports a refused connection on a write as network (surely not sent), without retry', async () => {
    const stub = await startStub(() => {});
    const url = stub.url;
    await stub.close();
    const clock = fakeClock();
    const client = createJiraClient({
      apiBaseUrl: url,
      cloudId: 'c',
      getAccessToken: async () => TOKEN,
      clock,
    });
    const err = await rejection(
      client.createIssueLink({ typeName: 'Blocks', inwardIssue: 'P-1', outwardIssue: 'P-2' }),
    );
    assert.equal(err.code, 'network');
    assert.equal(err.causeCode, 'ECONNREFUSED');
    assert.deepEqual(clock.sleeps, []);
    assert.ok(!inspect(err).includes(TOKEN));
  });
});
