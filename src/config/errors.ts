/**
 * Codes of {@link ConfigError}. Callers branch on the code, never on the message.
 *
 * - `invalid_env`: an environment variable has a value Projan cannot use.
 * - `secret_key_malformed`: `PROJAN_SECRET_KEY` or `PROJAN_SECRET_KEYS_OLD` is not a 32-byte key.
 * - `secret_key_missing`: no key is configured and none may be generated (PostgreSQL mode).
 * - `secret_key_file_unsafe`: the generated key file is readable by others or is damaged.
 */
export type ConfigErrorCode =
  | 'invalid_env'
  | 'secret_key_malformed'
  | 'secret_key_missing'
  | 'secret_key_file_unsafe';

/**
 * A configuration problem that stops Projan from starting. The message names the environment
 * variable or file at fault and says how to fix it; it never contains a secret value.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Stable machine-readable code. */
  readonly code: ConfigErrorCode;
  /** The environment variables or files the problem is about. */
  readonly variables: readonly string[];

  constructor(code: ConfigErrorCode, message: string, variables: readonly string[] = []) {
    super(message);
    this.code = code;
    this.variables = variables;
  }
}
