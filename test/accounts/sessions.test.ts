import assert from 'node:assert/strict';
import { DEFAULT_SESSION_LIFETIME_MS } from '../../src/accounts/index.ts';
import { forEachEngine } from '../helpers/db.ts';
import { signUp, testAccounts, testClock } from './helpers.ts';

forEachEngine(
  'a started session is live until it is ended; only its hash is stored',
  async ({ store }) => {
    const clock = testClock();
    const accounts = testAccounts(store, clock);
    const ada = await signUp(accounts, 'ada@example.com');
    const grace = await signUp(accounts, 'grace@example.com');

    const started = await accounts.sessions.start(ada.id);
    assert.match(started.id, /^[A-Za-z0-9_-]{24}$/);
    assert.equal(started.expiresAt, clock.now() + DEFAULT_SESSION_LIFETIME_MS);
    assert.deepEqual(await accounts.sessions.find(started.id, ada.id), {
      userId: ada.id,
      createdAt: clock.now(),
      expiresAt: started.expiresAt,
    });
    assert.equal(await accounts.sessions.find(started.id, grace.id), undefined, 'another user');
    assert.equal(await accounts.sessions.find('not-a-session', ada.id), undefined);

    const rows = await store.db.selectFrom('sessions').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.user_id, ada.id);
    assert.match(rows[0]?.id_hash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(JSON.stringify(rows).includes(started.id), false, 'the id itself is not stored');

    await accounts.sessions.end(started.id);
    assert.equal(await accounts.sessions.find(started.id, ada.id), undefined);
    await accounts.sessions.end(started.id);
    assert.equal((await store.db.selectFrom('sessions').selectAll().execute()).length, 0);
  },
);

forEachEngine('ending one session leaves the user’s other sessions live', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const laptop = await accounts.sessions.start(ada.id);
  const phone = await accounts.sessions.start(ada.id);
  assert.notEqual(laptop.id, phone.id);

  await accounts.sessions.end(laptop.id);

  assert.equal(await accounts.sessions.find(laptop.id, ada.id), undefined);
  assert.equal((await accounts.sessions.find(phone.id, ada.id))?.userId, ada.id);
});

forEachEngine('signing out everywhere ends every session of that user only', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const grace = await signUp(accounts, 'grace@example.com');
  const laptop = await accounts.sessions.start(ada.id);
  const phone = await accounts.sessions.start(ada.id);
  const other = await accounts.sessions.start(grace.id);

  assert.equal(await accounts.users.signOutEverywhere(ada.id), 2);

  assert.equal(await accounts.sessions.find(laptop.id, ada.id), undefined);
  assert.equal(await accounts.sessions.find(phone.id, ada.id), undefined);
  assert.equal((await accounts.sessions.find(other.id, grace.id))?.userId, grace.id);
  const left = await store.db.selectFrom('sessions').select('user_id').execute();
  assert.deepEqual(left, [{ user_id: grace.id }]);
});

forEachEngine('a session expires at its lifetime however often it is used', async ({ store }) => {
  const clock = testClock();
  const accounts = testAccounts(store, clock);
  const ada = await signUp(accounts, 'ada@example.com');
  const short = await accounts.sessions.start(ada.id, { lifetimeMs: 60_000 });
  const long = await accounts.sessions.start(ada.id);

  clock.advance(59_999);
  assert.equal((await accounts.sessions.find(short.id, ada.id))?.expiresAt, short.expiresAt);
  clock.advance(1);
  assert.equal(await accounts.sessions.find(short.id, ada.id), undefined);
  assert.equal(
    (await store.db.selectFrom('sessions').selectAll().execute()).length,
    1,
    'the expired row was deleted when it was refused',
  );

  clock.advance(DEFAULT_SESSION_LIFETIME_MS);
  assert.equal(await accounts.sessions.find(long.id, ada.id), undefined);
});

forEachEngine('expired rows are purged when sessions start', async ({ store }) => {
  const clock = testClock();
  const accounts = testAccounts(store, clock);
  const ada = await signUp(accounts, 'ada@example.com');
  await accounts.sessions.start(ada.id, { lifetimeMs: 60_000 });
  await accounts.sessions.start(ada.id, { lifetimeMs: 60_000 });
  const kept = await accounts.sessions.start(ada.id);

  clock.advance(3_600_000);
  const fresh = await accounts.sessions.start(ada.id);

  const left = await store.db.selectFrom('sessions').select('expires_at').execute();
  assert.deepEqual(
    left.map((r) => r.expires_at).sort((a, b) => a - b),
    [kept.expiresAt, fresh.expiresAt],
  );
  clock.advance(DEFAULT_SESSION_LIFETIME_MS);
  assert.equal(await accounts.sessions.purgeExpired(), 2);
  assert.equal((await store.db.selectFrom('sessions').selectAll().execute()).length, 0);
});
