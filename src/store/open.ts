import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { redactDatabaseUrl, StoreError } from './errors.ts';
import { migrateToLatest } from './migrate.ts';
import { SchemaScopedPostgresDialect } from './pg-introspector.ts';
import type { Database } from './schema.ts';

/** Name of the SQLite file inside the data directory. */
export const SQLITE_FILE_NAME = 'projan.sqlite';

/**
 * An open database: the typed query builder, which engine it runs on, and how to close it.
 *
 * One SQLite store per process: better-sqlite3 is synchronous, so a second store on the same
 * file in the same process that waits for the first one's write lock blocks the event loop for
 * the whole busy timeout (the first cannot finish meanwhile). Separate processes are fine.
 */
export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Closes every connection; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** What {@link openStore} needs; a `Config` fits. */
export interface StoreOptions {
  /** Directory of the embedded SQLite file (created with mode 0700 if missing). */
  dataDir: string;
  /** `postgres://…`; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL only: the schema to work in (sets `search_path` on every connection). */
  pgSchema?: string;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL only: pool size (default 10). */
  pgPoolSize?: number;
}

/**
 * Opens the database: PostgreSQL when `databaseUrl` is set, otherwise the embedded SQLite file
 * `<dataDir>/projan.sqlite` (WAL journal, 5 s busy timeout, foreign keys on). Runs pending
 * migrations unless `migrate: false`.
 *
 * On PostgreSQL, `bigint` values are parsed into JS numbers by this pool only (the global `pg`
 * type parsers are left alone); values beyond 2^53 raise an error instead of losing precision.
 *
 * @throws {StoreError} `data_dir_unusable`, `unreachable` or `migration_failed`.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store =
    options.databaseUrl === undefined ? openSqlite(options.dataDir) : await openPostgres(options);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db, store.dialect);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openSqlite(dataDir: string): Store {
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  let database: SQLite.Database;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const isNew = !existsSync(file);
    database = new SQLite(file);
    if (isNew) chmodSync(file, 0o600);
  } catch (error) {
    throw new StoreError(
      'data_dir_unusable',
      `The database file ${file} cannot be opened (${errorText(error)}). Check that PROJAN_DATA_DIR points to a directory Projan may write to.`,
      { cause: error },
    );
  }
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  // Deleted rows are overwritten with zeros at once, so purged token ciphertext does not linger
  // in free pages of the file (disconnect promises the tokens are gone).
  database.pragma('secure_delete = ON');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

async function openPostgres(options: StoreOptions): Promise<Store> {
  const url = options.databaseUrl ?? '';
  if (options.pgSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.pgSchema)) {
    throw new StoreError(
      'unreachable',
      `The PostgreSQL schema name ${JSON.stringify(options.pgSchema)} is not a plain lower-case identifier. Use letters, digits and underscores.`,
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: typeParser },
    ...(options.pgSchema === undefined ? {} : { options: `-c search_path=${options.pgSchema}` }),
  });
  // An idle client that loses its server emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new StoreError(
      'unreachable',
      `PostgreSQL at ${redactDatabaseUrl(url)} cannot be reached (${errorText(error)}). Check DATABASE_URL and that the server is running.`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

const INT8_OID = 20;

// Epoch milliseconds and counts arrive as int8, which pg returns as strings by default.
function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return parseInt8;
  // biome-ignore lint/suspicious/noExplicitAny: pg-types' overloads cannot be called with a union format.
  return (pg.types.getTypeParser as any)(oid, format);
}

function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw new RangeError(`A bigint column holds ${value}, beyond what a JS number keeps exactly.`);
  }
  return parsed;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
