import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

export { ConfigError, type ConfigErrorCode } from './errors.ts';

/** The six scopes the Jira integration asks for (seed page, "Permissions Requested"). */
export const DEFAULT_ATLASSIAN_SCOPES: readonly string[] = [
  'read:jira-work',
  'write:jira-work',
  'read:jira-user',
  'manage:jira-project',
  'manage:jira-configuration',
  'offline_access',
];

/**
 * Projan's configuration, read once from the environment by {@link loadConfig} and passed down
 * as an argument; no module reads `process.env` on its own.
 */
export interface Config {
  /** `PROJAN_DATA_DIR` made absolute (default `./data`): SQLite file and generated key file. */
  dataDir: string;
  /** `DATABASE_URL`: a `postgres://` URL; when absent the embedded SQLite database is used. */
  databaseUrl?: string;
  /** `PROJAN_SECRET_KEY`: `[<version>:]<32 bytes as base64 or hex>`, the key tokens are sealed with. */
  secretKey?: string;
  /** `PROJAN_SECRET_KEYS_OLD`: comma-separated `<version>:<key>` entries still accepted for reading. */
  secretKeysOld?: string;
  /** `LOG_LEVEL` (default `info`). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Atlassian OAuth 2.0 (3LO) app settings; the client id and secret are absent until set. */
  atlassian: {
    clientId?: string;
    clientSecret?: string;
    redirectUri?: string;
    /** `ATLASSIAN_SCOPES`, space- or comma-separated (default: the six scopes of the seed page). */
    scopes: readonly string[];
    /** `ATLASSIAN_AUTH_URL` (default `https://auth.atlassian.com`). */
    authUrl: string;
    /** `ATLASSIAN_API_URL` (default `https://api.atlassian.com`). */
    apiUrl: string;
  };
}

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const envSchema = z.object({
  PROJAN_DATA_DIR: optionalText,
  DATABASE_URL: optionalText.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// or postgresql:// URL',
  ),
  PROJAN_SECRET_KEY: optionalText,
  PROJAN_SECRET_KEYS_OLD: optionalText,
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .default('info'),
  ATLASSIAN_CLIENT_ID: optionalText,
  ATLASSIAN_CLIENT_SECRET: optionalText,
  ATLASSIAN_REDIRECT_URI: optionalText.refine(
    (value) => value === undefined || URL.canParse(value),
    'must be an absolute URL',
  ),
  ATLASSIAN_SCOPES: optionalText,
  ATLASSIAN_AUTH_URL: optionalText.refine(
    (value) => value === undefined || URL.canParse(value),
    'must be an absolute URL',
  ),
  ATLASSIAN_API_URL: optionalText.refine(
    (value) => value === undefined || URL.canParse(value),
    'must be an absolute URL',
  ),
});

/**
 * Reads and validates Projan's configuration from `env` (default `process.env`).
 *
 * Empty variables count as unset. Relative `PROJAN_DATA_DIR` values are resolved against the
 * current directory. Key material is only checked for presence here; the vault parses it.
 *
 * @throws {ConfigError} `invalid_env`, naming every variable at fault, when a value is unusable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const variables = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    const details = parsed.error.issues
      .map((issue) => `${String(issue.path[0])} ${issue.message}`)
      .join('; ');
    throw new ConfigError(
      'invalid_env',
      `The environment holds invalid settings: ${details}. Correct them and start Projan again.`,
      variables,
    );
  }
  const e = parsed.data;

  const config: Config = {
    dataDir: path.resolve(e.PROJAN_DATA_DIR ?? './data'),
    logLevel: e.LOG_LEVEL,
    atlassian: {
      scopes: e.ATLASSIAN_SCOPES?.split(/[\s,]+/).filter(Boolean) ?? DEFAULT_ATLASSIAN_SCOPES,
      authUrl: e.ATLASSIAN_AUTH_URL ?? 'https://auth.atlassian.com',
      apiUrl: e.ATLASSIAN_API_URL ?? 'https://api.atlassian.com',
    },
  };
  if (e.DATABASE_URL !== undefined) config.databaseUrl = e.DATABASE_URL;
  if (e.PROJAN_SECRET_KEY !== undefined) config.secretKey = e.PROJAN_SECRET_KEY;
  if (e.PROJAN_SECRET_KEYS_OLD !== undefined) config.secretKeysOld = e.PROJAN_SECRET_KEYS_OLD;
  if (e.ATLASSIAN_CLIENT_ID !== undefined) config.atlassian.clientId = e.ATLASSIAN_CLIENT_ID;
  if (e.ATLASSIAN_CLIENT_SECRET !== undefined) {
    config.atlassian.clientSecret = e.ATLASSIAN_CLIENT_SECRET;
  }
  if (e.ATLASSIAN_REDIRECT_URI !== undefined) {
    config.atlassian.redirectUri = e.ATLASSIAN_REDIRECT_URI;
  }
  return config;
}
