import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AccountError, hashApiToken } from '../../src/accounts/index.ts';
import { forEachEngine } from '../helpers/db.ts';
import { signUp, testAccounts, testClock } from './helpers.ts';

forEachEngine(
  'an API token is shown once and stored only as its hash',
  async ({ store, engine, dataDir }) => {
    const clock = testClock();
    const accounts = testAccounts(store, clock);
    const ada = await signUp(accounts, 'ada@example.com');
    const { token, record } = await accounts.apiTokens.create(ada.id, { name: 'laptop CLI' });
    assert.match(token, /^pjn_[0-9a-hjkmnp-tv-z]{52}$/);
    assert.equal(record.hint, token.slice(-4));
    assert.equal(record.workspaceId, null);
    assert.equal(record.lastUsedAt, null);

    const rows = await store.db.selectFrom('api_tokens').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.token_hash, hashApiToken(token));
    assert.ok(!JSON.stringify(rows).includes(token.slice(4)));
    const audit = await store.db.selectFrom('audit_log').selectAll().execute();
    assert.ok(!JSON.stringify(audit).includes(token.slice(4)));

    clock.advance(5000);
    const found = await accounts.apiTokens.authenticate(token);
    assert.equal(found.id, record.id);
    assert.equal(found.userId, ada.id);
    assert.equal(found.lastUsedAt, clock.now());

    if (engine === 'sqlite') {
      await store.close();
      // Every file SQLite wrote (main file, WAL, shared memory), byte by byte.
      const secret = Buffer.from(token.slice(4));
      for (const name of readdirSync(dataDir)) {
        const bytes = readFileSync(path.join(dataDir, name));
        assert.equal(bytes.indexOf(secret), -1, `${name} holds the token`);
      }
    }
  },
);

forEachEngine('revoked, unknown and malformed tokens are refused', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const eve = await signUp(accounts, 'eve@example.com');
  const { token, record } = await accounts.apiTokens.create(ada.id, {
    name: 'CI',
    workspaceId: ada.individualWorkspaceId,
  });
  assert.equal(record.workspaceId, ada.individualWorkspaceId);

  await assert.rejects(accounts.apiTokens.revoke(eve.id, record.id), (error: unknown) => {
    return error instanceof AccountError && error.code === 'not_found';
  });
  await accounts.apiTokens.revoke(ada.id, record.id);
  await accounts.apiTokens.revoke(ada.id, record.id);

  const invalid = (error: unknown) => {
    assert.ok(error instanceof AccountError);
    assert.equal(error.code, 'invalid_token');
    assert.equal(
      error.message,
      'The API token is not valid or has been revoked. Create a new token in Settings > API tokens.',
    );
    return true;
  };
  await assert.rejects(accounts.apiTokens.authenticate(token), invalid);
  await assert.rejects(accounts.apiTokens.authenticate(`${token.slice(0, -1)}x`), invalid);
  await assert.rejects(accounts.apiTokens.authenticate('Bearer nonsense'), invalid);

  const listed = await accounts.apiTokens.list(ada.id);
  assert.equal(listed.length, 1);
  assert.notEqual(listed[0]?.revokedAt, null);
  const actions = (await accounts.audit.list(ada.individualWorkspaceId)).map((e) => e.action);
  assert.deepEqual(actions, ['token_revoked', 'token_created', 'signed_up']);
});

forEachEngine('a token can be limited only to a workspace of its owner', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const eve = await signUp(accounts, 'eve@example.com');
  await assert.rejects(
    accounts.apiTokens.create(eve.id, { name: 'x', workspaceId: ada.individualWorkspaceId }),
    (error: unknown) => error instanceof AccountError && error.code === 'not_a_member',
  );
  assert.equal((await store.db.selectFrom('api_tokens').selectAll().execute()).length, 0);
});
