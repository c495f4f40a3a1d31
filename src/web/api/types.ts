/**
 * Shapes of the HTTP API's answers as the web app reads them. Types only: the cores' own types
 * are imported where they describe the wire shape exactly, so a change there is a type error here.
 */
import type { ApiTokenRecord } from '../../accounts/api-tokens.ts';
import type { AuditEntry } from '../../accounts/audit.ts';
import type { Member } from '../../accounts/workspaces.ts';
import type { ConnectionView, SiteView } from '../../connections/view.ts';
import type { PreflightReport } from '../../exports/preflight.ts';
import type { ExportProblem } from '../../exports/problems.ts';
import type { ExportItemView, ExportView } from '../../exports/service.ts';
import type { Diagnostic } from '../../plan/diagnostics.ts';
import type { ItemType, Plan, PlanItem } from '../../plan/model.ts';
import type { GraphNode, PlanGraph } from '../../server/plans/graph-view.ts';
import type { AssigneeChoice, PlanSummary } from '../../server/plans/repository.ts';

export type {
  ApiTokenRecord,
  AssigneeChoice,
  AuditEntry,
  ConnectionView,
  Diagnostic,
  ExportItemView,
  ExportProblem,
  ExportView,
  GraphNode,
  ItemType,
  Member,
  Plan,
  PlanGraph,
  PlanItem,
  PlanSummary,
  PreflightReport,
  SiteView,
};

/** A user as `/api/auth/*` shows them. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  individualWorkspaceId: string;
  createdAt: number;
}

/** A workspace with the caller's role and what it allows. */
export interface WorkspaceView {
  id: string;
  kind: 'individual' | 'team';
  name: string;
  ownerUserId: string | null;
  createdAt: number;
  role: 'admin' | 'member';
  permissions: {
    manageConnection: boolean;
    export: boolean;
    manageMembers: boolean;
    readAudit: boolean;
  };
}

/** `GET /api/auth/me`, sign-in and sign-up. */
export interface Account {
  user: UserView;
  workspaces: WorkspaceView[];
  csrfToken: string | null;
}

/** An error body: what happened and what to do. */
export interface Problem {
  code: string;
  message: string;
  guidance: string[];
}

/** One scope row of the status card. */
export interface ScopeRow {
  scope: string;
  purpose: string;
  access: string;
}

/** `GET /api/workspaces/:id/integrations/jira`. */
export type StatusCard = {
  canManage: boolean;
  reconnectRequired: boolean;
  scopes: ScopeRow[];
  warnings: string[];
} & (
  | { state: 'not_connected' }
  | { state: 'pending_site_choice'; sites: SiteView[] }
  | { state: 'connected'; connection: ConnectionView }
  | { state: 'reconnect_required'; connection: ConnectionView; problem: Problem }
);

/** A Jira project the connected account administers. */
export interface ProjectView {
  id: string;
  key: string;
  name: string;
  style?: string;
}

/** A user of the assignable-user search. */
export interface AssignableUser {
  accountId: string;
  displayName: string;
  emailAddress?: string;
}

/** `GET /api/workspaces/:id/plans/:planId`. */
export interface PlanDetail extends PlanSummary {
  plan: Plan;
  graph: PlanGraph;
  assignees: AssigneeChoice[];
}

/** `POST /api/workspaces/:id/plans` on success. */
export interface PlanUploaded {
  plan: PlanSummary;
  replaced: boolean;
  diagnostics: Diagnostic[];
}

/** `POST .../jira/disconnect`. */
export interface DisconnectAnswer {
  connectionId: string | null;
  message: string;
  steps: string[];
}

/** The progress frames of `GET /api/exports/:id/events`. */
export interface ProgressFrame {
  exportId: string;
  phase: string;
  done: number;
  total: number;
  pause: { reason: string; untilMs: number } | null;
  state?: string;
}
