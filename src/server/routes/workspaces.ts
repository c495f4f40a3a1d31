/** Workspaces, teams, members, API tokens and the audit log. */
import { z } from 'zod';
import { AccountError, canReadAudit } from '../../accounts/index.ts';
import type { App, RouteContext } from '../context.ts';
import { assertTokenScope, requireUser } from '../session.ts';
import { workspaceView } from './auth.ts';
import { workspaceParams } from './schemas.ts';

const memberParams = z.object({
  id: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
});
const role = z.enum(['admin', 'member']);

/** Registers the workspace, team, member, token and audit routes. */
export function registerWorkspaceRoutes(app: App, ctx: RouteContext): void {
  const { accounts } = ctx;
  const { workspaces } = accounts;

  app.get(
    '/api/workspaces',
    { schema: { tags: ['workspaces'], summary: 'The workspaces of the caller with their role' } },
    async (request) => {
      const principal = await requireUser(request, accounts);
      const list = await workspaces.listWorkspaces(principal.user.id);
      return {
        workspaces: list
          .filter(
            (a) =>
              principal.tokenWorkspaceId === null || a.workspace.id === principal.tokenWorkspaceId,
          )
          .map(workspaceView),
      };
    },
  );

  app.post(
    '/api/teams',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Create a team workspace with the caller as its admin',
        body: z.object({ name: z.string().min(1).max(100) }),
      },
    },
    async (request, reply) => {
      const principal = await requireUser(request, accounts);
      const team = await workspaces.createTeam(principal.user.id, request.body.name);
      return reply.status(201).send({ workspace: { ...team, role: 'admin' as const } });
    },
  );

  app.get(
    '/api/workspaces/:id/members',
    {
      schema: { tags: ['workspaces'], summary: 'Members of a workspace', params: workspaceParams },
    },
    async (request) => {
      const principal = await requireUser(request, accounts);
      assertTokenScope(principal, request.params.id);
      return { members: await workspaces.listMembers(principal.user.id, request.params.id) };
    },
  );

  app.post(
    '/api/workspaces/:id/members',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Add an existing user to a team by email (team admins)',
        params: workspaceParams,
        body: z.object({ email: z.string().min(1).max(320), role: role.optional() }),
      },
    },
    async (request, reply) => {
      const principal = await requireUser(request, accounts);
      assertTokenScope(principal, request.params.id);
      const { email, role: chosen } = request.body;
      const member = await workspaces.addMember(
        principal.user.id,
        request.params.id,
        email,
        chosen,
      );
      return reply.status(201).send({ member });
    },
  );

  app.patch(
    '/api/workspaces/:id/members/:userId',
    {
      schema: {
        tags: ['workspaces'],
        summary: "Change a member's role (team admins)",
        params: memberParams,
        body: z.object({ role }),
      },
    },
    async (request, reply) => {
      const principal = await requireUser(request, accounts);
      assertTokenScope(principal, request.params.id);
      const { id, userId } = request.params;
      await workspaces.changeRole(principal.user.id, id, userId, request.body.role);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/workspaces/:id/members/:userId',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Remove a member (team admins), or leave the team (yourself)',
        params: memberParams,
      },
    },
    async (request, reply) => {
      const principal = await requireUser(request, accounts);
      assertTokenScope(principal, request.params.id);
      await workspaces.removeMember(principal.user.id, request.params.id, request.params.userId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/workspaces/:id/audit',
    {
      schema: {
        tags: ['workspaces'],
        summary: "The workspace's audit log, newest first (admins)",
        params: workspaceParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).optional(),
          before: z.string().max(100).optional(),
        }),
      },
    },
    async (request) => {
      const principal = await requireUser(request, accounts);
      assertTokenScope(principal, request.params.id);
      const access = await workspaces.access(principal.user.id, request.params.id);
      if (!canReadAudit(access)) {
        throw new AccountError(
          'forbidden',
          'Only an admin of this workspace can read its audit log.',
        );
      }
      const { limit, before } = request.query;
      const entries = await accounts.audit.list(request.params.id, {
        ...(limit === undefined ? {} : { limit }),
        ...(before === undefined ? {} : { before }),
      });
      return { entries };
    },
  );

  app.get(
    '/api/tokens',
    { schema: { tags: ['tokens'], summary: "The caller's API tokens (never the token itself)" } },
    async (request) => {
      const principal = await requireUser(request, accounts);
      return { tokens: await accounts.apiTokens.list(principal.user.id) };
    },
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is in this answer only',
        body: z.object({
          name: z.string().min(1).max(100),
          workspaceId: z.string().min(1).max(100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = await requireUser(request, accounts);
      const { name, workspaceId } = request.body;
      // A token limited to one workspace cannot mint a token reaching further.
      if (principal.tokenWorkspaceId !== null && workspaceId !== principal.tokenWorkspaceId) {
        throw new AccountError(
          'forbidden',
          'This API token is limited to one workspace; it can only create tokens limited to the same workspace.',
        );
      }
      const created = await accounts.apiTokens.create(principal.user.id, {
        name,
        ...(workspaceId === undefined ? {} : { workspaceId }),
      });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/tokens/:tokenId',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: z.object({ tokenId: z.string().min(1).max(100) }),
      },
    },
    async (request, reply) => {
      const principal = await requireUser(request, accounts);
      await accounts.apiTokens.revoke(principal.user.id, request.params.tokenId);
      return reply.status(204).send();
    },
  );
}
