/** How a connection is shown to callers: ids, site and times, never a token. */
import type { ConnectionsTable } from '../store/schema.ts';

/** Atlassian ends a grant 365 days after consent, however often it is refreshed. */
export const ABSOLUTE_LIFETIME_MS = 365 * 24 * 3600_000;
/** From this long before the absolute limit, the status warns. */
export const ABSOLUTE_WARNING_MS = 30 * 24 * 3600_000;

/** A Jira site as shown on the connection and on the site-choice page. */
export interface SiteView {
  cloudId: string;
  name: string;
  url: string;
  /** Scopes granted on the site. */
  scopes: string[];
}

/** A workspace's Jira connection as the web app, the CLI and the API show it. */
export interface ConnectionView {
  id: string;
  workspaceId: string;
  status: ConnectionsTable['status'];
  site: Omit<SiteView, 'scopes'>;
  /** Scopes of the grant, as the last token answer listed them. */
  grantedScopes: string[];
  /** The Atlassian account that consented (`/myself` at connect time). */
  installerAccountId: string;
  /** The Projan user who connected. */
  connectedBy: string | null;
  consentedAt: number;
  accessExpiresAt: number | null;
  lastRefreshedAt: number | null;
  /**
   * When Atlassian's 365-day absolute limit ends the grant; `warning` is true from 30 days
   * before (connect again to start a new year).
   */
  absoluteExpiry: { at: number; warning: boolean };
}

/** Builds the view of a row at time `now`. */
export function toConnectionView(row: ConnectionsTable, now: number): ConnectionView {
  const absoluteAt = row.consented_at + ABSOLUTE_LIFETIME_MS;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    status: row.status,
    site: { cloudId: row.cloud_id, name: row.site_name, url: row.site_url },
    grantedScopes: splitScopes(row.scopes),
    installerAccountId: row.installer_account_id,
    connectedBy: row.connected_by,
    consentedAt: row.consented_at,
    accessExpiresAt: row.access_expires_at,
    lastRefreshedAt: row.last_refreshed_at,
    absoluteExpiry: { at: absoluteAt, warning: now >= absoluteAt - ABSOLUTE_WARNING_MS },
  };
}

/** Splits a stored space-separated scope list. */
export function splitScopes(scopes: string): string[] {
  return scopes.split(' ').filter((s) => s.length > 0);
}
