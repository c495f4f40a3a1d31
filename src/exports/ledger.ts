/**
 * The export ledger: what each run did per item, and the lasting record of the Jira issues and
 * links Projan created for a plan on a site and project. Every write that reaches Jira is
 * recorded before the next one is sent, so a run that dies resumes without duplicates.
 */
import type { Kysely } from 'kysely';
import type { Database, ExportItemsTable } from '../store/schema.ts';
import type { DesiredFields } from './fields.ts';

/** Identifies one plan exported to one project of one site, in one workspace. */
export interface LedgerScope {
  workspaceId: string;
  cloudId: string;
  projectId: string;
  planId: string;
}

/** What an earlier export created for an item. */
export interface PreviousIssue {
  jiraId: string;
  jiraKey: string;
  fingerprint: string;
  fields: DesiredFields;
  doneTransitioned: boolean;
}

/** Issues created for the plan by earlier exports, by item id. */
export async function previousIssues(
  db: Kysely<Database>,
  scope: LedgerScope,
): Promise<Map<string, PreviousIssue>> {
  const rows = await whereScope(db.selectFrom('exported_issues').selectAll(), scope).execute();
  return new Map(
    rows.map((row) => [
      row.item_id,
      {
        jiraId: row.jira_id,
        jiraKey: row.jira_key,
        fingerprint: row.fingerprint,
        fields: JSON.parse(row.fields) as DesiredFields,
        doneTransitioned: row.done_transitioned === 1,
      },
    ]),
  );
}

/** Links created for the plan by earlier exports, as `blockerJiraId>blockedJiraId`. */
export async function previousLinks(
  db: Kysely<Database>,
  scope: LedgerScope,
): Promise<Set<string>> {
  const rows = await whereScope(
    db.selectFrom('exported_links').select(['blocker_jira_id', 'blocked_jira_id']),
    scope,
  ).execute();
  return new Set(rows.map((row) => `${row.blocker_jira_id}>${row.blocked_jira_id}`));
}

/** Records (or updates) the issue an item maps to, with what was written. */
export async function recordIssue(
  db: Kysely<Database>,
  scope: LedgerScope,
  entry: {
    itemId: string;
    jiraId: string;
    jiraKey: string;
    fingerprint: string;
    fields: DesiredFields;
    exportId: string;
    doneTransitioned?: boolean;
  },
  now: number,
): Promise<void> {
  const values = {
    workspace_id: scope.workspaceId,
    cloud_id: scope.cloudId,
    project_id: scope.projectId,
    plan_id: scope.planId,
    item_id: entry.itemId,
    jira_id: entry.jiraId,
    jira_key: entry.jiraKey,
    fingerprint: entry.fingerprint,
    fields: JSON.stringify(entry.fields),
    done_transitioned: entry.doneTransitioned ? 1 : 0,
    export_id: entry.exportId,
    updated_at: now,
  };
  await db
    .insertInto('exported_issues')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'cloud_id', 'project_id', 'plan_id', 'item_id']).doUpdateSet({
        jira_id: values.jira_id,
        jira_key: values.jira_key,
        fingerprint: values.fingerprint,
        fields: values.fields,
        export_id: values.export_id,
        updated_at: now,
      }),
    )
    .execute();
}

/** Marks that the item's issue was moved to a done status. */
export async function recordDoneTransition(
  db: Kysely<Database>,
  scope: LedgerScope,
  itemId: string,
  now: number,
): Promise<void> {
  await whereScope(
    db.updateTable('exported_issues').set({ done_transitioned: 1, updated_at: now }),
    scope,
  )
    .where('item_id', '=', itemId)
    .execute();
}

/** Records a created link; a link already recorded is left as it is. */
export async function recordLink(
  db: Kysely<Database>,
  scope: LedgerScope,
  link: { blockerJiraId: string; blockedJiraId: string; exportId: string },
  now: number,
): Promise<void> {
  await db
    .insertInto('exported_links')
    .values({
      workspace_id: scope.workspaceId,
      cloud_id: scope.cloudId,
      project_id: scope.projectId,
      plan_id: scope.planId,
      blocker_jira_id: link.blockerJiraId,
      blocked_jira_id: link.blockedJiraId,
      export_id: link.exportId,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Sets the state of some items of a run. */
export async function setItemState(
  db: Kysely<Database>,
  exportId: string,
  itemIds: readonly string[],
  state: ExportItemsTable['state'],
  now: number,
  extra: { jiraId?: string; jiraKey?: string; error?: unknown } = {},
): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .updateTable('export_items')
    .set({
      state,
      updated_at: now,
      ...(extra.jiraId === undefined ? {} : { jira_id: extra.jiraId }),
      ...(extra.jiraKey === undefined ? {} : { jira_key: extra.jiraKey }),
      ...(extra.error === undefined ? {} : { error: JSON.stringify(extra.error) }),
    })
    .where('export_id', '=', exportId)
    .where('item_id', 'in', itemIds)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: Kysely's builders share no narrower common type for `where`.
function whereScope<Q extends { where: (...args: any[]) => Q }>(query: Q, scope: LedgerScope): Q {
  return query
    .where('workspace_id', '=', scope.workspaceId)
    .where('cloud_id', '=', scope.cloudId)
    .where('project_id', '=', scope.projectId)
    .where('plan_id', '=', scope.planId);
}
