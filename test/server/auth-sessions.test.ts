import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEngine } from '../helpers/db.ts';
import { type Client, type TestServer, withServer } from './harness.ts';

/** What an attacker saved from a browser: its cookie and CSRF token. */
interface Saved {
  cookie: string | undefined;
  csrf: string | undefined;
}

function save(browser: Client): Saved {
  assert.ok(browser.cookie, 'the browser holds a session cookie');
  return { cookie: browser.cookie, csrf: browser.csrf };
}

/** A client replaying the saved cookie and token, ignoring whatever cookie the server sets. */
function replay(server: TestServer, saved: Saved): Client {
  const copy = server.client();
  copy.cookie = saved.cookie;
  copy.csrf = saved.csrf;
  return copy;
}

async function assertRefused(server: TestServer, saved: Saved): Promise<void> {
  const me = await replay(server, saved).get('/api/auth/me');
  assert.equal(me.status, 401, me.text);
  assert.equal(me.json.code, 'not_signed_in');
  assert.equal(me.json.message, 'Sign in to Projan to do this.');
  const token = await replay(server, saved).post('/api/tokens', { name: 'stolen' });
  assert.equal(token.status, 401, token.text);
  assert.equal(token.json.code, 'not_signed_in');
}

test('a saved copy of the cookie stops working after sign-out', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const { user } = await browser.signUp('ada@example.com');
      assert.equal((await browser.get('/api/auth/me')).status, 200);
      const saved = save(browser);
      const copy = await replay(server, saved).get('/api/auth/me');
      assert.equal(copy.json.user.id, user.id, 'the copy works while signed in');

      const out = await browser.post('/api/auth/signout');
      assert.equal(out.status, 204);

      await assertRefused(server, saved);
      const tokens = await server.accounts.apiTokens.list(user.id);
      assert.deepEqual(tokens, [], 'no token was created with the saved cookie');
      const rows = await ctx.store.db.selectFrom('sessions').selectAll().execute();
      assert.deepEqual(rows, []);
    }),
  ));

test('signing out ends this session only; signing out everywhere ends them all', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const laptop = server.client();
      await laptop.signUp('ada@example.com');
      const phone = server.client();
      const signin = await phone.post('/api/auth/signin', {
        email: 'ada@example.com',
        password: 'pw-ada@example.com-long',
      });
      assert.equal(signin.status, 200, signin.text);
      const tablet = server.client();
      assert.equal(
        (
          await tablet.post('/api/auth/signin', {
            email: 'ada@example.com',
            password: 'pw-ada@example.com-long',
          })
        ).status,
        200,
      );
      const savedLaptop = save(laptop);

      assert.equal((await laptop.post('/api/auth/signout')).status, 204);
      await assertRefused(server, savedLaptop);
      assert.equal((await phone.get('/api/auth/me')).status, 200, 'the phone is still signed in');
      const created = await tablet.post('/api/tokens', { name: 'tablet' });
      assert.equal(created.status, 201, created.text);

      const savedPhone = save(phone);
      const savedTablet = save(tablet);
      const everywhere = await phone.post('/api/auth/signout', { everywhere: true });
      assert.equal(everywhere.status, 204);
      await assertRefused(server, savedPhone);
      await assertRefused(server, savedTablet);
      assert.deepEqual(await ctx.store.db.selectFrom('sessions').selectAll().execute(), []);

      const cli = server.client();
      cli.bearer = created.json.token;
      assert.equal((await cli.get('/api/auth/me')).status, 200, 'API tokens are not sessions');
    }),
  ));

test('signing in again ends the browser’s previous session', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      await browser.signUp('ada@example.com');
      const saved = save(browser);

      const again = await browser.post('/api/auth/signin', {
        email: 'ada@example.com',
        password: 'pw-ada@example.com-long',
      });
      assert.equal(again.status, 200, again.text);

      await assertRefused(server, saved);
      assert.equal((await browser.get('/api/auth/me')).status, 200);
      assert.equal((await ctx.store.db.selectFrom('sessions').selectAll().execute()).length, 1);
    }),
  ));

test('an expired session is refused and its row deleted', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const { user } = await browser.signUp('ada@example.com');
      const row = await ctx.store.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      const lifetime = row.expires_at - row.created_at;
      assert.equal(lifetime, 14 * 24 * 3600 * 1000, 'the cookie lifetime, 14 days');

      // Stands for 14 days passing: the cookie itself is renewed on use, the row is not.
      await ctx.store.db
        .updateTable('sessions')
        .set({ expires_at: Date.now() - 1 })
        .where('user_id', '=', user.id)
        .execute();

      await assertRefused(server, save(browser));
      const me = await browser.get('/api/auth/me');
      assert.equal(me.status, 401);
      assert.equal(me.json.code, 'not_signed_in');
      assert.deepEqual(await ctx.store.db.selectFrom('sessions').selectAll().execute(), []);
    }),
  ));

test('a cookie without a registered session is refused', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      await browser.signUp('ada@example.com');
      await ctx.store.db.deleteFrom('sessions').execute();

      await assertRefused(server, save(browser));
    }),
  ));

test('a Jira connect started before sign-out cannot be completed with the saved cookie', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const { workspaces } = await browser.signUp('connect-then-leave@example.com');
      const workspaceId = workspaces[0]?.id as string;
      const started = await browser.post(
        `/api/workspaces/${workspaceId}/integrations/jira/connect`,
      );
      assert.equal(started.status, 200, started.text);
      const saved = save(browser);
      const out = await browser.post('/api/auth/signout', {});
      assert.equal(out.status, 204);

      const callback = await server.consent(started.json.authorizeUrl, '5f1a2b3c4d5e6f7a8b9c0d02');
      const landed = await replay(server, saved).get(`${callback.pathname}${callback.search}`);

      assert.equal(landed.status, 303);
      const location = new URL(landed.headers.location ?? '', server.url);
      assert.equal(location.searchParams.get('error'), 'oauth_state_foreign');
      assert.equal(location.searchParams.get('connected'), null);
    }),
  ));
