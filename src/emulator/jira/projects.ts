import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import type { IssueTypeFixture, ProjectFixture, WorkflowFixture } from './fixture-types.ts';
import { issueTypeJson, projectJson, statusJson, userById } from './render.ts';
import { errorReply, intParam, listParam, ok, projectNotFound } from './replies.ts';

type Action = 'view' | 'browse' | 'edit' | 'create';

/** Whether the caller passes a project/search `action` filter (facts §2.2). */
function allowed(ctx: Ctx, p: ProjectFixture, action: Action): boolean {
  const s = ctx.state;
  if (action === 'browse') return s.has(p, ctx.me, 'BROWSE_PROJECTS');
  if (action === 'edit') return s.has(p, ctx.me, 'ADMINISTER_PROJECTS') || s.isAdmin(ctx.me);
  if (action === 'create') return s.has(p, ctx.me, 'CREATE_ISSUES');
  return s.canView(p, ctx.me);
}

function expanded(ctx: Ctx, p: ProjectFixture, expand: string[]): Record<string, unknown> {
  const out = projectJson(ctx, p);
  if (expand.includes('description')) out.description = p.description ?? '';
  if (expand.includes('lead')) out.lead = userById(ctx, p.lead);
  if (expand.includes('issueTypes')) {
    out.issueTypes = ctx.state.projectTypes(p).map((t) => issueTypeJson(ctx, t));
  }
  if (expand.includes('projectKeys')) out.projectKeys = [p.key];
  if (expand.includes('url')) out.url = '';
  return out;
}

const ORDERS: Record<string, (p: ProjectFixture) => string> = {
  key: (p) => p.key,
  name: (p) => p.name.toLowerCase(),
  owner: (p) => p.lead,
};

/** `GET /project/search`: PageBean with `nextPage`/`isLast`, `maxResults` capped at 100. */
export function searchProjects(ctx: Ctx): JiraReply {
  const q = ctx.call.query;
  const action = (q.get('action') ?? 'view') as Action;
  if (!['view', 'browse', 'edit', 'create'].includes(action)) {
    return errorReply(400, [`Invalid action: ${action}`]);
  }
  const startAt = Math.max(0, intParam(q, 'startAt', 0));
  const maxResults = Math.min(100, Math.max(1, intParam(q, 'maxResults', 50)));
  const text = (q.get('query') ?? '').toLowerCase();
  const keys = listParam(q, 'keys').map((k) => k.toUpperCase());
  const ids = listParam(q, 'id');
  const orderRaw = q.get('orderBy') ?? 'key';
  const desc = orderRaw.startsWith('-');
  const orderKey = ORDERS[orderRaw.replace(/^[+-]/, '')] ?? ORDERS.key;

  const matches = ctx.state.fx.projects
    .filter((p) => allowed(ctx, p, action))
    .filter(
      (p) => !text || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text),
    )
    .filter((p) => keys.length === 0 || keys.includes(p.key))
    .filter((p) => ids.length === 0 || ids.includes(p.id))
    .sort((a, b) => (orderKey?.(a) ?? '').localeCompare(orderKey?.(b) ?? '') * (desc ? -1 : 1));
  const page = matches.slice(startAt, startAt + maxResults);
  const expand = listParam(q, 'expand');
  const isLast = startAt + page.length >= matches.length;
  const link = (at: number): string =>
    `${ctx.api}/project/search?startAt=${at}&maxResults=${maxResults}`;
  return ok(
    {
      self: link(startAt),
      ...(isLast ? {} : { nextPage: link(startAt + maxResults) }),
      maxResults,
      startAt,
      total: matches.length,
      isLast,
      values: page.map((p) => expanded(ctx, p, expand)),
    },
    page.length,
  );
}

/** Levels of a project's scheme, as `issueTypeHierarchy` and `/hierarchy` show them. */
function levels(
  types: IssueTypeFixture[],
): { level: number; name: string; types: IssueTypeFixture[] }[] {
  const names: Record<number, string> = { 0: 'Base', 1: 'Epic', [-1]: 'Subtask' };
  return [0, 1, -1]
    .map((level) => ({
      level,
      name: names[level] ?? '',
      types: types.filter((t) => t.hierarchyLevel === level),
    }))
    .filter((l) => l.types.length > 0);
}

/** `GET /project/{idOrKey}`: issue types and lead always; `issueTypeHierarchy` on expand. */
export function getProject(ctx: Ctx, idOrKey: string): JiraReply {
  const project = ctx.state.visibleProject(idOrKey, ctx.me);
  if (!project) return projectNotFound(idOrKey);
  const expand = listParam(ctx.call.query, 'expand');
  const out = expanded(ctx, project, ['description', 'lead', 'issueTypes', ...expand]);
  out.assigneeType = 'UNASSIGNED';
  if (expand.includes('issueTypeHierarchy')) {
    out.issueTypeHierarchy = {
      levels: levels(ctx.state.projectTypes(project)).map((l) => ({
        id: l.level,
        name: l.name,
        level: l.level,
        issueTypeIds: l.types.map((t) => Number(t.id)),
        projectConfigurationId: Number(project.id),
      })),
    };
  }
  return ok(out, 1);
}

/** `GET /project/{id}/hierarchy`: ids are numbers here, unlike elsewhere (facts §2.4). */
export function projectHierarchy(ctx: Ctx, idOrKey: string): JiraReply {
  const project = ctx.state.visibleProject(idOrKey, ctx.me);
  if (!project) return projectNotFound(idOrKey);
  return ok(
    {
      projectId: Number(project.id),
      hierarchy: levels(ctx.state.projectTypes(project)).map((l) => ({
        entityId: `00000000-0000-4000-9000-${`${project.id}${l.level + 1}`.padStart(12, '0')}`,
        level: l.level,
        name: l.name,
        issueTypes: l.types.map((t) => ({ id: Number(t.id), name: t.name, avatarId: 10300 })),
      })),
    },
    1,
  );
}

/** Status ids a workflow can put an issue in. */
export function workflowStatuses(w: WorkflowFixture): string[] {
  const ids = [w.initialStatus];
  for (const t of w.transitions) ids.push(...(t.from ?? []), t.to);
  return [...new Set(ids)];
}

/** `GET /project/{k}/statuses`: statuses per issue type, non-admin safe (facts §2.15). */
export function projectStatuses(ctx: Ctx, idOrKey: string): JiraReply {
  const project = ctx.state.visibleProject(idOrKey, ctx.me);
  if (!project) return projectNotFound(idOrKey);
  const out = ctx.state.projectTypes(project).map((t) => ({
    self: `${ctx.api}/issuetype/${t.id}`,
    id: t.id,
    name: t.name,
    subtask: t.hierarchyLevel === -1,
    statuses: workflowStatuses(ctx.state.workflowFor(project, t.id)).flatMap((id) => {
      const s = ctx.state.fx.statuses.find((x) => x.id === id);
      return s ? [statusJson(ctx, s)] : [];
    }),
  }));
  return ok(out, out.length);
}

/** `GET /issuetype/project?projectId=&level=`: a plain array; 404 when not visible. */
export function projectIssueTypes(ctx: Ctx): JiraReply {
  const projectId = ctx.call.query.get('projectId');
  if (!projectId || !/^\d+$/.test(projectId)) {
    return errorReply(400, ['The projectId parameter is required and must be a number.']);
  }
  const project = ctx.state.visibleProject(projectId, ctx.me);
  if (!project) return projectNotFound(projectId);
  const level = ctx.call.query.get('level');
  const types = ctx.state
    .projectTypes(project)
    .filter((t) => level === null || String(t.hierarchyLevel) === level)
    .map((t) => issueTypeJson(ctx, t));
  return ok(types, types.length);
}
