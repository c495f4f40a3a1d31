/** Maps adapter errors onto the user-facing catalogue. */
import { OAuthError } from '../atlassian/index.ts';
import { type ErrorCode, type ErrorParams, ProjanError } from '../errors/index.ts';
import { JiraApiError } from '../jira/errors.ts';

/**
 * The catalogue error for an {@link OAuthError}. During the connect flow a rejected code means
 * "start again" (`connect_failed`); later, a rejected grant means `reconnect_required`.
 * Anything that is not an OAuthError is returned unchanged.
 */
export function fromOAuthError(error: unknown, phase: 'connect' | 'refresh'): unknown {
  if (!(error instanceof OAuthError)) return error;
  const byCode: Record<OAuthError['code'], Exclude<ErrorCode, keyof ErrorParams>> = {
    reauthorization_required: phase === 'connect' ? 'connect_failed' : 'reconnect_required',
    unauthorized: phase === 'connect' ? 'connect_failed' : 'token_expired',
    access_denied: 'consent_denied',
    missing_refresh_token: 'missing_refresh_token',
    client_misconfigured: 'oauth_misconfigured',
    unavailable: 'atlassian_unavailable',
    invalid_response: 'atlassian_unavailable',
  };
  return new ProjanError(byCode[error.code], {}, { cause: error });
}

/**
 * The catalogue error for a failed Jira call on a connection's site. Errors that are not
 * `JiraApiError`s (a `ProjanError` from the token supplier, say) are returned unchanged.
 */
export function fromJiraError(error: unknown, siteUrl: string): unknown {
  if (!(error instanceof JiraApiError)) return error;
  switch (error.code) {
    case 'unauthorized':
      return new ProjanError('token_expired', {}, { cause: error });
    case 'forbidden':
    case 'not_found':
    case 'gone':
      return new ProjanError('site_not_accessible', { site: siteUrl }, { cause: error });
    default:
      return new ProjanError('atlassian_unavailable', {}, { cause: error });
  }
}
