import type { AccountFixture, JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import type { ProjectFixture } from './fixture-types.ts';
import { userJson } from './render.ts';
import { errorReply, intParam, issueNotFound, ok, projectNotFound } from './replies.ts';
import { route } from './routes.ts';

function matches(account: AccountFixture, query: string): boolean {
  const q = query.toLowerCase();
  const words = account.displayName.toLowerCase().split(/\s+/);
  if (account.displayName.toLowerCase().startsWith(q) || words.some((w) => w.startsWith(q))) {
    return true;
  }
  return account.emailVisible !== false && account.email.toLowerCase().startsWith(q);
}

function whereTo(ctx: Ctx): ProjectFixture | JiraReply {
  const q = ctx.call.query;
  const project = q.get('project');
  if (project) {
    // The project parameter is case sensitive, unlike most key lookups.
    const found = ctx.state.fx.projects.find((p) => p.key === project || p.id === project);
    return found && ctx.state.canView(found, ctx.me) ? found : projectNotFound(project);
  }
  const issueRef = q.get('issueKey') ?? q.get('issueId');
  if (issueRef) {
    const issue = ctx.state.visibleIssue(issueRef, ctx.me);
    return issue ? ctx.state.projectById(issue.projectId) : issueNotFound();
  }
  return errorReply(400, [
    'At least one of the parameters issueKey, issueId or project is required.',
  ]);
}

/**
 * `GET /user/assignable/search` (facts §2.13): a plain array. Jira takes the window
 * `startAt..startAt+maxResults` of all users first and filters it afterwards, so pages come
 * back short even when more assignable users exist; callers must page until an empty page.
 */
export function assignableSearch(ctx: Ctx): JiraReply {
  const q = ctx.call.query;
  const query = q.get('query');
  const accountId = q.get('accountId');
  // TODO: Jira's exact 400 texts of assignable-user search are unrecorded; these are ours.
  if (query !== null && accountId !== null) {
    return errorReply(400, ['The query and accountId parameters cannot be used together.']);
  }
  if (query === null && accountId === null) {
    return errorReply(400, ['The query or accountId parameter is required.']);
  }
  const project = whereTo(ctx);
  if ('status' in project) return project;

  const startAt = Math.max(0, intParam(q, 'startAt', 0));
  const maxResults = Math.max(0, Math.min(1000, intParam(q, 'maxResults', 50)));
  const everyone = [...ctx.state.accounts].sort((a, b) =>
    a.displayName.localeCompare(b.displayName),
  );
  const page = everyone
    .slice(startAt, Math.min(startAt + maxResults, 1000))
    .filter((a) => a.active !== false && ctx.state.has(project, a.accountId, 'ASSIGNABLE_USER'))
    .filter((a) => (accountId !== null ? a.accountId === accountId : matches(a, query ?? '')));
  return ok(
    page.map((a) => userJson(ctx, a)),
    0,
    page.length,
  );
}

/** Routes of user search. */
export const USER_ROUTES = [route('GET', '/user/assignable/search', assignableSearch)];
