import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { generateKey, loadKeyring } from '../../src/connections/keys.ts';
import {
  rotateSealedColumns,
  type SealedColumnSpec,
  Vault,
  VaultError,
} from '../../src/connections/vault.ts';
import { SQLITE_FILE_NAME } from '../../src/store/index.ts';
import { forEachEngine, withEngine } from '../helpers/db.ts';

interface SecretsTable {
  id: string;
  secret_a: string | null;
  secret_b: string | null;
}

const spec: SealedColumnSpec = {
  table: 'vault_test_secrets',
  idColumn: 'id',
  columns: ['secret_a', 'secret_b'],
  aad: (id, column) => `test:${id}:${column}`,
};

async function createTable(schema: Kysely<unknown>['schema']): Promise<void> {
  await schema
    .createTable('vault_test_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_a', 'text')
    .addColumn('secret_b', 'text')
    .execute();
}

forEachEngine(
  'rotation re-encrypts every value; the old key reads until then',
  async ({ store, dataDir }) => {
    const db = store.db.withTables<{ vault_test_secrets: SecretsTable }>();
    await createTable(db.schema);
    const key1 = `1:${generateKey()}`;
    const key2 = `2:${generateKey()}`;
    const oldVault = new Vault(loadKeyring({ dataDir, secretKey: key1 }));
    // More rows than one batch, some with a null column.
    const rows = Array.from({ length: 205 }, (_, i) => {
      const id = `row_${String(i).padStart(3, '0')}`;
      return {
        id,
        secret_a: oldVault.seal(`a-${i}`, spec.aad(id, 'secret_a')),
        secret_b: i % 3 === 0 ? null : oldVault.seal(`b-${i}`, spec.aad(id, 'secret_b')),
      };
    });
    await db.insertInto('vault_test_secrets').values(rows).execute();

    const newVault = new Vault(loadKeyring({ dataDir, secretKey: key2, secretKeysOld: key1 }));
    const before = await db
      .selectFrom('vault_test_secrets')
      .selectAll()
      .where('id', '=', 'row_001')
      .executeTakeFirstOrThrow();
    assert.equal(
      newVault.open(before.secret_a ?? '', 'test:row_001:secret_a'),
      'a-1',
      'old key still reads',
    );

    const [result] = await rotateSealedColumns(db, newVault, [spec]);
    const nonNull = 205 + rows.filter((r) => r.secret_b !== null).length;
    assert.deepEqual(result, {
      table: 'vault_test_secrets',
      resealed: nonNull,
      current: 0,
      changedMeanwhile: 0,
    });

    const after = await db.selectFrom('vault_test_secrets').selectAll().orderBy('id').execute();
    const onlyNewKey = new Vault(loadKeyring({ dataDir, secretKey: key2 }));
    for (const [i, row] of after.entries()) {
      assert.equal(onlyNewKey.versionOf(row.secret_a ?? ''), 2);
      assert.equal(onlyNewKey.open(row.secret_a ?? '', spec.aad(row.id, 'secret_a')), `a-${i}`);
      if (i % 3 === 0) assert.equal(row.secret_b, null);
      else
        assert.equal(onlyNewKey.open(row.secret_b ?? '', spec.aad(row.id, 'secret_b')), `b-${i}`);
    }
    assert.throws(
      () => oldVault.open(after[0]?.secret_a ?? '', 'test:row_000:secret_a'),
      (error: unknown) => error instanceof VaultError && error.code === 'unknown_key_version',
    );

    const [again] = await rotateSealedColumns(db, newVault, [spec]);
    assert.deepEqual(again, {
      table: 'vault_test_secrets',
      resealed: 0,
      current: nonNull,
      changedMeanwhile: 0,
    });
  },
);

forEachEngine(
  'rotation without the old key fails clearly and changes nothing',
  async ({ store, dataDir }) => {
    const db = store.db.withTables<{ vault_test_secrets: SecretsTable }>();
    await createTable(db.schema);
    const oldVault = new Vault(loadKeyring({ dataDir, secretKey: `1:${generateKey()}` }));
    const sealed = oldVault.seal('a', 'test:r1:secret_a');
    await db
      .insertInto('vault_test_secrets')
      .values({ id: 'r1', secret_a: sealed, secret_b: null })
      .execute();
    const lonelyVault = new Vault(loadKeyring({ dataDir, secretKey: `2:${generateKey()}` }));
    await assert.rejects(
      rotateSealedColumns(db, lonelyVault, [spec]),
      /was sealed with key version 1, which is not configured/,
    );
    const row = await db.selectFrom('vault_test_secrets').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.secret_a, sealed);
  },
);

forEachEngine('the default registry covers the connection tables', async ({ store, dataDir }) => {
  // On a fresh database they are empty: rotation must still find every table and column.
  const vault = new Vault(loadKeyring({ dataDir }));
  const results = await rotateSealedColumns(store.db, vault);
  assert.deepEqual(
    results.map((r) => [r.table, r.resealed]),
    [
      ['connections', 0],
      ['pending_site_choices', 0],
    ],
  );
});

test('a token written during rotation is kept, not overwritten', async () => {
  await withEngine('sqlite', async ({ store, dataDir }) => {
    const db = store.db.withTables<{ vault_test_secrets: SecretsTable }>();
    await createTable(db.schema);
    const key1 = `1:${generateKey()}`;
    const key2 = `2:${generateKey()}`;
    const oldVault = new Vault(loadKeyring({ dataDir, secretKey: key1 }));
    const aad = spec.aad('r1', 'secret_a');
    await db
      .insertInto('vault_test_secrets')
      .values({ id: 'r1', secret_a: oldVault.seal('old-token', aad), secret_b: null })
      .execute();

    // Plays a token refresh in another process: between rotation reading the row and writing
    // it back, the row gets a new token sealed with the new key.
    const other = new SQLite(path.join(dataDir, SQLITE_FILE_NAME));
    const keyring = loadKeyring({ dataDir, secretKey: key2, secretKeysOld: key1 });
    let refreshed = '';
    class RacingVault extends Vault {
      override open(sealed: string, forAad: string): string {
        const plain = super.open(sealed, forAad);
        if (refreshed === '') {
          refreshed = this.seal('refreshed-token', forAad);
          other
            .prepare('update vault_test_secrets set secret_a = ? where id = ?')
            .run(refreshed, 'r1');
        }
        return plain;
      }
    }
    try {
      const [result] = await rotateSealedColumns(db, new RacingVault(keyring), [spec]);
      assert.deepEqual(result, {
        table: 'vault_test_secrets',
        resealed: 0,
        current: 0,
        changedMeanwhile: 1,
      });
    } finally {
      other.close();
    }
    const row = await db.selectFrom('vault_test_secrets').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.secret_a, refreshed);
    assert.equal(new Vault(keyring).open(row.secret_a ?? '', aad), 'refreshed-token');
  });
});
