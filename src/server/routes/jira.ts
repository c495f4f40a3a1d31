/**
 * Settings > Integrations > Jira: status card, connect (OAuth 2.0 (3LO) redirect and callback),
 * site choice, disconnect, administered projects, a project's issue types and assignable-user
 * search.
 * https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 */
import { z } from 'zod';
import { fromJiraError } from '../../connections/error-mapping.ts';
import type { ConnectionStatus } from '../../connections/index.ts';
import { isProjanError, ProjanError } from '../../errors/index.ts';
import { createJiraClient } from '../../jira/client.ts';
import { isJiraApiError } from '../../jira/errors.ts';
import type { App, RouteContext } from '../context.ts';
import { HttpProblem } from '../errors.ts';
import { assertTokenScope, requireUser, sessionId } from '../session.ts';
import { describeScopes } from './jira-scopes.ts';
import { workspaceParams } from './schemas.ts';

const DAY_MS = 24 * 3600_000;

const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a Jira project key');

const assignableUsers = z.array(
  z.object({
    accountId: z.string(),
    displayName: z.string().optional(),
    emailAddress: z.string().optional(),
  }),
);

/** Registers the Jira integration routes. */
export function registerJiraRoutes(app: App, ctx: RouteContext): void {
  const { accounts, connections } = ctx;
  const base = '/api/workspaces/:id/integrations/jira';

  const who = async (request: Parameters<typeof requireUser>[0], workspaceId: string) => {
    const principal = await requireUser(request, accounts);
    assertTokenScope(principal, workspaceId);
    return { user: { id: principal.user.id }, workspace: { id: workspaceId }, principal };
  };

  app.get(
    base,
    {
      schema: {
        tags: ['jira'],
        summary: 'The Jira connection status card of a workspace (any member)',
        params: workspaceParams,
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      const status = await connections.getStatus(actor);
      const canManage = await accounts.workspaces.canManageConnection(
        actor.user.id,
        actor.workspace.id,
      );
      return statusCard(status, canManage, Date.now());
    },
  );

  app.post(
    `${base}/connect`,
    {
      schema: {
        tags: ['jira'],
        summary: 'Start "Connect Jira": the Atlassian consent URL to send the browser to (admins)',
        params: workspaceParams,
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      return connections.startConnect({ ...actor, sessionId: sessionId(request) });
    },
  );

  // TODO: The connections core's pending_site_choice result could carry its workspace id;
  // until it does, the newest pending choice of the signed-in user names it.
  const pendingWorkspace = async (userId: string | undefined): Promise<string | undefined> => {
    if (userId === undefined) return undefined;
    const row = await ctx.db
      .selectFrom('pending_site_choices')
      .select('workspace_id')
      .where('user_id', '=', userId)
      .orderBy('consented_at', 'desc')
      .executeTakeFirst();
    return row?.workspace_id;
  };

  app.get(
    '/api/integrations/jira/callback',
    {
      schema: {
        tags: ['jira'],
        summary: "Atlassian's OAuth redirect target; redirects to the web app's settings page",
        querystring: z.record(z.string(), z.string()),
      },
    },
    async (request, reply) => {
      const target = new URLSearchParams();
      try {
        // The state is bound to the browser session; a session that was signed out since (a
        // saved cookie) must not complete the connection.
        const live = await requireUser(request, accounts).then(
          (principal) => principal.via === 'session',
          () => false,
        );
        if (!live) throw new ProjanError('oauth_state_foreign');
        const sid = request.session.get('sid') ?? '';
        const result = await connections.completeConnect({ query: request.query, sessionId: sid });
        if (result.status === 'connected') {
          target.set('connected', '1');
          target.set('workspace', result.connection.workspaceId);
        } else {
          target.set('choose-site', '1');
          const workspaceId = await pendingWorkspace(request.session.get('userId'));
          if (workspaceId) target.set('workspace', workspaceId);
        }
      } catch (error) {
        if (!isProjanError(error)) throw error;
        target.set('error', error.code);
      }
      return reply.redirect(`${ctx.settingsPath}?${target}`, 303);
    },
  );

  app.get(
    `${base}/sites`,
    {
      schema: {
        tags: ['jira'],
        summary: 'The Jira sites of a pending site choice (admins)',
        params: workspaceParams,
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      return { sites: await connections.listPendingSites(actor) };
    },
  );

  app.post(
    `${base}/site`,
    {
      schema: {
        tags: ['jira'],
        summary: 'Choose the Jira site of a pending choice (admins)',
        params: workspaceParams,
        body: z.object({ siteId: z.string().min(1).max(100) }),
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      const connection = await connections.chooseSite({ ...actor, siteId: request.body.siteId });
      return { connection };
    },
  );

  app.post(
    `${base}/disconnect`,
    {
      schema: {
        tags: ['jira'],
        summary: 'Disconnect Jira: purge the tokens now (admins)',
        params: workspaceParams,
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      return connections.disconnect(actor);
    },
  );

  app.get(
    `${base}/projects`,
    {
      schema: {
        tags: ['jira'],
        summary: 'Projects the connected account administers (the export targets)',
        params: workspaceParams,
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      return { projects: await connections.listAdministeredProjects(actor) };
    },
  );

  app.get(
    `${base}/assignable-users`,
    {
      schema: {
        tags: ['jira'],
        summary: 'Users assignable in a project whose name or email starts with the query',
        params: workspaceParams,
        querystring: z.object({
          project: projectKey,
          query: z.string().max(100).default(''),
        }),
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      await accounts.workspaces.requireExport(actor.user.id, actor.workspace.id);
      const { client, siteUrl } = await siteClient(actor.workspace.id);
      try {
        // One page is enough for search-as-you-type; the export itself pages the full window.
        const res = await client.transport.send({
          method: 'GET',
          path: '/user/assignable/search',
          query: { project: request.query.project, query: request.query.query, maxResults: 20 },
        });
        const users = assignableUsers.parse(res.body);
        return {
          users: users.map((u) => ({
            accountId: u.accountId,
            displayName: u.displayName ?? u.accountId,
            ...(u.emailAddress ? { emailAddress: u.emailAddress } : {}),
          })),
        };
      } catch (error) {
        throw fromJiraError(error, siteUrl);
      }
    },
  );

  app.get(
    `${base}/projects/:key/issue-types`,
    {
      schema: {
        tags: ['jira'],
        summary: 'The issue types of a project, custom ones included (any member)',
        params: workspaceParams.extend({ key: projectKey }),
      },
    },
    async (request) => {
      const actor = await who(request, request.params.id);
      await accounts.workspaces.requireExport(actor.user.id, actor.workspace.id);
      const { client, siteUrl } = await siteClient(actor.workspace.id);
      const key = request.params.key;
      try {
        // Team-managed projects have their own types, so the list is asked per project id.
        const project = await client.getProject(key);
        const types = await client.getIssueTypesForProject(project.id);
        return {
          issueTypes: types.map((t) => ({
            id: t.id,
            name: t.name,
            hierarchyLevel: t.hierarchyLevel,
            subtask: t.subtask,
          })),
        };
      } catch (error) {
        if (isJiraApiError(error, 'not_found')) throw projectNotFound(key);
        throw fromJiraError(error, siteUrl);
      }
    },
  );

  /** A Jira client on the workspace's connected site; refuses when there is none to use. */
  async function siteClient(workspaceId: string) {
    const row = await ctx.db
      .selectFrom('connections')
      .select(['id', 'cloud_id', 'site_url', 'status'])
      .where('workspace_id', '=', workspaceId)
      .where('status', '<>', 'disconnected')
      .executeTakeFirst();
    if (!row) throw new ProjanError('not_connected');
    if (row.status === 'reconnect_required') throw new ProjanError('reconnect_required');
    const client = createJiraClient({
      apiBaseUrl: ctx.apiBaseUrl,
      cloudId: row.cloud_id,
      getAccessToken: connections.tokenSupplier(row.id),
    });
    return { client, siteUrl: row.site_url };
  }
}

/** 404 for a project key Jira does not show the connected account (absent or not visible). */
export function projectNotFound(key: string): HttpProblem {
  return new HttpProblem(
    404,
    'project_not_found',
    `The connected Jira account cannot see a project with key ${key}: it does not exist, or the account lacks the Browse projects permission in it.`,
    {
      guidance: [
        'Check the project key, or choose one of the listed projects.',
        'Ask a Jira administrator to grant the connected account Browse projects in that project.',
      ],
    },
  );
}

/** The status card: state, site, installer, scopes with purposes, refresh and expiry warnings. */
export function statusCard(status: ConnectionStatus, canManage: boolean, now: number) {
  const card = { ...status, canManage, reconnectRequired: status.state === 'reconnect_required' };
  if (status.state !== 'connected' && status.state !== 'reconnect_required') {
    return { ...card, scopes: [], warnings: [] as string[] };
  }
  const { connection } = status;
  const warnings: string[] = [];
  if (connection.absoluteExpiry.warning) {
    const days = Math.max(0, Math.ceil((connection.absoluteExpiry.at - now) / DAY_MS));
    warnings.push(
      `Atlassian ends this authorization in ${days} day${days === 1 ? '' : 's'} (365 days after consent). Disconnect and click “Connect Jira” again before then to keep exporting.`,
    );
  }
  return { ...card, scopes: describeScopes(grantedScopes(connection)), warnings };
}

// TODO: Read `connection.grantedScopes` directly once the connections core's move of the scopes
// off `site` is committed everywhere; until then both shapes are accepted.
function grantedScopes(connection: object): string[] {
  const moved = (connection as { grantedScopes?: string[] }).grantedScopes;
  const old = (connection as { site?: { scopes?: string[] } }).site?.scopes;
  return moved ?? old ?? [];
}
