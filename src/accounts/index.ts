/**
 * The accounts core: users, sign-in with a rate limit, the registry of browser sessions,
 * workspaces and teams with roles, API tokens and the audit log. No HTTP or CLI here; the server
 * and the CLI call it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { type ApiTokens, createApiTokens } from './api-tokens.ts';
import { type AuditLog, createAuditLog } from './audit.ts';
import { DEFAULT_LOGIN_LIMIT, LoginLimiter, type LoginLimitOptions } from './login-limit.ts';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './passwords.ts';
import { createSessions, type Sessions } from './sessions.ts';
import { createUsers, type Users } from './users.ts';
import { createWorkspaces, type Workspaces } from './workspaces.ts';

export {
  API_TOKEN_PREFIX,
  type ApiTokenRecord,
  type ApiTokens,
  hashApiToken,
} from './api-tokens.ts';
export {
  type AuditAction,
  type AuditDetail,
  type AuditEntry,
  type AuditInput,
  type AuditLog,
  type AuditOutcome,
  createAuditLog,
  sanitizeDetail,
} from './audit.ts';
export { AccountError, type AccountErrorCode } from './errors.ts';
export { DEFAULT_LOGIN_LIMIT, type LoginLimitOptions } from './login-limit.ts';
export {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  type ScryptParams,
  verifyPassword,
} from './passwords.ts';
export {
  canExport,
  canManageConnection,
  canManageMembers,
  canReadAudit,
  type Workspace,
  type WorkspaceAccess,
} from './permissions.ts';
export {
  DEFAULT_SESSION_LIFETIME_MS,
  type SessionRecord,
  type Sessions,
} from './sessions.ts';
export type { User, Users } from './users.ts';
export type { Member, Workspaces } from './workspaces.ts';

/** The whole accounts core, built by {@link createAccounts}. */
export interface Accounts {
  users: Users;
  sessions: Sessions;
  workspaces: Workspaces;
  apiTokens: ApiTokens;
  audit: AuditLog;
}

/** Options of {@link createAccounts}; every one has a production default. */
export interface AccountsOptions {
  /** Clock in epoch milliseconds (default `Date.now`); tests move it forward. */
  now?: () => number;
  /** scrypt cost for new password hashes (default {@link DEFAULT_SCRYPT_PARAMS}). */
  scrypt?: ScryptParams;
  /** Sign-in rate limit (default {@link DEFAULT_LOGIN_LIMIT}). */
  loginLimit?: Partial<LoginLimitOptions>;
}

/** Builds the accounts core over an open store's `db`. */
export function createAccounts(db: Kysely<Database>, options: AccountsOptions = {}): Accounts {
  const now = options.now ?? Date.now;
  const audit = createAuditLog(db, now);
  const limiter = new LoginLimiter(db, { ...DEFAULT_LOGIN_LIMIT, ...options.loginLimit }, now);
  const sessions = createSessions({ db, now });
  const users = createUsers({
    db,
    sessions,
    audit,
    limiter,
    scrypt: options.scrypt ?? DEFAULT_SCRYPT_PARAMS,
    now,
  });
  const workspaces = createWorkspaces({ db, audit, now });
  const apiTokens = createApiTokens({ db, audit, workspaces, now });
  return { users, sessions, workspaces, apiTokens, audit };
}
