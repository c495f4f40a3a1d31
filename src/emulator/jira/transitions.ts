import type { JiraReply } from '../contract.ts';
import type { Ctx } from './context.ts';
import { statusById } from './render.ts';
import { empty, errorReply, isRecord, issueNotFound, ok } from './replies.ts';
import { route } from './routes.ts';
import type { Issue } from './state.ts';
import { availableTransitions } from './workflow.ts';

function canTransition(ctx: Ctx, issue: Issue): boolean {
  return ctx.state.has(ctx.state.projectById(issue.projectId), ctx.me, 'TRANSITION_ISSUES');
}

/** `GET /issue/{k}/transitions` (facts §2.14): empty without Transition issues. */
export function getTransitions(ctx: Ctx, idOrKey: string): JiraReply {
  const issue = ctx.state.visibleIssue(idOrKey, ctx.me);
  if (!issue) return issueNotFound();
  const wanted = ctx.call.query.get('transitionId');
  const list = canTransition(ctx, issue)
    ? availableTransitions(ctx, issue).filter((t) => wanted === null || t.id === wanted)
    : [];
  return ok(
    {
      expand: 'transitions',
      transitions: list.map((t) => ({
        id: t.id,
        name: t.name,
        to: statusById(ctx, t.to),
        hasScreen: false,
        isGlobal: !t.from || t.from.length === 0,
        isInitial: false,
        isAvailable: true,
        isConditional: false,
        isLooped: false,
      })),
    },
    1,
  );
}

/** `POST /issue/{k}/transitions`: 204; 400 for an unknown or unavailable transition. */
export function doTransition(ctx: Ctx, idOrKey: string): JiraReply {
  const issue = ctx.state.visibleIssue(idOrKey, ctx.me);
  if (!issue) return issueNotFound();
  const body = isRecord(ctx.call.body) ? ctx.call.body : {};
  const ref = isRecord(body.transition) ? body.transition.id : undefined;
  if (ref === undefined) return errorReply(400, ["Missing 'transition' identifier"]);
  if (!canTransition(ctx, issue)) {
    return errorReply(400, ['You do not have permission to transition this issue.']);
  }
  const transition = availableTransitions(ctx, issue).find((t) => t.id === String(ref));
  if (!transition) {
    return errorReply(400, [`Transition id '${String(ref)}' is not valid for this issue.`]);
  }
  const screenless = [
    ...Object.keys(isRecord(body.fields) ? body.fields : {}),
    ...Object.keys(isRecord(body.update) ? body.update : {}),
  ];
  if (screenless.length > 0) {
    // The emulated workflows have no transition screens, so no field can be set on the way.
    const errors = Object.fromEntries(
      screenless.map((id) => [
        id,
        `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`,
      ]),
    );
    return errorReply(400, [], errors);
  }
  issue.statusId = transition.to;
  issue.updated = ctx.call.now;
  return empty(204);
}

/** Routes of transitions. */
export const TRANSITION_ROUTES = [
  route('GET', '/issue/{}/transitions', getTransitions),
  route('POST', '/issue/{}/transitions', doTransition),
];
