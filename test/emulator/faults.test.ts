// Fault injection for client robustness (facts must-haves 24 and 25): transient 503s with
// Retry-After, 429 by reason, resets, timeouts, a committed write whose answer is lost, latency.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { control, gateway, mint, start, tokenRequest } from './helpers.ts';
import { createIssueBody } from './issues.ts';

describe('fault injection (facts must-have 25)', () => {
  let emu: RunningEmulator;
  let cloudId: string;
  let token: string;
  before(async () => {
    emu = await start();
    cloudId = emu.fixture.sites[0]?.id ?? '';
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control(emu, 'POST', 'reset');
    token = (await mint(emu, emu.fixture.sites[0]?.members[0] ?? '')).access_token;
  });

  const statuses = async (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++)
      out.push((await gateway(emu, cloudId, '/serverInfo', token)).status);
    return out;
  };

  it('injects 503 with Retry-After and an error collection at the configured rate', async () => {
    await control(emu, 'PUT', 'faults', { errorRates: { 503: 1 } });
    const res = await gateway(emu, cloudId, '/serverInfo', token);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.deepEqual(await res.json(), {
      errorMessages: ['Service unavailable. Try again later.'],
      errors: {},
    });
  });

  it('repeats the same random faults for the same seed', async () => {
    await control(emu, 'PUT', 'faults', { errorRates: { 503: 0.5 }, seed: 7 });
    const first = await statuses(12);
    await control(emu, 'PUT', 'faults', { errorRates: { 503: 0.5 }, seed: 7 });
    assert.deepEqual(await statuses(12), first);
    assert.ok(first.includes(503) && first.includes(200), first.join(','));
  });

  it('fails exactly the Nth matching call of a rule, for the given count', async () => {
    await control(emu, 'PUT', 'faults', {
      rules: [
        { method: 'GET', path: '/ex/jira/*/serverInfo', nth: 2, times: 2, fault: { status: 500 } },
      ],
    });
    assert.deepEqual(await statuses(5), [200, 500, 500, 200, 200]);
  });

  it('injects a 429 with a chosen RateLimit-Reason', async () => {
    await control(emu, 'PUT', 'faults', {
      rules: [
        { path: '*', nth: 1, fault: { rateLimit: 'jira-quota-tenant-based', retryAfter: 30 } },
      ],
    });
    const res = await gateway(emu, cloudId, '/serverInfo', token);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('ratelimit-reason'), 'jira-quota-tenant-based');
    assert.equal(res.headers.get('retry-after'), '30');
  });

  it('applies rules to the token endpoint too', async () => {
    await control(emu, 'PUT', 'faults', {
      rules: [{ path: '/oauth/token', nth: 1, fault: { status: 503 } }],
    });
    const res = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: 'x' });
    assert.equal(res.status, 503);
    assert.equal(res.body.error, 'temporarily_unavailable');
  });

  it('resets the connection', async () => {
    await control(emu, 'PUT', 'faults', { resetRate: 1 });
    await assert.rejects(gateway(emu, cloudId, '/serverInfo', token), TypeError);
    const log = await control(emu, 'GET', 'requests');
    const last = (log.body.entries as { fault?: string }[]).at(-1);
    assert.equal(last?.fault, 'reset');
  });

  it('holds the answer until the client gives up', async () => {
    await control(emu, 'PUT', 'faults', { timeoutRate: 1 });
    const call = fetch(`${emu.url}/ex/jira/${cloudId}/rest/api/3/serverInfo`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(200),
    });
    await assert.rejects(call, (e: Error) => e.name === 'TimeoutError');
  });

  it('commits a create, then drops the answer: the issue exists although the client failed', async () => {
    const body = JSON.stringify(await createIssueBody(emu, cloudId, token, 'dropped answer'));
    const before = JSON.stringify((await control(emu, 'GET', 'state')).body);
    assert.doesNotMatch(before, /dropped answer/);
    await control(emu, 'PUT', 'faults', {
      rules: [
        {
          method: 'POST',
          path: '/ex/jira/*/rest/api/3/issue',
          nth: 1,
          fault: { dropAfterCommit: true },
        },
      ],
    });
    await assert.rejects(
      gateway(emu, cloudId, '/issue', token, { method: 'POST', body }),
      TypeError,
    );
    const after = JSON.stringify((await control(emu, 'GET', 'state')).body);
    assert.match(after, /dropped answer/);
  });

  it('adds latency to every answer', async () => {
    await control(emu, 'PUT', 'faults', { latencyMs: 150 });
    const started = performance.now();
    await gateway(emu, cloudId, '/serverInfo', token);
    assert.ok(performance.now() - started >= 140);
  });

  it('refuses a faults body that does not fit, naming the field', async () => {
    const res = await control(emu, 'PUT', 'faults', { errorRates: { 503: 2 } });
    assert.deepEqual(res, {
      status: 400,
      body: { error: 'errorRates.503 must be a number from 0 to 1.' },
    });
  });
});
