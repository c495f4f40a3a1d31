/**
 * Codes of {@link StoreError}.
 *
 * - `unreachable`: the PostgreSQL server at `DATABASE_URL` did not answer or refused the login.
 * - `migration_failed`: a migration failed; the database is left at the last one that succeeded.
 * - `data_dir_unusable`: the data directory cannot be created or opened.
 */
export type StoreErrorCode = 'unreachable' | 'migration_failed' | 'data_dir_unusable';

/** A problem opening or migrating the database. Messages never contain connection passwords. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** Stable machine-readable code. */
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** `postgres://user:secret@host/db` -> `postgres://user@host/db`, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}
