import type { JiraReply } from '../contract.ts';
import { type Ctx, jiraTime } from './context.ts';
import { fieldJson } from './fields.ts';
import type { IssueTypeFixture } from './fixture-types.ts';
import { issueTypeJson, linkTypeJson, priorityJson, statusJson, userJson } from './render.ts';
import { errorReply, intParam, listParam, ok } from './replies.ts';

/** `GET /serverInfo`: `deploymentType` is always "Cloud" (facts §2.1). */
export function serverInfo(ctx: Ctx): JiraReply {
  return ok({
    baseUrl: ctx.call.selfBase,
    version: '1001.0.0-SNAPSHOT',
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100999,
    buildDate: '2026-11-30T00:00:00.000+0000',
    serverTime: jiraTime(ctx.call.now),
    scmInfo: 'emulator',
    serverTitle: ctx.state.fx.serverTitle,
  });
}

/** `GET /myself`: the caller as a User (facts §1.7). */
export function myself(ctx: Ctx): JiraReply {
  const account = ctx.state.account(ctx.me);
  if (!account) return errorReply(401, ['You are not authenticated.']);
  return ok(userJson(ctx, account), 0, 1);
}

/** `GET /field`: a plain array with both story-point fields (facts §2.16). */
export function fields(ctx: Ctx): JiraReply {
  return ok(ctx.fields.map(fieldJson), ctx.fields.length);
}

/** `GET /priority`: a plain array. */
export function priorities(ctx: Ctx): JiraReply {
  return ok(
    ctx.state.fx.priorities.map((p) => priorityJson(ctx, p)),
    ctx.state.fx.priorities.length,
  );
}

/** `GET /priority/search`: a PageBean of priorities, filtered by id, name or default. */
export function searchPriorities(ctx: Ctx): JiraReply {
  const q = ctx.call.query;
  const startAt = Math.max(0, intParam(q, 'startAt', 0));
  const maxResults = Math.max(1, intParam(q, 'maxResults', 50));
  const ids = listParam(q, 'id');
  const name = (q.get('priorityName') ?? '').toLowerCase();
  const all = ctx.state.fx.priorities
    .filter((p) => ids.length === 0 || ids.includes(p.id))
    .filter((p) => !name || p.name.toLowerCase().includes(name))
    .filter((p) => q.get('onlyDefault') !== 'true' || p.isDefault === true);
  const values = all.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= all.length;
  const link = (at: number) => `${ctx.api}/priority/search?startAt=${at}&maxResults=${maxResults}`;
  return ok(
    {
      self: link(startAt),
      ...(isLast ? {} : { nextPage: link(startAt + maxResults) }),
      maxResults,
      startAt,
      total: all.length,
      isLast,
      values: values.map((p) => priorityJson(ctx, p)),
    },
    values.length,
  );
}

/** `GET /status`: every status, as StatusDetails. */
export function statuses(ctx: Ctx): JiraReply {
  return ok(
    ctx.state.fx.statuses.map((s) => statusJson(ctx, s)),
    ctx.state.fx.statuses.length,
  );
}

/** `GET /statuses/search`: admin only (facts §2.15), PageBean of the new status form. */
export function statusesSearch(ctx: Ctx): JiraReply {
  const admin =
    ctx.state.isAdmin(ctx.me) ||
    ctx.state.fx.projects.some((p) => ctx.state.has(p, ctx.me, 'ADMINISTER_PROJECTS'));
  if (!admin) {
    return errorReply(401, [
      'You are not authorized to perform this action. Administrator privileges are required.',
    ]);
  }
  const startAt = Math.max(0, intParam(ctx.call.query, 'startAt', 0));
  const maxResults = Math.min(200, Math.max(1, intParam(ctx.call.query, 'maxResults', 200)));
  const all = ctx.state.fx.statuses.map((s) => ({
    id: s.id,
    name: s.name,
    statusCategory: s.category,
    scope: { type: 'GLOBAL' },
    description: s.description ?? '',
  }));
  const values = all.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= all.length;
  const self = `${ctx.api}/statuses/search?startAt=${startAt}&maxResults=${maxResults}`;
  return ok(
    {
      self,
      ...(isLast
        ? {}
        : {
            nextPage: `${ctx.api}/statuses/search?startAt=${startAt + maxResults}&maxResults=${maxResults}`,
          }),
      maxResults,
      startAt,
      total: all.length,
      isLast,
      values,
    },
    values.length,
  );
}

/** `GET /issueLinkType`. */
export function linkTypes(ctx: Ctx): JiraReply {
  const types = ctx.state.fx.linkTypes.map((t) => linkTypeJson(ctx, t));
  return ok({ issueLinkTypes: types }, types.length);
}

/** Issue types the caller can see: global ones and those of projects they can view. */
export function visibleTypes(ctx: Ctx): IssueTypeFixture[] {
  return ctx.state.fx.issueTypes.filter((t) => {
    if (!t.projectKey) return true;
    const project = ctx.state.project(t.projectKey);
    return project !== undefined && ctx.state.canView(project, ctx.me);
  });
}

/** `GET /issuetype`: a plain array. */
export function issueTypes(ctx: Ctx): JiraReply {
  const types = visibleTypes(ctx).map((t) => issueTypeJson(ctx, t));
  return ok(types, types.length);
}

/** `/search` (GET and POST) was removed: 410 with the CHANGE-2046 text (facts §2.12). */
export function removedSearch(): JiraReply {
  return errorReply(410, [
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  ]);
}
