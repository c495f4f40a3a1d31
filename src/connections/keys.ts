/**
 * The keyring the token vault encrypts with: numbered 32-byte keys, the highest configured
 * version being the one new values are sealed with.
 *
 * Where keys come from, in order:
 * 1. `PROJAN_SECRET_KEY` = `[<version>:]<key>` (version 1 when omitted), plus any older keys
 *    still needed for reading in `PROJAN_SECRET_KEYS_OLD` = `<version>:<key>[,<version>:<key>…]`.
 *    A key is 32 bytes as base64, base64url or hex (`projan keys generate` prints one).
 * 2. Otherwise, on the embedded SQLite default only, the file `<dataDir>/secret.key` (mode 0600),
 *    created with one random key on first start. It holds one `<version>:<key>` per line;
 *    `projan keys rotate` appends a new version, re-encrypts, then drops the older lines.
 * 3. Otherwise (PostgreSQL, where several servers share one database) Projan refuses to start.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/errors.ts';

/** Name of the generated key file inside the data directory. */
export const KEY_FILE_NAME = 'secret.key';

/** One key of the keyring. */
export interface VaultKey {
  version: number;
  key: Buffer;
}

/** The keys the vault may use; `current` seals, every key opens. */
export interface Keyring {
  current: VaultKey;
  /** Every key by version, `current` included. */
  keys: ReadonlyMap<number, Buffer>;
  /** Where the keys came from; rotation adds keys itself only to a file. */
  source: { kind: 'env' } | { kind: 'file'; path: string };
}

/** The configuration fields the keyring reads; a `Config` fits. */
export interface KeySettings {
  dataDir: string;
  databaseUrl?: string;
  secretKey?: string;
  secretKeysOld?: string;
}

/** A new random key, base64, for `PROJAN_SECRET_KEY`. */
export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * Builds the keyring from the settings (see the module comment for the order).
 *
 * @param options.create create `<dataDir>/secret.key` (and the directory, mode 0700) when
 *   needed (default true).
 * @throws {ConfigError} `secret_key_malformed`, `secret_key_missing`, `secret_key_file_unsafe`.
 */
export function loadKeyring(settings: KeySettings, options: { create?: boolean } = {}): Keyring {
  if (settings.secretKey !== undefined) return keyringFromEnv(settings);
  if (settings.databaseUrl !== undefined) {
    throw new ConfigError(
      'secret_key_missing',
      'PROJAN_SECRET_KEY is not set. With DATABASE_URL (PostgreSQL) every server must share one key: generate one with `projan keys generate` and set PROJAN_SECRET_KEY on all of them.',
      ['PROJAN_SECRET_KEY'],
    );
  }
  const file = path.join(settings.dataDir, KEY_FILE_NAME);
  if (options.create !== false) createKeyFileIfMissing(file);
  return keyringFromFile(file);
}

/**
 * Adds a new key version to a file keyring and returns the reloaded keyring, whose current key
 * is the new one. The file is replaced atomically and keeps mode 0600.
 */
export function addKeyVersion(keyring: Keyring): Keyring {
  if (keyring.source.kind !== 'file') {
    throw new ConfigError(
      'invalid_env',
      'Keys from PROJAN_SECRET_KEY are rotated by the operator: set the new key there and the old one in PROJAN_SECRET_KEYS_OLD.',
      ['PROJAN_SECRET_KEY', 'PROJAN_SECRET_KEYS_OLD'],
    );
  }
  const next: VaultKey = { version: Math.max(...keyring.keys.keys()) + 1, key: randomBytes(32) };
  const entries = [...keyring.keys].map(([version, key]) => ({ version, key }));
  writeKeyFile(keyring.source.path, [...entries, next]);
  return keyringFromFile(keyring.source.path);
}

/** Rewrites a file keyring to hold only its current key (after every value was re-encrypted). */
export function dropOldKeys(keyring: Keyring): Keyring {
  if (keyring.source.kind !== 'file') return keyring;
  writeKeyFile(keyring.source.path, [keyring.current]);
  return keyringFromFile(keyring.source.path);
}

/**
 * For a file keyring, a function returning the keyring as the file now is: it re-reads the file
 * whenever its inode or modification time changed, so a server keeps working while
 * `projan keys rotate` adds a key and later drops the old ones. An environment keyring is
 * returned as is. A file that became unreadable or unsafe throws {@link ConfigError}.
 */
export function followKeyFile(keyring: Keyring): () => Keyring {
  const source = keyring.source;
  if (source.kind !== 'file') return () => keyring;
  let current = keyring;
  let seen = fingerprint(source.path);
  return () => {
    const now = fingerprint(source.path);
    if (now !== seen) {
      current = keyringFromFile(source.path);
      seen = now;
    }
    return current;
  };
}

function fingerprint(file: string): string {
  const stat = statSync(file, { bigint: true });
  return `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
}

function keyringFromEnv(settings: KeySettings): Keyring {
  const current = parseEntry(settings.secretKey ?? '', 'PROJAN_SECRET_KEY', 1);
  const old = (settings.secretKeysOld ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => parseEntry(entry, 'PROJAN_SECRET_KEYS_OLD'));
  return build([current, ...old], { kind: 'env' }, 'PROJAN_SECRET_KEYS_OLD', current.version);
}

function keyringFromFile(file: string): Keyring {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(
      'secret_key_file_unsafe',
      `The key file ${file} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}). Run \`chmod 600 ${file}\` and start Projan again.`,
      [file],
    );
  }
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => parseEntry(line, file, undefined, 'secret_key_file_unsafe'));
  if (entries.length === 0) {
    throw new ConfigError(
      'secret_key_file_unsafe',
      `The key file ${file} holds no key. Restore it from a backup; without it stored Jira tokens cannot be read.`,
      [file],
    );
  }
  return build(entries, { kind: 'file', path: file }, file);
}

function build(
  entries: VaultKey[],
  source: Keyring['source'],
  where: string,
  currentVersion?: number,
): Keyring {
  const keys = new Map<number, Buffer>();
  for (const entry of entries) {
    if (keys.has(entry.version)) {
      throw new ConfigError(
        'secret_key_malformed',
        `Key version ${entry.version} appears twice (${where}). Give every key its own version number.`,
        [where],
      );
    }
    keys.set(entry.version, entry.key);
  }
  const version = currentVersion ?? Math.max(...keys.keys());
  return { current: { version, key: keys.get(version) as Buffer }, keys, source };
}

// `[<version>:]<key>`; the message names where the entry came from, never its value.
function parseEntry(
  entry: string,
  where: string,
  defaultVersion?: number,
  code: 'secret_key_malformed' | 'secret_key_file_unsafe' = 'secret_key_malformed',
): VaultKey {
  const match = /^(?:(\d{1,6}):)?(.+)$/.exec(entry.trim());
  const version = match?.[1] === undefined ? defaultVersion : Number(match[1]);
  const key = decodeKey(match?.[2] ?? '');
  if (version === undefined || version < 1) {
    throw new ConfigError(
      code,
      `${where} has a key without a version. Write each key as <version>:<key>, for example 1:<key>.`,
      [where],
    );
  }
  if (key === undefined) {
    throw new ConfigError(
      code,
      `${where} holds a key that is not 32 bytes as base64 (44 characters) or hex (64 characters). Generate one with \`projan keys generate\`.`,
      [where],
    );
  }
  return { version, key };
}

function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) return undefined;
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : undefined;
}

function createKeyFileIfMissing(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    // 'wx' fails if another process created the file first; that process's key then wins.
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    writeSync(fd, serialise([{ version: 1, key: randomBytes(32) }]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeKeyFile(file: string, entries: VaultKey[]): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, serialise(entries));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

function serialise(entries: VaultKey[]): string {
  const lines = entries.map((e) => `${e.version}:${e.key.toString('base64url')}`);
  return `# Projan token vault keys: <version>:<32 bytes base64url>. Keep private; back up with the database.\n${lines.join('\n')}\n`;
}
