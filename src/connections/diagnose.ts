/**
 * Turns a failed Jira call on a connection into the catalogue's words. A 401 that outlives a
 * fresh token usually means the grant no longer covers the site (the gateway answers 401 for a
 * cloud ID outside the grant), so accessible resources decide between "site not accessible"
 * and "token expired".
 */

import { ProjanError } from '../errors/index.ts';
import { JiraApiError } from '../jira/errors.ts';
import type { Ctx } from './context.ts';
import { fromJiraError } from './error-mapping.ts';
import { getAccessToken, type InFlight } from './refresh.ts';

/**
 * The catalogue error for `error`, raised by a Jira call on connection `connectionId`. Errors
 * that are already `ProjanError`s, and anything not from the Jira client, come back unchanged.
 */
export async function explainJiraFailure(
  ctx: Ctx,
  inflight: InFlight,
  connectionId: string,
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof JiraApiError)) return error;
  const row = await ctx.db
    .selectFrom('connections')
    .select(['cloud_id', 'site_url'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row) return new ProjanError('not_connected');
  if (error.code !== 'unauthorized') return fromJiraError(error, row.site_url);

  try {
    const token = await getAccessToken(ctx, inflight, connectionId);
    const sites = await ctx.oauth.accessibleResources(token);
    if (!sites.some((s) => s.cloudId === row.cloud_id)) {
      return new ProjanError('site_not_accessible', { site: row.site_url }, { cause: error });
    }
  } catch (lookup) {
    if (lookup instanceof ProjanError) return lookup;
  }
  return fromJiraError(error, row.site_url);
}
