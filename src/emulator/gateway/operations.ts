import type { HttpMethod } from '../contract.ts';
import { OPERATION_SCOPES, type OperationScopes } from './operation-scopes.ts';

/** POSTs that read: Atlassian charges them like reads (points per object), not as writes. */
const READING_POSTS = new Set([
  '/rest/api/3/search/jql',
  '/rest/api/3/search',
  '/rest/api/3/issue/bulkfetch',
  '/rest/api/3/search/approximate-count',
]);

/** Endpoints with their own burst rate (RATE-DOC, "Burst rate limits"). */
const CUSTOM_BURST: Record<string, number> = {
  'GET /rest/api/3/issue/{issueIdOrKey}': 150,
  'POST /rest/api/3/search/approximate-count': 150,
};

const compiled = OPERATION_SCOPES.map((op) => ({
  op,
  segments: op.path.split('/'),
  literals: op.path.split('/').filter((s) => !s.startsWith('{')).length,
}));

/**
 * Finds the served operation for a method and a path starting at `/rest/api/3`. Literal
 * segments win over parameters, so `/issue/bulk` is not read as `/issue/{issueIdOrKey}`.
 */
export function matchOperation(method: string, path: string): OperationScopes | undefined {
  const segments = path.split('/');
  let best: (typeof compiled)[number] | undefined;
  for (const candidate of compiled) {
    if (candidate.op.method !== method || candidate.segments.length !== segments.length) continue;
    const fits = candidate.segments.every((s, i) => s.startsWith('{') || s === segments[i]);
    if (fits && (!best || candidate.literals > best.literals)) best = candidate;
  }
  return best?.op;
}

/** Whether the call is a write for the points model: POST, PUT and DELETE, except reading POSTs. */
export function isWrite(method: HttpMethod, template: string | undefined): boolean {
  if (method === 'GET') return false;
  return !(method === 'POST' && template !== undefined && READING_POSTS.has(template));
}

/** The operation's own steady burst rate, if Atlassian documents one. */
export function customBurstRate(method: string, template: string | undefined): number | undefined {
  return template === undefined ? undefined : CUSTOM_BURST[`${method} ${template}`];
}
