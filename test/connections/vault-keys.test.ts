import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ConfigError } from '../../src/config/index.ts';
import {
  addKeyVersion,
  dropOldKeys,
  generateKey,
  KEY_FILE_NAME,
  loadKeyring,
} from '../../src/connections/keys.ts';
import { openVault } from '../../src/connections/vault.ts';

let dataDir = '';
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'projan-keys-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function configError(code: string, message: RegExp | string, variable?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    if (variable !== undefined) assert.deepEqual(error.variables, [variable]);
    return true;
  };
}

test('on the embedded default a key file is generated once with mode 0600', () => {
  const first = loadKeyring({ dataDir });
  const file = path.join(dataDir, KEY_FILE_NAME);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(first.source, { kind: 'file', path: file });
  assert.equal(first.current.version, 1);
  assert.equal(first.current.key.length, 32);
  assert.match(readFileSync(file, 'utf8'), /^# .*\n1:[\w-]{43}\n$/);

  const again = loadKeyring({ dataDir });
  assert.ok(again.current.key.equals(first.current.key), 'the same key on the next start');
});

test('the data directory is created for the key file when missing', () => {
  const nested = path.join(dataDir, 'not', 'yet');
  assert.equal(loadKeyring({ dataDir: nested }).current.version, 1);
  assert.equal(statSync(nested).mode & 0o777, 0o700);
});

test('a key file readable by others or damaged stops the start', () => {
  loadKeyring({ dataDir });
  const file = path.join(dataDir, KEY_FILE_NAME);
  chmodSync(file, 0o644);
  assert.throws(
    () => loadKeyring({ dataDir }),
    configError(
      'secret_key_file_unsafe',
      `The key file ${file} is readable by other users (mode 0644). Run \`chmod 600 ${file}\` and start Projan again.`,
    ),
  );
  chmodSync(file, 0o600);
  writeFileSync(file, `1:${randomBytes(16).toString('base64url')}\n`);
  assert.throws(
    () => loadKeyring({ dataDir }),
    configError('secret_key_file_unsafe', /is not 32 bytes/),
  );
  writeFileSync(file, '# nothing\n');
  assert.throws(
    () => loadKeyring({ dataDir }),
    configError('secret_key_file_unsafe', /holds no key/),
  );
});

test('PROJAN_SECRET_KEY takes base64, base64url or hex and wins over the key file', () => {
  const key = randomBytes(32);
  for (const text of [key.toString('base64'), key.toString('base64url'), key.toString('hex')]) {
    const ring = loadKeyring({ dataDir, secretKey: text });
    assert.ok(ring.current.key.equals(key));
    assert.equal(ring.current.version, 1);
    assert.deepEqual(ring.source, { kind: 'env' });
  }
  assert.throws(() => statSync(path.join(dataDir, KEY_FILE_NAME)), /ENOENT/);
  const generated = generateKey();
  assert.equal(Buffer.from(generated, 'base64').length, 32);
  assert.equal(
    loadKeyring({ dataDir, secretKey: generated }).current.key.toString('base64'),
    generated,
  );
});

test('a malformed key is a ConfigError naming the variable, never showing the value', () => {
  const short = randomBytes(31).toString('base64');
  assert.throws(
    () => loadKeyring({ dataDir, secretKey: short }),
    (error: unknown) => {
      configError(
        'secret_key_malformed',
        'PROJAN_SECRET_KEY holds a key that is not 32 bytes as base64 (44 characters) or hex (64 characters). Generate one with `projan keys generate`.',
        'PROJAN_SECRET_KEY',
      )(error);
      assert.ok(!(error as Error).message.includes(short));
      return true;
    },
  );
  assert.throws(
    () => loadKeyring({ dataDir, secretKey: generateKey(), secretKeysOld: generateKey() }),
    configError(
      'secret_key_malformed',
      /^PROJAN_SECRET_KEYS_OLD has a key without a version/,
      'PROJAN_SECRET_KEYS_OLD',
    ),
  );
  assert.throws(
    () =>
      loadKeyring({
        dataDir,
        secretKey: `2:${generateKey()}`,
        secretKeysOld: `2:${generateKey()}`,
      }),
    configError('secret_key_malformed', /Key version 2 appears twice/),
  );
});

test('versioned keys: current from PROJAN_SECRET_KEY, older ones from PROJAN_SECRET_KEYS_OLD', () => {
  const ring = loadKeyring({
    dataDir,
    secretKey: `3:${generateKey()}`,
    secretKeysOld: ` 1:${generateKey()} , 2:${randomBytes(32).toString('hex')}`,
  });
  assert.equal(ring.current.version, 3);
  assert.deepEqual([...ring.keys.keys()].sort(), [1, 2, 3]);
});

test('PostgreSQL without PROJAN_SECRET_KEY refuses to start', () => {
  assert.throws(
    () => openVault({ dataDir, databaseUrl: 'postgres://127.0.0.1/x' }),
    configError(
      'secret_key_missing',
      'PROJAN_SECRET_KEY is not set. With DATABASE_URL (PostgreSQL) every server must share one key: generate one with `projan keys generate` and set PROJAN_SECRET_KEY on all of them.',
      'PROJAN_SECRET_KEY',
    ),
  );
});

test('a file keyring gains a version and later drops the old ones, staying 0600', () => {
  const first = loadKeyring({ dataDir });
  const file = path.join(dataDir, KEY_FILE_NAME);
  const second = addKeyVersion(first);
  assert.equal(second.current.version, 2);
  assert.ok(second.keys.get(1)?.equals(first.current.key));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const pruned = dropOldKeys(second);
  assert.deepEqual([...pruned.keys.keys()], [2]);
  assert.ok(loadKeyring({ dataDir }).current.key.equals(second.current.key));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.throws(
    () => addKeyVersion(loadKeyring({ dataDir, secretKey: generateKey() })),
    configError('invalid_env', /rotated by the operator/),
  );
});
