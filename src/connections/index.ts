/**
 * The connections core: "Connect Jira" (OAuth 2.0 (3LO)), site choice, sealed token storage,
 * the token supplier with its cross-process refresh coordinator, status, projects and
 * disconnect. No HTTP here: the server and the CLI call {@link createConnections}.
 */
import { ConnectionSignals } from './activity.ts';
import {
  type CallbackQuery,
  type ConnectResult,
  completeConnect,
  startConnect,
} from './connect.ts';
import type { Actor, ConnectionsDeps, WorkspaceRef } from './context.ts';
import { toCtx } from './context.ts';
import { explainJiraFailure } from './diagnose.ts';
import { type DisconnectResult, disconnect } from './disconnect.ts';
import { listAdministeredProjects, type ProjectSummary } from './projects.ts';
import {
  getAccessToken,
  type IdleRefreshReport,
  type InFlight,
  refreshIdleConnections,
  type TokenOptions,
} from './refresh.ts';
import { chooseSite, listPendingSites } from './site-choice.ts';
import {
  activeConnection,
  type ConnectionStatus,
  getConnectionStatus,
  isConnectionActive,
} from './status.ts';
import type { ConnectionView, SiteView } from './view.ts';

export type { CallbackQuery, ConnectResult } from './connect.ts';
export {
  type Actor,
  type ConnectionsDeps,
  type ConnectionsLogger,
  type JiraAccess,
  type JiraAccessFactory,
  jiraAccessFactory,
  type TokenSealer,
  type WorkspaceRef,
} from './context.ts';
export type { DisconnectResult } from './disconnect.ts';
export {
  ATLASSIAN_CONNECTED_APPS_URL,
  DISCONNECT_MESSAGE,
  DISCONNECT_STEPS,
} from './disconnect.ts';
export { STATE_TTL_MS } from './oauth-state.ts';
export type { ProjectSummary } from './projects.ts';
export type { IdleRefreshReport, TokenOptions } from './refresh.ts';
export type { ConnectionStatus } from './status.ts';
export type { ConnectionView, SiteView } from './view.ts';

/** A token supplier for `createJiraClient`: one per job or client. */
export type TokenSupplier = (opts: { forceRefresh: boolean }) => Promise<string>;

/** The connections core; every method is documented on the function it calls. */
export interface Connections {
  /** Starts "Connect Jira"; returns the Atlassian consent URL. Admins and owners only. */
  startConnect(input: {
    user: Actor;
    workspace: WorkspaceRef;
    sessionId: string;
  }): Promise<{ authorizeUrl: string }>;
  /** Completes the callback: connected, or a site choice pending. */
  completeConnect(input: { query: CallbackQuery; sessionId: string }): Promise<ConnectResult>;
  /** The sites of a pending choice, sorted by name. */
  listPendingSites(input: { user: Actor; workspace: WorkspaceRef }): Promise<SiteView[]>;
  /** Connects the chosen site of a pending choice. */
  chooseSite(input: {
    user: Actor;
    workspace: WorkspaceRef;
    siteId: string;
  }): Promise<ConnectionView>;
  /** Status for any member; outsiders get the accounts' `not_a_member`. */
  getStatus(input: { user: Actor; workspace: WorkspaceRef }): Promise<ConnectionStatus>;
  /** The connected connection for an export (any member); `not_connected` / `reconnect_required`. */
  activeConnection(input: { user: Actor; workspace: WorkspaceRef }): Promise<ConnectionView>;
  /** Purges tokens and aborts this process's exports on the connection. */
  disconnect(input: { user: Actor; workspace: WorkspaceRef }): Promise<DisconnectResult>;
  /** Projects the connected account administers; `no_projects_found` when none. */
  listAdministeredProjects(input: {
    user: Actor;
    workspace: WorkspaceRef;
  }): Promise<ProjectSummary[]>;
  /**
   * The catalogue error (`site_not_accessible`, `token_expired`, `atlassian_unavailable`, ...)
   * for a `JiraApiError` from a call on the connection; other errors come back unchanged.
   */
  explainJiraFailure(connectionId: string, error: unknown): Promise<unknown>;
  /** A valid access token (refreshing when needed, one refresh at a time across processes). */
  getAccessToken(connectionId: string, options?: TokenOptions): Promise<string>;
  /**
   * A supplier for `createJiraClient`. It remembers the token it last handed out, so a forced
   * refresh after a 401 is skipped when another caller already replaced that token.
   */
  tokenSupplier(connectionId: string): TokenSupplier;
  /**
   * Refreshes connections idle for more than 24 h and purges abandoned connect flows; call it
   * from a scheduler at least daily.
   */
  refreshIdleConnections(): Promise<IdleRefreshReport>;
  /** Whether the connection is still connected (exports poll this at safe points). */
  isConnectionActive(connectionId: string): Promise<boolean>;
  /** Aborts when the connection is disconnected in this process. */
  signalFor(connectionId: string): AbortSignal;
}

/** Builds the connections core. */
export function createConnections(deps: ConnectionsDeps): Connections {
  const ctx = toCtx(deps);
  const inflight: InFlight = new Map();
  const signals = new ConnectionSignals();
  const tokenSupplier = (connectionId: string): TokenSupplier => {
    let last: string | undefined;
    return async ({ forceRefresh }) => {
      const options: TokenOptions = { forceRefresh };
      if (forceRefresh && last !== undefined) options.rejectedToken = last;
      last = await getAccessToken(ctx, inflight, connectionId, options);
      return last;
    };
  };
  return {
    startConnect: (input) => startConnect(ctx, input),
    completeConnect: (input) => completeConnect(ctx, input),
    listPendingSites: (input) => listPendingSites(ctx, input),
    chooseSite: (input) => chooseSite(ctx, input),
    getStatus: (input) => getConnectionStatus(ctx, input),
    activeConnection: (input) => activeConnection(ctx, input),
    disconnect: (input) => disconnect(ctx, signals, input),
    listAdministeredProjects: (input) =>
      listAdministeredProjects(ctx, inflight, tokenSupplier, input),
    explainJiraFailure: (id, error) => explainJiraFailure(ctx, inflight, id, error),
    getAccessToken: (id, options) => getAccessToken(ctx, inflight, id, options),
    tokenSupplier,
    refreshIdleConnections: () => refreshIdleConnections(ctx, inflight),
    isConnectionActive: (id) => isConnectionActive(ctx, id),
    signalFor: (id) => signals.signalFor(id),
  };
}
