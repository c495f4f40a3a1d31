/**
 * Enhanced JQL search (`/search/jql`, paged by `nextPageToken`, no `total`) and bulk fetch.
 * Search is eventually consistent: name freshly created issues in `reconcileIssueIds` to see
 * them at once. The JQL must be bounded (e.g. `project = X AND creator = currentUser()`).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 */
import { z } from 'zod';
import type { JiraTransport } from '../transport.ts';
import type { JiraIssue, JiraSearchHit } from '../types.ts';
import { toIssue } from './issues.ts';
import { idString, issueSchema, parseBody } from './parse.ts';

/** Options of `searchJql`. */
export interface JqlSearch {
  jql: string;
  /** Defaults to Jira's default, which is `id` only (no key either). */
  fields?: string[];
  /** Entity property keys to return per issue, at most 5. */
  properties?: string[];
  /** Issue ids (numbers) to read with strong consistency, at most 50. */
  reconcileIssueIds?: number[];
  /** Page size, 1 to 5000. Default 100. */
  pageSize?: number;
  /** POST (default, no URL length limit) or GET. Both are reads and retried as such. */
  method?: 'GET' | 'POST';
}

const hitSchema = z.looseObject({
  id: idString,
  key: z.string().optional(),
  fields: z.record(z.string(), z.unknown()).default({}),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const pageSchema = z.looseObject({
  issues: z.array(hitSchema).default([]),
  nextPageToken: z.string().optional(),
  isLast: z.boolean().optional(),
});

/** Search calls bound to a transport. */
export function searchCalls(t: JiraTransport) {
  return {
    /**
     * Yields every issue matching `jql`, fetching pages lazily until Jira stops sending a
     * `nextPageToken`. Throws RangeError for more than 5 properties or 50 reconcile ids.
     */
    searchJql(search: JqlSearch): AsyncIterable<JiraSearchHit> {
      if ((search.properties?.length ?? 0) > 5) throw new RangeError('at most 5 properties');
      if ((search.reconcileIssueIds?.length ?? 0) > 50) {
        throw new RangeError('at most 50 reconcileIssueIds');
      }
      return pages(t, search);
    },

    /**
     * `POST /issue/bulkfetch` in chunks of 100; issues the account cannot see are left out
     * (Jira reports them in `issueErrors`, returned as is).
     */
    async bulkFetch(
      idsOrKeys: readonly string[],
      opts: { fields?: string[]; properties?: string[] } = {},
    ): Promise<{ issues: JiraIssue[]; issueErrors: unknown[] }> {
      const schema = z.looseObject({
        issues: z.array(issueSchema).default([]),
        issueErrors: z.array(z.unknown()).default([]),
      });
      const issues: JiraIssue[] = [];
      const issueErrors: unknown[] = [];
      for (let start = 0; start < idsOrKeys.length; start += 100) {
        const res = await t.send({
          method: 'POST',
          path: '/issue/bulkfetch',
          idempotent: true,
          body: {
            issueIdsOrKeys: idsOrKeys.slice(start, start + 100),
            ...(opts.fields ? { fields: opts.fields } : {}),
            ...(opts.properties ? { properties: opts.properties } : {}),
          },
        });
        const body = parseBody(schema, res.body, 'POST', '/issue/bulkfetch');
        issues.push(...body.issues.map(toIssue));
        issueErrors.push(...body.issueErrors);
      }
      return { issues, issueErrors };
    },
  };
}

async function* pages(t: JiraTransport, search: JqlSearch): AsyncGenerator<JiraSearchHit> {
  const method = search.method ?? 'POST';
  let nextPageToken: string | undefined;
  do {
    const params = {
      jql: search.jql,
      maxResults: search.pageSize ?? 100,
      ...(search.fields ? { fields: search.fields } : {}),
      ...(search.properties ? { properties: search.properties } : {}),
      ...(search.reconcileIssueIds ? { reconcileIssues: search.reconcileIssueIds } : {}),
      ...(nextPageToken === undefined ? {} : { nextPageToken }),
    };
    const res =
      method === 'POST'
        ? await t.send({ method, path: '/search/jql', idempotent: true, body: params })
        : await t.send({ method, path: '/search/jql', query: toQuery(params) });
    const body = parseBody(pageSchema, res.body, method, '/search/jql');
    for (const hit of body.issues) {
      yield {
        id: hit.id,
        ...(hit.key === undefined ? {} : { key: hit.key }),
        fields: hit.fields,
        ...(hit.properties === undefined ? {} : { properties: hit.properties }),
      };
    }
    nextPageToken = body.isLast === true ? undefined : body.nextPageToken;
  } while (nextPageToken !== undefined);
}

function toQuery(params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
}
