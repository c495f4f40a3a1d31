/**
 * What the connections core needs from the rest of Projan, passed in once by
 * `createConnections`. Nothing here knows about HTTP or a user interface.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import type { AtlassianOAuth } from '../atlassian/index.ts';
import { createJiraClient, type JiraClient } from '../jira/client.ts';
import type { Database } from '../store/schema.ts';

/** The person acting; only the id matters here. */
export interface Actor {
  id: string;
}

/** The workspace acted on; only the id matters here. */
export interface WorkspaceRef {
  id: string;
}

/** Workspace access, answered by `accounts/` (its `workspaces.access`). */
export type WorkspaceAccessReader = Pick<Workspaces, 'access'>;

/** Where a token is sealed for storage: the vault, with its additional data. */
export type TokenField = 'access_token' | 'refresh_token';

/** Encrypts and decrypts token columns; ciphertext is bound to its row id and column. */
export interface TokenSealer {
  seal(plaintext: string, rowId: string, field: TokenField): string;
  open(ciphertext: string, rowId: string, field: TokenField): string;
}

/** The Jira calls the connections core makes. */
export type JiraAccess = Pick<JiraClient, 'myself' | 'searchProjects'>;

/** Builds a Jira client for a site, given a token supplier. */
export type JiraAccessFactory = (input: {
  cloudId: string;
  getAccessToken: (opts: { forceRefresh: boolean }) => Promise<string>;
}) => JiraAccess;

/** The production factory: `createJiraClient` on the API gateway `apiUrl`. */
export function jiraAccessFactory(apiUrl: string, fetchImpl?: typeof fetch): JiraAccessFactory {
  return ({ cloudId, getAccessToken }) =>
    createJiraClient({
      apiBaseUrl: apiUrl,
      cloudId,
      getAccessToken,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
}

/** The subset of a pino logger used here; only ids are logged. */
export interface ConnectionsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Everything the connections core is built from. */
export interface ConnectionsDeps {
  db: Kysely<Database>;
  oauth: AtlassianOAuth;
  jira: JiraAccessFactory;
  sealer: TokenSealer;
  workspaces: WorkspaceAccessReader;
  audit: AuditLog;
  /** The callback URL registered with Atlassian (`ATLASSIAN_REDIRECT_URI`). */
  redirectUri: string;
  logger?: ConnectionsLogger;
  /** Epoch ms (default `Date.now`). */
  now?: () => number;
}

/** {@link ConnectionsDeps} with defaults filled in. */
export interface Ctx extends Omit<ConnectionsDeps, 'now' | 'logger'> {
  now: () => number;
  logger: ConnectionsLogger;
}

const silent: ConnectionsLogger = { info() {}, warn() {} };

/** Fills in defaults. */
export function toCtx(deps: ConnectionsDeps): Ctx {
  return { ...deps, now: deps.now ?? Date.now, logger: deps.logger ?? silent };
}
