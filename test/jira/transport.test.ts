import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { createJiraClient } from '../../src/jira/client.ts';
import { JiraApiError } from '../../src/jira/errors.ts';
import { fakeClock, json, startStub } from './stub-server.ts';

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

// Cases the emulator cannot produce: a server echoing the token into its error body, a second
// 401 after a refresh, counting requests in flight, and a port nothing listens on. Everything
// else runs against the emulator (faults.test.ts, pagination.test.ts, bulk.test.ts).
describe('transport (local stub server)', () => {
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
  it('lets an error of the token supplier through unchanged and sends nothing', async () => {
    const stub = await startStub((_req, res) => json(res, 200, {}));
    try {
      const revoked = new Error('connection revoked');
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => {
          throw revoked;
        },
      });
      await assert.rejects(client.myself(), (err) => err === revoked);
      assert.equal(stub.requests.length, 0);
    } finally {
      await stub.close();
    }
  });

  it('survives an event listener that throws', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { accountId: 'a' }));
    try {
      const warnings: string[] = [];
      const client = createJiraClient({
        apiBaseUrl: stub.url,
        cloudId: 'c',
        getAccessToken: async () => TOKEN,
        onEvent: () => {
          throw new Error('listener bug');
        },
        logger: { warn: (_obj, msg) => warnings.push(msg) },
      });
      assert.equal((await client.myself()).accountId, 'a');
      assert.deepEqual(warnings, ['Jira client event listener threw']);
    } finally {
      await stub.close();
    }
  });
});
