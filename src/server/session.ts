/**
 * Who is asking: a browser session (an encrypted `@fastify/secure-session` cookie, with CSRF
 * tokens on every state-changing request) or an API token (`Authorization: Bearer pjn_…`, for
 * the CLI and HTTP clients, no CSRF: a browser never adds that header by itself).
 */
import { randomBytes } from 'node:crypto';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySecureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts, User } from '../accounts/index.ts';
import { AccountError } from '../accounts/index.ts';
import { notSignedIn } from './errors.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    userId: string;
    sessionVersion: number;
    /** Random id binding OAuth states to this browser session. */
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

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Registers sessions and CSRF protection. Cookies are httpOnly, `SameSite=Lax` (the OAuth
 * callback is a top-level navigation from Atlassian and must carry the session) and `Secure`
 * when `secure` is set (a public https URL). Every POST/PUT/PATCH/DELETE without a bearer token
 * must carry the session's CSRF token in `x-csrf-token`, sign-in and sign-up included.
 */
export async function registerSessions(
  app: FastifyInstance,
  options: { keys: Buffer[]; secure: boolean; maxAgeSeconds?: number },
): Promise<void> {
  await app.register(fastifySecureSession, {
    key: options.keys,
    cookieName: SESSION_COOKIE,
    expiry: options.maxAgeSeconds ?? 14 * 24 * 3600,
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
 * The caller of a request. A bearer token wins over the cookie; a session whose user signed out
 * everywhere since is refused.
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
  const user = await accounts.users.get(userId);
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

/** Starts a fresh session for a user (a new cookie, so a planted session id is worthless). */
export function startSession(request: FastifyRequest, user: User): void {
  request.session.regenerate();
  request.session.set('userId', user.id);
  request.session.set('sessionVersion', user.sessionVersion);
  request.session.set('sid', randomBytes(18).toString('base64url'));
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
