/**
 * The project picker: projects where the connected account is a project admin
 * (`GET /rest/api/3/project/search?action=edit`, all pages; `edit` means "administer").
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-search-get
 */
import { ProjanError } from '../errors/index.ts';
import type { Actor, Ctx, WorkspaceRef } from './context.ts';
import { explainJiraFailure } from './diagnose.ts';
import type { InFlight } from './refresh.ts';
import { liveConnection } from './status.ts';

/** A project as the picker shows it. */
export interface ProjectSummary {
  id: string;
  key: string;
  name: string;
}

/**
 * Lists the administered projects of the workspace's connected site, sorted by key.
 * @throws ProjanError `no_projects_found` (with the seed's guidance) when there are none,
 * `not_connected`, `reconnect_required`, `token_expired`, `site_not_accessible` or
 * `atlassian_unavailable`; the accounts' `not_a_member` for outsiders.
 */
export async function listAdministeredProjects(
  ctx: Ctx,
  inflight: InFlight,
  supplier: (connectionId: string) => (opts: { forceRefresh: boolean }) => Promise<string>,
  input: { user: Actor; workspace: WorkspaceRef },
): Promise<ProjectSummary[]> {
  await ctx.workspaces.access(input.user.id, input.workspace.id);
  const row = await liveConnection(ctx, input.workspace.id);
  if (!row) throw new ProjanError('not_connected');
  if (row.status === 'reconnect_required') throw new ProjanError('reconnect_required');

  const jira = ctx.jira({ cloudId: row.cloud_id, getAccessToken: supplier(row.id) });
  let projects: Array<{ id: string; key: string; name: string }>;
  try {
    projects = await jira.searchProjects({ action: 'edit' });
  } catch (error) {
    throw await explainJiraFailure(ctx, inflight, row.id, error);
  }
  if (projects.length === 0) throw new ProjanError('no_projects_found');
  return projects
    .map(({ id, key, name }) => ({ id, key, name }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
