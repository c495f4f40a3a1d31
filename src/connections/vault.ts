/**
 * The token vault: AES-256-GCM encryption of Jira tokens at rest.
 *
 * A sealed value reads `v<keyVersion>.<iv>.<ciphertext>.<tag>` (each part base64url): a fresh
 * random 12-byte IV per value, and additional authenticated data naming the row and field
 * (`connection:<id>:access_token`), so a value copied to another row or field fails to open.
 * The key version says which key of the {@link Keyring} sealed it, so keys can be rotated with
 * {@link rotateSealedColumns} (`projan keys rotate`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { followKeyFile, type Keyring, type KeySettings, loadKeyring } from './keys.ts';

export {
  addKeyVersion,
  dropOldKeys,
  followKeyFile,
  generateKey,
  KEY_FILE_NAME,
  type Keyring,
  type KeySettings,
  loadKeyring,
} from './keys.ts';

/**
 * Codes of {@link VaultError}.
 *
 * - `malformed`: the stored text is not a sealed value.
 * - `unknown_key_version`: sealed with a key version the keyring lacks.
 * - `tampered`: authentication failed: the value was altered, moved to another row or field,
 *   or the key of that version is not the one it was sealed with.
 */
export type VaultErrorCode = 'malformed' | 'unknown_key_version' | 'tampered';

/** A sealed value that cannot be opened. The message names the value's place, never its content. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** The additional data binding a token to its row and field: `connection:<id>:<field>`. */
export function tokenAad(rowId: string, field: string): string {
  return `connection:${rowId}:${field}`;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals and opens values with a keyring. Given a function instead of a keyring, it asks for the
 * keyring on every call, which lets a running server follow `projan keys rotate` (see
 * {@link followKeyFile}).
 */
export class Vault {
  readonly #keyring: () => Keyring;

  constructor(keyring: Keyring | (() => Keyring)) {
    this.#keyring = typeof keyring === 'function' ? keyring : () => keyring;
  }

  /** The version new values are sealed with. */
  get currentVersion(): number {
    return this.#keyring().current.version;
  }

  /** Encrypts `plaintext` with the current key, bound to `aad`. */
  seal(plaintext: string, aad: string): string {
    const { version, key } = this.#keyring().current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
    return `v${version}.${parts.join('.')}`;
  }

  /**
   * Decrypts a value sealed for `aad`.
   *
   * @throws {VaultError} `malformed`, `unknown_key_version` or `tampered`.
   */
  open(sealed: string, aad: string): string {
    const { version, iv, ciphertext, tag } = parse(sealed, aad);
    const key = this.#keyring().keys.get(version);
    if (key === undefined) {
      throw new VaultError(
        'unknown_key_version',
        `The stored secret ${aad} was sealed with key version ${version}, which is not configured. Add that key to PROJAN_SECRET_KEYS_OLD (or restore it in the data directory's secret.key), or reconnect Jira to store new tokens.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError(
        'tampered',
        `The stored secret ${aad} failed its integrity check: it was altered, copied from another connection or field, or key version ${version} is not the key it was sealed with. Reconnect Jira to store new tokens.`,
      );
    }
  }

  /** The key version of a sealed value. @throws {VaultError} `malformed`. */
  versionOf(sealed: string): number {
    return parse(sealed, 'value').version;
  }
}

function parse(sealed: string, aad: string) {
  const match = /^v(\d{1,6})\.([\w-]+)\.([\w-]*)\.([\w-]+)$/.exec(sealed);
  const iv = Buffer.from(match?.[2] ?? '', 'base64url');
  const tag = Buffer.from(match?.[4] ?? '', 'base64url');
  if (match === null || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new VaultError(
      'malformed',
      `The stored secret ${aad} is not a sealed value. Reconnect Jira to store new tokens.`,
    );
  }
  return {
    version: Number(match[1]),
    iv,
    ciphertext: Buffer.from(match[3] ?? '', 'base64url'),
    tag,
  };
}

/**
 * The vault for a configuration: keys from `PROJAN_SECRET_KEY` (+ `PROJAN_SECRET_KEYS_OLD`), or
 * on the embedded default the generated `<dataDir>/secret.key`. Call at start, after the data
 * directory exists (`openStore` creates it), so a key problem stops Projan before it serves.
 *
 * @throws {ConfigError} see {@link loadKeyring}.
 */
export function openVault(settings: KeySettings): Vault {
  return new Vault(followKeyFile(loadKeyring(settings)));
}

/** The token fields the connections core seals. */
export type TokenField = 'access_token' | 'refresh_token';

/**
 * The connections core's sealer: {@link Vault.seal} / {@link Vault.open} with the AAD
 * `connection:<rowId>:<field>` (the same for the `connections` and `pending_site_choices`
 * tables; their ids differ in prefix, so values cannot move between them either).
 */
export function createTokenSealer(vault: Vault): {
  seal(plaintext: string, rowId: string, field: TokenField): string;
  open(sealed: string, rowId: string, field: TokenField): string;
} {
  return {
    seal: (plaintext, rowId, field) => vault.seal(plaintext, tokenAad(rowId, field)),
    open: (sealed, rowId, field) => vault.open(sealed, tokenAad(rowId, field)),
  };
}

/**
 * Where sealed values live, for key rotation: a table, its id column, its sealed columns and
 * the AAD each was sealed with.
 */
export interface SealedColumnSpec {
  table: string;
  idColumn: string;
  columns: readonly string[];
  aad(rowId: string, column: string): string;
}

/**
 * Every column in Projan holding vault ciphertext. A table that stores sealed values must be
 * listed here, or `projan keys rotate` leaves its values on the old key (and they become
 * unreadable once the old key is dropped).
 */
export const SEALED_COLUMNS: readonly SealedColumnSpec[] = [
  {
    table: 'connections',
    idColumn: 'id',
    columns: ['access_token', 'refresh_token'],
    aad: tokenAad,
  },
  {
    table: 'pending_site_choices',
    idColumn: 'id',
    columns: ['access_token', 'refresh_token'],
    aad: tokenAad,
  },
];

/** What {@link rotateSealedColumns} did per table. */
export interface RotationResult {
  table: string;
  /** Values re-encrypted with the current key. */
  resealed: number;
  /** Values already on the current key. */
  current: number;
  /** Values that changed while being re-encrypted (a concurrent token refresh); left as written. */
  changedMeanwhile: number;
}

const BATCH = 200;

/**
 * Re-encrypts every sealed value not on the vault's current key, table by table in batches.
 * Each update is conditional on the old ciphertext, so a token refresh that writes the same row
 * at the same time wins and is never overwritten (its value is sealed with the current key
 * already). Safe to run again after an interruption.
 *
 * @throws {VaultError} when a value cannot be opened (an old key is missing from the keyring);
 *   values re-encrypted before that stay re-encrypted.
 */
export async function rotateSealedColumns(
  // biome-ignore lint/suspicious/noExplicitAny: table and column names come from the specs at run time.
  db: Kysely<any>,
  vault: Vault,
  specs: readonly SealedColumnSpec[] = SEALED_COLUMNS,
): Promise<RotationResult[]> {
  const results: RotationResult[] = [];
  for (const spec of specs) {
    const result: RotationResult = {
      table: spec.table,
      resealed: 0,
      current: 0,
      changedMeanwhile: 0,
    };
    let after: string | undefined;
    for (;;) {
      let query = db
        .selectFrom(spec.table)
        .select([spec.idColumn, ...spec.columns])
        .orderBy(spec.idColumn)
        .limit(BATCH);
      if (after !== undefined) query = query.where(spec.idColumn, '>', after);
      const rows: Record<string, unknown>[] = await query.execute();
      for (const row of rows) await resealRow(db, vault, spec, row, result);
      if (rows.length < BATCH) break;
      after = String(rows.at(-1)?.[spec.idColumn]);
    }
    results.push(result);
  }
  return results;
}

async function resealRow(
  // biome-ignore lint/suspicious/noExplicitAny: see rotateSealedColumns.
  db: Kysely<any>,
  vault: Vault,
  spec: SealedColumnSpec,
  row: Record<string, unknown>,
  result: RotationResult,
): Promise<void> {
  const id = String(row[spec.idColumn]);
  for (const column of spec.columns) {
    const sealed = row[column];
    if (typeof sealed !== 'string') continue;
    if (vault.versionOf(sealed) === vault.currentVersion) {
      result.current += 1;
      continue;
    }
    const aad = spec.aad(id, column);
    const resealed = vault.seal(vault.open(sealed, aad), aad);
    const update = await db
      .updateTable(spec.table)
      .set({ [column]: resealed })
      .where(spec.idColumn, '=', id)
      .where(column, '=', sealed)
      .executeTakeFirst();
    if (Number(update.numUpdatedRows) === 1) result.resealed += 1;
    else result.changedMeanwhile += 1;
  }
}
