/**
 * Turns a completed consent for one Jira site into the workspace's connection. A workspace has
 * one live connection; reconnecting the same site reuses the row (and its id, which export
 * records point to), connecting another site retires the old row without its tokens.
 */
import type { TokenSet } from '../atlassian/index.ts';
import { ProjanError } from '../errors/index.ts';
import { JiraApiError } from '../jira/errors.ts';
import { newId } from '../store/ids.ts';
import type { ConnectionsTable } from '../store/schema.ts';
import type { Ctx } from './context.ts';
import { fromJiraError } from './error-mapping.ts';
import { type ConnectionView, type SiteView, toConnectionView } from './view.ts';

/** What a finished consent brings. */
export interface Consent {
  workspaceId: string;
  userId: string;
  site: SiteView;
  tokens: TokenSet & { refreshToken: string };
  consentedAt: number;
}

/**
 * Reads the installer account (`/myself` on the site), then stores the connection with its
 * tokens sealed, in one transaction that also drops the workspace's pending site choice.
 * @throws ProjanError `site_not_accessible` when the site refuses the new token.
 */
export async function establishConnection(ctx: Ctx, consent: Consent): Promise<ConnectionView> {
  const installerAccountId = await readInstaller(ctx, consent);
  const now = ctx.now();

  const row = await ctx.db.transaction().execute(async (trx) => {
    const live = await trx
      .selectFrom('connections')
      .selectAll()
      .where('workspace_id', '=', consent.workspaceId)
      .where('status', '<>', 'disconnected')
      .executeTakeFirst();
    if (live && live.cloud_id !== consent.site.cloudId) {
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
    const same = await trx
      .selectFrom('connections')
      .selectAll()
      .where('workspace_id', '=', consent.workspaceId)
      .where('cloud_id', '=', consent.site.cloudId)
      .executeTakeFirst();
    const id = same?.id ?? newId('con');
    const next: ConnectionsTable = {
      id,
      workspace_id: consent.workspaceId,
      cloud_id: consent.site.cloudId,
      site_url: consent.site.url,
      site_name: consent.site.name,
      installer_account_id: installerAccountId,
      // The token answer lists the whole grant (offline_access included); the site entry only
      // the scopes usable on that site. Prefer the former, as refreshes store it too.
      scopes: (consent.tokens.scopes.length > 0 ? consent.tokens.scopes : consent.site.scopes).join(
        ' ',
      ),
      status: 'connected',
      connected_by: consent.userId,
      consented_at: consent.consentedAt,
      access_token: ctx.sealer.seal(consent.tokens.accessToken, id, 'access_token'),
      refresh_token: ctx.sealer.seal(consent.tokens.refreshToken, id, 'refresh_token'),
      access_expires_at: consent.tokens.expiresAt,
      token_version: (same?.token_version ?? 0) + 1,
      refresh_lease_until: null,
      last_refreshed_at: now,
      created_at: same?.created_at ?? now,
      updated_at: now,
      disconnected_at: null,
    };
    if (same) {
      const { id: _id, created_at: _created, ...changes } = next;
      await trx.updateTable('connections').set(changes).where('id', '=', id).execute();
    } else {
      await trx.insertInto('connections').values(next).execute();
    }
    await trx
      .deleteFrom('pending_site_choices')
      .where('workspace_id', '=', consent.workspaceId)
      .execute();
    return next;
  });

  await ctx.audit.record({
    workspaceId: consent.workspaceId,
    actorUserId: consent.userId,
    action: 'connected',
    outcome: 'success',
    detail: { connectionId: row.id, cloudId: row.cloud_id, site: row.site_url },
  });
  ctx.logger.info({ connectionId: row.id, siteId: row.cloud_id }, 'jira connected');
  return toConnectionView(row, now);
}

async function readInstaller(ctx: Ctx, consent: Consent): Promise<string> {
  const jira = ctx.jira({
    cloudId: consent.site.cloudId,
    getAccessToken: async () => consent.tokens.accessToken,
  });
  try {
    return (await jira.myself()).accountId;
  } catch (error) {
    // A token minted a moment ago that the site refuses means the site is out of reach.
    if (error instanceof JiraApiError && error.code === 'unauthorized') {
      throw new ProjanError('site_not_accessible', { site: consent.site.url }, { cause: error });
    }
    throw fromJiraError(error, consent.site.url);
  }
}
