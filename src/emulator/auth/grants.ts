import { createHash, randomBytes } from 'node:crypto';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Authorization codes live 10 minutes and work once (Auth0, which backs auth.atlassian.com). */
export const CODE_TTL_MS = 10 * MINUTE;
/** A rotated refresh token still works this long: Atlassian's "reuse interval" (facts §1.3). */
export const REUSE_LEEWAY_MS = 10 * MINUTE;
/** A refresh token unused this long expires: the "inactivity expiry time" (facts §1.3). */
export const INACTIVITY_MS = 90 * DAY;
/** No refresh works this long after the consent that started the family (facts §1.3). */
export const ABSOLUTE_MS = 365 * DAY;

/** One app's grant for one Atlassian account: only one exists per pair (OAUTH-DOC, grants). */
export interface Grant {
  accountId: string;
  scopes: string[];
  /** `account`: every site of the account, now and later; `resource`: the picked sites only. */
  level: 'account' | 'resource';
  pickedSites: string[];
  firstConsentAt: number;
}

/** What a valid access token stands for. */
export interface TokenIdentity {
  accountId: string;
  scopes: readonly string[];
  grant: Grant;
}

/** The token endpoint's success body (facts §1.2). */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
  refresh_token?: string;
}

interface AccessRecord {
  accountId: string;
  scopes: string[];
  expiresAt: number;
}

interface RefreshRecord {
  familyId: string;
  issuedAt: number;
  rotatedAt?: number;
}

interface Family {
  accountId: string;
  startedAt: number;
  revoked: boolean;
}

interface CodeRecord {
  accountId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

/** Why a refresh failed; the endpoint maps every reason to the same 403 body, as Atlassian does. */
export type RefreshFailure = 'unknown' | 'revoked' | 'inactive' | 'absolute' | 'reused';

/** Opaque random secret; only its hash is kept, so a state dump never shows a live token. */
function secret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Grants, codes and tokens of the emulated authorization server, all in memory. Times come from
 * the caller (the emulator clock), never from `Date.now()`.
 */
export class GrantStore {
  private grants = new Map<string, Grant>();
  private codes = new Map<string, CodeRecord>();
  private access = new Map<string, AccessRecord>();
  private refresh = new Map<string, RefreshRecord>();
  private families = new Map<string, Family>();

  constructor(private accessTtlSeconds: number) {}

  /**
   * Records a consent. A new consent replaces the scopes of the account's grant (OAUTH-DOC §4);
   * for resource-level grants the picked sites join those picked before.
   */
  consent(accountId: string, scopes: string[], pickedSites: string[] | undefined, now: number) {
    const existing = this.grants.get(accountId);
    const grant: Grant = {
      accountId,
      scopes: [...scopes],
      level: pickedSites === undefined ? 'account' : 'resource',
      pickedSites: [...new Set([...(existing?.pickedSites ?? []), ...(pickedSites ?? [])])],
      firstConsentAt: existing?.firstConsentAt ?? now,
    };
    this.grants.set(accountId, grant);
    return grant;
  }

  /** The account's grant, if the user has not removed the app. */
  grantOf(accountId: string): Grant | undefined {
    return this.grants.get(accountId);
  }

  /** Issues a single-use authorization code bound to the redirect URI. */
  issueCode(accountId: string, redirectUri: string, scopes: string[], now: number): string {
    const code = secret('');
    this.codes.set(hash(code), {
      accountId,
      redirectUri,
      scopes,
      expiresAt: now + CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  /** Exchanges a code; undefined when it is unknown, used, expired or for another redirect. */
  redeemCode(code: string, redirectUri: string, now: number): TokenResponse | undefined {
    const record = this.codes.get(hash(code));
    if (!record || record.used || now > record.expiresAt || record.redirectUri !== redirectUri) {
      return undefined;
    }
    record.used = true;
    if (!this.grants.has(record.accountId)) return undefined;
    return this.issueTokens(record.accountId, record.scopes, now);
  }

  /**
   * Issues an access token and, when the scopes hold `offline_access`, a refresh token that
   * starts a new rotation family.
   */
  issueTokens(accountId: string, scopes: string[], now: number, familyId?: string): TokenResponse {
    const accessToken = secret('emu-at-');
    this.access.set(hash(accessToken), {
      accountId,
      scopes,
      expiresAt: now + this.accessTtlSeconds * 1000,
    });
    const response: TokenResponse = {
      access_token: accessToken,
      expires_in: this.accessTtlSeconds,
      scope: scopes.join(' '),
      token_type: 'Bearer',
    };
    if (!scopes.includes('offline_access')) return response;

    let family = familyId;
    if (family === undefined) {
      family = secret('fam-');
      this.families.set(family, { accountId, startedAt: now, revoked: false });
    }
    const refreshToken = secret('emu-rt-');
    this.refresh.set(hash(refreshToken), { familyId: family, issuedAt: now });
    response.refresh_token = refreshToken;
    return response;
  }

  /**
   * Rotates a refresh token: the old one is disabled, yet still answers within the reuse leeway;
   * a reuse after it revokes the whole family (breach detection, facts §1.3).
   */
  rotate(refreshToken: string, now: number): TokenResponse | RefreshFailure {
    const record = this.refresh.get(hash(refreshToken));
    if (!record) return 'unknown';
    const family = this.families.get(record.familyId);
    if (!family || family.revoked) return 'revoked';
    const grant = this.grants.get(family.accountId);
    if (!grant) return 'revoked';
    if (now > family.startedAt + ABSOLUTE_MS) return 'absolute';
    if (now > record.issuedAt + INACTIVITY_MS) return 'inactive';
    if (record.rotatedAt !== undefined && now - record.rotatedAt > REUSE_LEEWAY_MS) {
      family.revoked = true;
      return 'reused';
    }

    record.rotatedAt ??= now;
    return this.issueTokens(family.accountId, grant.scopes, now, record.familyId);
  }

  /** Resolves a bearer token; `expired` is kept apart for the gateway's expired-token quirk. */
  authenticate(accessToken: string, now: number): TokenIdentity | 'invalid' | 'expired' {
    const record = this.access.get(hash(accessToken));
    if (!record) return 'invalid';
    const grant = this.grants.get(record.accountId);
    if (!grant) return 'invalid';
    if (now >= record.expiresAt) return 'expired';
    return { accountId: record.accountId, scopes: record.scopes, grant };
  }

  /** Expires every access token (or one account's) now; refresh tokens stay usable. */
  expireAccessTokens(now: number, accountId?: string): number {
    let count = 0;
    for (const record of this.access.values()) {
      if (accountId !== undefined && record.accountId !== accountId) continue;
      if (record.expiresAt > now) count++;
      record.expiresAt = Math.min(record.expiresAt, now);
    }
    return count;
  }

  /**
   * The user removes the app (`consent`): the grant, its access tokens and refresh families
   * die. `password` (a changed password) kills the refresh families and access tokens but keeps
   * the grant, so a new consent is still needed only to get fresh tokens.
   */
  revoke(accountId: string, reason: 'consent' | 'password'): boolean {
    const had = this.grants.has(accountId);
    if (reason === 'consent') this.grants.delete(accountId);
    for (const [key, record] of this.access) {
      if (record.accountId === accountId) this.access.delete(key);
    }
    for (const family of this.families.values()) {
      if (family.accountId === accountId) family.revoked = true;
    }
    return had;
  }

  /** Counts for the state dump; never the tokens themselves. */
  summary(now: number) {
    const live = [...this.access.values()].filter((r) => r.expiresAt > now).length;
    return {
      grants: [...this.grants.values()].map((g) => ({ ...g })),
      liveAccessTokens: live,
      refreshFamilies: [...this.families.values()].filter((f) => !f.revoked).length,
    };
  }
}
