/**
 * "Connect Jira": the authorize redirect and its callback (OAuth 2.0 (3LO) steps 1 to 3).
 * https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 */
import type { JiraSiteResource } from '../atlassian/index.ts';
import { ProjanError } from '../errors/index.ts';
import type { Actor, Ctx, WorkspaceRef } from './context.ts';
import { fromOAuthError } from './error-mapping.ts';
import { establishConnection } from './establish.ts';
import { assertCanManage, sortSites } from './guards.ts';
import { consumeState, createState } from './oauth-state.ts';
import { savePendingChoice } from './site-choice.ts';
import type { ConnectionView, SiteView } from './view.ts';

/** The callback's query parameters, as the HTTP layer received them. */
export type CallbackQuery = URLSearchParams | Readonly<Record<string, string | undefined>>;

/** How a completed callback ended. */
export type ConnectResult =
  | { status: 'connected'; connection: ConnectionView }
  /** Several Jira sites: the user picks one with `chooseSite`. Sorted by name. */
  | { status: 'pending_site_choice'; sites: SiteView[] };

/**
 * Starts the flow: stores a fresh state bound to the session, user and workspace, and returns
 * the consent-screen URL to redirect the browser to.
 * @throws ProjanError `connection_forbidden` for a member who is not an admin or owner.
 */
export async function startConnect(
  ctx: Ctx,
  input: { user: Actor; workspace: WorkspaceRef; sessionId: string },
): Promise<{ authorizeUrl: string }> {
  await assertCanManage(ctx, input.user.id, input.workspace.id, 'connect_started');
  const state = await createState(ctx, {
    userId: input.user.id,
    workspaceId: input.workspace.id,
    sessionId: input.sessionId,
  });
  const url = ctx.oauth.buildAuthorizeUrl({ state, redirectUri: ctx.redirectUri });
  await ctx.audit.record({
    workspaceId: input.workspace.id,
    actorUserId: input.user.id,
    action: 'connect_started',
    outcome: 'success',
  });
  return { authorizeUrl: url.href };
}

/**
 * Finishes the flow from the callback's query: checks the state, exchanges the code, keeps the
 * Jira sites the grant covers and either connects (one site) or waits for a choice (several).
 * @throws ProjanError `oauth_state_*`, `connection_forbidden`, `consent_denied`,
 * `connect_failed`, `missing_refresh_token`, `no_jira_site`, `site_not_accessible`,
 * `oauth_misconfigured` or `atlassian_unavailable`.
 */
export async function completeConnect(
  ctx: Ctx,
  input: { query: CallbackQuery; sessionId: string },
): Promise<ConnectResult> {
  const param = (name: string) =>
    input.query instanceof URLSearchParams
      ? (input.query.get(name) ?? undefined)
      : input.query[name];
  const binding = await consumeState(ctx, { state: param('state'), sessionId: input.sessionId });
  const { userId, workspaceId } = binding;
  try {
    await assertCanManage(ctx, userId, workspaceId);
    const error = param('error');
    if (error !== undefined) {
      throw new ProjanError(error === 'access_denied' ? 'consent_denied' : 'oauth_misconfigured');
    }
    const code = param('code');
    if (!code) throw new ProjanError('connect_failed');

    const consentedAt = ctx.now();
    const tokens = await ctx.oauth.exchangeCode(code, binding.redirectUri);
    const sites = (await ctx.oauth.accessibleResources(tokens.accessToken)).map(toSiteView);
    const [only, ...others] = sites;
    if (!only) throw new ProjanError('no_jira_site');
    if (others.length === 0) {
      const connection = await establishConnection(ctx, {
        workspaceId,
        userId,
        site: only,
        tokens,
        consentedAt,
      });
      return { status: 'connected', connection };
    }
    await savePendingChoice(ctx, { workspaceId, userId, sites, tokens, consentedAt });
    return { status: 'pending_site_choice', sites: sortSites(sites) };
  } catch (error) {
    const failure = fromOAuthError(error, 'connect');
    await ctx.audit.record({
      workspaceId,
      actorUserId: userId,
      action: 'connect_failed',
      outcome:
        failure instanceof ProjanError && failure.code === 'connection_forbidden'
          ? 'denied'
          : 'failure',
      detail: { reason: failure instanceof ProjanError ? failure.code : 'internal' },
    });
    throw failure;
  }
}

function toSiteView(site: JiraSiteResource): SiteView {
  return { cloudId: site.cloudId, name: site.name, url: site.url, scopes: site.scopes };
}
