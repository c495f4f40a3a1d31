import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { Keyring } from '../../src/connections/keys.ts';
import { createTokenSealer, tokenAad, Vault, VaultError } from '../../src/connections/vault.ts';

function keyring(current: number, ...versions: number[]): Keyring {
  const keys = new Map(versions.map((v) => [v, randomBytes(32)]));
  return {
    current: { version: current, key: keys.get(current) as Buffer },
    keys,
    source: { kind: 'env' },
  };
}

function rejectsWith(code: string, message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof VaultError, `expected VaultError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  };
}

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.planted-access-token.c2lnbmF0dXJl';

test('a sealed value opens again and has the documented shape', () => {
  const vault = new Vault(keyring(1, 1));
  const aad = tokenAad('con_1', 'access_token');
  assert.equal(aad, 'connection:con_1:access_token');
  const sealed = vault.seal(TOKEN, aad);
  assert.match(sealed, /^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
  assert.ok(!sealed.includes('planted'));
  assert.equal(vault.open(sealed, aad), TOKEN);
  assert.equal(vault.versionOf(sealed), 1);
  assert.equal(vault.open(vault.seal('', aad), aad), '');
});

test('every seal uses a fresh IV', () => {
  const vault = new Vault(keyring(1, 1));
  const a = vault.seal(TOKEN, 'x');
  const b = vault.seal(TOKEN, 'x');
  assert.notEqual(a.split('.')[1], b.split('.')[1]);
  assert.notEqual(a, b);
});

test('a value moved to another connection or field does not open', () => {
  const sealer = createTokenSealer(new Vault(keyring(1, 1)));
  const sealed = sealer.seal(TOKEN, 'con_1', 'access_token');
  assert.equal(sealer.open(sealed, 'con_1', 'access_token'), TOKEN);
  assert.throws(
    () => sealer.open(sealed, 'con_2', 'access_token'),
    rejectsWith(
      'tampered',
      'The stored secret connection:con_2:access_token failed its integrity check: it was altered, copied from another connection or field, or key version 1 is not the key it was sealed with. Reconnect Jira to store new tokens.',
    ),
  );
  assert.throws(() => sealer.open(sealed, 'con_1', 'refresh_token'), /failed its integrity check/);
});

test('altered ciphertext, tag or IV is detected and the message holds no secret', () => {
  const vault = new Vault(keyring(1, 1));
  const aad = tokenAad('con_1', 'refresh_token');
  const [version, iv, ciphertext, tag] = vault.seal(TOKEN, aad).split('.') as [
    string,
    string,
    string,
    string,
  ];
  const flip = (part: string) => {
    const bytes = Buffer.from(part, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    return bytes.toString('base64url');
  };
  for (const altered of [
    [version, iv, flip(ciphertext), tag],
    [version, iv, ciphertext, flip(tag)],
    [version, flip(iv), ciphertext, tag],
  ]) {
    assert.throws(
      () => vault.open(altered.join('.'), aad),
      (error: unknown) => {
        assert.ok(error instanceof VaultError);
        assert.equal(error.code, 'tampered');
        assert.ok(!error.message.includes(ciphertext));
        assert.ok(!error.message.includes('planted'));
        return true;
      },
    );
  }
});

test('a value from a different key of the same version does not open', () => {
  const sealed = new Vault(keyring(1, 1)).seal(TOKEN, 'a');
  assert.throws(() => new Vault(keyring(1, 1)).open(sealed, 'a'), /failed its integrity check/);
});

test('malformed values and unknown key versions get their own codes', () => {
  const vault = new Vault(keyring(2, 2));
  assert.throws(
    () => vault.open('plain-text-token', 'connection:con_1:access_token'),
    rejectsWith(
      'malformed',
      'The stored secret connection:con_1:access_token is not a sealed value. Reconnect Jira to store new tokens.',
    ),
  );
  assert.throws(
    () => vault.versionOf('v1.abc'),
    (e: unknown) => e instanceof VaultError && e.code === 'malformed',
  );
  const fromOldKey = new Vault(keyring(1, 1)).seal(TOKEN, 'connection:con_1:access_token');
  assert.throws(
    () => vault.open(fromOldKey, 'connection:con_1:access_token'),
    rejectsWith(
      'unknown_key_version',
      "The stored secret connection:con_1:access_token was sealed with key version 1, which is not configured. Add that key to PROJAN_SECRET_KEYS_OLD (or restore it in the data directory's secret.key), or reconnect Jira to store new tokens.",
    ),
  );
});
