import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, DEFAULT_ATLASSIAN_SCOPES, loadConfig } from '../../src/config/index.ts';

test('defaults: ./data, SQLite, the six seed scopes, Atlassian production endpoints', () => {
  const config = loadConfig({});
  assert.deepEqual(config, {
    dataDir: path.resolve('data'),
    logLevel: 'info',
    atlassian: {
      scopes: DEFAULT_ATLASSIAN_SCOPES,
      authUrl: 'https://auth.atlassian.com',
      apiUrl: 'https://api.atlassian.com',
    },
  });
  assert.equal(DEFAULT_ATLASSIAN_SCOPES.length, 6);
});

test('every variable is read; empty ones count as unset', () => {
  const config = loadConfig({
    PROJAN_DATA_DIR: '/var/lib/projan',
    DATABASE_URL: 'postgres://projan@db/projan',
    PROJAN_SECRET_KEY: '2:abc',
    PROJAN_SECRET_KEYS_OLD: '1:def',
    LOG_LEVEL: 'debug',
    ATLASSIAN_CLIENT_ID: 'client',
    ATLASSIAN_CLIENT_SECRET: 'shh',
    ATLASSIAN_REDIRECT_URI: 'http://127.0.0.1:3000/oauth/callback',
    ATLASSIAN_SCOPES: 'read:jira-work, offline_access',
    ATLASSIAN_AUTH_URL: 'http://127.0.0.1:4000',
    ATLASSIAN_API_URL: '',
  });
  assert.deepEqual(config, {
    dataDir: '/var/lib/projan',
    databaseUrl: 'postgres://projan@db/projan',
    secretKey: '2:abc',
    secretKeysOld: '1:def',
    logLevel: 'debug',
    atlassian: {
      clientId: 'client',
      clientSecret: 'shh',
      redirectUri: 'http://127.0.0.1:3000/oauth/callback',
      scopes: ['read:jira-work', 'offline_access'],
      authUrl: 'http://127.0.0.1:4000',
      apiUrl: 'https://api.atlassian.com',
    },
  });
});

test('invalid values are one ConfigError naming every variable, without the values', () => {
  assert.throws(
    () =>
      loadConfig({
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        LOG_LEVEL: 'loud',
        ATLASSIAN_REDIRECT_URI: 'not a url',
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.code, 'invalid_env');
      assert.deepEqual(error.variables, ['DATABASE_URL', 'LOG_LEVEL', 'ATLASSIAN_REDIRECT_URI']);
      assert.match(
        error.message,
        /^The environment holds invalid settings: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL; LOG_LEVEL .+; ATLASSIAN_REDIRECT_URI must be an absolute URL\. Correct them and start Projan again\.$/,
      );
      assert.doesNotMatch(error.message, /hunter2|loud|not a url/);
      return true;
    },
  );
});
