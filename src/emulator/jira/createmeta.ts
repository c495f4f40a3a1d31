import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import { errorReply, intParam, ok, projectNotFound } from './replies.ts';
import { createScreen, fieldMeta } from './screens.ts';

/** Jira's createmeta page-size limit (facts §2.5). */
export const CREATEMETA_MAX = 200;

function paging(ctx: Ctx): { startAt: number; maxResults: number } | JiraReply {
  const maxResults = intParam(ctx.call.query, 'maxResults', 50);
  if (maxResults > CREATEMETA_MAX) {
    return errorReply(400, [
      `Parameter 'maxResults' must not exceed the limit '${CREATEMETA_MAX}'`,
    ]);
  }
  return {
    startAt: Math.max(0, intParam(ctx.call.query, 'startAt', 0)),
    maxResults: Math.max(1, maxResults),
  };
}

/**
 * `GET /issue/createmeta/{p}/issuetypes`: the project's types, paged. Without Create issues the
 * page is empty (an inference: Jira lists only what the caller may create).
 */
export function createMetaTypes(ctx: Ctx, idOrKey: string): JiraReply {
  const project = ctx.state.visibleProject(idOrKey, ctx.me);
  if (!project) return projectNotFound(idOrKey);
  const page = paging(ctx);
  if ('status' in page) return page;
  const types = ctx.state.has(project, ctx.me, 'CREATE_ISSUES')
    ? ctx.state.projectTypes(project)
    : [];
  const slice = types.slice(page.startAt, page.startAt + page.maxResults);
  return ok(
    {
      issueTypes: slice.map((t) => ({
        self: `${ctx.api}/issuetype/${t.id}`,
        id: t.id,
        description: t.description ?? '',
        iconUrl: `${ctx.call.selfBase}/images/icons/issuetypes/${t.name.toLowerCase()}.png`,
        name: t.name,
        subtask: t.hierarchyLevel === -1,
        hierarchyLevel: t.hierarchyLevel,
      })),
      maxResults: page.maxResults,
      startAt: page.startAt,
      total: types.length,
    },
    slice.length,
  );
}

/** `GET /issue/createmeta/{p}/issuetypes/{id}`: the create screen's fields, paged. */
export function createMetaFields(ctx: Ctx, idOrKey: string, typeId: string): JiraReply {
  const project = ctx.state.visibleProject(idOrKey, ctx.me);
  if (!project) return projectNotFound(idOrKey);
  const page = paging(ctx);
  if ('status' in page) return page;
  const type = ctx.state.projectTypes(project).find((t) => t.id === typeId);
  if (!type) return errorReply(400, ['The issue type selected is invalid.']);
  const screen = ctx.state.has(project, ctx.me, 'CREATE_ISSUES')
    ? createScreen(ctx, project, type)
    : [];
  const slice = screen.slice(page.startAt, page.startAt + page.maxResults);
  return ok(
    {
      fields: slice.map((f) => fieldMeta(ctx, project, type, f)),
      maxResults: page.maxResults,
      startAt: page.startAt,
      total: screen.length,
    },
    slice.length,
  );
}
