import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The durable job queue of the embedded default (and of a single PostgreSQL database): one row
 * per job with a lease, so a job whose worker died is taken again once the lease runs out. At
 * most one job per key is active at a time (a partial unique index), which serialises exports
 * that share a Jira connection.
 */
export const jobs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) =>
        c.notNull().check(sql`state in ('queued', 'active', 'done', 'failed', 'cancelled')`),
      )
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('jobs_runnable_idx')
      .on('jobs')
      .columns(['state', 'run_at'])
      .execute();
    await db.schema
      .createIndex('jobs_one_active_per_key')
      .on('jobs')
      .column('key')
      .unique()
      .where(sql.ref('state'), '=', 'active')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('jobs').execute();
  },
};
