/**
 * The token supplier and refresh coordinator. Atlassian rotates the refresh token on every use
 * and treats a reuse after its 10-minute leeway as a breach, so at most one refresh per
 * connection may run at a time, across processes: a process claims the refresh with a
 * compare-and-swap on `token_version` plus a short lease; the others wait and re-read the row.
 * https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OAuthError } from '../atlassian/index.ts';
import { ProjanError } from '../errors/index.ts';
import type { ConnectionsTable } from '../store/schema.ts';
import type { Ctx } from './context.ts';
import { fromOAuthError } from './error-mapping.ts';

/** Refresh this long before the access token expires. */
export const REFRESH_SKEW_MS = 60_000;
/** How long a claimed refresh may take before another process may take over. */
export const REFRESH_LEASE_MS = 30_000;
const POLL_MS = 50;

/** Options of {@link getAccessToken}. */
export interface TokenOptions {
  /** Refresh even if the token looks valid (after a 401). */
  forceRefresh?: boolean;
  /**
   * The token that was refused. A forced refresh is skipped when the stored token already
   * differs from it, i.e. someone else refreshed in the meantime.
   */
  rejectedToken?: string;
}

/** In-process single flight: one refresh promise per connection id. */
export type InFlight = Map<string, Promise<string>>;

async function readRow(ctx: Ctx, id: string): Promise<ConnectionsTable> {
  const row = await ctx.db
    .selectFrom('connections')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.status === 'disconnected') throw new ProjanError('not_connected');
  if (row.status === 'reconnect_required') throw new ProjanError('reconnect_required');
  return row;
}

function openAccess(ctx: Ctx, row: ConnectionsTable): string | undefined {
  return row.access_token === null
    ? undefined
    : ctx.sealer.open(row.access_token, row.id, 'access_token');
}

/**
 * A valid access token for the connection, refreshed about a minute before expiry, or at once
 * with `forceRefresh`.
 * @throws ProjanError `not_connected`, `reconnect_required` (the refresh was rejected; never
 * retried) or `atlassian_unavailable`.
 */
export async function getAccessToken(
  ctx: Ctx,
  inflight: InFlight,
  connectionId: string,
  options: TokenOptions = {},
): Promise<string> {
  const row = await readRow(ctx, connectionId);
  const current = openAccess(ctx, row);
  const rejected = options.forceRefresh ? (options.rejectedToken ?? current) : undefined;
  if (current !== undefined && isUsable(ctx, row, current, rejected)) return current;

  const running = inflight.get(connectionId);
  if (running !== undefined) return running;
  const refresh = coordinate(ctx, connectionId, rejected).finally(() => {
    inflight.delete(connectionId);
  });
  inflight.set(connectionId, refresh);
  return refresh;
}

function isUsable(ctx: Ctx, row: ConnectionsTable, token: string, rejected: string | undefined) {
  if (rejected !== undefined) return token !== rejected;
  return (row.access_expires_at ?? 0) - ctx.now() > REFRESH_SKEW_MS;
}

async function coordinate(ctx: Ctx, id: string, rejected: string | undefined): Promise<string> {
  const deadline = ctx.now() + REFRESH_LEASE_MS + 5_000;
  while (ctx.now() < deadline) {
    const row = await readRow(ctx, id);
    const current = openAccess(ctx, row);
    if (current !== undefined && isUsable(ctx, row, current, rejected)) return current;
    const now = ctx.now();
    if (row.refresh_lease_until !== null && row.refresh_lease_until > now) {
      await sleep(POLL_MS);
      continue;
    }
    const claimed = await ctx.db
      .updateTable('connections')
      .set({ token_version: row.token_version + 1, refresh_lease_until: now + REFRESH_LEASE_MS })
      .where('id', '=', id)
      .where('token_version', '=', row.token_version)
      .where((eb) =>
        eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<=', now)]),
      )
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 1n) return refreshClaimed(ctx, row, row.token_version + 1);
  }
  throw new ProjanError('atlassian_unavailable');
}

/** Runs the refresh grant for a claimed row and writes the outcome in one update. */
async function refreshClaimed(ctx: Ctx, row: ConnectionsTable, version: number): Promise<string> {
  const log = { connectionId: row.id, siteId: row.cloud_id };
  const release = ctx.db
    .updateTable('connections')
    .where('id', '=', row.id)
    .where('token_version', '=', version);

  let refreshToken: string;
  let tokens: Awaited<ReturnType<Ctx['oauth']['refresh']>>;
  try {
    if (row.refresh_token === null) throw new ProjanError('reconnect_required');
    refreshToken = ctx.sealer.open(row.refresh_token, row.id, 'refresh_token');
    tokens = await ctx.oauth.refresh(refreshToken);
  } catch (error) {
    if (error instanceof OAuthError && error.code === 'reauthorization_required') {
      await markReconnectRequired(ctx, row, version, error);
      throw fromOAuthError(error, 'refresh');
    }
    await release.set({ refresh_lease_until: null }).execute();
    ctx.logger.warn({ ...log, code: (error as { code?: unknown }).code }, 'token refresh failed');
    throw fromOAuthError(error, 'refresh');
  }

  const now = ctx.now();
  // The new refresh token goes in the same write as the access token; Atlassian has already
  // disabled the old one. Keep the old one only if the answer did not rotate it.
  const written = await release
    .set({
      access_token: ctx.sealer.seal(tokens.accessToken, row.id, 'access_token'),
      refresh_token: ctx.sealer.seal(tokens.refreshToken ?? refreshToken, row.id, 'refresh_token'),
      access_expires_at: tokens.expiresAt,
      ...(tokens.scopes.length > 0 ? { scopes: tokens.scopes.join(' ') } : {}),
      token_version: version + 1,
      refresh_lease_until: null,
      last_refreshed_at: now,
      updated_at: now,
    })
    .executeTakeFirst();
  // Zero rows: disconnected (or taken over) while refreshing; the new tokens are dropped.
  if (written.numUpdatedRows !== 1n) throw new ProjanError('not_connected');
  ctx.logger.info(log, 'access token refreshed');
  return tokens.accessToken;
}

async function markReconnectRequired(
  ctx: Ctx,
  row: ConnectionsTable,
  version: number,
  error: OAuthError,
): Promise<void> {
  const now = ctx.now();
  await ctx.db
    .updateTable('connections')
    .set({
      status: 'reconnect_required',
      access_token: null,
      refresh_token: null,
      access_expires_at: null,
      token_version: version + 1,
      refresh_lease_until: null,
      updated_at: now,
    })
    .where('id', '=', row.id)
    .where('token_version', '=', version)
    .execute();
  await ctx.audit.record({
    workspaceId: row.workspace_id,
    actorUserId: null,
    action: 'refresh_rejected',
    outcome: 'failure',
    detail: {
      connectionId: row.id,
      cloudId: row.cloud_id,
      status: error.status ?? null,
      oauthError: error.oauthError ?? null,
    },
  });
  ctx.logger.warn({ connectionId: row.id, siteId: row.cloud_id }, 'refresh rejected');
}

/** Atlassian expires a rotating refresh token after 90 idle days; refresh well before. */
export const IDLE_REFRESH_AFTER_MS = 24 * 3600_000;

/** What one idle sweep did. */
export interface IdleRefreshReport {
  refreshed: number;
  /** Connections whose grant was rejected; now "reconnect required". */
  reconnectRequired: number;
  /** Connections that failed for a passing reason (tried again at the next sweep). */
  failed: number;
  /** Expired pending site choices and OAuth states deleted (their sealed tokens with them). */
  expiredFlowsPurged: number;
}

/**
 * Refreshes every connected connection not refreshed for 24 hours, so that the rotating
 * refresh token's inactivity expiry never passes while a workspace is idle. Meant to be called
 * by a scheduler (at least daily); safe to run from several processes at once.
 */
export async function refreshIdleConnections(
  ctx: Ctx,
  inflight: InFlight,
): Promise<IdleRefreshReport> {
  const threshold = ctx.now() - IDLE_REFRESH_AFTER_MS;
  const rows = await ctx.db
    .selectFrom('connections')
    .select(['id', 'last_refreshed_at', 'consented_at'])
    .where('status', '=', 'connected')
    .execute();
  const idle = rows.filter((r) => (r.last_refreshed_at ?? r.consented_at) < threshold);
  const report: IdleRefreshReport = {
    refreshed: 0,
    reconnectRequired: 0,
    failed: 0,
    expiredFlowsPurged: await purgeExpiredFlows(ctx),
  };
  for (const { id } of idle) {
    try {
      const row = await readRow(ctx, id);
      // Another process may have refreshed it since the select above.
      if ((row.last_refreshed_at ?? row.consented_at) >= threshold) continue;
      await getAccessToken(ctx, inflight, id, { forceRefresh: true });
      report.refreshed += 1;
    } catch (error) {
      if (error instanceof ProjanError && error.code === 'reconnect_required') {
        report.reconnectRequired += 1;
      } else {
        report.failed += 1;
      }
    }
  }
  return report;
}

/**
 * Deletes abandoned connect flows: pending site choices past their 30 minutes (they hold sealed
 * tokens) and OAuth states expired for more than a day.
 */
async function purgeExpiredFlows(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  const choices = await ctx.db
    .deleteFrom('pending_site_choices')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  const states = await ctx.db
    .deleteFrom('oauth_states')
    .where('expires_at', '<', now - 24 * 3600_000)
    .executeTakeFirst();
  return Number(choices.numDeletedRows) + Number(states.numDeletedRows);
}
