/** What Settings > Integrations > Jira shows, to every member of the workspace. */
import { canExport } from '../accounts/permissions.ts';
import { type ErrorBody, ProjanError } from '../errors/index.ts';
import type { ConnectionsTable } from '../store/schema.ts';
import type { Actor, Ctx, WorkspaceRef } from './context.ts';
import { sortSites } from './guards.ts';
import { type ConnectionView, type SiteView, toConnectionView } from './view.ts';

/** The workspace's Jira state. */
export type ConnectionStatus =
  | { state: 'not_connected' }
  /** Consent covered several sites; an admin must pick one (sorted by name). */
  | { state: 'pending_site_choice'; sites: SiteView[] }
  | { state: 'connected'; connection: ConnectionView }
  /** Atlassian rejected the grant; `problem` carries the catalogue wording and steps. */
  | { state: 'reconnect_required'; connection: ConnectionView; problem: ErrorBody };

/** The workspace's live connection row (not disconnected), if any. */
export async function liveConnection(
  ctx: Ctx,
  workspaceId: string,
): Promise<ConnectionsTable | undefined> {
  return ctx.db
    .selectFrom('connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '<>', 'disconnected')
    .executeTakeFirst();
}

/**
 * The status for any member of the workspace.
 * @throws the accounts' `not_a_member` error for anyone else (other teams see nothing).
 */
export async function getConnectionStatus(
  ctx: Ctx,
  input: { user: Actor; workspace: WorkspaceRef },
): Promise<ConnectionStatus> {
  await ctx.workspaces.access(input.user.id, input.workspace.id);
  const row = await liveConnection(ctx, input.workspace.id);
  if (row) {
    const connection = toConnectionView(row, ctx.now());
    if (row.status === 'reconnect_required') {
      const problem = new ProjanError('reconnect_required').toBody();
      return { state: 'reconnect_required', connection, problem };
    }
    return { state: 'connected', connection };
  }
  const pending = await ctx.db
    .selectFrom('pending_site_choices')
    .select(['sites', 'expires_at'])
    .where('workspace_id', '=', input.workspace.id)
    .executeTakeFirst();
  if (pending && pending.expires_at > ctx.now()) {
    return { state: 'pending_site_choice', sites: sortSites(JSON.parse(pending.sites)) };
  }
  return { state: 'not_connected' };
}

/** Whether the connection may still be used; exports call this at their safe points. */
export async function isConnectionActive(ctx: Ctx, connectionId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('connections')
    .select('status')
    .where('id', '=', connectionId)
    .executeTakeFirst();
  return row?.status === 'connected';
}

/**
 * The workspace's usable connection, for starting an export: any member may use it.
 * @throws ProjanError `not_connected` or `reconnect_required`; the accounts' `not_a_member`.
 */
export async function activeConnection(
  ctx: Ctx,
  input: { user: Actor; workspace: WorkspaceRef },
): Promise<ConnectionView> {
  const access = await ctx.workspaces.access(input.user.id, input.workspace.id);
  if (!canExport(access)) throw new ProjanError('connection_forbidden');
  const row = await liveConnection(ctx, input.workspace.id);
  if (!row) throw new ProjanError('not_connected');
  if (row.status === 'reconnect_required') throw new ProjanError('reconnect_required');
  return toConnectionView(row, ctx.now());
}
