import type { Migration, MigrationProvider } from 'kysely';
import { accounts } from './0001_accounts.ts';
import { tokensAndAudit } from './0002_tokens_and_audit.ts';
import { connections } from './0003_connections.ts';
import { jobs } from './0010_jobs.ts';
import { exportsLedger } from './0011_exports.ts';
import { plans } from './0020_plans.ts';
import { sessions } from './0030_sessions.ts';

/**
 * Every migration, in order. Kysely runs them sorted by key, so the keys must sort in the order
 * they were written.
 *
 * To add a migration:
 * 1. create `NNNN_<topic>.ts` next to this file (NNNN = the next free number, zero-padded),
 *    exporting a `Migration` written with `db.schema` only, so the same code runs on SQLite and
 *    PostgreSQL (text ids, `bigint` epoch-millisecond times, no booleans, no `serial`);
 * 2. add it to the list below under the same key;
 * 3. add its table interfaces to `../schema.ts`.
 * Never edit or renumber a migration that has been committed: databases out there have run it.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_accounts': accounts,
  '0002_tokens_and_audit': tokensAndAudit,
  '0003_connections': connections,
  '0010_jobs': jobs,
  '0011_exports': exportsLedger,
  '0020_plans': plans,
  '0030_sessions': sessions,
};

/** A Kysely migration provider over the static list above (no file-system scanning). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
