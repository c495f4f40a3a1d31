import { type Kysely, Migrator, sql } from 'kysely';
import { StoreError } from './errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

/**
 * Runs every migration not yet applied, in order. Safe to call on every start and from several
 * processes at once: Kysely's migrator takes a lock (an advisory lock on PostgreSQL, a lock row
 * on SQLite) and skips what was already applied.
 *
 * @returns the names of the migrations applied by this call (empty when up to date).
 * @throws {StoreError} `migration_failed` naming the migration that failed.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
): Promise<string[]> {
  // Kysely finds its bookkeeping table by name in any schema unless told which one; with one
  // schema per test run (or per tenant) on a PostgreSQL server, it must look in ours only.
  const migrationTableSchema = dialect === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });

  const { error, results = [] } =
    dialect === 'sqlite'
      ? await exclusively(db, () => migrator.migrateToLatest())
      : await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const which = failed === undefined ? 'a migration' : `migration ${failed.migrationName}`;
    throw new StoreError(
      'migration_failed',
      `The database could not be upgraded: ${which} failed (${errorText(error)}). ` +
        'No migration of this run was kept; fix the cause and start Projan again.',
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

// Kysely runs SQLite migrations without a transaction or lock, so two processes starting on a
// fresh file both create the tables and one fails. `begin immediate` takes SQLite's write lock
// up front (waiting up to the busy timeout), making the whole run one atomic step. Kysely's
// SQLite driver has a single connection, so the migrator's statements run inside it.
async function exclusively<T extends { error?: unknown }>(
  db: Kysely<Database>,
  run: () => Promise<T>,
): Promise<T> {
  await sql`begin immediate`.execute(db);
  let outcome: T;
  try {
    outcome = await run();
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
  await sql.raw(outcome.error === undefined ? 'commit' : 'rollback').execute(db);
  return outcome;
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined || schema === null) {
    throw new StoreError(
      'migration_failed',
      'The PostgreSQL search_path names no existing schema. Create the schema or fix search_path in DATABASE_URL, then start Projan again.',
    );
  }
  return schema;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
