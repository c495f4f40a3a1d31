import type { Kysely } from 'kysely';
import { newId } from '../store/ids.ts';
import type { Database, UsersTable } from '../store/schema.ts';
import type { AuditLog } from './audit.ts';
import { AccountError } from './errors.ts';
import type { LoginLimiter } from './login-limit.ts';
import { hashPassword, type ScryptParams, verifyPassword } from './passwords.ts';
import type { Sessions } from './sessions.ts';
import { checkEmail, checkName, checkPassword, normalizeEmail } from './validation.ts';

/** A user as the rest of Projan sees one; the password hash never leaves this module. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  /** Compare with the version in a session cookie; see {@link Users.signOutEverywhere}. */
  sessionVersion: number;
  /** The user's individual workspace. */
  individualWorkspaceId: string;
  createdAt: number;
}

/** Sign-up, sign-in and user lookups. */
export interface Users {
  /**
   * Creates a user and their individual workspace (the user is its admin and owner), in one
   * transaction.
   *
   * @throws {AccountError} `invalid_email`, `weak_password`, `invalid_name`, `email_taken`.
   */
  signUp(input: { email: string; password: string; displayName: string }): Promise<User>;
  /**
   * Checks an address and password. Refused before the password is checked when the address
   * or `ip` has too many recent failures. Failures and successes are audited (never the password).
   *
   * @throws {AccountError} `too_many_attempts` or `invalid_credentials` (never says which part
   *   was wrong).
   */
  signIn(input: { email: string; password: string; ip?: string }): Promise<User>;
  /** The user with this id, or undefined. */
  get(userId: string): Promise<User | undefined>;
  /** The user with this address (any letter case), or undefined. */
  findByEmail(email: string): Promise<User | undefined>;
  /**
   * Ends every browser session of the user: deletes their rows from the session registry and
   * bumps the session version; returns the new version.
   */
  signOutEverywhere(userId: string): Promise<number>;
}

/** What {@link createUsers} needs. */
export interface UsersDeps {
  db: Kysely<Database>;
  sessions: Sessions;
  audit: AuditLog;
  limiter: LoginLimiter;
  scrypt: ScryptParams;
  now: () => number;
}

/** Users over the store's `users`, `workspaces` and `memberships` tables. */
export function createUsers(deps: UsersDeps): Users {
  const { db, audit, limiter, now } = deps;
  // Compared against when the address is unknown, so both paths cost one scrypt.
  let decoy: Promise<string> | undefined;
  const decoyHash = () => {
    decoy ??= hashPassword('projan-decoy-password', deps.scrypt);
    return decoy;
  };

  const findRow = async (column: 'id' | 'email_normalized', value: string) => {
    const row = await db
      .selectFrom('users')
      .innerJoin('workspaces', (join) =>
        join
          .onRef('workspaces.owner_user_id', '=', 'users.id')
          .on('workspaces.kind', '=', 'individual'),
      )
      .selectAll('users')
      .select('workspaces.id as workspace_id')
      .where(`users.${column}`, '=', value)
      .executeTakeFirst();
    return row;
  };

  return {
    async signUp(input) {
      const email = checkEmail(input.email);
      checkPassword(input.password);
      const displayName = checkName(input.displayName, 'display name');
      const emailNormalized = normalizeEmail(email);
      const passwordHash = await hashPassword(input.password, deps.scrypt);
      const at = now();
      const user: UsersTable = {
        id: newId('usr'),
        email,
        email_normalized: emailNormalized,
        display_name: displayName,
        password_hash: passwordHash,
        session_version: 1,
        created_at: at,
        updated_at: at,
      };
      const workspaceId = newId('wsp');

      try {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('users').values(user).execute();
          await trx
            .insertInto('workspaces')
            .values({
              id: workspaceId,
              kind: 'individual',
              name: displayName,
              owner_user_id: user.id,
              created_at: at,
            })
            .execute();
          await trx
            .insertInto('memberships')
            .values({ workspace_id: workspaceId, user_id: user.id, role: 'admin', created_at: at })
            .execute();
        });
      } catch (error) {
        if (
          await db
            .selectFrom('users')
            .select('id')
            .where('email_normalized', '=', emailNormalized)
            .executeTakeFirst()
        ) {
          throw new AccountError(
            'email_taken',
            'An account with this email address already exists. Sign in instead, or sign up with another address.',
          );
        }
        throw error;
      }
      await audit.record({
        workspaceId,
        actorUserId: user.id,
        action: 'signed_up',
        outcome: 'success',
      });
      return toUser({ ...user, workspace_id: workspaceId });
    },

    async signIn(input) {
      const emailNormalized = normalizeEmail(input.email);
      const ip = input.ip;
      const row = await findRow('email_normalized', emailNormalized);
      const workspaceId = row?.workspace_id ?? null;
      const ipDetail = ip === undefined ? {} : { ip };

      try {
        await limiter.check(emailNormalized, ip);
      } catch (error) {
        await audit.record({
          workspaceId,
          actorUserId: row?.id ?? null,
          action: 'sign_in_failed',
          outcome: 'denied',
          detail: { reason: 'rate_limited', ...ipDetail },
        });
        throw error;
      }

      const ok = await verifyPassword(input.password, row?.password_hash ?? (await decoyHash()));
      if (row === undefined || !ok) {
        await limiter.fail(emailNormalized, ip);
        await audit.record({
          workspaceId,
          actorUserId: row?.id ?? null,
          action: 'sign_in_failed',
          outcome: 'failure',
          detail: { reason: row === undefined ? 'unknown_email' : 'wrong_password', ...ipDetail },
        });
        throw new AccountError(
          'invalid_credentials',
          'The email address or password is not correct. Check both and try again.',
        );
      }

      await limiter.succeed(emailNormalized);
      await audit.record({
        workspaceId,
        actorUserId: row.id,
        action: 'signed_in',
        outcome: 'success',
        detail: ipDetail,
      });
      return toUser(row);
    },

    async get(userId) {
      const row = await findRow('id', userId);
      return row === undefined ? undefined : toUser(row);
    },

    async findByEmail(email) {
      const row = await findRow('email_normalized', normalizeEmail(email));
      return row === undefined ? undefined : toUser(row);
    },

    async signOutEverywhere(userId) {
      const row = await db
        .updateTable('users')
        .set((eb) => ({ session_version: eb('session_version', '+', 1), updated_at: now() }))
        .where('id', '=', userId)
        .returning('session_version')
        .executeTakeFirst();
      if (row === undefined) throw new AccountError('not_found', 'This user no longer exists.');
      await deps.sessions.endAll(userId);
      const user = await findRow('id', userId);
      await audit.record({
        workspaceId: user?.workspace_id ?? null,
        actorUserId: userId,
        action: 'signed_out_everywhere',
        outcome: 'success',
      });
      return row.session_version;
    },
  };
}

function toUser(row: UsersTable & { workspace_id: string }): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    sessionVersion: row.session_version,
    individualWorkspaceId: row.workspace_id,
    createdAt: row.created_at,
  };
}
