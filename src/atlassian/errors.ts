/**
 * The one error class of the Atlassian OAuth 2.0 (3LO) adapter. Callers branch on `code`; the
 * object never holds a token, the client secret or an authorization code, so logging it is safe.
 */

/** Stable codes of {@link OAuthError}. */
export type OAuthErrorCode =
  /** The grant is gone (revoked, expired, rotated away): a person must connect again. */
  | 'reauthorization_required'
  /** The user declined the consent screen (`error=access_denied`). */
  | 'access_denied'
  /** The token response had no refresh token: the app was not granted `offline_access`. */
  | 'missing_refresh_token'
  /** The app's client id, secret or callback URL is rejected: an operator must fix settings. */
  | 'client_misconfigured'
  /** Atlassian could not be reached or answered 5xx / 429: try again later. */
  | 'unavailable'
  /** Atlassian answered something this client does not understand. */
  | 'invalid_response'
  /** The access token was refused by the API gateway (401). */
  | 'unauthorized';

/** Operator-facing text for each code; user-facing wording lives in `src/errors/`. */
const messages: Record<OAuthErrorCode, string> = {
  reauthorization_required:
    'Atlassian rejected the stored grant; the Jira connection must be authorized again.',
  access_denied: 'The Atlassian consent screen was declined.',
  missing_refresh_token:
    'Atlassian returned no refresh token. Add the offline_access scope to the app in the Atlassian developer console and to ATLASSIAN_SCOPES, then connect again.',
  client_misconfigured:
    'Atlassian rejected the OAuth app settings (client id, client secret or callback URL). Check ATLASSIAN_CLIENT_ID, ATLASSIAN_CLIENT_SECRET and the callback URL registered in the developer console.',
  unavailable: 'Atlassian could not be reached or is unavailable right now.',
  invalid_response: 'Atlassian sent a response that Projan does not understand.',
  unauthorized: 'Atlassian refused the access token.',
};

/** Details kept on the error; none of them is secret. */
export interface OAuthErrorDetails {
  /** HTTP status Atlassian answered with, when there was a response. */
  status?: number;
  /** The RFC 6749 `error` value, for example `invalid_grant`. */
  oauthError?: string;
  /** Which call failed. */
  operation?: 'authorize' | 'exchange_code' | 'refresh' | 'accessible_resources' | 'configure';
}

/**
 * A failure talking to Atlassian's authorization server or resource-discovery endpoint.
 * `error_description` texts are deliberately not kept: they are free text that may change and
 * nothing may branch on them.
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  readonly code: OAuthErrorCode;
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  readonly operation: OAuthErrorDetails['operation'];

  constructor(code: OAuthErrorCode, details: OAuthErrorDetails = {}, message = messages[code]) {
    super(message);
    this.code = code;
    this.status = details.status;
    this.oauthError = details.oauthError;
    this.operation = details.operation;
  }

  /** Whether trying again later can succeed (never true for a rejected grant). */
  get retryable(): boolean {
    return this.code === 'unavailable';
  }

  /** A log-safe view: what serializers such as pino print. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      oauthError: this.oauthError,
      operation: this.operation,
    };
  }
}

/**
 * Maps a token endpoint error answer to a code. Atlassian answers 403 (sometimes 400/401) with
 * `invalid_grant` or `unauthorized_client` when a refresh token is unknown, expired or revoked;
 * both mean a person must consent again and neither may be retried.
 * See https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens
 */
export function codeForTokenError(status: number, oauthError: string | undefined): OAuthErrorCode {
  if (status === 429 || status >= 500) return 'unavailable';
  if (oauthError === 'invalid_grant' || oauthError === 'unauthorized_client') {
    return 'reauthorization_required';
  }
  if (oauthError === 'access_denied') return 'access_denied';
  if (oauthError === 'invalid_client' || oauthError === 'invalid_request') {
    return 'client_misconfigured';
  }
  if (status === 401 || status === 403) return 'reauthorization_required';
  return 'invalid_response';
}
