/**
 * The scopes the Jira integration asks for, with their purpose in plain words, as the seed page's
 * "Permissions Requested" table lists them (shown on the status card).
 */

/** One scope row of the status card. */
export interface ScopePurpose {
  scope: string;
  purpose: string;
  access: 'Read' | 'Write' | 'System';
}

const PURPOSES: Record<string, Omit<ScopePurpose, 'scope'>> = {
  'read:jira-work': { purpose: 'Read projects, issues, boards', access: 'Read' },
  'write:jira-work': { purpose: 'Create and update issues', access: 'Write' },
  'read:jira-user': { purpose: 'Look up assignable users', access: 'Read' },
  'manage:jira-project': { purpose: 'Access project configuration', access: 'Read' },
  'manage:jira-configuration': { purpose: 'Read issue types and workflows', access: 'Read' },
  offline_access: { purpose: 'Refresh tokens without re-auth', access: 'System' },
};

/** The purpose of each scope; scopes Projan does not know get a neutral description. */
export function describeScopes(scopes: readonly string[]): ScopePurpose[] {
  return scopes.map((scope) => ({
    scope,
    ...(PURPOSES[scope] ?? { purpose: 'Granted by Atlassian', access: 'Read' }),
  }));
}
