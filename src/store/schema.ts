/**
 * The Kysely `Database` interface: one interface per table, named after the table. Every part of
 * Projan that owns tables adds its interfaces here (and its migration under `migrations/`), so one
 * `Kysely<Database>` type covers the whole schema.
 *
 * Conventions, the same on SQLite and PostgreSQL:
 * - ids are random text (`usr_…`, see `ids.ts`);
 * - times are epoch milliseconds in `bigint` columns, read back as JS numbers;
 * - no boolean columns (SQLite has none): use a nullable time such as `revoked_at`;
 * - JSON is stored as text and parsed by the owning module.
 */

/** A person who signs in to Projan. */
export interface UsersTable {
  id: string;
  /** The address as the user typed it, for display. */
  email: string;
  /** Lower-cased, trimmed address; unique, so sign-up and sign-in ignore letter case. */
  email_normalized: string;
  display_name: string;
  /** `scrypt$N$r$p$<salt>$<hash>`, see `accounts/passwords.ts`. */
  password_hash: string;
  /** Bumped by "sign out everywhere"; sessions carrying an older version are refused. */
  session_version: number;
  created_at: number;
  updated_at: number;
}

/** An individual workspace (one per user) or a team workspace. */
export interface WorkspacesTable {
  id: string;
  kind: 'individual' | 'team';
  name: string;
  /** The owner of an individual workspace; null for teams. */
  owner_user_id: string | null;
  created_at: number;
}

/** Who belongs to a workspace and in which role. */
export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: 'admin' | 'member';
  created_at: number;
}

/** Failed sign-in attempts, kept in the database so the rate limit holds across processes. */
export interface LoginFailuresTable {
  id: string;
  /** `email:<normalized address>` or `ip:<address>`. */
  subject: string;
  at: number;
}

/** API tokens for the CLI and the HTTP API; only the SHA-256 of the token is stored. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  /** The workspace the token is limited to, or null for all of the user's workspaces. */
  workspace_id: string | null;
  name: string;
  /** Hex SHA-256 of the whole token; unique. */
  token_hash: string;
  /** The token's last four characters, to tell tokens apart in lists. */
  hint: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Who did what, when, with which outcome. Never holds a secret. */
export interface AuditLogTable {
  /** Time-ordered id (`aud_…`), so ordering by id is ordering by time. */
  id: string;
  workspace_id: string | null;
  actor_user_id: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  /** Small JSON object as text. */
  detail: string;
  at: number;
}

/** Every table Projan knows. Add yours here, next to its migration. */
export interface Database {
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  login_failures: LoginFailuresTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
}

/**
 * A workspace's link to one Jira site (owned by `connections/`). Kept without tokens after a
 * disconnect so that export records linked to its id follow a later reconnect of the same site.
 */
export interface ConnectionsTable {
  id: string;
  workspace_id: string;
  cloud_id: string;
  site_url: string;
  site_name: string;
  installer_account_id: string;
  /** Granted scopes, space-separated. */
  scopes: string;
  status: 'connected' | 'reconnect_required' | 'disconnected';
  connected_by: string | null;
  consented_at: number;
  /** Vault ciphertext; null once purged. */
  access_token: string | null;
  /** Vault ciphertext; null once purged. */
  refresh_token: string | null;
  access_expires_at: number | null;
  /** Bumped by every token write; refreshes compare-and-swap on it. */
  token_version: number;
  /** While in the future, one process is refreshing and the others wait for its result. */
  refresh_lease_until: number | null;
  last_refreshed_at: number | null;
  created_at: number;
  updated_at: number;
  disconnected_at: number | null;
}

/** A pending "Connect Jira": the state is stored as its SHA-256 only. */
export interface OauthStatesTable {
  state_hash: string;
  workspace_id: string;
  user_id: string;
  /** SHA-256 of the browser session id the flow started in. */
  session_hash: string;
  redirect_uri: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A completed consent covering several Jira sites, waiting for the user to pick one. */
export interface PendingSiteChoicesTable {
  id: string;
  workspace_id: string;
  user_id: string;
  /** JSON array of the Jira sites (cloud id, name, url, scopes). */
  sites: string;
  scopes: string;
  /** Vault ciphertext. */
  access_token: string;
  /** Vault ciphertext. */
  refresh_token: string;
  access_expires_at: number;
  consented_at: number;
  expires_at: number;
}

/** Tables owned by `connections/`, merged into {@link Database}. */
export interface Database {
  connections: ConnectionsTable;
  oauth_states: OauthStatesTable;
  pending_site_choices: PendingSiteChoicesTable;
}

/** A background job (owned by `jobs/`): see `migrations/0010_jobs.ts`. */
export interface JobsTable {
  id: string;
  kind: string;
  /** Jobs with the same key never run at the same time. */
  key: string | null;
  /** JSON as text. */
  payload: string;
  state: 'queued' | 'active' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** Tables owned by `jobs/`, merged into {@link Database}. */
export interface Database {
  jobs: JobsTable;
}

/** One export run (owned by `exports/`): see `migrations/0011_exports.ts`. */
export interface ExportsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  cloud_id: string;
  project_key: string;
  project_id: string | null;
  plan_id: string;
  plan_title: string;
  /** The normalised plan as JSON: the run works on this snapshot, not on a file that may change. */
  plan: string;
  /** Export options as JSON (type mapping overrides, assignee choices). */
  options: string;
  state: 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled';
  phase: string;
  progress_done: number;
  progress_total: number;
  pause_reason: string | null;
  pause_until: number | null;
  /** Result counts as JSON once finished. */
  summary: string | null;
  error_code: string | null;
  error_message: string | null;
  /** The queue job that runs (or ran) the export. */
  job_id: string | null;
  started_by: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

/** One plan item within one export run. */
export interface ExportItemsTable {
  export_id: string;
  item_id: string;
  /** Order in the plan, for stable listings. */
  position: number;
  /** What preflight decided: create, update or unchanged. */
  action: 'create' | 'update' | 'unchanged';
  /** pending, sending (a create is in flight or its outcome unknown), created, updated, unchanged, failed, blocked. */
  state: 'pending' | 'sending' | 'created' | 'updated' | 'unchanged' | 'failed' | 'blocked';
  issue_type: string;
  jira_id: string | null;
  jira_key: string | null;
  /** JSON: { message, fieldErrors? } for people. */
  error: string | null;
  updated_at: number;
}

/** The Jira issue Projan created for a plan item, per site and project. */
export interface ExportedIssuesTable {
  workspace_id: string;
  cloud_id: string;
  project_id: string;
  plan_id: string;
  item_id: string;
  jira_id: string;
  jira_key: string;
  /** Hash of the fields last written; equal means nothing to send. */
  fingerprint: string;
  /** The fields last written, as JSON, to send only what changed. */
  fields: string;
  /** 1 once the issue was moved to a done status for a done item. */
  done_transitioned: number;
  export_id: string;
  updated_at: number;
}

/** A dependency link Projan created: blocker blocks blocked. */
export interface ExportedLinksTable {
  workspace_id: string;
  cloud_id: string;
  project_id: string;
  plan_id: string;
  blocker_jira_id: string;
  blocked_jira_id: string;
  export_id: string;
  created_at: number;
}

/** Tables owned by `exports/`, merged into {@link Database}. */
export interface Database {
  exports: ExportsTable;
  export_items: ExportItemsTable;
  exported_issues: ExportedIssuesTable;
  exported_links: ExportedLinksTable;
}

/** The current version of a plan uploaded to a workspace (one row per workspace and plan id). */
export interface PlansTable {
  id: string;
  workspace_id: string;
  /** The plan's own id (slug), stable across re-uploads. */
  plan_id: string;
  title: string;
  /** `projan`, `taskmaster`, `speckit` or `markdown`. */
  source_format: string;
  file_name: string;
  /** The normalised plan as JSON. */
  plan: string;
  /** 1 for the first upload, bumped by each re-upload. */
  version: number;
  created_by: string | null;
  created_at: number;
  updated_by: string | null;
  updated_at: number;
}

/** Every uploaded version of a plan. */
export interface PlanVersionsTable {
  plan_row_id: string;
  version: number;
  title: string;
  source_format: string;
  file_name: string;
  plan: string;
  created_by: string | null;
  created_at: number;
}

/** A remembered assignee choice for a plan: plan assignee (or `item:<id>`) -> Jira account. */
export interface PlanAssigneesTable {
  workspace_id: string;
  plan_id: string;
  assignee_key: string;
  /** Null: leave unassigned. */
  account_id: string | null;
  display_name: string | null;
  updated_by: string | null;
  updated_at: number;
}

/** Tables owned by `server/` (plans), merged into {@link Database}. */
export interface Database {
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  plan_assignees: PlanAssigneesTable;
}

/**
 * A live browser session (owned by `accounts/sessions.ts`): signing out deletes its row, so a
 * saved copy of the cookie stops working.
 */
export interface SessionsTable {
  /** Hex SHA-256 of the random session id carried in the encrypted cookie. */
  id_hash: string;
  user_id: string;
  created_at: number;
  /** Absolute end of the session, however often the cookie is renewed. */
  expires_at: number;
}

/** Tables owned by `accounts/` (sessions), merged into {@link Database}. */
export interface Database {
  sessions: SessionsTable;
}
