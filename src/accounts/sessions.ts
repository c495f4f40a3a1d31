import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/**
 * How long a browser session lives from sign-in (14 days), however often it is used: an
 * absolute limit, because the cookie itself is renewed on every write.
 */
export const DEFAULT_SESSION_LIFETIME_MS = 14 * 24 * 3600 * 1000;

// Expired rows are deleted by whoever starts a session, at most this often per process.
const PURGE_INTERVAL_MS = 10 * 60_000;

/** A live session as callers see it; its id is only ever in the cookie. */
export interface SessionRecord {
  userId: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * The server-side registry of browser sessions. The cookie is encrypted and self-contained, so
 * only this registry can end a session before its cookie expires: a session counts as signed in
 * while its row exists and has not expired.
 */
export interface Sessions {
  /**
   * Registers a new session for the user and returns its random id (144 bits, base64url), to be
   * kept in the encrypted cookie; only its SHA-256 is stored. Deletes expired rows now and then.
   *
   * @param options.lifetimeMs defaults to {@link DEFAULT_SESSION_LIFETIME_MS}.
   */
  start(
    userId: string,
    options?: { lifetimeMs?: number },
  ): Promise<{ id: string; expiresAt: number }>;
  /**
   * The live session with this id, or undefined when it is unknown, ended, expired or belongs
   * to another user than `userId` (the user named in the same cookie).
   */
  find(id: string, userId: string): Promise<SessionRecord | undefined>;
  /** Ends one session (sign-out); idempotent. */
  end(id: string): Promise<void>;
  /** Ends every session of the user (sign-out everywhere). */
  endAll(userId: string): Promise<void>;
  /** Deletes expired rows; returns how many. */
  purgeExpired(): Promise<number>;
}

/** Sessions over the store's `sessions` table. */
export function createSessions(deps: { db: Kysely<Database>; now: () => number }): Sessions {
  const { db, now } = deps;
  let lastPurge = Number.NEGATIVE_INFINITY;

  const purgeExpired = async () => {
    lastPurge = now();
    const result = await db
      .deleteFrom('sessions')
      .where('expires_at', '<=', now())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  };

  return {
    async start(userId, options = {}) {
      if (now() - lastPurge >= PURGE_INTERVAL_MS) await purgeExpired();
      const id = randomBytes(18).toString('base64url');
      const at = now();
      const expiresAt = at + (options.lifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS);
      await db
        .insertInto('sessions')
        .values({
          id_hash: hashSessionId(id),
          user_id: userId,
          created_at: at,
          expires_at: expiresAt,
        })
        .execute();
      return { id, expiresAt };
    },

    async find(id, userId) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', hashSessionId(id))
        .executeTakeFirst();
      if (row === undefined || row.user_id !== userId) return undefined;
      if (row.expires_at <= now()) {
        await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
        return undefined;
      }
      return { userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
    },

    async end(id) {
      await db.deleteFrom('sessions').where('id_hash', '=', hashSessionId(id)).execute();
    },

    async endAll(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    purgeExpired,
  };
}

function hashSessionId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}
