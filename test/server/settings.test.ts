import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ConfigError } from '../../src/config/index.ts';
import type { Keyring } from '../../src/connections/keys.ts';
import { loadServerSettings, sessionKeys } from '../../src/server/settings.ts';

test('server settings have defaults and name the variable at fault', () => {
  assert.deepEqual(loadServerSettings({}), {
    port: 3000,
    host: '127.0.0.1',
    webDistDir: 'dist/web',
    worker: 'embedded',
  });
  const set = loadServerSettings({
    PORT: '0',
    HOST: '0.0.0.0',
    PROJAN_PUBLIC_URL: 'https://projan.example.com/',
    PROJAN_WORKER: 'none',
    PROJAN_SESSION_KEY: ' ',
  });
  assert.equal(set.port, 0);
  assert.equal(set.publicUrl, 'https://projan.example.com');
  assert.equal(set.worker, 'none');
  assert.equal(set.sessionKey, undefined, 'a blank variable counts as unset');

  assert.throws(
    () => loadServerSettings({ PORT: '70000', PROJAN_PUBLIC_URL: 'ftp://x' }),
    (error) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.variables, ['PORT', 'PROJAN_PUBLIC_URL']);
      return true;
    },
  );
});

test('session keys come from PROJAN_SESSION_KEY or are derived per vault key, newest first', () => {
  const v1 = randomBytes(32);
  const v2 = randomBytes(32);
  const keyring: Keyring = {
    current: { version: 2, key: v2 },
    keys: new Map([
      [1, v1],
      [2, v2],
    ]),
    source: { kind: 'env' },
  };
  const derived = sessionKeys(undefined, keyring);
  assert.equal(derived.length, 2);
  assert.ok(derived.every((key) => key.length === 32));
  assert.equal(derived[0]?.equals(v2), false, 'never the token key itself');
  assert.deepEqual(sessionKeys(undefined, { ...keyring, keys: new Map([[2, v2]]) })[0], derived[0]);

  const explicit = randomBytes(32);
  assert.deepEqual(sessionKeys(explicit.toString('hex'), keyring), [explicit]);
  assert.deepEqual(sessionKeys(explicit.toString('base64'), keyring), [explicit]);
  assert.throws(() => sessionKeys('c2hvcnQ=', keyring), ConfigError);
});
