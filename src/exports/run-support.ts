/**
 * The small pieces an export run is made of besides its phases: the run's item rows and counts,
 * its summary and ending, and how Jira's status categories, rate-limit reasons and errors read.
 */
import type { Kysely } from 'kysely';
import type { JiraApiError } from '../jira/errors.ts';
import type { Database, ExportsTable } from '../store/schema.ts';
import type { PlannedItem, PlannedLink, PreflightReport } from './preflight.ts';
import type { ExportProblem } from './problems.ts';
import type { ExportSummary } from './run.ts';
import type { RunState } from './run-state.ts';

export const MAX_TRANSITION_STEPS = 4;

export function categoryOf(status: {
  statusCategory?: { id: number; key: string };
}): 'todo' | 'in_progress' | 'done' | undefined {
  const category = status.statusCategory;
  if (!category) return undefined;
  // Jira's status categories: 2 "new" (To Do), 4 "indeterminate" (In Progress), 3 "done".
  if (category.key === 'done' || category.id === 3) return 'done';
  if (category.key === 'indeterminate' || category.id === 4) return 'in_progress';
  return 'todo';
}

/** Atlassian's `RateLimit-Reason` values, in words for the progress display. */
export function pauseReason(reason: string): string {
  if (reason.startsWith('jira-quota')) {
    return 'Jira’s hourly rate-limit quota is used up; waiting for it to reset.';
  }
  if (reason === 'jira-burst-based') return 'Jira asked to slow down (too many requests a second).';
  if (reason === 'jira-per-issue-on-write') {
    return 'Too many changes to one issue in a short time; waiting before the next one.';
  }
  return `Jira asked Projan to wait (${reason}).`;
}

export function linkId(link: PlannedLink): string {
  const blocker =
    'itemId' in link.blocker ? `item:${link.blocker.itemId}` : `key:${link.blocker.key}`;
  return `${blocker}>${link.blockedItemId}`;
}

export function isTransient(error: JiraApiError): boolean {
  return ['rate_limited', 'unavailable', 'network', 'timeout', 'unauthorized'].includes(error.code);
}

export function rejectionMessage(
  item: PlannedItem,
  messages: readonly string[],
  fieldErrors: Record<string, string>,
): string {
  const fields = Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`);
  const details = [...messages, ...fields].join(' ');
  return `Jira refused item "${item.itemId}" (${item.issueTypeName})${details ? `: ${details}` : '.'}`;
}

export async function ensureItemRows(
  db: Kysely<Database>,
  exportId: string,
  report: PreflightReport,
  now: number,
): Promise<void> {
  const rows = report.items.map((item, position) => ({
    export_id: exportId,
    item_id: item.itemId,
    position,
    action: item.action,
    state: item.blocked ? ('blocked' as const) : ('pending' as const),
    issue_type: item.issueTypeName,
    jira_id: item.jiraId ?? null,
    jira_key: item.jiraKey ?? null,
    error: item.blocked
      ? JSON.stringify({ message: 'Not sent: see the preflight errors for this item.' })
      : null,
    updated_at: now,
  }));
  for (let start = 0; start < rows.length; start += 100) {
    await db
      .insertInto('export_items')
      .values(rows.slice(start, start + 100))
      .onConflict((oc) => oc.columns(['export_id', 'item_id']).doNothing())
      .execute();
  }
}

export async function countState(
  db: Kysely<Database>,
  exportId: string,
  state: string,
): Promise<number> {
  const row = await db
    .selectFrom('export_items')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('export_id', '=', exportId)
    .where('state', '=', state as never)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export function summarize(
  report: PreflightReport,
  failures: readonly ExportProblem[],
  links: number,
  transitions: number,
  requests: number,
  started: number,
  now: () => number,
): ExportSummary {
  const byType: Record<string, number> = {};
  for (const item of report.items) {
    if (item.action === 'create' && !item.blocked)
      byType[item.issueTypeName] = (byType[item.issueTypeName] ?? 0) + 1;
  }
  return {
    created: report.counts.create,
    updated: report.counts.update,
    unchanged: report.counts.unchanged,
    failed: 0,
    blocked: report.items.filter((item) => item.blocked).length,
    links,
    transitions,
    byType,
    requests,
    seconds: Math.round((now() - started) / 100) / 10,
    problems: [...failures],
  };
}

export async function finish(
  run: RunState,
  row: ExportsTable,
  state: ExportsTable['state'],
  summary: ExportSummary,
  problems: readonly ExportProblem[],
): Promise<ExportSummary> {
  const now = run.now();
  summary.problems = [...problems];
  const errors = problems.filter((problem) => problem.severity === 'error');
  const blocking = errors.find((problem) => problem.itemIds.length === 0) ?? errors[0];
  await run.deps.db
    .updateTable('exports')
    .set({
      state,
      phase: 'finished',
      summary: JSON.stringify(summary),
      finished_at: now,
      updated_at: now,
      ...(state === 'failed' && blocking
        ? { error_code: blocking.code, error_message: blocking.message }
        : {}),
    })
    .where('id', '=', row.id)
    .execute();
  run.deps.hub?.publish({
    exportId: row.id,
    phase: 'finished',
    done: run.done,
    total: run.total,
    state,
  });
  return summary;
}

export function isFinished(state: ExportsTable['state']): boolean {
  return (
    state === 'succeeded' || state === 'partial' || state === 'failed' || state === 'cancelled'
  );
}
