import { type Accounts, type AccountsOptions, createAccounts } from '../../src/accounts/index.ts';
import type { Store } from '../../src/store/index.ts';

/** Cheap scrypt parameters so tests stay fast; production uses the OWASP minimum. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** A clock tests can move forward. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

/** A clock starting at a fixed instant. */
export function testClock(start = Date.UTC(2026, 11, 4, 12)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** Accounts over a test store, with cheap hashing and the given clock. */
export function testAccounts(
  store: Store,
  clock: TestClock = testClock(),
  options: AccountsOptions = {},
): Accounts {
  return createAccounts(store.db, { scrypt: TEST_SCRYPT, now: clock.now, ...options });
}

/** Signs up a user with a password derived from the address. */
export function signUp(
  accounts: Accounts,
  email: string,
  displayName = email.split('@')[0] ?? email,
) {
  return accounts.users.signUp({ email, password: `pw-${email}-long`, displayName });
}
