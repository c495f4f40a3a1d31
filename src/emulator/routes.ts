import type { IncomingMessage } from 'node:http';
import { handleAuthorize, handleConsent } from './auth/authorize.ts';
import { accessibleResources, SCOPE_MISMATCH, UNAUTHORIZED, userProfile } from './auth/identity.ts';
import { handleToken } from './auth/token-endpoint.ts';
import type { HttpMethod } from './contract.ts';
import { authenticate, handleGateway, toHttp } from './gateway/gateway.ts';
import { BodyError, type HttpReply, jsonReply, parseBody } from './http.ts';
import type { LoggedRequest } from './request-log.ts';
import type { Runtime } from './runtime.ts';

/** An answer and what the request log should record about it. */
export interface Routed {
  reply: HttpReply;
  log: Partial<LoggedRequest>;
}

const NOT_FOUND = jsonReply(404, { errorMessages: ['Not found.'], errors: {} });

/**
 * Serves every Atlassian role on one base URL: auth.atlassian.com (`/authorize`,
 * `/oauth/token`), api.atlassian.com (`/oauth/token/accessible-resources`, `/me`,
 * `/ex/jira/{cloudId}/...`), each site (`/site/{cloudId}/...`) and the browse view.
 */
export function routeAtlassian(
  runtime: Runtime,
  method: HttpMethod,
  url: URL,
  req: IncomingMessage,
  bodyText: string,
): Routed {
  const path = url.pathname;
  const gateway = /^\/ex\/jira\/([^/]+)(\/.*)?$/.exec(path);
  if (gateway) {
    return handleGateway(runtime, {
      method,
      cloudId: decodeURIComponent(gateway[1] ?? ''),
      path: gateway[2] ?? '/',
      query: url.searchParams,
      authorization: req.headers.authorization,
      bodyText,
    });
  }
  const site = /^\/site\/([^/]+)(\/.*)?$/.exec(path);
  if (site)
    return {
      reply: siteRoute(runtime, decodeURIComponent(site[1] ?? ''), site[2] ?? '/'),
      log: {},
    };
  return { reply: authRoute(runtime, method, url, req, bodyText), log: {} };
}

function authRoute(
  runtime: Runtime,
  method: HttpMethod,
  url: URL,
  req: IncomingMessage,
  bodyText: string,
): HttpReply {
  const key = `${method} ${url.pathname}`;
  const { world } = runtime;
  switch (key) {
    case 'GET /authorize':
      return handleAuthorize(world, runtime.pending, url.searchParams);
    case 'POST /authorize/consent':
      return withBody(bodyText, req, (body) => handleConsent(world, runtime.pending, body));
    case 'POST /oauth/token':
      return withBody(bodyText, req, (body) => {
        const reply = handleToken(world, body, runtime.faults.settings.refreshErrorVariant);
        return jsonReply(reply.status, reply.body, { 'cache-control': 'no-store' });
      });
    case 'GET /oauth/token/accessible-resources':
    case 'GET /me': {
      const identity = authenticate(runtime, req.headers.authorization);
      if (typeof identity === 'string') return jsonReply(401, UNAUTHORIZED);
      if (url.pathname === '/me') {
        const profile = userProfile(world, identity);
        return profile ? jsonReply(200, profile) : jsonReply(401, SCOPE_MISMATCH);
      }
      return jsonReply(200, accessibleResources(world, identity));
    }
  }
  if (method !== 'GET') return NOT_FOUND;
  // The browse view without a site prefix shows the first site (or `?site=<cloudId>`).
  const first = url.searchParams.get('site') ?? [...world.sites.keys()][0];
  if (first && (url.pathname === '/' || url.pathname.startsWith('/browse/'))) {
    return siteRoute(runtime, first, url.pathname);
  }
  return NOT_FOUND;
}

function withBody(text: string, req: IncomingMessage, handle: (body: unknown) => HttpReply) {
  try {
    return handle(parseBody(text, req.headers['content-type']));
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    return jsonReply(400, { error: 'invalid_request', error_description: error.message });
  }
}

/**
 * The site URL (`https://<name>.atlassian.net`): the unauthenticated tenant_info, the browse
 * view, and the REST API, which refuses 3LO tokens with 401 as the real site does (facts §1.6).
 */
function siteRoute(runtime: Runtime, cloudId: string, path: string): HttpReply {
  const site = runtime.world.sites.get(cloudId);
  if (!site) return NOT_FOUND;
  if (path === '/_edge/tenant_info') return jsonReply(200, { cloudId });
  if (path.startsWith('/rest/')) {
    // TODO: The site URL answers every REST call with 401, because basic auth with an email
    // and API token (the site URL's own scheme) is not emulated.
    const body = {
      errorMessages: ['Client must be authenticated to access this resource.'],
      errors: {},
    };
    return jsonReply(401, body, {
      'www-authenticate': 'OAuth realm="https%3A%2F%2Fatlassian.net"',
    });
  }
  if (path === '/' || path.startsWith('/browse/')) return toHttp(site.jira.browse(path), {});
  return NOT_FOUND;
}
