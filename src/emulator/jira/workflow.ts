import type { Ctx } from './context.ts';
import type { TransitionFixture } from './fixture-types.ts';
import type { Issue } from './state.ts';

/**
 * Transitions open from the issue's status: those whose `from` names it and global ones (no
 * `from`), leaving out a global transition into the status the issue is already in.
 */
export function availableTransitions(ctx: Ctx, issue: Issue): TransitionFixture[] {
  const project = ctx.state.projectById(issue.projectId);
  const workflow = ctx.state.workflowFor(project, issue.typeId);
  return workflow.transitions.filter((t) =>
    t.from && t.from.length > 0 ? t.from.includes(issue.statusId) : t.to !== issue.statusId,
  );
}
