import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { base32, newId } from '../store/ids.ts';
import type { ApiTokensTable, Database } from '../store/schema.ts';
import type { AuditLog } from './audit.ts';
import { AccountError } from './errors.ts';
import { checkName } from './validation.ts';
import type { Workspaces } from './workspaces.ts';

/** Every API token starts with this, so secret scanners and people can recognise one. */
export const API_TOKEN_PREFIX = 'pjn_';

/** An API token's record as callers see it; the token itself is never stored. */
export interface ApiTokenRecord {
  id: string;
  userId: string;
  /** The only workspace the token may act in, or null for every workspace of the user. */
  workspaceId: string | null;
  name: string;
  /** The token's last four characters, to tell tokens apart in lists. */
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** API tokens for the CLI and the HTTP API. */
export interface ApiTokens {
  /**
   * Creates a token for the user, optionally limited to one workspace they belong to. The
   * returned `token` is shown once: only its SHA-256 is kept.
   *
   * @throws {AccountError} `invalid_name`, `not_a_member`.
   */
  create(
    userId: string,
    input: { name: string; workspaceId?: string },
  ): Promise<{ token: string; record: ApiTokenRecord }>;
  /**
   * Finds the live token a request presented and records its use (at most once a minute).
   *
   * @throws {AccountError} `invalid_token` for unknown, malformed or revoked tokens.
   */
  authenticate(token: string): Promise<ApiTokenRecord>;
  /** The user's tokens, newest first, revoked ones included. */
  list(userId: string): Promise<ApiTokenRecord[]>;
  /** Revokes one of the user's tokens; idempotent. @throws {AccountError} `not_found`. */
  revoke(userId: string, tokenId: string): Promise<void>;
}

/** SHA-256 of a token, hex; the only form in which a token reaches the database. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** API tokens over the store's `api_tokens` table. */
export function createApiTokens(deps: {
  db: Kysely<Database>;
  audit: AuditLog;
  workspaces: Workspaces;
  now: () => number;
}): ApiTokens {
  const { db, audit, workspaces, now } = deps;

  return {
    async create(userId, input) {
      const name = checkName(input.name, 'token name');
      if (input.workspaceId !== undefined) await workspaces.access(userId, input.workspaceId);
      // 32 random bytes: 256 bits, so a fast hash (not scrypt) is enough to store it safely.
      const token = `${API_TOKEN_PREFIX}${base32(randomBytes(32))}`;
      // TODO: API tokens never expire; an optional lifetime (an expires_at column checked in authenticate) would let users create short-lived tokens for CI.
      const row: ApiTokensTable = {
        id: newId('tok'),
        user_id: userId,
        workspace_id: input.workspaceId ?? null,
        name,
        token_hash: hashApiToken(token),
        hint: token.slice(-4),
        created_at: now(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      await audit.record({
        workspaceId: row.workspace_id ?? (await individualWorkspace(db, userId)),
        actorUserId: userId,
        action: 'token_created',
        outcome: 'success',
        detail: { tokenId: row.id, name },
      });
      return { token, record: toRecord(row) };
    },

    async authenticate(token) {
      const invalid = new AccountError(
        'invalid_token',
        'The API token is not valid or has been revoked. Create a new token in Settings > API tokens.',
      );
      if (!token.startsWith(API_TOKEN_PREFIX)) throw invalid;
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hashApiToken(token))
        .executeTakeFirst();
      if (row === undefined || row.revoked_at !== null) throw invalid;

      const at = now();
      if (row.last_used_at === null || at - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
        await db
          .updateTable('api_tokens')
          .set({ last_used_at: at })
          .where('id', '=', row.id)
          .execute();
        row.last_used_at = at;
      }
      return toRecord(row);
    },

    async list(userId) {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async revoke(userId, tokenId) {
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'workspace_id', 'revoked_at'])
        .where('id', '=', tokenId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (row === undefined) {
        throw new AccountError('not_found', 'You have no API token with this id.');
      }
      if (row.revoked_at !== null) return;
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: now() })
        .where('id', '=', tokenId)
        .execute();
      await audit.record({
        workspaceId: row.workspace_id ?? (await individualWorkspace(db, userId)),
        actorUserId: userId,
        action: 'token_revoked',
        outcome: 'success',
        detail: { tokenId },
      });
    },
  };
}

async function individualWorkspace(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('workspaces')
    .select('id')
    .where('owner_user_id', '=', userId)
    .where('kind', '=', 'individual')
    .executeTakeFirst();
  return row?.id ?? null;
}

function toRecord(row: ApiTokensTable): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    workspaceId: row.workspace_id,
    name: row.name,
    hint: row.hint,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
