/**
 * Atlassian OAuth 2.0 (3LO) client: the authorize URL, the code exchange and the refresh grant,
 * built on openid-client with hand-written endpoints (Atlassian publishes no discovery document
 * for 3LO). Implements https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 */
import * as client from 'openid-client';
import { codeForTokenError, OAuthError } from './errors.ts';
import { accessibleJiraSites, type JiraSiteResource } from './resources.ts';
import { type AtlassianSettings, allowsPlainHttp } from './settings.ts';

/** Tokens from one token endpoint answer. */
export interface TokenSet {
  accessToken: string;
  /** Absent only on a refresh answer that did not rotate; the caller keeps the old one. */
  refreshToken: string | undefined;
  /** Epoch milliseconds at which the access token stops working. */
  expiresAt: number;
  /** Scopes granted (`scope` of the answer, split on spaces); empty if the answer had none. */
  scopes: string[];
}

/** Options of {@link createAtlassianOAuth}. */
export interface AtlassianOAuthOptions {
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
  /** Clock for `expiresAt`, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Per-request timeout in seconds (default 15). */
  timeoutSeconds?: number;
}

/** The operations Projan needs from Atlassian's authorization server. */
export interface AtlassianOAuth {
  /** Scopes asked for when none are passed to {@link AtlassianOAuth.buildAuthorizeUrl}. */
  readonly scopes: readonly string[];
  /**
   * The consent-screen URL with `audience=api.atlassian.com`, `prompt=consent` and
   * `response_type=code` (OAuth 2.0 (3LO) apps, step 1).
   */
  buildAuthorizeUrl(input: { state: string; redirectUri: string; scopes?: readonly string[] }): URL;
  /**
   * Exchanges an authorization code (step 2).
   * @throws OAuthError `missing_refresh_token` when the answer has no refresh token,
   * `reauthorization_required` for a bad or used code, `unavailable`, `client_misconfigured`.
   */
  exchangeCode(code: string, redirectUri: string): Promise<TokenSet & { refreshToken: string }>;
  /**
   * Runs the refresh-token grant. Atlassian rotates refresh tokens: the one passed in stops
   * working once the answer arrives, so the caller must store the new one at once.
   * @throws OAuthError `reauthorization_required` (never retry it) or `unavailable`.
   */
  refresh(refreshToken: string): Promise<TokenSet>;
  /**
   * The Jira sites the token can reach (`GET /oauth/token/accessible-resources`), other
   * products left out.
   * @throws OAuthError `unauthorized`, `unavailable` or `invalid_response`.
   */
  accessibleResources(accessToken: string): Promise<JiraSiteResource[]>;
}

/**
 * Creates the client. Plain http endpoints are accepted only on loopback (the emulator).
 * @throws OAuthError `client_misconfigured` for a non-https URL elsewhere.
 */
export function createAtlassianOAuth(
  settings: AtlassianSettings,
  options: AtlassianOAuthOptions = {},
): AtlassianOAuth {
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? fetch;
  const insecureAuth = allowsPlainHttp(settings.authUrl);
  allowsPlainHttp(settings.apiUrl);
  const config = new client.Configuration(
    {
      issuer: settings.authUrl,
      authorization_endpoint: `${settings.authUrl}/authorize`,
      token_endpoint: `${settings.authUrl}/oauth/token`,
    },
    settings.clientId,
    undefined,
    // Atlassian documents the secret in the request body, not HTTP Basic.
    client.ClientSecretPost(settings.clientSecret),
  );
  if (insecureAuth) client.allowInsecureRequests(config);
  config.timeout = options.timeoutSeconds ?? 15;
  if (options.fetch) {
    // openid-client's init is a RequestInit in all but its `body` type name.
    config[client.customFetch] = (url, init) => fetchImpl(url, init as RequestInit);
  }

  const toTokenSet = (response: client.TokenEndpointResponse): TokenSet => ({
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    // Atlassian access tokens last an hour; assume that if an answer omits expires_in.
    expiresAt: now() + (response.expires_in ?? 3600) * 1000,
    scopes: (response.scope ?? '').split(' ').filter((s) => s.length > 0),
  });

  return {
    scopes: settings.scopes,

    buildAuthorizeUrl({ state, redirectUri, scopes = settings.scopes }) {
      return client.buildAuthorizationUrl(config, {
        audience: 'api.atlassian.com',
        scope: scopes.join(' '),
        redirect_uri: redirectUri,
        state,
        response_type: 'code',
        prompt: 'consent',
      });
    },

    async exchangeCode(code, redirectUri) {
      let tokens: TokenSet;
      try {
        const response = await client.genericGrantRequest(config, 'authorization_code', {
          code,
          redirect_uri: redirectUri,
        });
        tokens = toTokenSet(response);
      } catch (error) {
        throw toOAuthError(error, 'exchange_code');
      }
      const { refreshToken } = tokens;
      if (refreshToken === undefined || refreshToken === '') {
        throw new OAuthError('missing_refresh_token', { operation: 'exchange_code' });
      }
      return { ...tokens, refreshToken };
    },

    async refresh(refreshToken) {
      try {
        return toTokenSet(await client.refreshTokenGrant(config, refreshToken));
      } catch (error) {
        throw toOAuthError(error, 'refresh');
      }
    },

    accessibleResources(accessToken) {
      return accessibleJiraSites({
        apiUrl: settings.apiUrl,
        accessToken,
        fetch: fetchImpl,
        timeoutMs: config.timeout ? config.timeout * 1000 : 15_000,
      });
    },
  };
}

/**
 * Turns whatever openid-client threw into an {@link OAuthError}. The original error is dropped on
 * purpose, not kept as `cause`: it can hold the token endpoint's whole answer, tokens included.
 */
function toOAuthError(error: unknown, operation: 'exchange_code' | 'refresh'): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error instanceof client.ResponseBodyError) {
    const code = codeForTokenError(error.status, error.error);
    return new OAuthError(code, { status: error.status, oauthError: error.error, operation });
  }
  if (error instanceof client.ClientError) {
    const cause: unknown = error.cause;
    if (cause instanceof Response) {
      const code = codeForTokenError(cause.status, undefined);
      return new OAuthError(code, { status: cause.status, operation });
    }
    return new OAuthError('invalid_response', { operation });
  }
  // fetch rejects with a plain TypeError on network failure and a DOMException on timeout;
  // openid-client's own argument errors are TypeErrors too, but carry a `code`.
  const network = error instanceof TypeError && !('code' in error);
  if (network || (error instanceof Error && error.name === 'TimeoutError')) {
    return new OAuthError('unavailable', { operation });
  }
  return new OAuthError('invalid_response', { operation });
}
