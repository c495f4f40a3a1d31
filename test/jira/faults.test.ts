import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { JiraApiError } from '../../src/jira/errors.ts';
import { ADMIN, type EmulatorEnv, emulatorEnv } from './emulator-env.ts';
import { fakeClock, manualClock, tick } from './stub-server.ts';

const ISSUE = '*/rest/api/3/issue';
const story = (summary: string) => ({ project: { key: 'WEB' }, issueTypeId: '10001', summary });

async function rejection(p: Promise<unknown>): Promise<JiraApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof JiraApiError, String(err));
    return err;
  }
  assert.fail('expected the call to fail');
}

/** Issues of WEB with this summary, read with strong consistency from Jira's point of view. */
async function countBySummary(env: EmulatorEnv, summary: string): Promise<number> {
  let n = 0;
  for await (const hit of env.client.searchJql({ jql: 'project = WEB', fields: ['summary'] })) {
    if (hit.fields.summary === summary) n += 1;
  }
  return n;
}

describe('faults injected by the emulator', () => {
  let env: EmulatorEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  async function setup(options: Parameters<typeof emulatorEnv>[0] = {}) {
    env = await emulatorEnv(options);
    return env;
  }

  it('refreshes an expired token once and retries', async () => {
    const e = await setup();
    await e.control('POST', 'expire-tokens', { accountId: ADMIN });
    const me = await e.client.myself();
    assert.equal(me.accountId, ADMIN);
    assert.deepEqual(e.tokenCalls, [false, true]);
    assert.deepEqual(
      (await e.requests()).map((r) => r.status),
      [401, 200],
    );
  });

  it('retries a create after a 429 burst limit and creates exactly one issue', async () => {
    const clock = fakeClock(Date.now());
    const e = await setup({ clock });
    await e.faults([
      {
        method: 'POST',
        path: ISSUE,
        nth: 1,
        fault: { rateLimit: 'jira-burst-based', retryAfter: 2 },
      },
    ]);
    await e.client.createIssue(story('after burst'));
    assert.deepEqual(clock.sleeps, [2000]);
    const retry = e.events.find((ev) => ev.type === 'retry');
    assert.equal(retry?.type === 'retry' && retry.scope, 'endpoint');
    assert.equal(await countBySummary(e, 'after burst'), 1);
  });

  it('delays a write limited per issue, then applies it', async () => {
    const clock = fakeClock(Date.now());
    const e = await setup({ clock });
    await e.faults([
      {
        method: 'PUT',
        path: `${ISSUE}/WEB-1`,
        nth: 1,
        fault: { rateLimit: 'jira-per-issue-on-write', retryAfter: 3 },
      },
    ]);
    await e.client.editIssue('WEB-1', { summary: 'renamed' });
    assert.deepEqual(clock.sleeps, [3000]);
    const retry = e.events.find((ev) => ev.type === 'retry');
    assert.equal(retry?.type === 'retry' && retry.scope, 'issue');
    assert.equal(
      (await e.client.getIssue('WEB-1', { fields: ['summary'] })).fields.summary,
      'renamed',
    );
  });

  it('pauses the whole site on a quota 429 and resumes after the window', async () => {
    const clock = fakeClock(Date.now());
    const e = await setup({ clock });
    await e.faults([
      {
        method: 'GET',
        path: '*/rest/api/3/field',
        nth: 1,
        fault: { rateLimit: 'jira-quota-tenant-based', retryAfter: 30 },
      },
    ]);
    const fields = await e.client.getFields();
    assert.ok(fields.length > 0);
    const pause = e.events.find((ev) => ev.type === 'pause');
    assert.equal(pause?.type === 'pause' && pause.scope, 'site');
    assert.equal(pause?.type === 'pause' && pause.reason, 'jira-quota-tenant-based');
    assert.ok(
      clock.sleeps[0] !== undefined && clock.sleeps[0] >= 29_000 && clock.sleeps[0] <= 31_000,
    );
  });

  it('surfaces a quota pause longer than maxPauseMs and sends nothing more', async () => {
    const clock = fakeClock(Date.now());
    const e = await setup({ clock, maxPauseMs: 60_000 });
    await e.faults([
      {
        path: '*/rest/api/3/*',
        nth: 1,
        fault: { rateLimit: 'jira-quota-global-based', retryAfter: 1847 },
      },
    ]);
    const err = await rejection(e.client.createIssue(story('paused')));
    assert.equal(err.code, 'rate_limited');
    assert.equal(err.headers.rateLimitReason, 'jira-quota-global-based');
    assert.ok(err.retryAtMs !== undefined && err.retryAtMs - clock.now() >= 1_846_000);
    const next = await rejection(e.client.myself());
    assert.equal(next.code, 'rate_limited');
    assert.equal((await e.requests()).length, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('retries a create answered 503 with Retry-After', async () => {
    const clock = fakeClock(Date.now());
    const e = await setup({ clock });
    await e.faults([
      { method: 'POST', path: ISSUE, nth: 1, fault: { status: 503, retryAfter: 4 } },
    ]);
    await e.client.createIssue(story('after 503'));
    assert.deepEqual(clock.sleeps, [4000]);
    assert.equal(await countBySummary(e, 'after 503'), 1);
  });

  it('never resends a create dropped after commit: outcome_unknown, and the issue exists', async () => {
    const e = await setup({ clock: fakeClock(Date.now()) });
    await e.faults([{ method: 'POST', path: ISSUE, nth: 1, fault: { dropAfterCommit: true } }]);
    const err = await rejection(e.client.createIssue(story('dropped')));
    assert.equal(err.code, 'outcome_unknown');
    assert.equal((await e.requests()).filter((r) => r.method === 'POST').length, 1);
    assert.equal(await countBySummary(e, 'dropped'), 1);
  });

  it('reports a bulk create that timed out as unknown for every element, sent once', async () => {
    const e = await setup({ clock: fakeClock(Date.now()), timeoutMs: 300 });
    await e.faults([{ method: 'POST', path: `${ISSUE}/bulk`, nth: 1, fault: { timeout: true } }]);
    const outcomes = await e.client.createIssues([story('t1'), story('t2')]);
    assert.deepEqual(
      outcomes.map((o) => [o.index, o.status]),
      [
        [0, 'unknown'],
        [1, 'unknown'],
      ],
    );
    const first = outcomes[0];
    assert.equal(first?.status === 'unknown' && first.error.code, 'outcome_unknown');
    assert.equal((await e.requests()).length, 1);
  });

  it('reports a 500 on a link as outcome_unknown and a refused link as not_found', async () => {
    const e = await setup({ clock: fakeClock(Date.now()) });
    await e.faults([
      { method: 'POST', path: '*/rest/api/3/issueLink', nth: 1, fault: { status: 500 } },
    ]);
    const err = await rejection(
      e.client.createIssueLink({ typeName: 'Blocks', inwardIssue: 'WEB-1', outwardIssue: 'WEB-2' }),
    );
    assert.equal(err.code, 'outcome_unknown');
    assert.equal(err.status, 500);
    const missing = await rejection(
      e.client.createIssueLink({
        typeName: 'Blocks',
        inwardIssue: 'WEB-1',
        outwardIssue: 'WEB-999',
      }),
    );
    assert.equal(missing.code, 'not_found');
  });

  it('retries reads after a reset and idempotent writes after commit-then-drop', async () => {
    const clock = fakeClock(Date.now());
    const e = await setup({ clock, random: () => 0.5 });
    await e.faults([
      { method: 'GET', path: '*/rest/api/3/myself', nth: 1, fault: { reset: true } },
      { method: 'PUT', path: `${ISSUE}/WEB-2`, nth: 1, fault: { dropAfterCommit: true } },
    ]);
    assert.equal((await e.client.myself()).accountId, ADMIN);
    await e.client.editIssue('WEB-2', { labels: ['retried'] });
    assert.deepEqual(clock.sleeps, [2000, 2000]);
    const logged = (await e.requests()).map((r) => [r.method, r.fault ?? r.status]);
    assert.deepEqual(logged, [
      ['GET', 'reset'],
      ['GET', 200],
      ['PUT', 'dropAfterCommit'],
      ['PUT', 204],
    ]);
  });
  it('retries a read after 5xx with exponential backoff', async () => {
    const clock = fakeClock(Date.now());
    const e = await setup({ clock, random: () => 0.5 });
    await e.faults([
      { method: 'GET', path: '*/rest/api/3/serverInfo', nth: 1, times: 2, fault: { status: 502 } },
    ]);
    assert.equal(typeof (await e.client.serverInfo()).baseUrl, 'string');
    assert.deepEqual(clock.sleeps, [2000, 4000]);
    assert.deepEqual(
      (await e.requests()).map((r) => r.status),
      [502, 502, 200],
    );
  });

  it('gives up on a read after the retries the table allows', async () => {
    const e = await setup({ clock: fakeClock(Date.now()) });
    await e.faults([
      { method: 'GET', path: '*/rest/api/3/myself', nth: 1, times: 10, fault: { status: 500 } },
    ]);
    const err = await rejection(e.client.myself());
    assert.equal(err.code, 'unavailable');
    assert.equal(err.attempts, 5);
    assert.deepEqual(err.errorMessages, ['Internal server error.']);
  });

  it('reports a create that timed out as outcome_unknown, sent once', async () => {
    const e = await setup({ clock: fakeClock(Date.now()), timeoutMs: 200 });
    await e.faults([{ method: 'POST', path: ISSUE, nth: 1, fault: { timeout: true } }]);
    const err = await rejection(e.client.createIssue(story('timed out')));
    assert.equal(err.code, 'outcome_unknown');
    assert.equal(err.causeCode, 'TimeoutError');
    assert.equal((await e.requests()).length, 1);
  });

  it('holds back writes to the limited issue only while its gate is closed', async () => {
    const clock = manualClock(Date.now());
    const e = await setup({ clock });
    await e.faults([
      {
        method: 'PUT',
        path: `${ISSUE}/WEB-1`,
        nth: 1,
        fault: { rateLimit: 'jira-per-issue-on-write', retryAfter: 5 },
      },
    ]);
    const first = e.client.editIssue('WEB-1', { summary: 'one' });
    await tick(100);
    assert.equal(clock.waiting(), 1);
    const second = e.client.editIssue('WEB-1', { summary: 'two' });
    await e.client.editIssue('WEB-2', { summary: 'other' });
    await e.client.getIssue('WEB-1', { fields: ['summary'] });
    await tick(50);
    assert.equal(clock.waiting(), 2, 'both writes to WEB-1 wait; WEB-2 and the read went through');
    clock.advance(5000);
    await Promise.all([first, second]);
    const puts = (await e.requests())
      .filter((r) => r.method === 'PUT')
      .map((r) => [r.path.split('/').pop(), r.status]);
    assert.deepEqual(puts, [
      ['WEB-1', 429],
      ['WEB-2', 204],
      ['WEB-1', 204],
      ['WEB-1', 204],
    ]);
  });
});
