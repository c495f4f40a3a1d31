import type { Kysely } from 'kysely';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { AccountError } from './errors.ts';

/** Sign-in rate limit settings. */
export interface LoginLimitOptions {
  /** Failures per address within the window before sign-in is refused (default 5). */
  maxFailuresPerEmail: number;
  /**
   * Failures per client IP within the window (default 20: higher than per address, because an
   * office or a NAT shares one address among many people).
   */
  maxFailuresPerIp: number;
  /** Sliding window in milliseconds (default 15 minutes). */
  windowMs: number;
}

/** The defaults described on {@link LoginLimitOptions}. */
export const DEFAULT_LOGIN_LIMIT: LoginLimitOptions = {
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
  windowMs: 15 * 60 * 1000,
};

/**
 * Counts failed sign-ins per address and per IP in the database, so the limit holds across
 * server processes and restarts.
 */
export class LoginLimiter {
  readonly #db: Kysely<Database>;
  readonly #options: LoginLimitOptions;
  readonly #now: () => number;

  constructor(db: Kysely<Database>, options: LoginLimitOptions, now: () => number) {
    this.#db = db;
    this.#options = options;
    this.#now = now;
  }

  /**
   * Throws when either the address or the IP has reached its limit.
   *
   * @throws {AccountError} `too_many_attempts`, with `retryAfterMs` and the wait in minutes in
   *   the message.
   */
  async check(emailNormalized: string, ip: string | undefined): Promise<void> {
    // TODO: Parallel wrong attempts can all pass this check before any of them is recorded, so a burst may exceed the limit by its width; an atomic per-subject counter row updated in the same statement as the check would make the limit exact.
    const waits = [
      await this.#waitFor(`email:${emailNormalized}`, this.#options.maxFailuresPerEmail),
      ip === undefined ? 0 : await this.#waitFor(`ip:${ip}`, this.#options.maxFailuresPerIp),
    ];
    const wait = Math.max(...waits);
    if (wait <= 0) return;

    const minutes = Math.max(1, Math.ceil(wait / 60_000));
    throw new AccountError(
      'too_many_attempts',
      `Too many failed sign-in attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
      { retryAfterMs: wait },
    );
  }

  /** Records one failure for the address and the IP, and forgets failures past the window. */
  async fail(emailNormalized: string, ip: string | undefined): Promise<void> {
    const at = this.#now();
    const subjects = [`email:${emailNormalized}`, ...(ip === undefined ? [] : [`ip:${ip}`])];
    await this.#db
      .insertInto('login_failures')
      .values(subjects.map((subject) => ({ id: newId('lgf'), subject, at })))
      .execute();
    await this.#db
      .deleteFrom('login_failures')
      .where('at', '<', at - this.#options.windowMs)
      .execute();
  }

  /** Clears the address's failures after a successful sign-in; the IP's count stays. */
  async succeed(emailNormalized: string): Promise<void> {
    await this.#db
      .deleteFrom('login_failures')
      .where('subject', '=', `email:${emailNormalized}`)
      .execute();
  }

  // Milliseconds until fewer than `max` failures remain in the window (0 when already fewer).
  async #waitFor(subject: string, max: number): Promise<number> {
    const now = this.#now();
    const rows = await this.#db
      .selectFrom('login_failures')
      .select('at')
      .where('subject', '=', subject)
      .where('at', '>', now - this.#options.windowMs)
      .orderBy('at', 'desc')
      .limit(max)
      .execute();
    const oldestCounted = rows[max - 1];
    if (oldestCounted === undefined) return 0;
    return oldestCounted.at + this.#options.windowMs - now;
  }
}
