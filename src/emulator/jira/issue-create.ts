import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import type { ProjectFixture } from './fixture-types.ts';
import { checkProperty } from './issue-properties.ts';
import { errorReply, isRecord, ok } from './replies.ts';
import { createScreen } from './screens.ts';
import type { Issue } from './state.ts';
import { type Draft, validateInput } from './validate.ts';
import { availableTransitions } from './workflow.ts';

/** A create that failed: Jira's ErrorCollection parts. */
interface Failure {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** The outcome of a transition asked for at create time, as `CreatedIssue.transition`. */
interface TransitionOutcome {
  status: number;
  errorCollection: Failure;
}

type Result = { issue: Issue; transition?: TransitionOutcome } | { failure: Failure };

function fail(errors: Record<string, string>, errorMessages: string[] = []): Result {
  return { failure: { errorMessages, errors } };
}

function lookup(raw: unknown): string | undefined {
  if (!isRecord(raw)) return undefined;
  const v = raw.id ?? raw.key ?? raw.name;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function resolveProject(ctx: Ctx, fields: Record<string, unknown>): ProjectFixture | undefined {
  const idOrKey = lookup(fields.project);
  return idOrKey ? ctx.state.visibleProject(idOrKey, ctx.me) : undefined;
}

/**
 * Validates and creates one issue (facts §2.6, §2.7). `hiddenIds` are issues made earlier in
 * the same bulk call, which may not serve as parents (no intra-batch references).
 */
export function createOne(ctx: Ctx, body: unknown, hiddenIds?: ReadonlySet<string>): Result {
  const input = isRecord(body) ? body : {};
  const fields = isRecord(input.fields) ? input.fields : {};
  const project = resolveProject(ctx, fields);
  if (!project) return fail({ project: 'Specify a valid project ID or key' });
  if (!ctx.state.has(project, ctx.me, 'CREATE_ISSUES')) {
    return fail({}, ['You do not have permission to create issues in this project.']);
  }

  const types = ctx.state.projectTypes(project);
  const typeRef = isRecord(fields.issuetype) ? fields.issuetype : undefined;
  if (!typeRef) return fail({ issuetype: 'Specify an issue type' });
  const type = types.find((t) =>
    typeRef.id !== undefined ? t.id === String(typeRef.id) : t.name === typeRef.name,
  );
  if (!type) return fail({ issuetype: 'The issue type selected is invalid.' });

  const screen = createScreen(ctx, project, type);
  const outcome = validateInput(ctx, input, {
    mode: 'create',
    project,
    type,
    screen,
    ...(hiddenIds ? { hiddenIds } : {}),
  });
  const props = Array.isArray(input.properties) ? input.properties : [];
  for (const p of props) {
    const problem = isRecord(p) ? checkProperty(p.key, p.value) : 'The property key is invalid.';
    if (problem) outcome.messages.push(problem);
  }
  if (Object.keys(outcome.errors).length > 0 || outcome.messages.length > 0) {
    return fail(outcome.errors, outcome.messages);
  }

  const issue = store(ctx, project, type.id, outcome.draft);
  for (const p of props) if (isRecord(p)) issue.properties.set(String(p.key), p.value);
  const transition = isRecord(input.transition)
    ? transitionAtCreate(ctx, issue, input.transition.id)
    : undefined;
  return transition ? { issue, transition } : { issue };
}

/** Applies `transition` sent with a create; the issue stays created when it is not available. */
function transitionAtCreate(ctx: Ctx, issue: Issue, id: unknown): TransitionOutcome {
  const t = availableTransitions(ctx, issue).find((x) => x.id === String(id));
  if (!t) {
    return {
      status: 400,
      errorCollection: {
        errorMessages: [`Transition id '${String(id)}' is not valid for this issue.`],
        errors: {},
      },
    };
  }
  issue.statusId = t.to;
  return { status: 200, errorCollection: { errorMessages: [], errors: {} } };
}

function store(ctx: Ctx, project: ProjectFixture, typeId: string, draft: Draft): Issue {
  const { state, call } = ctx;
  const fields: Record<string, unknown> = { labels: [], ...draft.fields };
  if (fields.priority === undefined) {
    const fallback = state.fx.priorities.find((p) => p.isDefault);
    if (fallback) fields.priority = fallback.id;
  }
  const issue: Issue = {
    id: state.newId(),
    key: state.newKey(project),
    projectId: project.id,
    typeId,
    statusId: state.workflowFor(project, typeId).initialStatus,
    parentId: draft.parent?.id,
    fields,
    properties: new Map(),
    creatorId: ctx.me,
    reporterId: (fields.reporter as string | undefined) ?? ctx.me,
    created: call.now,
    updated: call.now,
  };
  delete fields.reporter;
  state.addIssue(issue);
  for (const l of draft.links) {
    const [inwardId, outwardId] = l.otherIsOutward
      ? [issue.id, l.other.id]
      : [l.other.id, issue.id];
    state.links.push({ id: state.newId(), typeId: l.typeId, inwardId, outwardId });
  }
  return issue;
}

function created(
  ctx: Ctx,
  result: { issue: Issue; transition?: TransitionOutcome },
): Record<string, unknown> {
  const { issue, transition } = result;
  return {
    id: issue.id,
    key: issue.key,
    self: `${ctx.api}/issue/${issue.id}`,
    ...(transition ? { transition } : {}),
  };
}

/** `POST /issue`: 201 `{id,key,self}`; no idempotency, so a replay makes a duplicate. */
export function postIssue(ctx: Ctx): JiraReply {
  const result = createOne(ctx, ctx.call.body);
  if ('failure' in result) {
    return errorReply(400, result.failure.errorMessages, result.failure.errors);
  }
  return ok(created(ctx, result), 0, 0, 201);
}

/** Jira's documented bulk limit (facts §2.8). */
export const BULK_LIMIT = 50;

/**
 * `POST /issue/bulk`: each element on its own; 201 when any succeeded, 400 when all failed,
 * with `failedElementNumber` as the 0-based index (facts §2.8).
 */
export function postBulk(ctx: Ctx): JiraReply {
  const body = isRecord(ctx.call.body) ? ctx.call.body : {};
  const updates = Array.isArray(body.issueUpdates) ? body.issueUpdates : undefined;
  if (!updates) return errorReply(400, ['Request must contain issueUpdates.']);
  if (updates.length > BULK_LIMIT) {
    // TODO: Jira's exact text for a bulk call over 50 elements is unrecorded; this one is ours.
    return errorReply(400, [`The bulk create request can contain at most ${BULK_LIMIT} issues.`]);
  }
  const made = new Set<string>();
  const issues: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  updates.forEach((update, index) => {
    const result = createOne(ctx, update, made);
    if ('issue' in result) {
      made.add(result.issue.id);
      issues.push(created(ctx, result));
    } else {
      errors.push({ status: 400, elementErrors: result.failure, failedElementNumber: index });
    }
  });
  return ok({ issues, errors }, 0, 0, issues.length > 0 ? 201 : 400);
}
