/**
 * The server's own settings, read from the environment next to `loadConfig` (which owns the
 * shared ones): where to listen, the public URL, the session key, the web app and the worker.
 */
import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config/index.ts';
import type { Keyring } from '../connections/keys.ts';

/** Settings of `startServer`; every field has a default. */
export interface ServerSettings {
  /** `PORT` (default 3000; 0 picks a free port). */
  port: number;
  /** `HOST` (default 127.0.0.1). */
  host: string;
  /** `PROJAN_PUBLIC_URL`: how browsers reach this server (default `http://<host>:<port>`). */
  publicUrl?: string;
  /** `PROJAN_SESSION_KEY`: 32 bytes (base64 or hex); default: derived from the vault key. */
  sessionKey?: string;
  /** `PROJAN_WEB_DIST_DIR`: the built web app (default `dist/web`, served when it exists). */
  webDistDir: string;
  /** `PROJAN_WORKER`: `embedded` (default) runs exports in this process; `none` does not. */
  worker: 'embedded' | 'none';
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PROJAN_PUBLIC_URL: z
    .string()
    .refine(
      (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol),
      'must be an http(s) URL',
    )
    .optional(),
  PROJAN_SESSION_KEY: z.string().min(1).optional(),
  PROJAN_WEB_DIST_DIR: z.string().min(1).default('dist/web'),
  PROJAN_WORKER: z.enum(['embedded', 'none']).default('embedded'),
});

/**
 * Reads the server settings.
 * @throws {ConfigError} `invalid_env`, naming the variables at fault.
 */
export function loadServerSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const blankless = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, env[k]?.trim() === '' ? undefined : env[k]?.trim()]),
  );
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    const details = parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; ');
    throw new ConfigError(
      'invalid_env',
      `The environment holds invalid settings: ${details}. Correct them and start Projan again.`,
      names,
    );
  }
  const e = parsed.data;
  const settings: ServerSettings = {
    port: e.PORT,
    host: e.HOST,
    webDistDir: e.PROJAN_WEB_DIST_DIR,
    worker: e.PROJAN_WORKER,
  };
  if (e.PROJAN_PUBLIC_URL !== undefined)
    settings.publicUrl = e.PROJAN_PUBLIC_URL.replace(/\/+$/, '');
  if (e.PROJAN_SESSION_KEY !== undefined) settings.sessionKey = e.PROJAN_SESSION_KEY;
  return settings;
}

/**
 * The session cookie keys, newest first: `PROJAN_SESSION_KEY` when set, otherwise one key per
 * vault key version derived with HKDF-SHA256 (a separate key, never the token key itself), so
 * sessions survive a key rotation until the old vault key is dropped.
 * @throws {ConfigError} `invalid_env` for a session key that is not 32 bytes.
 */
export function sessionKeys(sessionKey: string | undefined, keyring: Keyring): Buffer[] {
  if (sessionKey !== undefined) {
    const key = /^[0-9a-f]{64}$/i.test(sessionKey)
      ? Buffer.from(sessionKey, 'hex')
      : Buffer.from(sessionKey, 'base64');
    if (key.length !== 32) {
      throw new ConfigError(
        'invalid_env',
        'PROJAN_SESSION_KEY must be 32 bytes, as base64 or hex (`projan keys generate` prints one).',
        ['PROJAN_SESSION_KEY'],
      );
    }
    return [key];
  }
  return [...keyring.keys]
    .sort(([a], [b]) => b - a)
    .map(([, key]) =>
      Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'projan session cookie', 32)),
    );
}
