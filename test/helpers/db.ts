/**
 * Runs a test body against both database engines: a fresh SQLite file in a temporary directory
 * and a fresh PostgreSQL schema. PostgreSQL is at postgres://postgres@127.0.0.1:5432/test unless
 * PROJAN_TEST_PG_URL says otherwise; when it is unreachable the test fails (CI starts it), it is
 * never skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';

/** The engines every store test runs on. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** The PostgreSQL server tests use. */
export const TEST_PG_URL =
  process.env.PROJAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What a test body receives. Everything in it is cleaned up after the body returns. */
export interface EngineContext {
  engine: Engine;
  /** An open, migrated store on a database no other test uses. */
  store: Store;
  /** Options that open the same database again (to play a second process). */
  storeOptions: StoreOptions;
  /** A fresh temporary directory (the SQLite file lives here; also usable for key files). */
  dataDir: string;
  /** Opens another store on the same database; it is closed at the end of the test. */
  openAnother(overrides?: Partial<StoreOptions>): Promise<Store>;
}

/**
 * Declares one test per engine, named `<name> [sqlite]` and `<name> [postgres]`, each running
 * `body` on a fresh, migrated database.
 */
export function forEachEngine(
  name: string,
  body: (ctx: EngineContext) => Promise<void>,
  options: { timeout?: number } = {},
): void {
  for (const engine of ENGINES) {
    test(`${name} [${engine}]`, { timeout: options.timeout ?? 20_000 }, () =>
      withEngine(engine, body),
    );
  }
}

/** Runs `body` on a fresh database of the given engine, then closes and deletes it. */
export async function withEngine<T>(
  engine: Engine,
  body: (ctx: EngineContext) => Promise<T>,
  extra: { migrate?: boolean } = {},
): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'projan-test-'));
  const schema = engine === 'postgres' ? await createSchema() : undefined;
  const storeOptions: StoreOptions =
    schema === undefined
      ? { dataDir }
      : { dataDir, databaseUrl: TEST_PG_URL, pgSchema: schema, pgPoolSize: 4 };
  const opened: Store[] = [];
  try {
    const store = await openStore({ ...storeOptions, ...extra });
    opened.push(store);
    const openAnother = async (overrides: Partial<StoreOptions> = {}) => {
      const another = await openStore({ ...storeOptions, ...overrides });
      opened.push(another);
      return another;
    };
    return await body({ engine, store, storeOptions, dataDir, openAnother });
  } finally {
    await Promise.all(opened.map((s) => s.close().catch(() => {})));
    if (schema !== undefined) await dropSchema(schema);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createSchema(): Promise<string> {
  const schema = `projan_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  return schema;
}

async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`drop schema if exists ${schema} cascade`);
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_PG_URL} (${error instanceof Error ? error.message : String(error)}). ` +
        'Store tests run on both SQLite and PostgreSQL: start PostgreSQL on 127.0.0.1:5432 with a ' +
        'database named test (as .ci/run does), or set PROJAN_TEST_PG_URL.',
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
