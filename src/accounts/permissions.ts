import type { WorkspacesTable } from '../store/schema.ts';

/** A workspace together with the role a given user holds in it. */
export interface WorkspaceAccess {
  userId: string;
  workspace: Workspace;
  role: 'admin' | 'member';
}

/** A workspace as callers see it. */
export interface Workspace {
  id: string;
  kind: WorkspacesTable['kind'];
  name: string;
  /** The owner of an individual workspace; null for teams. */
  ownerUserId: string | null;
  createdAt: number;
}

/**
 * Whether the user may connect or disconnect Jira for the workspace: a team's admin, or the
 * owner of an individual workspace (seed page, "Prerequisites": "Projan team admin or
 * individual account").
 */
export function canManageConnection(access: WorkspaceAccess): boolean {
  if (access.workspace.kind === 'individual') return access.workspace.ownerUserId === access.userId;
  return access.role === 'admin';
}

/** Whether the user may see the connection status and export plans: any member. */
export function canExport(access: WorkspaceAccess): boolean {
  return access.role === 'admin' || access.role === 'member';
}

/** Whether the user may add, remove and change the roles of team members: a team admin. */
export function canManageMembers(access: WorkspaceAccess): boolean {
  return access.workspace.kind === 'team' && access.role === 'admin';
}

/** Whether the user may read the workspace's audit log: an admin of it (team or individual). */
export function canReadAudit(access: WorkspaceAccess): boolean {
  return access.role === 'admin';
}

/** Maps a `workspaces` row to a {@link Workspace}. */
export function toWorkspace(row: WorkspacesTable): Workspace {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    ownerUserId: row.owner_user_id,
    createdAt: row.created_at,
  };
}
