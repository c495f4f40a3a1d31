import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sanitizeDetail } from '../../src/accounts/index.ts';
import { forEachEngine } from '../helpers/db.ts';
import { signUp, testAccounts, testClock } from './helpers.ts';

forEachEngine('audit entries page newest first', async ({ store }) => {
  const clock = testClock();
  const accounts = testAccounts(store, clock);
  for (let i = 0; i < 5; i += 1) {
    await accounts.audit.record({
      workspaceId: 'wsp_a',
      actorUserId: 'usr_a',
      action: 'export_started',
      outcome: 'success',
      detail: { n: i },
    });
    clock.advance(i % 2); // two entries share a millisecond: order must still hold
  }
  await accounts.audit.record({ workspaceId: 'wsp_b', action: 'connected', outcome: 'success' });

  const first = await accounts.audit.list('wsp_a', { limit: 2 });
  assert.deepEqual(
    first.map((e) => e.detail.n),
    [4, 3],
  );
  const second = await accounts.audit.list('wsp_a', { limit: 2, before: first[1]?.id ?? '' });
  assert.deepEqual(
    second.map((e) => e.detail.n),
    [2, 1],
  );
  const rest = await accounts.audit.list('wsp_a', { before: second[1]?.id ?? '' });
  assert.deepEqual(
    rest.map((e) => e.detail.n),
    [0],
  );
  assert.equal(rest[0]?.at, testClock().now());
  assert.equal(rest[0]?.actorUserId, 'usr_a');
});

forEachEngine(
  'the audit log never holds a password or token',
  async ({ store, engine, dataDir }) => {
    const accounts = testAccounts(store);
    const password = 'Planted-Password-7f3a';
    await accounts.users.signUp({ email: 'ada@example.com', password, displayName: 'Ada' });
    await assert.rejects(
      accounts.users.signIn({ email: 'ada@example.com', password: `${password}x` }),
    );
    await accounts.users.signIn({ email: 'ada@example.com', password });
    const ada = await signUp(accounts, 'bob@example.com');
    const { token } = await accounts.apiTokens.create(ada.id, { name: 'cli' });
    await accounts.audit.record({
      workspaceId: ada.individualWorkspaceId,
      action: 'connected',
      outcome: 'success',
      detail: {
        access_token: 'planted-access-7f3a',
        refreshToken: 'planted-refresh-7f3a',
        note: token,
      },
    });

    const rows = JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of [
      password,
      'planted-access-7f3a',
      'planted-refresh-7f3a',
      token.slice(4),
    ]) {
      assert.ok(!rows.includes(secret), `audit rows hold ${secret}`);
    }
    if (engine === 'sqlite') {
      await store.close();
      for (const name of readdirSync(dataDir)) {
        const bytes = readFileSync(path.join(dataDir, name));
        assert.equal(bytes.indexOf(Buffer.from(password)), -1, `${name} holds the password`);
      }
    }
  },
);

test('detail sanitising redacts secret keys and token-looking values, and trims long text', () => {
  assert.deepEqual(
    sanitizeDetail({
      code: 'abc',
      state: 'xyz',
      client_secret: 's',
      password: 'p',
      tokenId: 'tok_1',
      jwt: 'eyJhbGciOi.eyJzdWIiOi.sig',
      bearer: 'Bearer abc',
      long: 'x'.repeat(250),
      count: 3,
    }),
    {
      code: '[redacted]',
      state: '[redacted]',
      client_secret: '[redacted]',
      password: '[redacted]',
      tokenId: 'tok_1',
      jwt: '[redacted]',
      bearer: '[redacted]',
      long: `${'x'.repeat(200)}…`,
      count: 3,
    },
  );
});
