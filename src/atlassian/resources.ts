/**
 * Cloud-ID discovery: which Jira sites an access token reaches.
 * See https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/#3-1-get-the-cloudid-for-your-site
 */
import { OAuthError } from './errors.ts';

/** One Jira Cloud site the grant covers. */
export interface JiraSiteResource {
  /** The cloud ID, used in `https://api.atlassian.com/ex/jira/{cloudId}/...`. */
  cloudId: string;
  name: string;
  /** The site's own address, for example `https://acme.atlassian.net` (display only). */
  url: string;
  /** Scopes granted on this site. */
  scopes: string[];
  avatarUrl?: string;
}

/**
 * Whether a scope belongs to Jira. Atlassian says a resource id is not unique across products
 * (a Jira and a Confluence site of one tenant share it), so the product is inferred from the
 * scopes: classic Jira scopes read `verb:jira-noun`, granular ones `verb:noun:jira`.
 */
export function isJiraScope(scope: string): boolean {
  return /:jira-/.test(scope) || scope.endsWith(':jira');
}

interface RequestInput {
  apiUrl: string;
  accessToken: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/**
 * Reads `GET {apiUrl}/oauth/token/accessible-resources` and keeps the Jira sites, one entry per
 * cloud ID with the Jira scopes only.
 * @throws OAuthError `unauthorized` (401), `unavailable` (network, 429, 5xx) or
 * `invalid_response`.
 */
export async function accessibleJiraSites(input: RequestInput): Promise<JiraSiteResource[]> {
  const operation = 'accessible_resources';
  let response: Response;
  try {
    response = await input.fetch(`${input.apiUrl}/oauth/token/accessible-resources`, {
      headers: { authorization: `Bearer ${input.accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(input.timeoutMs),
    });
  } catch {
    throw new OAuthError('unavailable', { operation });
  }
  if (response.status === 401) throw new OAuthError('unauthorized', { status: 401, operation });
  if (response.status === 429 || response.status >= 500) {
    throw new OAuthError('unavailable', { status: response.status, operation });
  }
  if (!response.ok)
    throw new OAuthError('invalid_response', { status: response.status, operation });

  const body: unknown = await response.json().catch(() => undefined);
  if (!Array.isArray(body)) throw new OAuthError('invalid_response', { operation });
  const sites = new Map<string, JiraSiteResource>();
  for (const entry of body) {
    const site = toJiraSite(entry);
    if (site && !sites.has(site.cloudId)) sites.set(site.cloudId, site);
  }
  return [...sites.values()];
}

function toJiraSite(entry: unknown): JiraSiteResource | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { id, name, url, scopes, avatarUrl } = entry as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof url !== 'string') {
    return undefined;
  }
  if (!Array.isArray(scopes)) return undefined;
  const jiraScopes = scopes.filter((s): s is string => typeof s === 'string' && isJiraScope(s));
  if (jiraScopes.length === 0) return undefined;
  const site: JiraSiteResource = { cloudId: id, name, url, scopes: jiraScopes };
  if (typeof avatarUrl === 'string') site.avatarUrl = avatarUrl;
  return site;
}
