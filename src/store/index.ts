/** The database layer: open, migrate, ids, the schema type and store errors. */
export { redactDatabaseUrl, StoreError, type StoreErrorCode } from './errors.ts';
export { base32, newId, newTimeOrderedId } from './ids.ts';
export { migrateToLatest } from './migrate.ts';
export { openStore, SQLITE_FILE_NAME, type Store, type StoreOptions } from './open.ts';
export type * from './schema.ts';
