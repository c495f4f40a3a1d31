/**
 * Projan's Jira Cloud REST v3 client (a leaf: it imports nothing else of Projan). Start with
 * `createJiraClient`; every failure is a `JiraApiError` with a stable `code`.
 */

export * from './adf/index.ts';
export { BULK_CREATE_MAX } from './calls/bulk.ts';
export type { NewIssueLink } from './calls/links.ts';
export type { ProjectAction } from './calls/projects.ts';
export type { JqlSearch } from './calls/search.ts';
export { createJiraClient, type JiraClient } from './client.ts';
export {
  isJiraApiError,
  JiraApiError,
  type JiraErrorCode,
  type RateLimitHeaders,
} from './errors.ts';
export type { JiraClientEvent, JiraClientOptions, JiraClock, JiraLogger } from './options.ts';
export { type PauseScope, type PolicyRule, RETRY_POLICY } from './policy.ts';
export type { HttpMethod, JiraRequest, JiraResponse, JiraTransport } from './transport.ts';
export type * from './types.ts';
