import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createAuditLog } from '../../accounts/audit.ts';
import { loadConfig } from '../../config/index.ts';
import { addKeyVersion, dropOldKeys, generateKey, loadKeyring } from '../../connections/keys.ts';
import { type RotationResult, rotateSealedColumns, Vault } from '../../connections/vault.ts';
import { openStore, SQLITE_FILE_NAME } from '../../store/open.ts';

/** What the keys commands read and write; tests pass their own. */
export interface KeysCommandIo {
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
}

/**
 * Adds `projan keys generate` and `projan keys rotate`. Errors (ConfigError, VaultError,
 * StoreError) propagate to the program, which prints their message and exits 1.
 */
export function registerKeysCommands(program: Command, io: KeysCommandIo = {}): Command {
  const out = io.stdout ?? ((text: string) => process.stdout.write(text));
  const keys = program
    .command('keys')
    .description('Manage the keys that encrypt stored Jira tokens.');

  keys
    .command('generate')
    .description('Print a new random key for PROJAN_SECRET_KEY (base64, 32 bytes).')
    .option('--key-version <n>', 'prefix the key with a version number, as <n>:<key>')
    .action((options: { keyVersion?: string }) => {
      const version = options.keyVersion;
      if (version !== undefined && !/^[1-9]\d{0,5}$/.test(version)) {
        program.error('--key-version must be a whole number from 1 to 999999.');
      }
      out(`${version === undefined ? '' : `${version}:`}${generateKey()}\n`);
    });

  keys
    .command('rotate')
    .description(
      'Re-encrypt every stored token with the newest key. With the generated key file, a new key is added first and the old ones are dropped afterwards; with PROJAN_SECRET_KEY, set the new key there and the old one in PROJAN_SECRET_KEYS_OLD before running this.',
    )
    .option('--data-dir <dir>', 'data directory (default PROJAN_DATA_DIR or ./data)')
    .action(async (options: { dataDir?: string }) => {
      const env = { ...(io.env ?? process.env) };
      if (options.dataDir !== undefined) env.PROJAN_DATA_DIR = options.dataDir;
      out(await rotate(env));
    });

  return keys;
}

// Returns the report to print; never prints a key.
async function rotate(env: NodeJS.ProcessEnv): Promise<string> {
  const config = loadConfig(env);
  const file = path.join(config.dataDir, SQLITE_FILE_NAME);
  if (config.databaseUrl === undefined && !existsSync(file)) {
    // A mistyped --data-dir must not quietly create an empty database and a new key.
    throw new Error(
      `There is no Projan database at ${file}. Point --data-dir (or PROJAN_DATA_DIR) at the directory Projan uses.`,
    );
  }
  const store = await openStore(config);
  try {
    let keyring = loadKeyring(config);
    if (keyring.source.kind === 'file') keyring = addKeyVersion(keyring);
    const vault = new Vault(keyring);
    const results = await rotateSealedColumns(store.db, vault);
    // A second pass catches values a running server sealed with the old key while the first
    // pass ran, before it noticed the new key file.
    const late = await rotateSealedColumns(store.db, vault);
    const lines = [summary(results, late, keyring.current.version)];

    // TODO: A server that read the old key file just before the new key was added and writes its sealed token after the second pass leaves a value no remaining key opens (that connection then needs a reconnect); stop servers during rotation, or add a rotation lease in the database that servers check before sealing.
    if (keyring.source.kind === 'file') {
      dropOldKeys(keyring);
      lines.push(
        `The key file ${keyring.source.path} now holds only key version ${keyring.current.version}. Back it up together with the database.`,
      );
    } else {
      lines.push(
        'Every stored token now uses PROJAN_SECRET_KEY. Remove the old keys from PROJAN_SECRET_KEYS_OLD on every server.',
      );
    }
    await createAuditLog(store.db).record({
      workspaceId: null,
      action: 'keys_rotated',
      outcome: 'success',
      detail: { keyVersion: keyring.current.version, resealed: count(results) + count(late) },
    });
    return `${lines.join('\n')}\n`;
  } finally {
    await store.close();
  }
}

function summary(results: RotationResult[], late: RotationResult[], version: number): string {
  const total = count(results) + count(late);
  const perTable = results
    .map((r, i) => `${r.table}: ${r.resealed + (late[i]?.resealed ?? 0)}`)
    .join(', ');
  return `Re-encrypted ${total} stored ${total === 1 ? 'value' : 'values'} with key version ${version} (${perTable}).`;
}

function count(results: RotationResult[]): number {
  return results.reduce((sum, r) => sum + r.resealed, 0);
}
