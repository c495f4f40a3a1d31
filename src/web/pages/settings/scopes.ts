/**
 * The seed page's "Permissions Requested" table, shown before connecting so people know what
 * they will grant. Once connected, the status card shows the server's own list of the scopes
 * Atlassian actually granted.
 */
import type { ScopeRow } from '../../api/types.ts';

/** The scopes "Connect Jira" asks for, each with its purpose in plain words. */
export const REQUESTED_SCOPES: readonly ScopeRow[] = [
  { scope: 'read:jira-work', purpose: 'Read projects, issues, boards', access: 'Read' },
  { scope: 'write:jira-work', purpose: 'Create and update issues', access: 'Write' },
  { scope: 'read:jira-user', purpose: 'Look up assignable users', access: 'Read' },
  { scope: 'manage:jira-project', purpose: 'Access project configuration', access: 'Read' },
  { scope: 'manage:jira-configuration', purpose: 'Read issue types and workflows', access: 'Read' },
  { scope: 'offline_access', purpose: 'Refresh tokens without re-auth', access: 'System' },
];

/** The purpose of a scope, for site lists that carry scope names only. */
export function scopePurpose(scope: string): string {
  return REQUESTED_SCOPES.find((row) => row.scope === scope)?.purpose ?? 'Granted by Atlassian';
}
