/** Sign-up, sign-in, sign-out and the current user: `/api/auth/*`. */
import { z } from 'zod';
import type { Accounts, User } from '../../accounts/index.ts';
import {
  canExport,
  canManageConnection,
  canManageMembers,
  canReadAudit,
  type WorkspaceAccess,
} from '../../accounts/index.ts';
import type { App, RouteContext } from '../context.ts';
import { csrfToken, endSession, requireUser, startSession } from '../session.ts';

/** Limits of the sign-in and sign-up routes, per client address. */
export interface AuthRateLimit {
  max: number;
  timeWindowMs: number;
}

/** A user as the API shows them. */
export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    individualWorkspaceId: user.individualWorkspaceId,
    createdAt: user.createdAt,
  };
}

/** A workspace with the caller's role and what that role allows. */
export function workspaceView(access: WorkspaceAccess) {
  return {
    ...access.workspace,
    role: access.role,
    permissions: {
      manageConnection: canManageConnection(access),
      export: canExport(access),
      manageMembers: canManageMembers(access),
      readAudit: canReadAudit(access),
    },
  };
}

async function accountBody(accounts: Accounts, user: User) {
  const workspaces = await accounts.workspaces.listWorkspaces(user.id);
  return { user: userView(user), workspaces: workspaces.map(workspaceView) };
}

const credentials = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/** Registers the auth routes. */
export function registerAuthRoutes(app: App, ctx: RouteContext, limit: AuthRateLimit): void {
  const rateLimit = { max: limit.max, timeWindow: limit.timeWindowMs };
  const { accounts } = ctx;

  app.post(
    '/api/auth/signup',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create an account (and its individual workspace) and sign in',
        body: credentials.extend({ displayName: z.string().min(1).max(100) }),
      },
    },
    async (request, reply) => {
      const user = await accounts.users.signUp(request.body);
      await startSession(request, accounts, user);
      const body = await accountBody(accounts, user);
      return reply.status(201).send({ ...body, csrfToken: csrfToken(reply) });
    },
  );

  app.post(
    '/api/auth/signin',
    {
      config: { rateLimit },
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: credentials },
    },
    async (request, reply) => {
      const user = await accounts.users.signIn({ ...request.body, ip: request.ip });
      await startSession(request, accounts, user);
      const body = await accountBody(accounts, user);
      return { ...body, csrfToken: csrfToken(reply) };
    },
  );

  app.post(
    '/api/auth/signout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: end this session, or with `everywhere` every session of the user',
        body: z.object({ everywhere: z.boolean().optional() }).nullish(),
      },
    },
    async (request, reply) => {
      if (request.body?.everywhere) {
        const principal = await requireUser(request, accounts);
        await accounts.users.signOutEverywhere(principal.user.id);
      }
      await endSession(request, accounts);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user, their workspaces and a CSRF token' },
    },
    async (request, reply) => {
      const principal = await requireUser(request, accounts);
      const body = await accountBody(accounts, principal.user);
      const workspaces =
        principal.tokenWorkspaceId === null
          ? body.workspaces
          : body.workspaces.filter((w) => w.id === principal.tokenWorkspaceId);
      return {
        ...body,
        workspaces,
        via: principal.via,
        csrfToken: principal.via === 'session' ? csrfToken(reply) : null,
      };
    },
  );

  app.get(
    '/api/auth/csrf',
    { schema: { tags: ['auth'], summary: 'A CSRF token for this browser session' } },
    async (_request, reply) => ({ csrfToken: csrfToken(reply) }),
  );
}
