import { field } from '../http.ts';
import type { World } from '../world.ts';

/** How refresh failures read: the documented body or the variant seen in production. */
export type RefreshErrorVariant = 'invalid_grant' | 'unauthorized_client';

/** A token endpoint answer: status and JSON body. */
export interface TokenReply {
  status: number;
  body: unknown;
}

// Auth0 (behind auth.atlassian.com) answers a bad client secret with 401 access_denied; not
// documented by Atlassian (facts must-have 2).
const BAD_CLIENT: TokenReply = {
  status: 401,
  body: { error: 'access_denied', error_description: 'Unauthorized' },
};
const BAD_CODE: TokenReply = {
  status: 403,
  body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
};
const REFRESH_ERRORS: Record<RefreshErrorVariant, TokenReply> = {
  invalid_grant: {
    status: 403,
    body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' },
  },
  unauthorized_client: {
    status: 403,
    body: { error: 'unauthorized_client', error_description: 'refresh_token is invalid' },
  },
};

/**
 * `POST /oauth/token` (auth.atlassian.com; facts §1.2, §1.3), with a JSON or form body and the
 * client secret in the body. Grants: `authorization_code` (single-use code bound to the
 * redirect URI) and `refresh_token` (rotating, with the reuse leeway and family revocation).
 */
export function handleToken(world: World, body: unknown, variant: RefreshErrorVariant): TokenReply {
  const grantType = field(body, 'grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return {
      status: 400,
      body: {
        error: 'unsupported_grant_type',
        error_description: `Unsupported grant type: ${grantType ?? '(none)'}`,
      },
    };
  }
  if (
    field(body, 'client_id') !== world.app.clientId ||
    field(body, 'client_secret') !== world.app.clientSecret
  ) {
    return BAD_CLIENT;
  }

  const now = world.clock.now();
  if (grantType === 'authorization_code') {
    const code = field(body, 'code') ?? '';
    const tokens = world.grants.redeemCode(code, field(body, 'redirect_uri') ?? '', now);
    return tokens ? { status: 200, body: tokens } : BAD_CODE;
  }
  const rotated = world.grants.rotate(field(body, 'refresh_token') ?? '', now);
  return typeof rotated === 'string' ? REFRESH_ERRORS[variant] : { status: 200, body: rotated };
}
