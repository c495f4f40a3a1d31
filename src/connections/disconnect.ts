/**
 * Settings > Integrations > Jira > Disconnect: "This immediately purges all stored tokens.
 * Previously exported issues remain in Jira unaffected." Atlassian has no endpoint to revoke a
 * 3LO grant, so the user is told how to remove Projan from their Atlassian account.
 */
import { ProjanError } from '../errors/index.ts';
import type { ConnectionSignals } from './activity.ts';
import type { Actor, Ctx, WorkspaceRef } from './context.ts';
import { assertCanManage } from './guards.ts';

/** Where a person removes an app's access from their Atlassian account. */
export const ATLASSIAN_CONNECTED_APPS_URL = 'https://id.atlassian.com/manage-profile/apps';

/** What the user is told after disconnecting. */
export interface DisconnectResult {
  /** The retired connection (kept without tokens), or null if only a pending choice was dropped. */
  connectionId: string | null;
  message: string;
  /** What else the user may do. */
  steps: string[];
}

/** The wording shown by the web app, the CLI and the API after a disconnect. */
export const DISCONNECT_MESSAGE =
  'Jira is disconnected and Projan deleted its stored tokens. Previously exported issues remain in Jira unaffected.';
/** What else the user may do after a disconnect, in the same wording everywhere. */
export const DISCONNECT_STEPS: readonly string[] = [
  `Atlassian offers no way for Projan to revoke its own access. To remove Projan from your Atlassian account, open id.atlassian.com > Connected apps (${ATLASSIAN_CONNECTED_APPS_URL}) and remove Projan.`,
  'Connecting the same Jira site again later updates the issues Projan already exported instead of creating them twice.',
];

/**
 * Purges the workspace's tokens, pending OAuth states and pending site choice in one
 * transaction, marks the connection disconnected (the row keeps the site and cloud ID for the
 * export records), and aborts this process's running exports on it.
 * @throws ProjanError `connection_forbidden` or `not_connected`.
 */
export async function disconnect(
  ctx: Ctx,
  signals: ConnectionSignals,
  input: { user: Actor; workspace: WorkspaceRef },
): Promise<DisconnectResult> {
  await assertCanManage(ctx, input.user.id, input.workspace.id, 'disconnected');
  const workspaceId = input.workspace.id;
  const now = ctx.now();

  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const live = await trx
      .selectFrom('connections')
      .select(['id', 'cloud_id', 'token_version'])
      .where('workspace_id', '=', workspaceId)
      .where('status', '<>', 'disconnected')
      .executeTakeFirst();
    await trx.deleteFrom('oauth_states').where('workspace_id', '=', workspaceId).execute();
    const pending = await trx
      .deleteFrom('pending_site_choices')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    if (live) {
      // The store opens SQLite with `secure_delete`, so the purged ciphertext is overwritten in
      // the file at once rather than left in free pages.
      // Bumping the version makes an in-flight refresh's final write miss, so no token returns.
      await trx
        .updateTable('connections')
        .set({
          status: 'disconnected',
          access_token: null,
          refresh_token: null,
          access_expires_at: null,
          refresh_lease_until: null,
          token_version: live.token_version + 1,
          disconnected_at: now,
          updated_at: now,
        })
        .where('id', '=', live.id)
        .execute();
    }
    return { live, droppedPending: pending.numDeletedRows > 0n };
  });
  if (!outcome.live && !outcome.droppedPending) throw new ProjanError('not_connected');

  if (outcome.live) signals.abort(outcome.live.id);
  await ctx.audit.record({
    workspaceId,
    actorUserId: input.user.id,
    action: 'disconnected',
    outcome: 'success',
    detail: { connectionId: outcome.live?.id ?? null, cloudId: outcome.live?.cloud_id ?? null },
  });
  ctx.logger.info({ connectionId: outcome.live?.id ?? null }, 'jira disconnected');
  return {
    connectionId: outcome.live?.id ?? null,
    message: DISCONNECT_MESSAGE,
    steps: [...DISCONNECT_STEPS],
  };
}
