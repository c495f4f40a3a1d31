/** Plans stored per workspace: upload (with validation), list, read, delete, assignee choices. */
import { z } from 'zod';
import type { App, RouteContext } from '../context.ts';
import { HttpProblem } from '../errors.ts';
import { planGraph } from '../plans/graph-view.ts';
import { readUploadedPlan } from '../plans/upload.ts';
import { assertTokenScope, requireUser } from '../session.ts';
import { planParams, workspaceParams } from './schemas.ts';

/** Largest plan text accepted (the plan format's 5 MB limit). */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;

/** 404 for a plan id the workspace does not hold. */
export function planNotFound(planId: string): HttpProblem {
  return new HttpProblem(
    404,
    'plan_not_found',
    `This workspace holds no plan with id ${JSON.stringify(planId)}.`,
    { guidance: ['Upload the plan first, or pick one from the plan list.'] },
  );
}

/** Registers the plan routes. */
export function registerPlanRoutes(app: App, ctx: RouteContext): void {
  const { accounts, plans } = ctx;

  const member = async (request: Parameters<typeof requireUser>[0], workspaceId: string) => {
    const principal = await requireUser(request, accounts);
    assertTokenScope(principal, workspaceId);
    await accounts.workspaces.requireExport(principal.user.id, workspaceId);
    return principal;
  };

  app.post(
    '/api/workspaces/:id/plans',
    {
      bodyLimit: MAX_PLAN_BYTES * 2,
      schema: {
        tags: ['plans'],
        summary:
          'Upload a plan (YAML, JSON, Markdown, Task Master, spec-kit); replaces the same plan id',
        params: workspaceParams,
        body: z.object({
          fileName: z.string().min(1).max(255),
          content: z.string(),
          format: z.enum(['projan', 'taskmaster', 'speckit', 'markdown']).optional(),
          tag: z.string().min(1).max(100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = await member(request, request.params.id);
      const { fileName, content, format, tag } = request.body;
      const result = readUploadedPlan(content, fileName, {
        ...(format === undefined ? {} : { format }),
        ...(tag === undefined ? {} : { tag }),
      });
      if (!result.plan) {
        const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
        throw new HttpProblem(
          422,
          'invalid_plan',
          `The plan has ${errors} error${errors === 1 ? '' : 's'}; fix ${errors === 1 ? 'it' : 'them'} and upload it again.`,
          {
            guidance: [
              'Each problem names the item, its path and the line and column in the file.',
            ],
            extra: { format: result.format, diagnostics: result.diagnostics },
          },
        );
      }
      const { stored, replaced } = await plans.save({
        workspaceId: request.params.id,
        userId: principal.user.id,
        plan: result.plan,
        sourceFormat: result.format,
        fileName,
      });
      const { plan: _content, ...summary } = stored;
      return reply
        .status(replaced ? 200 : 201)
        .send({ plan: summary, replaced, diagnostics: result.diagnostics });
    },
  );

  app.get(
    '/api/workspaces/:id/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Plans of a workspace, newest first',
        params: workspaceParams,
      },
    },
    async (request) => {
      await member(request, request.params.id);
      return { plans: await plans.list(request.params.id) };
    },
  );

  app.get(
    '/api/workspaces/:id/plans/:planId',
    {
      schema: {
        tags: ['plans'],
        summary: 'A plan: its item tree, dependency graph and remembered assignees',
        params: planParams,
      },
    },
    async (request) => {
      await member(request, request.params.id);
      const stored = await plans.get(request.params.id, request.params.planId);
      if (!stored) throw planNotFound(request.params.planId);
      const assignees = await plans.assignees(request.params.id, request.params.planId);
      return { ...stored, graph: planGraph(stored.plan), assignees };
    },
  );

  app.delete(
    '/api/workspaces/:id/plans/:planId',
    {
      schema: {
        tags: ['plans'],
        summary: 'Delete a plan (its export records stay)',
        params: planParams,
      },
    },
    async (request, reply) => {
      await member(request, request.params.id);
      const removed = await plans.remove(request.params.id, request.params.planId);
      if (!removed) throw planNotFound(request.params.planId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/workspaces/:id/plans/:planId/assignees',
    {
      schema: {
        tags: ['plans'],
        summary: 'Remembered assignee choices of a plan (reused by its next export)',
        params: planParams,
      },
    },
    async (request) => {
      await member(request, request.params.id);
      return { assignees: await plans.assignees(request.params.id, request.params.planId) };
    },
  );

  app.put(
    '/api/workspaces/:id/plans/:planId/assignees',
    {
      schema: {
        tags: ['plans'],
        summary:
          'Replace the remembered assignee choices (plan assignee or `item:<id>` -> Jira account id or null); an empty list forgets them',
        params: planParams,
        body: z.object({
          assignees: z
            .array(
              z.object({
                key: z.string().min(1).max(300),
                accountId: z.string().min(1).max(128).nullable(),
                displayName: z.string().max(255).nullable().optional(),
              }),
            )
            .max(1000),
        }),
      },
    },
    async (request) => {
      const principal = await member(request, request.params.id);
      const { id, planId } = request.params;
      if (!(await plans.get(id, planId))) throw planNotFound(planId);
      await plans.replaceAssignees(
        id,
        planId,
        principal.user.id,
        request.body.assignees.map((a) => ({ ...a, displayName: a.displayName ?? null })),
      );
      return { assignees: await plans.assignees(id, planId) };
    },
  );
}
