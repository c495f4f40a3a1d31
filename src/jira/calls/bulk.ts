/**
 * Bulk create (`POST /issue/bulk`, at most 50 issues a request).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post
 *
 * Jira answers 201 when any element was created and 400 when none was; `issues[]` lists only the
 * created ones in request order and `errors[].failedElementNumber` names the refused ones, so
 * successes are mapped by walking the request indexes and skipping the failed ones. When the
 * counts do not add up the mapping is not trusted and those elements are reported `unknown`.
 */
import { z } from 'zod';
import { isJiraApiError, JiraApiError } from '../errors.ts';
import type { JiraTransport } from '../transport.ts';
import type { BulkCreateOutcome, NewIssue } from '../types.ts';
import { newIssueBody } from './issues.ts';
import { issueRefSchema } from './parse.ts';

/** Jira's documented maximum per bulk request. */
export const BULK_CREATE_MAX = 50;

const elementErrorSchema = z.looseObject({
  status: z.number().optional(),
  failedElementNumber: z.number(),
  elementErrors: z
    .looseObject({
      errorMessages: z.array(z.string()).default([]),
      errors: z.record(z.string(), z.string()).default({}),
    })
    .default({ errorMessages: [], errors: {} }),
});

const bulkSchema = z.looseObject({
  issues: z.array(issueRefSchema).default([]),
  errors: z.array(elementErrorSchema).default([]),
});

/** Bulk create bound to a transport. */
export function bulkCalls(t: JiraTransport) {
  return {
    /**
     * Creates `issues` in chunks of at most 50 and returns one outcome per input index, in
     * order. A chunk that fails as a whole gives every element of it `failed` (surely not
     * created) or `unknown` (`outcome_unknown`: reconcile before creating again). Chunks run one
     * after the other; a failed chunk does not stop the next.
     */
    async createIssues(issues: readonly NewIssue[]): Promise<BulkCreateOutcome[]> {
      const outcomes: BulkCreateOutcome[] = [];
      for (let start = 0; start < issues.length; start += BULK_CREATE_MAX) {
        const chunk = issues.slice(start, start + BULK_CREATE_MAX);
        outcomes.push(...(await createChunk(t, chunk, start)));
      }
      return outcomes;
    },
  };
}

async function createChunk(
  t: JiraTransport,
  chunk: readonly NewIssue[],
  offset: number,
): Promise<BulkCreateOutcome[]> {
  const indexes = chunk.map((_, i) => offset + i);
  try {
    const res = await t.send({
      method: 'POST',
      path: '/issue/bulk',
      body: { issueUpdates: chunk.map(newIssueBody) },
      passStatuses: [400],
    });
    return mapChunk(res.body, res.status, chunk.length, offset);
  } catch (err) {
    if (!(err instanceof JiraApiError)) throw err;
    const kind = isJiraApiError(err, 'outcome_unknown') ? 'unknown' : 'failed';
    return indexes.map((index) => ({ index, status: kind, error: err }));
  }
}

/**
 * Maps a bulk response body (201 or 400) to per-index outcomes. Exported for tests of odd bodies.
 */
export function mapChunk(
  body: unknown,
  status: number,
  size: number,
  offset: number,
): BulkCreateOutcome[] {
  const succeeded = status >= 200 && status < 300;
  const parsed = bulkSchema.safeParse(body);
  const data = parsed.success ? parsed.data : { issues: [], errors: [] };
  const failed = new Map(data.errors.map((e) => [e.failedElementNumber, e]));
  const created = data.issues;
  const expected = size - [...failed.keys()].filter((n) => n >= 0 && n < size).length;
  const trusted = parsed.success && created.length === expected;
  const whole = wholeChunkError(body, status, succeeded, trusted);

  const out: BulkCreateOutcome[] = [];
  let next = 0;
  for (let i = 0; i < size; i += 1) {
    const index = offset + i;
    const failure = failed.get(i);
    if (failure) {
      const { errorMessages, errors } = failure.elementErrors;
      const httpStatus = failure.status ?? 400;
      out.push({ index, status: 'rejected', httpStatus, errorMessages, fieldErrors: errors });
      continue;
    }
    const issue = succeeded ? created[next] : undefined;
    next += 1;
    if (trusted && issue) {
      out.push({ index, status: 'created', issue: { id: issue.id, key: issue.key } });
    } else {
      out.push({ index, status: succeeded ? 'unknown' : 'failed', error: whole });
    }
  }
  return out;
}

/** The error given to elements Jira did not answer for individually. */
function wholeChunkError(body: unknown, status: number, succeeded: boolean, trusted: boolean) {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errorMessages = Array.isArray(b.errorMessages)
    ? b.errorMessages.filter((m): m is string => typeof m === 'string')
    : [];
  const fieldErrors =
    typeof b.errors === 'object' && b.errors !== null && !Array.isArray(b.errors)
      ? (b.errors as Record<string, string>)
      : {};
  if (succeeded && !trusted) {
    errorMessages.push('The bulk response could not be matched to the request elements.');
  }
  return new JiraApiError({
    code: succeeded ? 'outcome_unknown' : 'bad_request',
    method: 'POST',
    path: '/rest/api/3/issue/bulk',
    status,
    errorMessages,
    fieldErrors,
  });
}
