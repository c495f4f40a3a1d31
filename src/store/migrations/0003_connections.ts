import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Jira connections, pending OAuth states and pending site choices. Tokens are stored only as
 * vault ciphertext. A connection row is one (workspace, Jira site) pair and outlives a
 * disconnect without its tokens, so reconnecting the same site reuses its id and export
 * records linked to that id stay linked.
 */
export const connections: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('cloud_id', 'text', (c) => c.notNull())
      .addColumn('site_url', 'text', (c) => c.notNull())
      .addColumn('site_name', 'text', (c) => c.notNull())
      .addColumn('installer_account_id', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('connected', 'reconnect_required', 'disconnected')`),
      )
      .addColumn('connected_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('consented_at', 'bigint', (c) => c.notNull())
      .addColumn('access_token', 'text')
      .addColumn('refresh_token', 'text')
      .addColumn('access_expires_at', 'bigint')
      .addColumn('token_version', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('refresh_lease_until', 'bigint')
      .addColumn('last_refreshed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('disconnected_at', 'bigint')
      .addUniqueConstraint('connections_workspace_site_uq', ['workspace_id', 'cloud_id'])
      .execute();
    // One live connection per workspace; disconnected rows are kept for the export records.
    await db.schema
      .createIndex('connections_one_live_per_workspace')
      .on('connections')
      .column('workspace_id')
      .unique()
      .where(sql.ref('status'), '<>', 'disconnected')
      .execute();

    await db.schema
      .createTable('oauth_states')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('session_hash', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('oauth_states_workspace_idx')
      .on('oauth_states')
      .column('workspace_id')
      .execute();

    await db.schema
      .createTable('pending_site_choices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().unique().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('sites', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('access_token', 'text', (c) => c.notNull())
      .addColumn('refresh_token', 'text', (c) => c.notNull())
      .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('consented_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('pending_site_choices').execute();
    await db.schema.dropTable('oauth_states').execute();
    await db.schema.dropTable('connections').execute();
  },
};
