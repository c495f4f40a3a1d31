import type { Kysely, Migration } from 'kysely';

/**
 * Plans uploaded to the server, per workspace.
 *
 * - `plans`: the current version of each plan, keyed by (workspace, plan id): uploading a plan
 *   with the same id again replaces it and bumps `version`.
 * - `plan_versions`: every uploaded version (cheap history, newest is also in `plans`).
 * - `plan_assignees`: the Jira account chosen for a plan assignee (or `item:<id>`), reused as
 *   the next export's `assignees` option; `account_id` null means "leave unassigned".
 */
export const plans: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('source_format', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('plans_workspace_plan_uq', ['workspace_id', 'plan_id'])
      .execute();

    await db.schema
      .createTable('plan_versions')
      .addColumn('plan_row_id', 'text', (c) =>
        c.notNull().references('plans.id').onDelete('cascade'),
      )
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('source_format', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('plan_versions_pk', ['plan_row_id', 'version'])
      .execute();

    await db.schema
      .createTable('plan_assignees')
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspaces.id').onDelete('cascade'),
      )
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('assignee_key', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('display_name', 'text')
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('plan_assignees_pk', ['workspace_id', 'plan_id', 'assignee_key'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('plan_assignees').execute();
    await db.schema.dropTable('plan_versions').execute();
    await db.schema.dropTable('plans').execute();
  },
};
