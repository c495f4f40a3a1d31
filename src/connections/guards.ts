/** Small checks shared by the connection flows. */
import { canManageConnection } from '../accounts/permissions.ts';
import { ProjanError } from '../errors/index.ts';
import type { Ctx } from './context.ts';
import type { SiteView } from './view.ts';

/**
 * Throws `connection_forbidden` unless the user may manage the workspace's connection;
 * the accounts' `not_a_member` error for someone outside the workspace.
 */
export async function assertCanManage(
  ctx: Ctx,
  userId: string,
  workspaceId: string,
  action?: 'connect_started' | 'disconnected',
) {
  const access = await ctx.workspaces.access(userId, workspaceId);
  if (canManageConnection(access)) return;
  // A member trying to connect or disconnect is worth a trace for the admins.
  if (action) {
    await ctx.audit.record({ workspaceId, actorUserId: userId, action, outcome: 'denied' });
  }
  throw new ProjanError('connection_forbidden');
}

/** Atlassian's list order means nothing; people find a site by its name. */
export function sortSites(sites: readonly SiteView[]): SiteView[] {
  return [...sites].sort((a, b) => a.name.localeCompare(b.name) || a.url.localeCompare(b.url));
}
