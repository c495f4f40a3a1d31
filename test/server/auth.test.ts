import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEngine } from '../helpers/db.ts';
import { withServer } from './harness.ts';

test('sign-up, me, sign-out and sign-in through a cookie session', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const signedUp = await browser.signUp('ada@example.com');
      assert.equal(signedUp.workspaces.length, 1);
      assert.match(browser.cookie ?? '', /^projan_session=/);

      const me = await browser.get('/api/auth/me');
      assert.equal(me.status, 200);
      assert.equal(me.json.user.email, 'ada@example.com');
      assert.equal(me.json.workspaces[0].role, 'admin');
      assert.equal(me.json.workspaces[0].permissions.manageConnection, true);
      assert.equal(typeof me.json.csrfToken, 'string');

      const out = await browser.post('/api/auth/signout');
      assert.equal(out.status, 204);
      const after = await browser.get('/api/auth/me');
      assert.equal(after.status, 401);
      assert.equal(after.json.code, 'not_signed_in');
      assert.equal(after.json.message, 'Sign in to Projan to do this.');

      browser.csrf = undefined;
      const wrong = await browser.post('/api/auth/signin', {
        email: 'ada@example.com',
        password: 'not the password',
      });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.code, 'invalid_credentials');
      const back = await browser.post('/api/auth/signin', {
        email: 'ADA@example.com',
        password: 'pw-ada@example.com-long',
      });
      assert.equal(back.status, 200, back.text);
      assert.equal((await browser.get('/api/auth/me')).json.user.id, signedUp.user.id);
    }),
  ));

test('cookie sessions need the CSRF token; API tokens need none', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      await browser.signUp('csrf@example.com');

      const forged = server.client();
      forged.cookie = browser.cookie;
      forged.withoutCsrf = true;
      const refused = await forged.post('/api/teams', { name: 'Forged team' });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.code, 'csrf_invalid');
      assert.equal(
        refused.json.message,
        'The request lacks a valid CSRF token, so Projan refused it.',
      );
      forged.csrf = 'not-the-token';
      forged.withoutCsrf = false;
      assert.equal((await forged.post('/api/teams', { name: 'Forged team' })).status, 403);
      const teams = await browser.get('/api/workspaces');
      assert.equal(teams.json.workspaces.length, 1, 'no team was created by the forged requests');

      const created = await browser.post('/api/tokens', { name: 'cli' });
      assert.equal(created.status, 201, created.text);
      assert.match(created.json.token, /^pjn_/);
      const listed = await browser.get('/api/tokens');
      assert.equal(listed.json.tokens.length, 1);
      assert.equal(JSON.stringify(listed.json).includes(created.json.token), false, 'shown once');

      const cli = server.client();
      cli.bearer = created.json.token;
      const team = await cli.post('/api/teams', { name: 'Platform' });
      assert.equal(team.status, 201, team.text);
      assert.equal(team.json.workspace.name, 'Platform');

      const revoked = await browser.delete(`/api/tokens/${created.json.record.id}`);
      assert.equal(revoked.status, 204);
      const rejected = await cli.get('/api/workspaces');
      assert.equal(rejected.status, 401);
      assert.equal(rejected.json.code, 'invalid_token');
    }),
  ));

test('sign-in and sign-up are rate limited per address', () =>
  withEngine('sqlite', (ctx) =>
    withServer(
      ctx,
      async (server) => {
        const browser = server.client();
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          const res = await browser.post('/api/auth/signin', {
            email: 'nobody@example.com',
            password: 'wrong password',
          });
          statuses.push(res.status);
          if (res.status === 429) {
            assert.equal(res.json.code, 'rate_limited');
            assert.ok(Number(res.headers['retry-after']) > 0);
          }
        }
        assert.deepEqual(statuses, [401, 401, 401, 429]);
      },
      { authRateLimit: { max: 3, timeWindowMs: 60_000 } },
    ),
  ));

test('validation errors name the field; unknown routes and internals stay closed', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const bad = await browser.post('/api/auth/signup', { email: 'x@example.com' });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.code, 'invalid_request');
      assert.ok(bad.json.fields.some((f: { path: string }) => f.path === 'body.password'));
      const weak = await browser.post('/api/auth/signup', {
        email: 'x@example.com',
        password: 'short',
        displayName: 'X',
      });
      assert.equal(weak.status, 400);
      assert.equal(weak.json.code, 'weak_password');

      const missing = await browser.get('/api/nothing-here?secret=1');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.code, 'route_not_found');
      assert.equal(missing.text.includes('secret=1'), false);

      const headers = (await server.client().get('/api/auth/csrf')).headers;
      assert.match(headers['content-security-policy'] ?? '', /script-src 'self'/);
      assert.doesNotMatch(headers['content-security-policy'] ?? '', /unsafe-inline/);
      assert.equal(headers['x-content-type-options'], 'nosniff');
      assert.match(headers['set-cookie'] ?? '', /HttpOnly/i);
      assert.match(headers['set-cookie'] ?? '', /SameSite=Lax/i);
    }),
  ));
