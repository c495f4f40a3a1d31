/**
 * `createJiraClient`: the typed Jira Cloud REST v3 calls an exporter needs, over one transport
 * (one site, one token supplier, one set of rate-limit gates and one concurrency bound).
 */
import { bulkCalls } from './calls/bulk.ts';
import { issueCalls } from './calls/issues.ts';
import { linkCalls } from './calls/links.ts';
import { projectCalls } from './calls/projects.ts';
import { searchCalls } from './calls/search.ts';
import { siteCalls } from './calls/site.ts';
import { userCalls } from './calls/users.ts';
import type { JiraClientOptions } from './options.ts';
import { createTransport, type JiraTransport } from './transport.ts';

/** Every typed call, plus the transport for anything not covered yet. */
export type JiraClient = ReturnType<typeof siteCalls> &
  ReturnType<typeof projectCalls> &
  ReturnType<typeof issueCalls> &
  ReturnType<typeof bulkCalls> &
  ReturnType<typeof linkCalls> &
  ReturnType<typeof searchCalls> &
  ReturnType<typeof userCalls> & { transport: JiraTransport };

/**
 * Creates a client for one site. Requests go to
 * `${apiBaseUrl}/ex/jira/${cloudId}/rest/api/3`; every failure is a `JiraApiError`.
 */
export function createJiraClient(options: JiraClientOptions): JiraClient {
  const transport = createTransport(options);
  return {
    ...siteCalls(transport),
    ...projectCalls(transport),
    ...issueCalls(transport),
    ...bulkCalls(transport),
    ...linkCalls(transport),
    ...searchCalls(transport),
    ...userCalls(transport),
    transport,
  };
}
