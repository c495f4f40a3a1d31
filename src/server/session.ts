/**
 * Who is asking: a browser session (an encrypted `@fastify/secure-session` cookie, with CSRF
 * tokens on every state-changing request) or an API token (`Authorization: Bearer pjn_…`, for
 * the CLI and HTTP clients, no CSRF: a browser never adds that header by itself).
 *
 * The cookie alone proves nothing once its owner signed out: a saved copy would still decrypt.
 * A signed-in cookie therefore carries the id of a row in the accounts core's session registry
 * (`sid`, which also binds OAuth states to the browser), and every request needs that row live.
 */
import { randomBytes } from 'node:crypto';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySecureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts, User } from '../accounts/index.ts';
import { AccountError, DEFAULT_SESSION_LIFETIME_MS } from '../accounts/index.ts';
import { notSignedIn } from './errors.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    userId: string;
    sessionVersion: number;
    /**
     * Random id of the session: its row in the session registry once signed in, and the
     * binding of OAuth states to this browser.
     */
    sid: string;
    _csrf: string;
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'projan_session';
/** Header carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

/** The signed-in caller of a request. */
export interface Principal {
  user: User;
  via: 'session' | 'token';
  /** For an API token limited to one workspace: that workspace. */
  tokenWorkspaceId: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Lifetime of a signed-in session, the cookie's and the registry row's. */
    projanSessionLifetimeMs: number;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Registers sessions and CSRF protection. Cookies are httpOnly, `SameSite=Lax` (the OAuth
 * callback is a top-level navigation from Atlassian and must carry the session) and `Secure`
 * when `secure` is set (a public https URL). Every POST/PUT/PATCH/DELETE without a bearer token
 * must carry the session's CSRF token in `x-csrf-token`, sign-in and sign-up included.
 * `maxAgeSeconds` (default 14 days) is both the cookie's expiry and the absolute lifetime of a
 * signed-in session from sign-in.
 */
export async function registerSessions(
  app: FastifyInstance,
  options: { keys: Buffer[]; secure: boolean; maxAgeSeconds?: number },
): Promise<void> {
  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_SESSION_LIFETIME_MS / 1000;
  app.decorate('projanSessionLifetimeMs', maxAgeSeconds * 1000);
  await app.register(fastifySecureSession, {
    key: options.keys,
    cookieName: SESSION_COOKIE,
    expiry: maxAgeSeconds,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secure,
    },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (request) => headerValue(request, CSRF_HEADER),
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!UNSAFE_METHODS.has(request.method) || bearerToken(request) !== undefined) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });
}

/**
 * The caller of a request. A bearer token wins over the cookie; a cookie whose session is not
 * live in the registry (signed out, signed out everywhere, expired) is refused and cleared.
 *
 * @throws HttpProblem `not_signed_in`; AccountError `invalid_token`.
 */
export async function requireUser(request: FastifyRequest, accounts: Accounts): Promise<Principal> {
  const token = bearerToken(request);
  if (token !== undefined) {
    const record = await accounts.apiTokens.authenticate(token);
    const user = await accounts.users.get(record.userId);
    if (!user) throw new AccountError('invalid_token', 'This API token is no longer valid.');
    return { user, via: 'token', tokenWorkspaceId: record.workspaceId };
  }
  const userId = request.session.get('userId');
  if (userId === undefined) throw notSignedIn();
  const sid = request.session.get('sid');
  const live = sid === undefined ? undefined : await accounts.sessions.find(sid, userId);
  const user = live === undefined ? undefined : await accounts.users.get(userId);
  if (!user || user.sessionVersion !== request.session.get('sessionVersion')) {
    request.session.delete();
    throw notSignedIn();
  }
  return { user, via: 'session', tokenWorkspaceId: null };
}

/**
 * Checks that the principal may act in the workspace at all: an API token limited to another
 * workspace is answered like a non-member (404). Role checks are the core's.
 */
export function assertTokenScope(principal: Principal, workspaceId: string): void {
  if (principal.tokenWorkspaceId !== null && principal.tokenWorkspaceId !== workspaceId) {
    throw new AccountError(
      'not_a_member',
      'This workspace does not exist, or you are not a member of it.',
    );
  }
}

/**
 * Starts a fresh session for a user: ends the browser's previous session, if any, registers a
 * new one and replaces the cookie's whole content, so a session id planted before sign-in is
 * worthless.
 */
export async function startSession(
  request: FastifyRequest,
  accounts: Accounts,
  user: User,
): Promise<void> {
  const previous = request.session.get('sid');
  if (previous !== undefined) await accounts.sessions.end(previous);
  const { id } = await accounts.sessions.start(user.id, {
    lifetimeMs: request.server.projanSessionLifetimeMs,
  });
  request.session.regenerate();
  request.session.set('userId', user.id);
  request.session.set('sessionVersion', user.sessionVersion);
  request.session.set('sid', id);
}

/**
 * Ends the request's session, if any: deletes its registry row (so saved copies of the cookie
 * stop working) and clears the cookie.
 */
export async function endSession(request: FastifyRequest, accounts: Accounts): Promise<void> {
  const sid = request.session.get('sid');
  if (sid !== undefined) await accounts.sessions.end(sid);
  request.session.delete();
}

/** The session's OAuth binding id, created when missing. */
export function sessionId(request: FastifyRequest): string {
  let sid = request.session.get('sid');
  if (sid === undefined) {
    sid = randomBytes(18).toString('base64url');
    request.session.set('sid', sid);
  }
  return sid;
}

/** A CSRF token for the current session (creates the session's secret when needed). */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}

/** The API token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
