import type { Kysely } from 'kysely';
import { newTimeOrderedId } from '../store/ids.ts';
import type { AuditLogTable, Database } from '../store/schema.ts';

/** What happened. One name per event, past tense for what succeeded or failed. */
export type AuditAction =
  | 'signed_up'
  | 'sign_in_failed'
  | 'signed_in'
  | 'signed_out_everywhere'
  | 'team_created'
  | 'member_added'
  | 'member_removed'
  | 'role_changed'
  | 'token_created'
  | 'token_revoked'
  | 'connect_started'
  | 'connected'
  | 'connect_failed'
  | 'site_chosen'
  | 'refresh_rejected'
  | 'reconnect_required'
  | 'disconnected'
  | 'export_started'
  | 'export_finished'
  | 'keys_rotated';

/** How it ended: done, failed, or refused for lack of permission or by a limit. */
export type AuditOutcome = AuditLogTable['outcome'];

/** A small JSON object of ids, counts and reasons. Keys that name secrets are redacted. */
export type AuditDetail = Record<string, string | number | boolean | null>;

/** One entry as callers read it. */
export interface AuditEntry {
  id: string;
  workspaceId: string | null;
  actorUserId: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  detail: AuditDetail;
  at: number;
}

/** What {@link AuditLog.record} takes; `at` defaults to now. */
export interface AuditInput {
  workspaceId: string | null;
  actorUserId?: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  detail?: AuditDetail;
  at?: number;
}

/** Records and reads the audit log. */
export interface AuditLog {
  /**
   * Appends one entry. Secret-looking keys (`password`, `token`, `*_token`, `secret`, `code`,
   * `state`, `authorization`, `cookie`) and values that look like Projan API tokens or JWTs are
   * stored as `[redacted]`, and string values are cut to 200 characters, so a careless caller
   * cannot put a secret at rest.
   */
  record(input: AuditInput): Promise<AuditEntry>;
  /**
   * The newest entries of a workspace first. `before` is the id of the last entry of the
   * previous page; `limit` defaults to 50 and is capped at 500. Authorisation is the caller's.
   */
  list(workspaceId: string, options?: { limit?: number; before?: string }): Promise<AuditEntry[]>;
}

const SECRET_KEY =
  /^(password|token|secret|code|state|authorization|cookie|api_?key)$|(_token|Token|_secret|Secret|password|Password)$/;
const SECRET_VALUE = /^pjn_|^eyJ[\w-]+\.[\w-]+\.|^Bearer\s/i;
const MAX_VALUE_LENGTH = 200;

/** Removes anything secret-looking from a detail object; exported for tests of other parts. */
export function sanitizeDetail(detail: AuditDetail): AuditDetail {
  const clean: AuditDetail = {};
  for (const [key, value] of Object.entries(detail)) {
    if (SECRET_KEY.test(key) || (typeof value === 'string' && SECRET_VALUE.test(value))) {
      clean[key] = '[redacted]';
    } else if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH) {
      clean[key] = `${value.slice(0, MAX_VALUE_LENGTH)}…`;
    } else {
      clean[key] = value;
    }
  }
  return clean;
}

/**
 * An audit log over the store's `audit_log` table.
 *
 * TODO: Entries are kept forever; a retention setting and a periodic purge of old entries would bound the table.
 */
export function createAuditLog(db: Kysely<Database>, now: () => number = Date.now): AuditLog {
  return {
    async record(input) {
      const at = input.at ?? now();
      const row: AuditLogTable = {
        id: newTimeOrderedId('aud', at),
        workspace_id: input.workspaceId,
        actor_user_id: input.actorUserId ?? null,
        action: input.action,
        outcome: input.outcome,
        detail: JSON.stringify(sanitizeDetail(input.detail ?? {})),
        at,
      };
      await db.insertInto('audit_log').values(row).execute();
      return toEntry(row);
    },

    async list(workspaceId, options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
      let query = db
        .selectFrom('audit_log')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('id', 'desc')
        .limit(limit);
      if (options.before !== undefined) query = query.where('id', '<', options.before);
      return (await query.execute()).map(toEntry);
    },
  };
}

function toEntry(row: AuditLogTable): AuditEntry {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    actorUserId: row.actor_user_id,
    action: row.action as AuditAction,
    outcome: row.outcome,
    detail: JSON.parse(row.detail) as AuditDetail,
    at: row.at,
  };
}
