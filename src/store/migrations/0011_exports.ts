import type { Kysely, Migration } from 'kysely';

/**
 * Export runs and the ledger of what Projan created in Jira.
 *
 * - `exports`: one row per run (durable: a crashed run resumes from it).
 * - `export_items`: one row per plan item per run: its outcome, Jira id and key, errors.
 * - `exported_issues`: the lasting map from (workspace, site, project, plan, item) to the Jira
 *   issue created for it, with the fingerprint of what was last written, so a re-export updates
 *   instead of duplicating and sends nothing when nothing changed. Keyed by the site's cloud id,
 *   not the connection, so reconnecting the same site later updates the same issues.
 * - `exported_links`: the dependency links already created, per plan.
 */
export const exportsLedger: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('exports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('cloud_id', 'text', (c) => c.notNull())
      .addColumn('project_key', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text')
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('plan_title', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('options', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pause_reason', 'text')
      .addColumn('pause_until', 'bigint')
      .addColumn('summary', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('job_id', 'text')
      .addColumn('started_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exports_workspace_plan_idx')
      .on('exports')
      .columns(['workspace_id', 'plan_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('export_items')
      .addColumn('export_id', 'text', (c) =>
        c.notNull().references('exports.id').onDelete('cascade'),
      )
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('issue_type', 'text', (c) => c.notNull())
      .addColumn('jira_id', 'text')
      .addColumn('jira_key', 'text')
      .addColumn('error', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('export_items_pk', ['export_id', 'item_id'])
      .execute();

    await db.schema
      .createTable('exported_issues')
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('cloud_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('jira_id', 'text', (c) => c.notNull())
      .addColumn('jira_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('fields', 'text', (c) => c.notNull())
      .addColumn('done_transitioned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('export_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('exported_issues_pk', [
        'workspace_id',
        'cloud_id',
        'project_id',
        'plan_id',
        'item_id',
      ])
      .execute();

    await db.schema
      .createTable('exported_links')
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('cloud_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('blocker_jira_id', 'text', (c) => c.notNull())
      .addColumn('blocked_jira_id', 'text', (c) => c.notNull())
      .addColumn('export_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('exported_links_pk', [
        'workspace_id',
        'cloud_id',
        'project_id',
        'plan_id',
        'blocker_jira_id',
        'blocked_jira_id',
      ])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('exported_links').execute();
    await db.schema.dropTable('exported_issues').execute();
    await db.schema.dropTable('export_items').execute();
    await db.schema.dropTable('exports').execute();
  },
};
