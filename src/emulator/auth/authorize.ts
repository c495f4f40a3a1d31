import { randomBytes } from 'node:crypto';
import { field, type HttpReply, htmlReply, redirectReply } from '../http.ts';
import { memberSites, type World } from '../world.ts';
import { renderConsentPage, renderErrorPage } from './consent-page.ts';
import { CODE_TTL_MS } from './grants.ts';
import { isRegisteredRedirect } from './redirect-uri.ts';

/** An authorize request waiting for the person's decision on the consent page. */
interface PendingRequest {
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  expiresAt: number;
}

/** Authorize requests between the consent page and its form post. */
export class PendingRequests {
  private items = new Map<string, PendingRequest>();

  add(request: PendingRequest): string {
    const id = randomBytes(16).toString('base64url');
    this.items.set(id, request);
    return id;
  }

  get(id: string, now: number): PendingRequest | undefined {
    const item = this.items.get(id);
    return item && item.expiresAt >= now ? item : undefined;
  }

  delete(id: string): void {
    this.items.delete(id);
  }
}

/**
 * Builds `redirect_uri?...` with `%20` for spaces, as Atlassian's redirects show them
 * (`error_description=User%20did%20not%20authorize%20the%20request`, facts §1.1).
 */
export function callbackUrl(redirectUri: string, params: Record<string, string | undefined>) {
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`;
}

/**
 * `GET /authorize` (auth.atlassian.com, OAUTH-DOC step 1). An unknown client or callback gets an
 * error page, never a redirect; the other mistakes redirect back with `error=`; a valid request
 * gets the consent page.
 */
export function handleAuthorize(
  world: World,
  pending: PendingRequests,
  query: URLSearchParams,
): HttpReply {
  const app = world.app;
  const redirectUri = query.get('redirect_uri') ?? '';
  if (query.get('client_id') !== app.clientId) {
    return htmlReply(400, renderErrorPage('Unknown app', 'The client_id is not a registered app.'));
  }
  if (!isRegisteredRedirect(redirectUri, app.redirectUris)) {
    const detail = 'The redirect_uri does not match a callback URL registered for the app.';
    return htmlReply(400, renderErrorPage('Invalid redirect URI', detail));
  }

  const state = query.get('state') ?? undefined;
  const fail = (error: string, description: string) =>
    redirectReply(callbackUrl(redirectUri, { error, error_description: description, state }));
  const scopes = (query.get('scope') ?? '').split(' ').filter((s) => s.length > 0);
  if (query.get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'Only response_type=code is supported.');
  }
  if (query.get('audience') !== 'api.atlassian.com') {
    return fail('invalid_request', 'The audience parameter must be api.atlassian.com.');
  }
  const unknown = scopes.filter((s) => !app.scopes.includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    return fail(
      'invalid_scope',
      `Scopes not configured for this app: ${unknown.join(' ') || '(none)'}.`,
    );
  }
  if (query.get('prompt') !== 'consent') {
    return fail('invalid_request', 'The prompt parameter must be consent.');
  }

  const now = world.clock.now();
  const requestId = pending.add({
    redirectUri,
    scopes: [...new Set(scopes)],
    state,
    expiresAt: now + CODE_TTL_MS,
  });
  return htmlReply(200, consentPage(world, requestId, [...new Set(scopes)]));
}

function consentPage(world: World, requestId: string, scopes: string[], extra = {}): string {
  const sites =
    world.app.grantType === 'resource'
      ? [...world.sites.values()].map((s) => ({
          id: s.fixture.id,
          name: s.fixture.name,
          url: s.fixture.url,
          members: s.fixture.members,
        }))
      : undefined;
  return renderConsentPage({
    requestId,
    app: world.app,
    scopes,
    accounts: world.accounts,
    ...(sites ? { sites } : {}),
    ...extra,
  });
}

/**
 * `POST /authorize/consent`: the person's decision. Deny redirects with `access_denied`; Accept
 * records the grant (overriding earlier scopes) and redirects with a fresh code and the state.
 */
export function handleConsent(world: World, pending: PendingRequests, body: unknown): HttpReply {
  const now = world.clock.now();
  const requestId = field(body, 'request') ?? '';
  const request = pending.get(requestId, now);
  if (!request) {
    const detail = 'This authorization request expired or was already answered. Start again.';
    return htmlReply(400, renderErrorPage('Authorization request expired', detail));
  }
  const state = request.state;
  if (field(body, 'decision') !== 'accept') {
    pending.delete(requestId);
    const description = 'User did not authorize the request';
    const params = { error: 'access_denied', error_description: description, state };
    return redirectReply(callbackUrl(request.redirectUri, params));
  }

  const accountId = field(body, 'account') ?? '';
  const account = world.accounts.find((a) => a.accountId === accountId);
  const problem = !account
    ? 'Choose an Atlassian account.'
    : account.active === false
      ? 'This Atlassian account is deactivated. Choose another account.'
      : pickProblem(world, accountId, field(body, 'site'));
  if (problem) {
    const extra = { error: problem, selectedAccount: accountId };
    return htmlReply(400, consentPage(world, requestId, request.scopes, extra));
  }

  pending.delete(requestId);
  const site = field(body, 'site');
  const picked = world.app.grantType === 'resource' && site ? [site] : undefined;
  world.grants.consent(accountId, request.scopes, picked, now);
  const code = world.grants.issueCode(accountId, request.redirectUri, request.scopes, now);
  return redirectReply(callbackUrl(request.redirectUri, { code, state }));
}

function pickProblem(world: World, accountId: string, site: string | undefined) {
  if (world.app.grantType !== 'resource') return undefined;
  if (!site) return 'Choose a site to give the app access to.';
  if (!memberSites(world, accountId).includes(site)) {
    return 'The chosen account has no access to that site. Choose another site.';
  }
  return undefined;
}
