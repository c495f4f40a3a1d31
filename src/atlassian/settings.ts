/**
 * Settings of the Atlassian OAuth 2.0 (3LO) app: where the authorization server and the API
 * gateway are, which app Projan is, and which scopes it asks for.
 */
import type { Config } from '../config/index.ts';
import { OAuthError } from './errors.ts';

/** Resolved settings; see {@link atlassianSettings}. */
export interface AtlassianSettings {
  /** Authorization server base, default `https://auth.atlassian.com`. */
  authUrl: string;
  /** API gateway base, default `https://api.atlassian.com`. */
  apiUrl: string;
  clientId: string;
  /** Never leaves the server: sent only in the token request body. */
  clientSecret: string;
  /** Scopes asked for on the consent screen (`ATLASSIAN_SCOPES`, default the seed's six). */
  scopes: readonly string[];
}

/**
 * Checks the Atlassian part of Projan's configuration (`loadConfig` in `src/config`) is complete.
 * @throws OAuthError `client_misconfigured` when the client id or secret is missing.
 */
export function atlassianSettings(config: Config['atlassian']): AtlassianSettings {
  const { clientId, clientSecret } = config;
  if (!clientId || !clientSecret) {
    throw new OAuthError(
      'client_misconfigured',
      { operation: 'configure' },
      'ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET must be set to connect Jira.',
    );
  }
  return {
    authUrl: trimSlash(config.authUrl),
    apiUrl: trimSlash(config.apiUrl),
    clientId,
    clientSecret,
    scopes: config.scopes,
  };
}

/**
 * Whether plain http may be used: only towards this machine, so that tests and the demo can run
 * the emulator without TLS while a mistyped production URL still fails loudly.
 * @throws OAuthError `client_misconfigured` for http:// on any other host or another protocol.
 */
export function allowsPlainHttp(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return false;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'http:' && loopback) return true;
  throw new OAuthError(
    'client_misconfigured',
    { operation: 'configure' },
    `Atlassian URLs must use https (plain http is allowed on loopback only): ${parsed.origin}`,
  );
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
