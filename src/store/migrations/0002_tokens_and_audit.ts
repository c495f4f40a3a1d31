import { type Kysely, type Migration, sql } from 'kysely';

/** Sign-in failures (rate limit), API tokens and the audit log. */
export const tokensAndAudit: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('login_failures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_failures_subject_idx')
      .on('login_failures')
      .columns(['subject', 'at'])
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('hint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

    // No foreign keys: the log must outlive the users and workspaces it mentions.
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text')
      .addColumn('actor_user_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) =>
        c.notNull().check(sql`outcome in ('success', 'failure', 'denied')`),
      )
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_log_workspace_idx')
      .on('audit_log')
      .columns(['workspace_id', 'id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('api_tokens').execute();
    await db.schema.dropTable('login_failures').execute();
  },
};
