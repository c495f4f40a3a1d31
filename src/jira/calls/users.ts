/**
 * Assignable-user search. Jira takes the users in `startAt..startAt+maxResults` (up to the
 * thousandth) and returns only the assignable ones, so a page is often short: paging stops at an
 * empty page, never at a short one. The endpoint shares a tenant-wide user-search limit and
 * answers 429 with Retry-After, which the transport's policy table honours.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-assignable-search-get
 */
import { z } from 'zod';
import type { JiraTransport } from '../transport.ts';
import type { JiraAccount } from '../types.ts';
import { parseBody } from './parse.ts';
import { stripUndefined } from './site.ts';

const userSchema = z.object({
  accountId: z.string(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  active: z.boolean().optional(),
  timeZone: z.string().optional(),
});

/** Jira looks at no more than this many users. */
const USER_WINDOW = 1000;

/** User calls bound to a transport. */
export function userCalls(t: JiraTransport) {
  return {
    /**
     * Users assignable in `project` (key or id) whose name or email starts with `query`. Pass
     * `{accountId}` to check one account instead. Returns them in Jira's order, without
     * duplicates.
     */
    async findAssignableUsers(
      project: string,
      query: string | { accountId: string },
      pageSize = 50,
    ): Promise<JiraAccount[]> {
      const out = new Map<string, JiraAccount>();
      const match = typeof query === 'string' ? { query } : { accountId: query.accountId };
      for (let startAt = 0; startAt < USER_WINDOW; startAt += pageSize) {
        const res = await t.send({
          method: 'GET',
          path: '/user/assignable/search',
          query: { project, ...match, startAt, maxResults: pageSize },
        });
        const users = parseBody(z.array(userSchema), res.body, 'GET', '/user/assignable/search');
        if (users.length === 0) break;
        for (const u of users) if (!out.has(u.accountId)) out.set(u.accountId, stripUndefined(u));
      }
      return [...out.values()];
    },
  };
}
