/**
 * The "Select your Jira site if you have multiple" step: a consent covering several Jira sites
 * waits, tokens sealed, until an admin picks one.
 */
import type { TokenSet } from '../atlassian/index.ts';
import { ProjanError } from '../errors/index.ts';
import { newId } from '../store/ids.ts';
import type { Actor, Ctx, WorkspaceRef } from './context.ts';
import { establishConnection } from './establish.ts';
import { assertCanManage, sortSites } from './guards.ts';
import type { ConnectionView, SiteView } from './view.ts';

/** How long a pending choice waits before the user must connect again. */
export const PENDING_CHOICE_TTL_MS = 30 * 60_000;

/** Stores (or replaces) the workspace's pending choice. */
export async function savePendingChoice(
  ctx: Ctx,
  input: {
    workspaceId: string;
    userId: string;
    sites: SiteView[];
    tokens: TokenSet & { refreshToken: string };
    consentedAt: number;
  },
): Promise<void> {
  const id = newId('psc');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('pending_site_choices')
      .where('workspace_id', '=', input.workspaceId)
      .execute();
    await trx
      .insertInto('pending_site_choices')
      .values({
        id,
        workspace_id: input.workspaceId,
        user_id: input.userId,
        sites: JSON.stringify(input.sites),
        scopes: input.tokens.scopes.join(' '),
        access_token: ctx.sealer.seal(input.tokens.accessToken, id, 'access_token'),
        refresh_token: ctx.sealer.seal(input.tokens.refreshToken, id, 'refresh_token'),
        access_expires_at: input.tokens.expiresAt,
        consented_at: input.consentedAt,
        expires_at: now + PENDING_CHOICE_TTL_MS,
      })
      .execute();
  });
}

async function loadPending(ctx: Ctx, workspaceId: string) {
  const row = await ctx.db
    .selectFrom('pending_site_choices')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) throw new ProjanError('no_pending_site_choice');
  if (row.expires_at <= ctx.now()) {
    await ctx.db.deleteFrom('pending_site_choices').where('id', '=', row.id).execute();
    throw new ProjanError('no_pending_site_choice');
  }
  return { row, sites: JSON.parse(row.sites) as SiteView[] };
}

/**
 * The sites waiting for a choice, sorted by name (Atlassian's order means nothing).
 * @throws ProjanError `connection_forbidden` or `no_pending_site_choice`.
 */
export async function listPendingSites(
  ctx: Ctx,
  input: { user: Actor; workspace: WorkspaceRef },
): Promise<SiteView[]> {
  await assertCanManage(ctx, input.user.id, input.workspace.id);
  return sortSites((await loadPending(ctx, input.workspace.id)).sites);
}

/**
 * Connects the chosen site with the pending tokens.
 * @throws ProjanError `connection_forbidden`, `no_pending_site_choice`, `unknown_site` or
 * `site_not_accessible`.
 */
export async function chooseSite(
  ctx: Ctx,
  input: { user: Actor; workspace: WorkspaceRef; siteId: string },
): Promise<ConnectionView> {
  await assertCanManage(ctx, input.user.id, input.workspace.id);
  const { row, sites } = await loadPending(ctx, input.workspace.id);
  const site = sites.find((s) => s.cloudId === input.siteId);
  if (!site) throw new ProjanError('unknown_site');

  const connection = await establishConnection(ctx, {
    workspaceId: input.workspace.id,
    userId: input.user.id,
    site,
    tokens: {
      accessToken: ctx.sealer.open(row.access_token, row.id, 'access_token'),
      refreshToken: ctx.sealer.open(row.refresh_token, row.id, 'refresh_token'),
      expiresAt: row.access_expires_at,
      scopes: row.scopes.split(' ').filter((s) => s.length > 0),
    },
    consentedAt: row.consented_at,
  });
  await ctx.audit.record({
    workspaceId: input.workspace.id,
    actorUserId: input.user.id,
    action: 'site_chosen',
    outcome: 'success',
    detail: { connectionId: connection.id, cloudId: site.cloudId, choices: sites.length },
  });
  return connection;
}
