import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import { propertyKeys } from './issue-edit.ts';
import { issueJson } from './issue-json.ts';
import { JqlError, type JqlQuery, parseJql } from './jql.ts';
import { compile, sorter } from './jql-eval.ts';
import { errorReply, isRecord, listParam, ok } from './replies.ts';
import { route } from './routes.ts';
import type { Issue } from './state.ts';

const UNBOUNDED =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

/** Largest `maxResults` the enhanced search accepts (facts §2.12). */
export const SEARCH_MAX_RESULTS = 5000;
/** Most issue ids `reconcileIssues` may name. */
export const RECONCILE_MAX = 50;
/** Page cap once fields beyond id and key are asked for. */
export const FIELDS_PAGE_MAX = 100;

interface SearchInput {
  jql: string;
  nextPageToken: string | undefined;
  maxResults: number;
  fields: string[];
  properties: string[];
  reconcile: string[];
}

function strings(v: unknown): string[] {
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return Array.isArray(v) ? v.map(String) : [];
}

function input(ctx: Ctx): SearchInput {
  const q = ctx.call.query;
  if (ctx.call.method === 'GET') {
    return {
      jql: q.get('jql') ?? '',
      nextPageToken: q.get('nextPageToken') ?? undefined,
      maxResults: q.has('maxResults') ? Number(q.get('maxResults')) : 50,
      fields: listParam(q, 'fields'),
      properties: listParam(q, 'properties'),
      reconcile: listParam(q, 'reconcileIssues'),
    };
  }
  const b = isRecord(ctx.call.body) ? ctx.call.body : {};
  return {
    jql: typeof b.jql === 'string' ? b.jql : '',
    nextPageToken: typeof b.nextPageToken === 'string' ? b.nextPageToken : undefined,
    maxResults: b.maxResults === undefined ? 50 : Number(b.maxResults),
    fields: strings(b.fields),
    properties: strings(b.properties),
    reconcile: strings(b.reconcileIssues),
  };
}

/** Runs bounded JQL over the issues the caller may browse; hidden-by-lag issues excluded. */
function run(ctx: Ctx, jql: string, reconcile: ReadonlySet<string>): Issue[] | JiraReply {
  let query: JqlQuery;
  let matches: Issue[];
  try {
    query = parseJql(jql);
    if (!query.where) return errorReply(400, [UNBOUNDED]);
    const predicate = compile(ctx, query.where);
    const delay = ctx.behaviour.searchConsistencyDelayMs;
    matches = [...ctx.state.issues.values()]
      .filter((i) => ctx.state.canBrowse(ctx.state.projectById(i.projectId), ctx.me))
      // Search is eventually consistent: new issues surface after the index catches up,
      // unless the caller names them in reconcileIssues.
      .filter((i) => delay <= 0 || ctx.call.now - i.created >= delay || reconcile.has(i.id))
      .filter(predicate)
      .sort(sorter(query));
  } catch (e) {
    if (e instanceof JqlError) return errorReply(400, [e.message]);
    throw e;
  }
  return matches;
}

function encodeToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: jql })).toString('base64url');
}

function decodeToken(token: string, jql: string): number | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      o?: unknown;
      q?: unknown;
    };
    return typeof t.o === 'number' && t.q === jql ? t.o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `GET|POST /search/jql` (facts §2.12): bounded JQL only, `nextPageToken` paging without
 * `total`, default fields `id` only, up to 5 properties, `reconcileIssues` for read-after-write.
 */
export function searchJql(ctx: Ctx): JiraReply {
  const p = input(ctx);
  if (!Number.isInteger(p.maxResults) || p.maxResults < 1 || p.maxResults > SEARCH_MAX_RESULTS) {
    return errorReply(400, ['The max results parameter has to be between 1 and 5,000.']);
  }
  if (p.reconcile.length > RECONCILE_MAX) {
    return errorReply(400, [`The reconcileIssues parameter accepts at most ${RECONCILE_MAX} ids.`]);
  }
  const keys = propertyKeys(p.properties);
  if (!Array.isArray(keys)) return keys;
  // TODO: Jira's text for an expired or foreign nextPageToken is unrecorded; this one is ours.
  const offset = p.nextPageToken === undefined ? 0 : decodeToken(p.nextPageToken, p.jql);
  if (offset === undefined)
    return errorReply(400, ['The provided next page token is invalid or expired.']);
  const matches = run(ctx, p.jql, new Set(p.reconcile));
  if (!Array.isArray(matches)) return matches;

  const fields = p.fields.length > 0 ? p.fields : ['id'];
  // Jira returns fewer issues per page when fields are asked for (facts §2.12); the cap of 100
  // is an inference that keeps clients honest about following nextPageToken.
  const idsOnly = fields.every((f) => f === 'id' || f === 'key');
  const size = idsOnly ? p.maxResults : Math.min(p.maxResults, FIELDS_PAGE_MAX);
  const page = matches.slice(offset, offset + size);
  const isLast = offset + page.length >= matches.length;
  return ok(
    {
      issues: page.map((i) => issueJson(ctx, i, fields, keys)),
      ...(isLast ? {} : { nextPageToken: encodeToken(offset + page.length, p.jql) }),
      isLast,
    },
    page.length,
  );
}

/** `POST /search/approximate-count`: `{count}` for bounded JQL. */
export function approximateCount(ctx: Ctx): JiraReply {
  const b = isRecord(ctx.call.body) ? ctx.call.body : {};
  const matches = run(ctx, typeof b.jql === 'string' ? b.jql : '', new Set());
  if (!Array.isArray(matches)) return matches;
  return ok({ count: matches.length }, 0);
}

/** `POST /issue/bulkfetch`: up to 100 ids or keys, ascending id; the unseen are left out. */
export function bulkFetch(ctx: Ctx): JiraReply {
  const b = isRecord(ctx.call.body) ? ctx.call.body : {};
  const refs = strings(b.issueIdsOrKeys);
  if (refs.length === 0) return errorReply(400, ['issueIdsOrKeys must not be empty.']);
  if (refs.length > 100) return errorReply(400, ['The number of issues must not exceed 100.']);
  const keys = propertyKeys(strings(b.properties));
  if (!Array.isArray(keys)) return keys;
  const fields = strings(b.fields);
  const found = new Map<string, Issue>();
  for (const ref of refs) {
    const issue = ctx.state.visibleIssue(ref, ctx.me);
    if (issue) found.set(issue.id, issue);
  }
  const issues = [...found.values()].sort((x, y) => Number(x.id) - Number(y.id));
  return ok(
    {
      issues: issues.map((i) =>
        issueJson(ctx, i, fields.length > 0 ? fields : ['*navigable'], keys),
      ),
      issueErrors: [],
    },
    issues.length,
  );
}

/** Routes of search. */
export const SEARCH_ROUTES = [
  route('GET', '/search/jql', searchJql),
  route('POST', '/search/jql', searchJql),
  route('POST', '/search/approximate-count', approximateCount),
  route('POST', '/issue/bulkfetch', bulkFetch),
];
