/** Preflight, export runs, their items, history and live progress. */
import { z } from 'zod';
import { fromJiraError } from '../../connections/error-mapping.ts';
import type { ExportOptions } from '../../exports/index.ts';
import { JiraApiError } from '../../jira/errors.ts';
import type { App, RouteContext } from '../context.ts';
import type { AssigneeChoice } from '../plans/repository.ts';
import { assertTokenScope, requireUser } from '../session.ts';
import { streamExportEvents } from '../sse.ts';
import { planNotFound } from './plans.ts';
import {
  type exportOptionsSchema,
  exportRequestSchema,
  planParams,
  workspaceParams,
} from './schemas.ts';

const exportParams = z.object({ exportId: z.string().min(1).max(100) });

/** Registers the export routes. */
export function registerExportRoutes(app: App, ctx: RouteContext): void {
  const { accounts, exports, plans } = ctx;

  const planFor = async (
    request: Parameters<typeof requireUser>[0],
    params: { id: string; planId: string },
  ) => {
    const principal = await requireUser(request, accounts);
    assertTokenScope(principal, params.id);
    await accounts.workspaces.requireExport(principal.user.id, params.id);
    const stored = await plans.get(params.id, params.planId);
    if (!stored) throw planNotFound(params.planId);
    return { principal, stored };
  };

  // Remembered choices first, then this request's: the request wins and is remembered.
  const withAssignees = async (
    workspaceId: string,
    planId: string,
    options: z.infer<typeof exportOptionsSchema> | undefined,
  ): Promise<ExportOptions> => {
    const remembered = await plans.assignees(workspaceId, planId);
    const assignees: Record<string, string | null> = {};
    for (const choice of remembered) assignees[choice.key] = choice.accountId;
    Object.assign(assignees, options?.assignees ?? {});
    const result: ExportOptions = {};
    if (options?.typeOverrides) result.typeOverrides = options.typeOverrides;
    if (Object.keys(assignees).length > 0) result.assignees = assignees;
    return result;
  };

  // Preflight reports Jira failures that are not about the plan as JiraApiError; the catalogue
  // wording names the site, which only the connection knows.
  const withSite = async (error: unknown, workspaceId: string): Promise<unknown> => {
    if (!(error instanceof JiraApiError)) return error;
    const row = await ctx.db
      .selectFrom('connections')
      .select('site_url')
      .where('workspace_id', '=', workspaceId)
      .where('status', '<>', 'disconnected')
      .executeTakeFirst();
    return fromJiraError(error, row?.site_url ?? 'the connected Jira site');
  };

  app.post(
    '/api/workspaces/:id/plans/:planId/preflight',
    {
      schema: {
        tags: ['exports'],
        summary: 'Dry run of an export: what would be created, updated or unchanged; no writes',
        params: planParams,
        body: exportRequestSchema,
      },
    },
    async (request) => {
      const { principal, stored } = await planFor(request, request.params);
      const { id, planId } = request.params;
      try {
        return await exports.preflight({
          userId: principal.user.id,
          workspaceId: id,
          plan: stored.plan,
          projectKey: request.body.projectKey,
          options: await withAssignees(id, planId, request.body.options),
        });
      } catch (error) {
        throw await withSite(error, id);
      }
    },
  );

  app.post(
    '/api/workspaces/:id/plans/:planId/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'Start an export of the plan to a Jira project (runs in the background)',
        params: planParams,
        body: exportRequestSchema,
      },
    },
    async (request, reply) => {
      const { principal, stored } = await planFor(request, request.params);
      const { id, planId } = request.params;
      const given = request.body.options?.assignees ?? {};
      const choices: AssigneeChoice[] = Object.entries(given).map(([key, accountId]) => ({
        key,
        accountId,
        displayName: null,
      }));
      const options = await withAssignees(id, planId, request.body.options);
      const view = await exports.start({
        userId: principal.user.id,
        workspaceId: id,
        plan: stored.plan,
        projectKey: request.body.projectKey,
        options,
      });
      await plans.rememberAssignees(id, planId, principal.user.id, choices);
      return reply.status(202).send(view);
    },
  );

  app.get(
    '/api/workspaces/:id/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'Export history of a workspace (optionally of one plan), newest first',
        params: workspaceParams,
        querystring: z.object({ planId: z.string().min(1).max(200).optional() }),
      },
    },
    async (request) => {
      const principal = await requireUser(request, accounts);
      assertTokenScope(principal, request.params.id);
      return {
        exports: await exports.list(principal.user.id, request.params.id, request.query.planId),
      };
    },
  );

  const readView = async (request: Parameters<typeof requireUser>[0], exportId: string) => {
    const principal = await requireUser(request, accounts);
    const view = await exports.get(principal.user.id, exportId);
    assertTokenScope(principal, view.workspaceId);
    return { principal, view };
  };

  app.get(
    '/api/exports/:exportId',
    { schema: { tags: ['exports'], summary: 'One export run', params: exportParams } },
    async (request) => (await readView(request, request.params.exportId)).view,
  );

  app.get(
    '/api/exports/:exportId/items',
    {
      schema: {
        tags: ['exports'],
        summary: 'Items of a run: action, state, Jira key and browse URL, errors',
        params: exportParams,
      },
    },
    async (request) => {
      const { principal } = await readView(request, request.params.exportId);
      return { items: await exports.items(principal.user.id, request.params.exportId) };
    },
  );

  app.get(
    '/api/exports/:exportId/events',
    {
      schema: {
        tags: ['exports'],
        summary: 'Server-sent events: `progress` frames, then `finished` with the run',
        params: exportParams,
      },
    },
    async (request, reply) => {
      const { principal, view } = await readView(request, request.params.exportId);
      await streamExportEvents(request, reply, {
        view,
        userId: principal.user.id,
        exports,
        hub: ctx.hub,
        streams: ctx.streams,
        timing: { heartbeatMs: ctx.sseHeartbeatMs, pollMs: Math.max(1000, ctx.sseHeartbeatMs) },
      });
    },
  );
}
