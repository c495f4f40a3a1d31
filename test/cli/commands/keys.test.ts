import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { registerKeysCommands } from '../../../src/cli/commands/keys.ts';
import { KEY_FILE_NAME, loadKeyring } from '../../../src/connections/keys.ts';
import { createTokenSealer, openVault, Vault } from '../../../src/connections/vault.ts';
import type { Store } from '../../../src/store/index.ts';
import { forEachEngine, withEngine } from '../../helpers/db.ts';

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  let output = '';
  const program = new Command('projan').exitOverride();
  registerKeysCommands(program, { env, stdout: (text) => (output += text) });
  await program.parseAsync(['node', 'projan', ...args]);
  return output;
}

// A connection row with planted tokens, sealed by `vault`; the ids are what the sealer binds.
async function plantConnection(store: Store, vault: Vault): Promise<void> {
  const sealer = createTokenSealer(vault);
  const at = Date.now();
  await store.db
    .insertInto('users')
    .values({
      id: 'usr_1',
      email: 'a@example.com',
      email_normalized: 'a@example.com',
      display_name: 'A',
      password_hash: 'x',
      session_version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await store.db
    .insertInto('workspaces')
    .values({ id: 'wsp_1', kind: 'individual', name: 'A', owner_user_id: 'usr_1', created_at: at })
    .execute();
  await store.db
    .insertInto('connections')
    .values({
      id: 'con_1',
      workspace_id: 'wsp_1',
      cloud_id: 'cloud-1',
      site_url: 'https://example.atlassian.net',
      site_name: 'example',
      installer_account_id: 'acc-1',
      scopes: 'read:jira-work offline_access',
      status: 'connected',
      connected_by: 'usr_1',
      consented_at: at,
      access_token: sealer.seal('planted-access-9c1e', 'con_1', 'access_token'),
      refresh_token: sealer.seal('planted-refresh-9c1e', 'con_1', 'refresh_token'),
      access_expires_at: at + 3_600_000,
      token_version: 1,
      refresh_lease_until: null,
      last_refreshed_at: null,
      created_at: at,
      updated_at: at,
      disconnected_at: null,
    })
    .execute();
}

async function readTokens(store: Store, vault: Vault): Promise<string[]> {
  const row = await store.db.selectFrom('connections').selectAll().executeTakeFirstOrThrow();
  const sealer = createTokenSealer(vault);
  return [
    sealer.open(row.access_token ?? '', row.id, 'access_token'),
    sealer.open(row.refresh_token ?? '', row.id, 'refresh_token'),
  ];
}

test('keys generate prints a fresh 32-byte key, optionally versioned', async () => {
  const a = (await run(['keys', 'generate'], {})).trim();
  const b = (await run(['keys', 'generate', '--key-version', '3'], {})).trim();
  assert.equal(Buffer.from(a, 'base64').length, 32);
  assert.match(b, /^3:[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(a, b.slice(2));
});

test('keys rotate on the embedded default adds a key, re-encrypts, drops the old key', async () => {
  await withEngine('sqlite', async ({ store, dataDir }) => {
    const vault = openVault({ dataDir });
    await plantConnection(store, vault);
    const oldKeyFile = readFileSync(path.join(dataDir, KEY_FILE_NAME), 'utf8');

    const output = await run(['keys', 'rotate', '--data-dir', dataDir], {});
    assert.equal(
      output,
      `Re-encrypted 2 stored values with key version 2 (connections: 2, pending_site_choices: 0).\nThe key file ${path.join(dataDir, KEY_FILE_NAME)} now holds only key version 2. Back it up together with the database.\n`,
    );
    const keyring = loadKeyring({ dataDir });
    assert.deepEqual([...keyring.keys.keys()], [2]);
    assert.equal(statSync(path.join(dataDir, KEY_FILE_NAME)).mode & 0o777, 0o600);
    // The vault opened before the rotation follows the key file without a restart.
    assert.deepEqual(await readTokens(store, vault), [
      'planted-access-9c1e',
      'planted-refresh-9c1e',
    ]);
    assert.equal(vault.currentVersion, 2);
    assert.notEqual(readFileSync(path.join(dataDir, KEY_FILE_NAME), 'utf8'), oldKeyFile);

    const audit = await store.db.selectFrom('audit_log').selectAll().execute();
    assert.deepEqual(
      audit.map((r) => [r.action, JSON.parse(r.detail)]),
      [['keys_rotated', { keyVersion: 2, resealed: 2 }]],
    );
    assert.ok(!output.includes(keyring.current.key.toString('base64url')));

    await store.close();
    for (const name of readdirSync(dataDir)) {
      const bytes = readFileSync(path.join(dataDir, name));
      for (const planted of ['planted-access-9c1e', 'planted-refresh-9c1e']) {
        assert.equal(bytes.indexOf(Buffer.from(planted)), -1, `${name} holds ${planted}`);
      }
    }
  });
});

forEachEngine(
  'keys rotate with PROJAN_SECRET_KEY moves values to the new key version',
  async ({ store, storeOptions, dataDir }) => {
    const v1 = '1:'.concat((await run(['keys', 'generate'], {})).trim());
    const v2 = (await run(['keys', 'generate', '--key-version', '2'], {})).trim();
    await plantConnection(store, new Vault(loadKeyring({ dataDir, secretKey: v1 })));

    const env: NodeJS.ProcessEnv = { PROJAN_SECRET_KEY: v2, PROJAN_SECRET_KEYS_OLD: v1 };
    if (storeOptions.databaseUrl !== undefined) {
      // The CLI reaches the test schema through search_path in the URL's options parameter.
      const url = new URL(storeOptions.databaseUrl);
      url.searchParams.set('options', `-c search_path=${storeOptions.pgSchema}`);
      env.DATABASE_URL = url.toString();
    }
    const output = await run(['keys', 'rotate', '--data-dir', dataDir], env);
    assert.match(output, /^Re-encrypted 2 stored values with key version 2 \(connections: 2, /);
    assert.match(output, /Remove the old keys from PROJAN_SECRET_KEYS_OLD on every server\.\n$/);

    const onlyNew = new Vault(loadKeyring({ dataDir, secretKey: v2 }));
    assert.deepEqual(await readTokens(store, onlyNew), [
      'planted-access-9c1e',
      'planted-refresh-9c1e',
    ]);
    assert.equal(readdirSync(dataDir).includes(KEY_FILE_NAME), false, 'no key file with env keys');
  },
);

test('keys rotate on a directory without a database refuses instead of creating one', async () => {
  const missing = path.join(
    process.env.TMPDIR ?? '/tmp',
    `projan-no-db-${process.pid}-${Date.now()}`,
  );
  await assert.rejects(run(['keys', 'rotate', '--data-dir', missing], {}), {
    message: `There is no Projan database at ${path.join(missing, 'projan.sqlite')}. Point --data-dir (or PROJAN_DATA_DIR) at the directory Projan uses.`,
  });
  assert.throws(() => statSync(missing), { code: 'ENOENT' });
});
