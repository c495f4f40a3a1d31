/**
 * The `state` of "Connect Jira": random, single-use, valid for 10 minutes, and bound to the
 * browser session, the user and the workspace that started the flow. Only its SHA-256 is stored,
 * so a database reader cannot complete someone else's flow.
 * See https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/ (FAQ on `state`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ProjanError } from '../errors/index.ts';
import type { Ctx } from './context.ts';

/** How long a started connect flow stays valid. */
export const STATE_TTL_MS = 10 * 60_000;

/** What a valid state was bound to. */
export interface StateBinding {
  userId: string;
  workspaceId: string;
  redirectUri: string;
}

/** SHA-256 hex of a secret value, for storing and comparing without keeping the value. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Creates and stores a new state; returns the value to put in the authorize URL. */
export async function createState(
  ctx: Ctx,
  input: { userId: string; workspaceId: string; sessionId: string },
): Promise<string> {
  const state = randomBytes(32).toString('base64url');
  const now = ctx.now();
  // Expired states are kept a day so that a late callback is told "expired", not "unknown".
  await ctx.db
    .deleteFrom('oauth_states')
    .where('expires_at', '<', now - 24 * 3600_000)
    .execute();
  await ctx.db
    .insertInto('oauth_states')
    .values({
      state_hash: sha256(state),
      workspace_id: input.workspaceId,
      user_id: input.userId,
      session_hash: sha256(input.sessionId),
      redirect_uri: ctx.redirectUri,
      created_at: now,
      expires_at: now + STATE_TTL_MS,
      used_at: null,
    })
    .execute();
  return state;
}

/**
 * Checks and uses up a state coming back on the callback.
 * @throws ProjanError `oauth_state_missing`, `oauth_state_unknown`, `oauth_state_replayed`,
 * `oauth_state_expired` or `oauth_state_foreign` (another session; the state stays usable by
 * its own session).
 */
export async function consumeState(
  ctx: Ctx,
  input: { state: string | undefined; sessionId: string },
): Promise<StateBinding> {
  if (!input.state) throw new ProjanError('oauth_state_missing');
  const stateHash = sha256(input.state);
  const row = await ctx.db
    .selectFrom('oauth_states')
    .selectAll()
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  if (!row) throw new ProjanError('oauth_state_unknown');
  if (row.used_at !== null) throw new ProjanError('oauth_state_replayed');
  const now = ctx.now();
  if (row.expires_at <= now) throw new ProjanError('oauth_state_expired');
  const sessionHash = Buffer.from(sha256(input.sessionId), 'hex');
  if (!timingSafeEqual(sessionHash, Buffer.from(row.session_hash, 'hex'))) {
    throw new ProjanError('oauth_state_foreign');
  }

  // Two callbacks racing with the same state: only the one whose update lands may go on.
  const claimed = await ctx.db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (claimed.numUpdatedRows !== 1n) throw new ProjanError('oauth_state_replayed');
  return { userId: row.user_id, workspaceId: row.workspace_id, redirectUri: row.redirect_uri };
}
