/**
 * Plain words for the consent page, after the scope descriptions in the Jira OpenAPI document's
 * `securitySchemes.OAuth2` block and the User Identity API page. Unknown scopes show as they are.
 */
const WORDS: Record<string, string> = {
  'read:jira-work': 'Read Jira project and issue data, and search for issues.',
  'write:jira-work': 'Create and edit issues in Jira, post comments and delete issues.',
  'read:jira-user':
    'View user information in Jira that you can see, including names, email addresses and avatars.',
  'manage:jira-project': 'Create and edit project settings, versions and components.',
  'manage:jira-configuration':
    'Configure Jira settings that need the Jira administrators permission.',
  'manage:jira-webhook': 'Register and manage Jira webhooks.',
  'read:me': 'View your Atlassian profile: name, email address and picture.',
  offline_access: 'Keep the access you approve while you are not using the app.',
};

/** Describes one scope for a person. */
export function scopeInWords(scope: string): string {
  return WORDS[scope] ?? scope;
}

/**
 * Whether a scope means something to Jira, so it belongs in an accessible-resources entry: the
 * documented example lists Jira scopes only, never `offline_access` or `read:me` (facts §1.5).
 */
export function isJiraScope(scope: string): boolean {
  return scope.includes('jira');
}
