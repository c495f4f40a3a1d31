import type { HttpMethod, JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import { createMetaFields, createMetaTypes } from './createmeta.ts';
import { postBulk, postIssue } from './issue-create.ts';
import { deleteIssue, getEditMeta, getIssue, putIssue } from './issue-edit.ts';
import { properties } from './issue-properties.ts';
import {
  fields,
  issueTypes,
  linkTypes,
  myself,
  priorities,
  removedSearch,
  searchPriorities,
  serverInfo,
  statuses,
  statusesSearch,
} from './meta.ts';
import { myPermissions } from './permissions.ts';
import {
  getProject,
  projectHierarchy,
  projectIssueTypes,
  projectStatuses,
  searchProjects,
} from './projects.ts';

type Handler = (ctx: Ctx, ...params: string[]) => JiraReply;

/** One REST operation: method, a path pattern below `/rest/api/3`, and its handler. */
export interface Route {
  method: HttpMethod;
  pattern: RegExp;
  handler: Handler;
}

const SEG = '([^/]+)';

function route(method: HttpMethod, path: string, handler: Handler): Route {
  return { method, pattern: new RegExp(`^${path.replaceAll('{}', SEG)}/?$`), handler };
}

/** Routes known before any handler module registers more (see `site.ts`). */
export const BASE_ROUTES: Route[] = [
  route('GET', '/serverInfo', serverInfo),
  route('GET', '/myself', myself),
  route('GET', '/field', fields),
  route('GET', '/priority', priorities),
  route('GET', '/priority/search', searchPriorities),
  route('GET', '/status', statuses),
  route('GET', '/statuses/search', statusesSearch),
  route('GET', '/issueLinkType', linkTypes),
  route('GET', '/issuetype', issueTypes),
  route('GET', '/issuetype/project', projectIssueTypes),
  route('GET', '/mypermissions', myPermissions),
  route('GET', '/project/search', searchProjects),
  route('GET', '/project/{}', getProject),
  route('GET', '/project/{}/hierarchy', projectHierarchy),
  route('GET', '/project/{}/statuses', projectStatuses),
  route('GET', '/issue/createmeta/{}/issuetypes', createMetaTypes),
  route('GET', '/issue/createmeta/{}/issuetypes/{}', createMetaFields),
  route('POST', '/issue', postIssue),
  route('POST', '/issue/bulk', postBulk),
  route('GET', '/issue/{}', getIssue),
  route('PUT', '/issue/{}', putIssue),
  route('DELETE', '/issue/{}', deleteIssue),
  route('GET', '/issue/{}/editmeta', getEditMeta),
  route('GET', '/issue/{}/properties', (ctx, k) => properties(ctx, k ?? '', undefined)),
  route('GET', '/issue/{}/properties/{}', properties),
  route('PUT', '/issue/{}/properties/{}', properties),
  route('DELETE', '/issue/{}/properties/{}', properties),
  route('GET', '/search', removedSearch),
  route('POST', '/search', removedSearch),
];

/** Builds a route from a `{}`-templated path; exported for the modules that add routes. */
export { route };

/** Decodes a path segment; a malformed escape stays as written and so matches nothing. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Finds the route for a call: the handler and its decoded path parameters. */
export function match(
  routes: readonly Route[],
  method: HttpMethod,
  path: string,
): { handler: Handler; params: string[] } | 'method' | undefined {
  let pathKnown = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (r.method === method) {
      return { handler: r.handler, params: m.slice(1).map(decodeSegment) };
    }
  }
  return pathKnown ? 'method' : undefined;
}
