/**
 * Every failure a person can meet while connecting Jira or exporting, with ONE wording shared by
 * the web app, the CLI and the HTTP API. Troubleshooting steps quote the Projan Jira integration
 * page where it has them. Documented for people in `docs/troubleshooting.md`.
 */

/** Parameters some messages need; most need none. */
export interface ErrorParams {
  permission_denied: { permission: string; account: string; project?: string };
  missing_issue_types: { project: string; missing: readonly string[] };
  site_not_accessible: { site: string };
}

/** Stable codes: callers branch on these, never on the wording. */
export type ErrorCode =
  | 'not_connected'
  | 'reconnect_required'
  | 'token_expired'
  | 'no_projects_found'
  | 'missing_issue_types'
  | 'permission_denied'
  | 'site_not_accessible'
  | 'atlassian_unavailable'
  | 'no_jira_site'
  | 'connection_forbidden'
  | 'consent_denied'
  | 'connect_failed'
  | 'connection_disconnected'
  | 'oauth_state_missing'
  | 'oauth_state_unknown'
  | 'oauth_state_replayed'
  | 'oauth_state_expired'
  | 'oauth_state_foreign'
  | 'no_pending_site_choice'
  | 'unknown_site'
  | 'missing_refresh_token'
  | 'oauth_misconfigured'
  | 'internal_error';

/** The parameters of `code`, or none. */
export type ParamsOf<C extends ErrorCode> = C extends keyof ErrorParams
  ? ErrorParams[C]
  : Record<string, never>;

/** One catalogue entry. */
export interface CatalogueEntry<C extends ErrorCode> {
  /** HTTP status the API answers with. */
  status: number;
  /** Who must act: the person using Projan, or the operator running it. */
  audience: 'user' | 'operator';
  message: (params: ParamsOf<C>) => string;
  /** Steps to take, in order. */
  guidance: (params: ParamsOf<C>) => string[];
}

const RECONNECT_STEP =
  'Go to Settings > Integrations > Jira, click Disconnect, then click “Connect Jira” and authorize Projan again.';
const CONNECT_AGAIN_STEP =
  'Go to Settings > Integrations > Jira and click “Connect Jira” to start again.';

/** The catalogue. Seed-page text is quoted verbatim in the guidance where it exists. */
export const catalogue: { [C in ErrorCode]: CatalogueEntry<C> } = {
  not_connected: {
    status: 409,
    audience: 'user',
    message: () => 'Jira is not connected to this workspace.',
    guidance: () => ['Go to Settings > Integrations > Jira and click “Connect Jira”.'],
  },
  reconnect_required: {
    status: 409,
    audience: 'user',
    message: () =>
      'The Jira connection needs to be renewed: Atlassian no longer accepts its authorization.',
    guidance: () => [
      'Tokens auto-refresh - no re-authentication needed unless you revoke access from Atlassian.',
      'Access ends when Projan is removed from the Atlassian account’s connected apps, when the account’s password changes, after 90 days without use, or 365 days after consent.',
      RECONNECT_STEP,
    ],
  },
  token_expired: {
    status: 401,
    audience: 'user',
    message: () => 'The Jira access token expired and could not be renewed.',
    guidance: () => ['Tokens should auto-refresh. If issues persist, disconnect and reconnect.'],
  },
  no_projects_found: {
    status: 404,
    audience: 'user',
    message: () => 'No projects found',
    guidance: () => [
      'Verify you have project admin access for at least one project.',
      'Ensure the connected account has the correct Jira permissions.',
    ],
  },
  missing_issue_types: {
    status: 422,
    audience: 'user',
    message: ({ project, missing }) =>
      `Missing issue types: project ${project} has no ${missing.join(', ')} issue type.`,
    guidance: () => [
      'Ensure the target project uses a standard issue type scheme.',
      'Custom issue types are not automatically mapped.',
    ],
  },
  permission_denied: {
    status: 403,
    audience: 'user',
    message: ({ permission, account, project }) =>
      `Permission denied: the connected Jira account ${account} lacks the “${permission}” permission${project ? ` in project ${project}` : ''}.`,
    guidance: ({ permission }) => [
      `The connected Jira account must have “${permission}” permission in the target project.`,
      'Ask a Jira administrator to grant it, or connect with an account that has it.',
    ],
  },
  site_not_accessible: {
    status: 409,
    audience: 'user',
    message: ({ site }) => `The Jira site ${site} is no longer accessible with this connection.`,
    guidance: () => [
      'The site may have been removed from the Atlassian grant, or the connected account lost access to it.',
      RECONNECT_STEP,
    ],
  },
  internal_error: {
    status: 500,
    audience: 'user',
    message: () => 'The export stopped on an unexpected error in Projan.',
    guidance: () => [
      'Issues already created in Jira stay and are not duplicated: try the export again.',
      'If it fails the same way, report it to your Projan administrator with the export id.',
    ],
  },
  atlassian_unavailable: {
    status: 503,
    audience: 'user',
    message: () => 'Atlassian is not responding right now.',
    guidance: () => [
      'Nothing is lost: try again in a few minutes.',
      'If it lasts, check https://status.atlassian.com for an incident.',
    ],
  },
  no_jira_site: {
    status: 409,
    audience: 'user',
    message: () => 'The Atlassian account that authorized Projan has no Jira Cloud site.',
    guidance: () => [
      'Projan needs a Jira Cloud instance (not Server or Data Center).',
      'Sign in to Atlassian with an account that uses a Jira Cloud site, then connect again.',
    ],
  },
  connection_forbidden: {
    status: 403,
    audience: 'user',
    message: () =>
      'Only a team admin, or the owner of an individual workspace, can connect or disconnect Jira.',
    guidance: () => ['Ask a team admin to connect or disconnect Jira for this team.'],
  },
  consent_denied: {
    status: 400,
    audience: 'user',
    message: () => 'Jira was not connected: the Atlassian consent screen was declined.',
    guidance: () => [
      'To connect, click “Connect Jira” again and choose Accept on Atlassian’s consent screen.',
    ],
  },
  connect_failed: {
    status: 400,
    audience: 'user',
    message: () =>
      'The Jira connection could not be completed: Atlassian did not accept the authorization.',
    guidance: () => [CONNECT_AGAIN_STEP],
  },
  connection_disconnected: {
    status: 409,
    audience: 'user',
    message: () => 'The export stopped because Jira was disconnected from this workspace.',
    guidance: () => [
      'Previously exported issues remain in Jira unaffected.',
      'Connect the same Jira site again and restart the export: issues already exported are updated, not created twice.',
    ],
  },
  oauth_state_missing: {
    status: 400,
    audience: 'user',
    message: () =>
      'The Jira connection could not be completed: the answer from Atlassian lacks its state.',
    guidance: () => [CONNECT_AGAIN_STEP],
  },
  oauth_state_unknown: {
    status: 400,
    audience: 'user',
    message: () => 'The Jira connection could not be completed: Projan did not start this request.',
    guidance: () => [CONNECT_AGAIN_STEP],
  },
  oauth_state_replayed: {
    status: 400,
    audience: 'user',
    message: () => 'The Jira connection could not be completed: this link was already used.',
    guidance: () => [CONNECT_AGAIN_STEP],
  },
  oauth_state_expired: {
    status: 400,
    audience: 'user',
    message: () =>
      'The Jira connection could not be completed: more than 10 minutes passed since it started.',
    guidance: () => [CONNECT_AGAIN_STEP],
  },
  oauth_state_foreign: {
    status: 403,
    audience: 'user',
    message: () =>
      'The Jira connection could not be completed: it was started from another browser session.',
    guidance: () => [
      'Connect from the same browser window you are signed in with.',
      CONNECT_AGAIN_STEP,
    ],
  },
  no_pending_site_choice: {
    status: 409,
    audience: 'user',
    message: () => 'There is no Jira site choice waiting for this workspace.',
    guidance: () => [CONNECT_AGAIN_STEP],
  },
  unknown_site: {
    status: 400,
    audience: 'user',
    message: () => 'That Jira site is not one of the sites this authorization covers.',
    guidance: () => ['Choose one of the listed sites, or connect again with the right account.'],
  },
  missing_refresh_token: {
    status: 502,
    audience: 'operator',
    message: () =>
      'Atlassian returned no refresh token, so the connection could not be kept. The offline_access scope is missing.',
    guidance: () => [
      'Operator: add the offline_access scope to the OAuth app in the Atlassian developer console and include it in ATLASSIAN_SCOPES.',
      'Then connect Jira again.',
    ],
  },
  oauth_misconfigured: {
    status: 500,
    audience: 'operator',
    message: () => 'Atlassian rejected Projan’s OAuth app settings.',
    guidance: () => [
      'Operator: check ATLASSIAN_CLIENT_ID, ATLASSIAN_CLIENT_SECRET and ATLASSIAN_REDIRECT_URI against the app in the Atlassian developer console.',
    ],
  },
};
