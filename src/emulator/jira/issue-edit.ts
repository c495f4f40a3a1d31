import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import { issueJson } from './issue-json.ts';
import { empty, errorReply, isRecord, issueNotFound, listParam, ok } from './replies.ts';
import { editScreen, fieldMeta } from './screens.ts';
import type { Issue } from './state.ts';
import { validateInput } from './validate.ts';

/** Jira caps the properties an issue read may carry (facts §2.11, §2.12). */
export const PROPERTIES_PER_READ = 5;

/** Checks the `properties` parameter of a read; a 400 reply when it asks for too many. */
export function propertyKeys(keys: string[]): string[] | JiraReply {
  if (keys.length > PROPERTIES_PER_READ) {
    return errorReply(400, [`The number of properties must not exceed ${PROPERTIES_PER_READ}.`]);
  }
  return keys;
}

/** `GET /issue/{k}`: all fields by default, `fields=` to pick, `properties=` up to five. */
export function getIssue(ctx: Ctx, idOrKey: string): JiraReply {
  const issue = ctx.state.visibleIssue(idOrKey, ctx.me);
  if (!issue) return issueNotFound();
  const fields = listParam(ctx.call.query, 'fields');
  const keys = propertyKeys(listParam(ctx.call.query, 'properties'));
  if (!Array.isArray(keys)) return keys;
  return ok(issueJson(ctx, issue, fields.length > 0 ? fields : ['*all'], keys), 1);
}

function screenFor(ctx: Ctx, issue: Issue) {
  const project = ctx.state.projectById(issue.projectId);
  const type = ctx.state.issueType(issue.typeId);
  // Without Edit issues every field reads as "not on the screen", as Jira reports it.
  const screen =
    type && ctx.state.has(project, ctx.me, 'EDIT_ISSUES') ? editScreen(ctx, project, type) : [];
  return { project, type, screen };
}

/** `GET /issue/{k}/editmeta`: the edit screen's fields, empty without Edit issues. */
export function getEditMeta(ctx: Ctx, idOrKey: string): JiraReply {
  const issue = ctx.state.visibleIssue(idOrKey, ctx.me);
  if (!issue) return issueNotFound();
  const { project, type, screen } = screenFor(ctx, issue);
  const fields: Record<string, unknown> = {};
  for (const f of type ? screen : []) {
    // editmeta uses FieldMetadata, which has no `fieldId` (createmeta's FieldCreateMetadata does).
    const { fieldId: _, ...meta } = fieldMeta(ctx, project, type as NonNullable<typeof type>, f);
    fields[f.def.id] = meta;
  }
  return ok({ fields }, 1);
}

/** `PUT /issue/{k}`: `fields` and `update` ops against the edit screen; 204 or 200 (facts §2.9). */
export function putIssue(ctx: Ctx, idOrKey: string): JiraReply {
  const issue = ctx.state.visibleIssue(idOrKey, ctx.me);
  if (!issue) return issueNotFound();
  const body = ctx.call.body;
  if (!isRecord(body)) return errorReply(400, ['The request body is missing.']);
  const { project, type, screen } = screenFor(ctx, issue);
  if (!type) return issueNotFound();

  const outcome = validateInput(ctx, body, { mode: 'edit', project, type, screen, issue });
  if (Object.keys(outcome.errors).length > 0 || outcome.messages.length > 0) {
    return errorReply(400, outcome.messages, outcome.errors);
  }

  const { fields, parent, links } = outcome.draft;
  for (const [id, v] of Object.entries(fields)) {
    if (v === undefined || v === null) delete issue.fields[id];
    else issue.fields[id] = v;
  }
  if (parent !== undefined) issue.parentId = parent?.id;
  for (const l of links) {
    const [inwardId, outwardId] = l.otherIsOutward
      ? [issue.id, l.other.id]
      : [l.other.id, issue.id];
    ctx.state.links.push({ id: ctx.state.newId(), typeId: l.typeId, inwardId, outwardId });
  }
  issue.updated = ctx.call.now;
  if (ctx.call.query.get('returnIssue') === 'true') return ok(issueJson(ctx, issue, ['*all']), 1);
  return empty(204);
}

/** `DELETE /issue/{k}`: 204; 403 without Delete issues; 400 with sub-tasks unless asked. */
export function deleteIssue(ctx: Ctx, idOrKey: string): JiraReply {
  const issue = ctx.state.visibleIssue(idOrKey, ctx.me);
  if (!issue) return issueNotFound();
  const project = ctx.state.projectById(issue.projectId);
  if (!ctx.state.has(project, ctx.me, 'DELETE_ISSUES')) {
    return errorReply(403, ['You do not have permission to delete issues in this project.']);
  }
  const children = ctx.state.children(issue.id);
  const subtasks = children.filter((c) => ctx.state.issueType(c.typeId)?.hierarchyLevel === -1);
  // TODO: Jira's exact text for deleting an issue with sub-tasks is unrecorded; this one is ours.
  if (subtasks.length > 0 && ctx.call.query.get('deleteSubtasks') !== 'true') {
    return errorReply(400, [
      `The issue '${issue.key}' has subtasks. You must specify the 'deleteSubtasks' parameter to delete this issue with all its subtasks.`,
    ]);
  }
  const gone = new Set([issue.id, ...subtasks.map((s) => s.id)]);
  for (const id of gone) ctx.state.removeIssue(id);
  for (const child of children) if (!gone.has(child.id)) child.parentId = undefined;
  const kept = ctx.state.links.filter((l) => !gone.has(l.inwardId) && !gone.has(l.outwardId));
  ctx.state.links.splice(0, ctx.state.links.length, ...kept);
  return empty(204);
}
