import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import {
  migrateToLatest,
  newId,
  newTimeOrderedId,
  openStore,
  SQLITE_FILE_NAME,
  StoreError,
} from '../../src/store/index.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { ENGINES, forEachEngine, withEngine } from '../helpers/db.ts';

forEachEngine('migrations run once and are idempotent', async ({ store, openAnother }) => {
  assert.deepEqual(await migrateToLatest(store.db, store.dialect), []);
  const again = await openAnother();
  assert.deepEqual(await migrateToLatest(again.db, again.dialect), []);
  const tables = (await store.db.introspection.getTables()).map((t) => t.name);
  for (const table of ['users', 'workspaces', 'memberships', 'api_tokens', 'audit_log']) {
    assert.ok(tables.includes(table), `table ${table} exists`);
  }
});

for (const engine of ENGINES) {
  test(`a fresh database applies every migration in order [${engine}]`, () =>
    withEngine(
      engine,
      async ({ store }) => {
        assert.deepEqual(await migrateToLatest(store.db, store.dialect), Object.keys(migrations));
      },
      { migrate: false },
    ));
}

forEachEngine('epoch-millisecond times come back as numbers', async ({ store }) => {
  const at = 1_764_806_400_123;
  await store.db
    .insertInto('audit_log')
    .values({
      id: newTimeOrderedId('aud', at),
      workspace_id: null,
      actor_user_id: null,
      action: 'x',
      outcome: 'success',
      detail: '{}',
      at,
    })
    .execute();
  const row = await store.db.selectFrom('audit_log').select(['at']).executeTakeFirstOrThrow();
  assert.equal(row.at, at);
  const count = await store.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(count.n, 1);
});

forEachEngine('foreign keys are enforced', async ({ store }) => {
  await assert.rejects(
    store.db
      .insertInto('memberships')
      .values({ workspace_id: 'wsp_missing', user_id: 'usr_missing', role: 'admin', created_at: 1 })
      .execute(),
  );
});

test('the SQLite database uses WAL and a busy timeout in a private directory', async () => {
  await withEngine('sqlite', async ({ store, dataDir }) => {
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    assert.equal(rows[0]?.journal_mode, 'wal');
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.db);
    assert.equal(busy.rows[0]?.timeout, 5000);
    assert.equal(statSync(path.join(dataDir, SQLITE_FILE_NAME)).mode & 0o777, 0o600);
  });
  await withEngine('sqlite', async ({ dataDir }) => {
    const nested = path.join(dataDir, 'a', 'b');
    const store = await openStore({ dataDir: nested });
    await store.close();
    assert.equal(statSync(nested).mode & 0o777, 0o700);
  });
});

test('on PostgreSQL, introspection sees the current schema only', async () => {
  await withEngine('postgres', async ({ store, storeOptions }) => {
    await withEngine('postgres', async ({ store: neighbour }) => {
      await sql`create table neighbour_only (id text)`.execute(neighbour.db);
      const tables = await store.db.introspection.getTables();
      assert.ok(tables.length >= 6);
      assert.ok(tables.every((t) => t.schema === storeOptions.pgSchema));
      assert.ok(!tables.some((t) => t.name === 'neighbour_only'));
      assert.ok(!tables.some((t) => t.name.startsWith('kysely_migration')));
      const users = tables.find((t) => t.name === 'users');
      assert.deepEqual(
        users?.columns.slice(0, 2).map((c) => [c.name, c.dataType, c.isNullable]),
        [
          ['id', 'text', false],
          ['email', 'text', false],
        ],
      );
      const internal = await store.db.introspection.getTables({ withInternalKyselyTables: true });
      assert.ok(internal.some((t) => t.name === 'kysely_migration'));
    });
  });
});

test('an unreachable PostgreSQL gives a StoreError without the password', async () => {
  await assert.rejects(
    openStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://u:hunter2@127.0.0.1:1/db' }),
    (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, 'unreachable');
      assert.match(
        error.message,
        /^PostgreSQL at postgres:\/\/u@127\.0\.0\.1:1\/db cannot be reached/,
      );
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    },
  );
});

test('ids are prefixed, random, and time-ordered ids sort by time', () => {
  assert.match(newId('usr'), /^usr_[0-9a-hjkmnp-tv-z]{16}$/);
  assert.notEqual(newId('usr'), newId('usr'));
  const earlier = newTimeOrderedId('aud', 1000);
  const later = newTimeOrderedId('aud', 1001);
  assert.ok(earlier < later);
  assert.match(earlier, /^aud_[0-9a-hjkmnp-tv-z]{23}$/);
});
