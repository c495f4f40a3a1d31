/**
 * Validation of the few response fields the exporter depends on (zod), so a surprising body
 * fails loudly as `invalid_response` instead of flowing on as `undefined`.
 */
import { z } from 'zod';
import { JiraApiError } from '../errors.ts';
import type { HttpMethod } from '../transport.ts';

/** Parses `body` with `schema` or throws `JiraApiError` code `invalid_response`. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  method: HttpMethod,
  path: string,
  status?: number,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new JiraApiError({
    code: 'invalid_response',
    method,
    path: `/rest/api/3${path}`,
    errorMessages: issues,
    ...(status === undefined ? {} : { status }),
  });
}

/** Jira sends ids as strings, but a few endpoints (hierarchy) send numbers. */
export const idString = z.union([z.string(), z.number()]).transform(String);

/** An issue in get, search and bulk fetch results. */
export const issueSchema = z.looseObject({
  id: idString,
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** `{id, key}` as create answers. */
export const issueRefSchema = z.looseObject({ id: idString, key: z.string() });

/** An issue type in its several listings. */
export const issueTypeSchema = z.looseObject({
  id: idString,
  name: z.string(),
  subtask: z.boolean().default(false),
  hierarchyLevel: z.number().optional(),
  description: z.string().optional(),
});

/** Fills in `hierarchyLevel` from `subtask` when Jira leaves it out. */
export function normaliseIssueType(t: z.output<typeof issueTypeSchema>) {
  return {
    id: t.id,
    name: t.name,
    subtask: t.subtask,
    hierarchyLevel: t.hierarchyLevel ?? (t.subtask ? -1 : 0),
    ...(t.description === undefined ? {} : { description: t.description }),
  };
}
