import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AccountError,
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  verifyPassword,
} from '../../src/accounts/index.ts';
import { forEachEngine } from '../helpers/db.ts';
import { signUp, testAccounts, testClock } from './helpers.ts';

function rejectsWith(code: string, message?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AccountError, `expected AccountError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  };
}

forEachEngine('sign-up creates a user and an individual workspace', async ({ store }) => {
  const accounts = testAccounts(store);
  const user = await accounts.users.signUp({
    email: '  Ada@Example.COM ',
    password: 'correct horse battery',
    displayName: ' Ada ',
  });
  assert.equal(user.email, 'Ada@Example.COM');
  assert.equal(user.displayName, 'Ada');
  assert.match(user.id, /^usr_/);

  const workspaces = await accounts.workspaces.listWorkspaces(user.id);
  assert.equal(workspaces.length, 1);
  assert.equal(workspaces[0]?.workspace.id, user.individualWorkspaceId);
  assert.equal(workspaces[0]?.workspace.kind, 'individual');
  assert.equal(workspaces[0]?.workspace.ownerUserId, user.id);
  assert.equal(workspaces[0]?.role, 'admin');

  const row = await store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
  assert.match(row.password_hash, /^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.ok(!row.password_hash.includes('correct horse battery'));
});

forEachEngine('email addresses are unique regardless of letter case', async ({ store }) => {
  const accounts = testAccounts(store);
  await signUp(accounts, 'ada@example.com');
  await assert.rejects(
    accounts.users.signUp({
      email: 'ADA@example.com',
      password: 'another password',
      displayName: 'A',
    }),
    rejectsWith(
      'email_taken',
      'An account with this email address already exists. Sign in instead, or sign up with another address.',
    ),
  );
  assert.equal((await store.db.selectFrom('users').selectAll().execute()).length, 1);
  assert.equal((await store.db.selectFrom('workspaces').selectAll().execute()).length, 1);
});

forEachEngine('sign-up validates address, password and name', async ({ store }) => {
  const accounts = testAccounts(store);
  await assert.rejects(
    accounts.users.signUp({
      email: 'not-an-address',
      password: 'long enough pw',
      displayName: 'X',
    }),
    rejectsWith('invalid_email'),
  );
  await assert.rejects(
    accounts.users.signUp({ email: 'x@example.com', password: 'short', displayName: 'X' }),
    rejectsWith(
      'weak_password',
      'The password must be between 10 and 1024 characters long. Choose a longer password.',
    ),
  );
  await assert.rejects(
    accounts.users.signUp({ email: 'x@example.com', password: 'long enough pw', displayName: ' ' }),
    rejectsWith('invalid_name'),
  );
});

forEachEngine('sign-in checks the password and audits both outcomes', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const signedIn = await accounts.users.signIn({
    email: 'ADA@example.com',
    password: 'pw-ada@example.com-long',
    ip: '192.0.2.1',
  });
  assert.equal(signedIn.id, ada.id);

  const wrong = accounts.users.signIn({ email: 'ada@example.com', password: 'nope nope nope' });
  await assert.rejects(
    wrong,
    rejectsWith(
      'invalid_credentials',
      'The email address or password is not correct. Check both and try again.',
    ),
  );
  await assert.rejects(
    accounts.users.signIn({ email: 'nobody@example.com', password: 'nope nope nope' }),
    rejectsWith('invalid_credentials'),
  );

  const log = await accounts.audit.list(ada.individualWorkspaceId);
  assert.deepEqual(
    log.map((e) => [e.action, e.outcome, e.detail]),
    [
      ['sign_in_failed', 'failure', { reason: 'wrong_password' }],
      ['signed_in', 'success', { ip: '192.0.2.1' }],
      ['signed_up', 'success', {}],
    ],
  );
  const unknown = await store.db
    .selectFrom('audit_log')
    .selectAll()
    .where('workspace_id', 'is', null)
    .execute();
  assert.deepEqual(
    unknown.map((r) => [r.action, JSON.parse(r.detail)]),
    [['sign_in_failed', { reason: 'unknown_email' }]],
  );
});

forEachEngine('five failures lock the address for 15 minutes', async ({ store }) => {
  const clock = testClock();
  const accounts = testAccounts(store, clock);
  await signUp(accounts, 'ada@example.com');
  const attempt = (password: string, ip = '198.51.100.7') =>
    accounts.users.signIn({ email: 'ada@example.com', password, ip });

  for (let i = 0; i < 5; i += 1) {
    await assert.rejects(attempt('wrong password!'), rejectsWith('invalid_credentials'));
    clock.advance(60_000);
  }
  // The right password is refused too while the limit holds: that is the point of the limit.
  await assert.rejects(
    attempt('pw-ada@example.com-long'),
    rejectsWith('too_many_attempts', 'Too many failed sign-in attempts. Try again in 10 minutes.'),
  );
  // Another process (another Accounts over the same database) sees the same count.
  const other = testAccounts(store, clock);
  await assert.rejects(
    other.users.signIn({ email: 'ada@example.com', password: 'pw-ada@example.com-long' }),
    (error: unknown) => error instanceof AccountError && error.retryAfterMs === 10 * 60_000,
  );

  clock.advance(10 * 60_000 - 1);
  await assert.rejects(attempt('pw-ada@example.com-long'), rejectsWith('too_many_attempts'));
  clock.advance(1);
  const user = await attempt('pw-ada@example.com-long');
  assert.equal(user.email, 'ada@example.com');
  const failures = await store.db
    .selectFrom('login_failures')
    .select('subject')
    .where('subject', 'like', 'email:%')
    .execute();
  assert.deepEqual(failures, [], 'a successful sign-in clears the address count');
});

forEachEngine('failures from one IP across addresses hit the IP limit', async ({ store }) => {
  const clock = testClock();
  const accounts = testAccounts(store, clock, { loginLimit: { maxFailuresPerIp: 3 } });
  await signUp(accounts, 'ada@example.com');
  for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
    await assert.rejects(
      accounts.users.signIn({ email, password: 'guess guess', ip: '203.0.113.9' }),
      rejectsWith('invalid_credentials'),
    );
  }
  await assert.rejects(
    accounts.users.signIn({
      email: 'ada@example.com',
      password: 'pw-ada@example.com-long',
      ip: '203.0.113.9',
    }),
    rejectsWith('too_many_attempts', 'Too many failed sign-in attempts. Try again in 15 minutes.'),
  );
  const other = await accounts.users.signIn({
    email: 'ada@example.com',
    password: 'pw-ada@example.com-long',
    ip: '203.0.113.10',
  });
  assert.equal(other.email, 'ada@example.com');
});

forEachEngine('sign out everywhere bumps the session version', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  assert.equal(ada.sessionVersion, 1);
  assert.equal(await accounts.users.signOutEverywhere(ada.id), 2);
  assert.equal((await accounts.users.get(ada.id))?.sessionVersion, 2);
  assert.equal((await accounts.users.findByEmail('ADA@EXAMPLE.COM'))?.id, ada.id);
  assert.equal(await accounts.users.get('usr_missing'), undefined);
});

test('password hashes use the stored parameters and a per-user salt', async () => {
  const a = await hashPassword('same password', { N: 1024, r: 8, p: 1 });
  const b = await hashPassword('same password', { N: 1024, r: 8, p: 1 });
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('same password', a), true);
  assert.equal(await verifyPassword('same passworD', a), false);
  assert.equal(await verifyPassword('same password', 'scrypt$1024$8$1$bad'), false);
  const strong = await hashPassword('same password');
  assert.ok(strong.startsWith(`scrypt$${DEFAULT_SCRYPT_PARAMS.N}$8$1$`));
  assert.equal(await verifyPassword('same password', strong), true);
});
