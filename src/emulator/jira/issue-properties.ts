import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import { empty, errorReply, issueNotFound, ok } from './replies.ts';
import type { Issue } from './state.ts';

/** Longest property value, as JSON text, Jira accepts (facts §2.11). */
export const PROPERTY_VALUE_LIMIT = 32768;
/** Longest property key Jira accepts. */
export const PROPERTY_KEY_LIMIT = 255;

/** Why a property cannot be stored, or undefined when it can. */
// TODO: Jira's exact 400 texts for property key and value limits are unrecorded; these are ours.
export function checkProperty(key: unknown, value: unknown): string | undefined {
  if (typeof key !== 'string' || key === '') return 'The property key cannot be empty.';
  if (key.length > PROPERTY_KEY_LIMIT) {
    return `The property key cannot be longer than ${PROPERTY_KEY_LIMIT} characters.`;
  }
  if (value === undefined) return 'The property value cannot be empty.';
  if (JSON.stringify(value).length > PROPERTY_VALUE_LIMIT) {
    return `The property value cannot be longer than ${PROPERTY_VALUE_LIMIT} characters.`;
  }
  return undefined;
}

function canEdit(ctx: Ctx, issue: Issue): boolean {
  return ctx.state.has(ctx.state.projectById(issue.projectId), ctx.me, 'EDIT_ISSUES');
}

/** `GET /issue/{k}/properties`: the keys only. */
export function listProperties(ctx: Ctx, issue: Issue): JiraReply {
  const keys = [...issue.properties.keys()].map((key) => ({
    self: `${ctx.api}/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
    key,
  }));
  return ok({ keys }, 1);
}

/** `GET /issue/{k}/properties/{key}`: `{key,value}` or 404. */
export function getProperty(_ctx: Ctx, issue: Issue, key: string): JiraReply {
  if (!issue.properties.has(key)) {
    return errorReply(404, [`The property with key '${key}' does not exist.`]);
  }
  return ok({ key, value: issue.properties.get(key) }, 1);
}

/** `PUT /issue/{k}/properties/{key}`: 201 created, 200 updated; needs Edit issues (403). */
export function putProperty(ctx: Ctx, issue: Issue, key: string): JiraReply {
  if (!canEdit(ctx, issue)) {
    return errorReply(403, ['You do not have permission to edit this issue.']);
  }
  const problem = checkProperty(key, ctx.call.body);
  if (problem) return errorReply(400, [problem]);
  const existed = issue.properties.has(key);
  issue.properties.set(key, ctx.call.body);
  issue.updated = ctx.call.now;
  return empty(existed ? 200 : 201);
}

/** `DELETE /issue/{k}/properties/{key}`: 204, or 404 when absent. */
export function deleteProperty(ctx: Ctx, issue: Issue, key: string): JiraReply {
  if (!canEdit(ctx, issue)) {
    return errorReply(403, ['You do not have permission to edit this issue.']);
  }
  if (!issue.properties.delete(key)) {
    return errorReply(404, [`The property with key '${key}' does not exist.`]);
  }
  return empty(204);
}

/** Routes `/issue/{k}/properties[/{key}]` after resolving the issue. */
export function properties(ctx: Ctx, idOrKey: string, key: string | undefined): JiraReply {
  const issue = ctx.state.visibleIssue(idOrKey, ctx.me);
  if (!issue) return issueNotFound();
  const method = ctx.call.method;
  if (key === undefined) return method === 'GET' ? listProperties(ctx, issue) : notAllowed();
  if (method === 'GET') return getProperty(ctx, issue, key);
  if (method === 'PUT') return putProperty(ctx, issue, key);
  if (method === 'DELETE') return deleteProperty(ctx, issue, key);
  return notAllowed();
}

function notAllowed(): JiraReply {
  return errorReply(405, ['Method not allowed.']);
}
