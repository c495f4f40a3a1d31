// Mirrors Jira Cloud's rate limits (RATE-DOC; facts §5, must-have 24): hourly points per app,
// burst buckets per endpoint and method, per-issue write windows, and the 429 headers.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { control, gateway, mint, start } from './helpers.ts';
import { existingIssues } from './issues.ts';

const HOUR = 3_600_000;

describe('rate limits (facts §5)', () => {
  let emu: RunningEmulator;
  let cloudId: string;
  let admin: string;
  let token: string;
  before(async () => {
    emu = await start();
    cloudId = emu.fixture.sites[0]?.id ?? '';
    admin = emu.fixture.sites[0]?.members[0] ?? '';
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control(emu, 'POST', 'reset');
    token = (await mint(emu, admin)).access_token;
  });

  it('charges 1 point per read plus 2 per identity object, per site, in the request log', async () => {
    await gateway(emu, cloudId, '/serverInfo', token);
    await gateway(emu, cloudId, '/myself', token);
    const log = await control(emu, 'GET', 'requests');
    const site = (log.body.sites as Record<string, { count: number; points: number }>)[cloudId];
    assert.deepEqual(site, { count: 2, points: 4 });
    const entries = log.body.entries as { path: string; points: number }[];
    assert.deepEqual(
      entries.map((e) => [e.path, e.points]),
      [
        [`/ex/jira/${cloudId}/rest/api/3/serverInfo`, 1],
        [`/ex/jira/${cloudId}/rest/api/3/myself`, 3],
      ],
    );
    assert.doesNotMatch(JSON.stringify(log.body), new RegExp(token));
  });

  it('denies every call once the hourly quota is spent, until the top of the UTC hour', async () => {
    await control(emu, 'PUT', 'limits', { hourlyQuota: 5 });
    // Start at the beginning of an hour so the five calls fall into one window.
    const now = Date.parse(String((await control(emu, 'GET', 'clock')).body.now));
    await control(emu, 'POST', 'clock', { advanceMs: HOUR - (now % HOUR) + 1000 });
    token = (await mint(emu, admin)).access_token;
    const statuses: number[] = [];
    let near: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await gateway(emu, cloudId, '/serverInfo', token);
      statuses.push(res.status);
      near = res.headers.get('x-ratelimit-nearlimit');
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
    assert.equal(near, 'true');
    const denied = await gateway(emu, cloudId, '/myself', token);
    assert.equal(denied.status, 429);
    assert.equal(denied.headers.get('ratelimit-reason'), 'jira-quota-global-based');
    assert.equal(denied.headers.get('x-ratelimit-limit'), '5');
    assert.equal(denied.headers.get('x-ratelimit-remaining'), '0');
    const reset = Date.parse(denied.headers.get('x-ratelimit-reset') ?? '');
    assert.equal(reset % HOUR, 0);
    const retryAfter = Number(denied.headers.get('retry-after'));
    assert.ok(retryAfter > 3000 && retryAfter <= 3600, String(retryAfter));
    await control(emu, 'POST', 'clock', { advanceMs: retryAfter * 1000 });
    token = (await mint(emu, admin)).access_token;
    assert.equal((await gateway(emu, cloudId, '/serverInfo', token)).status, 200);
  });

  it('limits bursts per endpoint and method, leaving other endpoints alone', async () => {
    await control(emu, 'PUT', 'limits', { burst: { GET: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await gateway(emu, cloudId, '/serverInfo', token)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await gateway(emu, cloudId, '/serverInfo', token);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('ratelimit-reason'), 'jira-burst-based');
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal(limited.headers.get('x-ratelimit-limit'), '3');
    assert.equal((await gateway(emu, cloudId, '/myself', token)).status, 200);
    await control(emu, 'POST', 'clock', { advanceMs: 1000 });
    assert.equal((await gateway(emu, cloudId, '/serverInfo', token)).status, 200);
  });

  it('limits writes per issue (20 per 2 s by default; 2 here) with jira-per-issue-on-write', async () => {
    await control(emu, 'PUT', 'limits', { perIssue: [{ limit: 2, windowMs: 2000 }] });
    const [first, second] = await existingIssues(emu, cloudId, token);
    const put = (key: string) =>
      gateway(emu, cloudId, `/issue/${key}`, token, {
        method: 'PUT',
        body: JSON.stringify({ update: { labels: [{ add: 'rate' }] } }),
      });
    assert.equal((await put(first)).status, 204);
    assert.equal((await put(first)).status, 204);
    const limited = await put(first);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('ratelimit-reason'), 'jira-per-issue-on-write');
    assert.equal(limited.headers.get('x-ratelimit-limit'), '2');
    assert.equal((await put(second)).status, 204);
    await control(emu, 'POST', 'clock', { advanceMs: 2000 });
    assert.equal((await put(first)).status, 204);
  });
});
