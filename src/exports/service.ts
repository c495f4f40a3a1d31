/**
 * The exports core that the server and the CLI call: preflight a plan against a project, start
 * an export as a durable job, read runs and their items, and the job handler that executes
 * them. No HTTP here.
 */
import type { Kysely } from 'kysely';
import type { AuditLog, Workspaces } from '../accounts/index.ts';
import { fromJiraError } from '../connections/error-mapping.ts';
import type { TokenSupplier } from '../connections/index.ts';
import { ProjanError } from '../errors/index.ts';
import { createJiraClient } from '../jira/client.ts';
import { isJiraApiError, JiraApiError } from '../jira/errors.ts';
import type { JiraClientEvent, JiraClock } from '../jira/options.ts';
import { FinalJobError, type Job, type JobHandler, type JobQueue } from '../jobs/index.ts';
import { flattenItems } from '../plan/graph.ts';
import type { Plan } from '../plan/model.ts';
import { newTimeOrderedId } from '../store/ids.ts';
import type {
  ConnectionsTable,
  Database,
  ExportItemsTable,
  ExportsTable,
} from '../store/schema.ts';
import { type ExportOptions, type PreflightReport, preflight } from './preflight.ts';
import type { ExportProgress, ProgressHub } from './progress.ts';
import { ExportInterrupted, type ExportSummary, runExport } from './run.ts';

/** The job kind of an export run. */
export const EXPORT_JOB = 'export';

/** The parts of the connections core exports use. */
export interface ConnectionAccess {
  tokenSupplier(connectionId: string): TokenSupplier;
  signalFor(connectionId: string): AbortSignal;
  isConnectionActive(connectionId: string): Promise<boolean>;
}

export interface ExportsDeps {
  db: Kysely<Database>;
  queue: JobQueue;
  connections: ConnectionAccess;
  workspaces: Pick<Workspaces, 'requireExport' | 'access'>;
  audit: AuditLog;
  hub: ProgressHub;
  /** `https://api.atlassian.com` or the emulator. */
  apiBaseUrl: string;
  now?: () => number;
  reconcileWindowMs?: number;
  /** Concurrent Jira requests per export (default 6). */
  maxConcurrency?: number;
  /** Per Jira request attempt (default: the client's 30 s). */
  jiraTimeoutMs?: number;
  /** Runs of an export job before it fails for good (default 10). */
  maxAttempts?: number;
  /** The Jira client's time and sleep (default: real time); tests skip its backoff waits. */
  jiraClock?: JiraClock;
}

/** A run as people see it. */
export interface ExportView {
  id: string;
  workspaceId: string;
  planId: string;
  planTitle: string;
  projectKey: string;
  siteCloudId: string;
  state: ExportsTable['state'];
  /** The queue job running the export. */
  jobId: string | null;
  phase: string;
  progress: { done: number; total: number };
  pause: { reason: string; untilMs: number } | null;
  summary: ExportSummary | null;
  error: { code: string; message: string } | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** One item of a run. */
export interface ExportItemView {
  itemId: string;
  /** The item's title in the exported plan. */
  title: string;
  action: ExportItemsTable['action'];
  state: ExportItemsTable['state'];
  issueType: string;
  jiraKey: string | null;
  /** `${siteUrl}/browse/${key}`. */
  url: string | null;
  error: { message: string; fieldErrors?: Record<string, string> } | null;
}

export interface ExportRequest {
  userId: string;
  workspaceId: string;
  plan: Plan;
  projectKey: string;
  options?: ExportOptions;
}

export interface Exports {
  /** The dry run: what an export would do, with errors and warnings. Writes nothing to Jira. */
  preflight(request: ExportRequest): Promise<PreflightReport>;
  /** Records the run and queues it; returns its id at once. */
  start(request: ExportRequest): Promise<ExportView>;
  get(userId: string, exportId: string): Promise<ExportView>;
  items(userId: string, exportId: string): Promise<ExportItemView[]>;
  list(userId: string, workspaceId: string, planId?: string): Promise<ExportView[]>;
  /** Handlers to give the worker. */
  jobHandlers(): Record<string, JobHandler>;
}

/** Builds the exports core. */
export function createExports(deps: ExportsDeps): Exports {
  const now = deps.now ?? Date.now;

  const clientFor = (connection: ConnectionsTable, onEvent?: (event: JiraClientEvent) => void) =>
    createJiraClient({
      apiBaseUrl: deps.apiBaseUrl,
      cloudId: connection.cloud_id,
      getAccessToken: deps.connections.tokenSupplier(connection.id),
      maxConcurrency: deps.maxConcurrency ?? 6,
      ...(deps.jiraTimeoutMs === undefined ? {} : { timeoutMs: deps.jiraTimeoutMs }),
      ...(deps.jiraClock ? { clock: deps.jiraClock } : {}),
      ...(onEvent ? { onEvent } : {}),
    });

  const readExport = async (userId: string, exportId: string): Promise<ExportsTable> => {
    const row = await deps.db
      .selectFrom('exports')
      .selectAll()
      .where('id', '=', exportId)
      .executeTakeFirst();
    if (!row) throw new ExportNotFound(exportId);
    try {
      await deps.workspaces.access(userId, row.workspace_id);
    } catch {
      // Another team's export is reported exactly like a missing one.
      throw new ExportNotFound(exportId);
    }
    return row;
  };

  return {
    async preflight(request) {
      await deps.workspaces.requireExport(request.userId, request.workspaceId);
      const connection = await liveConnection(deps.db, request.workspaceId);
      return preflight({
        plan: request.plan,
        target: {
          workspaceId: request.workspaceId,
          cloudId: connection.cloud_id,
          projectKey: request.projectKey,
        },
        options: request.options ?? {},
        client: clientFor(connection),
        db: deps.db,
      });
    },

    async start(request) {
      await deps.workspaces.requireExport(request.userId, request.workspaceId);
      const connection = await liveConnection(deps.db, request.workspaceId);
      const at = now();
      const row: ExportsTable = {
        id: newTimeOrderedId('exp', at),
        workspace_id: request.workspaceId,
        connection_id: connection.id,
        cloud_id: connection.cloud_id,
        project_key: request.projectKey,
        project_id: null,
        plan_id: request.plan.id,
        plan_title: request.plan.title,
        plan: JSON.stringify(request.plan),
        options: JSON.stringify(request.options ?? {}),
        state: 'queued',
        phase: 'queued',
        progress_done: 0,
        progress_total: 0,
        pause_reason: null,
        pause_until: null,
        summary: null,
        error_code: null,
        error_message: null,
        job_id: null,
        started_by: request.userId,
        created_at: at,
        started_at: null,
        finished_at: null,
        updated_at: at,
      };
      await deps.db.insertInto('exports').values(row).execute();
      // One export at a time per connection: they share the site's rate limits.
      row.job_id = await deps.queue.enqueue(
        EXPORT_JOB,
        { exportId: row.id },
        { key: connection.id, maxAttempts: deps.maxAttempts ?? 10 },
      );
      await deps.db
        .updateTable('exports')
        .set({ job_id: row.job_id })
        .where('id', '=', row.id)
        .execute();
      await deps.audit.record({
        workspaceId: request.workspaceId,
        actorUserId: request.userId,
        action: 'export_started',
        outcome: 'success',
        detail: { exportId: row.id, planId: request.plan.id, project: request.projectKey },
      });
      return toView(row);
    },

    async get(userId, exportId) {
      const row = await readExport(userId, exportId);
      const view = toView(row);
      const live = deps.hub.latest(exportId);
      if (live && view.state === 'running') {
        view.progress = { done: live.done, total: live.total };
        view.phase = live.phase;
        view.pause = live.pause ?? null;
      }
      return view;
    },

    async items(userId, exportId) {
      const row = await readExport(userId, exportId);
      const connection = await deps.db
        .selectFrom('connections')
        .select('site_url')
        .where('id', '=', row.connection_id)
        .executeTakeFirst();
      const rows = await deps.db
        .selectFrom('export_items')
        .selectAll()
        .where('export_id', '=', exportId)
        .orderBy('position')
        .execute();
      const titles = new Map(
        flattenItems(JSON.parse(row.plan) as Plan).map((entry) => [
          entry.item.id,
          entry.item.title,
        ]),
      );
      return rows.map((item) => ({
        itemId: item.item_id,
        title: titles.get(item.item_id) ?? item.item_id,
        action: item.action,
        state: item.state,
        issueType: item.issue_type,
        jiraKey: item.jira_key,
        url:
          item.jira_key && connection
            ? `${connection.site_url.replace(/\/$/, '')}/browse/${item.jira_key}`
            : null,
        error: item.error ? (JSON.parse(item.error) as ExportItemView['error']) : null,
      }));
    },

    async list(userId, workspaceId, planId) {
      await deps.workspaces.access(userId, workspaceId);
      let query = deps.db.selectFrom('exports').selectAll().where('workspace_id', '=', workspaceId);
      if (planId !== undefined) query = query.where('plan_id', '=', planId);
      const rows = await query.orderBy('created_at', 'desc').limit(100).execute();
      return rows.map(toView);
    },

    jobHandlers() {
      return {
        [EXPORT_JOB]: (job, context) => handleExportJob(deps, clientFor, job, context.signal),
      };
    },
  };
}

async function handleExportJob(
  deps: ExportsDeps,
  clientFor: (
    connection: ConnectionsTable,
    onEvent?: (event: JiraClientEvent) => void,
  ) => ReturnType<typeof createJiraClient>,
  job: Job,
  jobSignal: AbortSignal,
): Promise<void> {
  const { exportId } = job.payload as { exportId: string };
  const row = await deps.db
    .selectFrom('exports')
    .selectAll()
    .where('id', '=', exportId)
    .executeTakeFirst();
  if (!row) throw new FinalJobError(`Export ${exportId} no longer exists.`);
  const connection = await deps.db
    .selectFrom('connections')
    .selectAll()
    .where('id', '=', row.connection_id)
    .executeTakeFirst();
  if (connection?.status !== 'connected') {
    await stopExport(
      deps,
      row,
      'connection_disconnected',
      new ProjanError('connection_disconnected').message,
    );
    throw new FinalJobError('The Jira connection is no longer connected.');
  }
  const signal = AbortSignal.any([jobSignal, deps.connections.signalFor(connection.id)]);
  try {
    const summary = await runExport(exportId, {
      db: deps.db,
      createClient: (onEvent) => clientFor(connection, onEvent),
      hub: deps.hub,
      signal,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.reconcileWindowMs === undefined
        ? {}
        : { reconcileWindowMs: deps.reconcileWindowMs }),
    });
    await deps.audit.record({
      workspaceId: row.workspace_id,
      actorUserId: row.started_by,
      action: 'export_finished',
      outcome: 'success',
      detail: {
        exportId,
        created: summary.created,
        updated: summary.updated,
        failed: summary.failed,
        links: summary.links,
      },
    });
  } catch (error) {
    if (isJiraApiError(error, 'rate_limited') && error.retryAtMs !== undefined) {
      // A pause longer than the client sleeps through: the job waits in the queue until the
      // limit resets, and the export shows why.
      await notePause(
        deps,
        row,
        'Jira rate limit: waiting for the quota to reset',
        error.retryAtMs,
      );
    }
    if (
      error instanceof ExportInterrupted &&
      !(await deps.connections.isConnectionActive(connection.id))
    ) {
      await stopExport(
        deps,
        row,
        'connection_disconnected',
        new ProjanError('connection_disconnected').message,
      );
      throw new FinalJobError(error.message);
    }
    // Stopped from outside (shutdown, lost lease, cancel): the job resumes where it left off.
    if (error instanceof ExportInterrupted || signal.aborted) throw error;
    const failure = classifyFailure(error);
    if (failure.transient && job.attempt < job.maxAttempts) throw error;
    await failExport(deps, row, failure.code, failure.message);
    throw new FinalJobError(
      failure.transient
        ? `The export failed after ${job.attempt} attempts (${failure.code}).`
        : `The export stopped on an error retrying cannot fix (${describeError(error)}).`,
    );
  }
}

/** Jira client codes that may go away by waiting. */
const TRANSIENT_JIRA_CODES: ReadonlySet<string> = new Set([
  'unavailable',
  'timeout',
  'network',
  'rate_limited',
  'outcome_unknown',
]);

/**
 * What to tell people about an error a run threw, and whether trying again may help. Only
 * catalogue wording reaches them: the raw text of other errors may quote plan content (a
 * database error citing a value) and is never shown.
 */
function classifyFailure(error: unknown): { transient: boolean; code: string; message: string } {
  if (error instanceof JiraApiError) {
    const mapped = fromJiraError(error, 'the Jira site');
    const transient = TRANSIENT_JIRA_CODES.has(error.code);
    if (mapped instanceof ProjanError) {
      return { transient, code: mapped.code, message: peopleText(mapped) };
    }
  }
  if (error instanceof ProjanError) {
    // A token refresh that met an Atlassian outage is worth another attempt; the rest is not.
    return {
      transient: error.code === 'atlassian_unavailable',
      code: error.code,
      message: peopleText(error),
    };
  }
  const internal = new ProjanError('internal_error');
  return { transient: false, code: internal.code, message: peopleText(internal) };
}

function peopleText(error: ProjanError): string {
  return [error.message, ...error.guidance].join(' ');
}

/** The kind of an error, for operators, without its message (which may quote plan content). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number'
    ? `${error.name} ${String(code)}`
    : error.name;
}

async function notePause(
  deps: ExportsDeps,
  row: ExportsTable,
  reason: string,
  untilMs: number,
): Promise<void> {
  await deps.db
    .updateTable('exports')
    .set({ pause_reason: reason, pause_until: untilMs, updated_at: (deps.now ?? Date.now)() })
    .where('id', '=', row.id)
    .execute();
  deps.hub.publish({
    exportId: row.id,
    phase: row.phase as ExportProgress['phase'],
    done: row.progress_done,
    total: row.progress_total,
    pause: { reason, untilMs },
  });
}

/** Ends a run stopped from outside (the connection went away) as `cancelled`. */
function stopExport(deps: ExportsDeps, row: ExportsTable, code: string, message: string) {
  return endExport(deps, row, 'cancelled', code, message);
}

/** Ends a run that cannot go on as `failed`. */
function failExport(deps: ExportsDeps, row: ExportsTable, code: string, message: string) {
  return endExport(deps, row, 'failed', code, message);
}

/**
 * Ends a run early: the summary counts what the run's items reached, progress says finished,
 * and the audit log records the failure.
 */
async function endExport(
  deps: ExportsDeps,
  row: ExportsTable,
  state: 'cancelled' | 'failed',
  code: string,
  message: string,
): Promise<void> {
  const at = (deps.now ?? Date.now)();
  const current =
    (await deps.db
      .selectFrom('exports')
      .select(['progress_done', 'progress_total', 'started_at'])
      .where('id', '=', row.id)
      .executeTakeFirst()) ?? row;
  const summary = await summaryFromItems(deps.db, row.id, current.started_at ?? at, at);
  await deps.db
    .updateTable('exports')
    .set({
      state,
      phase: 'finished',
      summary: JSON.stringify(summary),
      error_code: code,
      error_message: message,
      pause_reason: null,
      pause_until: null,
      finished_at: at,
      updated_at: at,
    })
    .where('id', '=', row.id)
    .execute();
  deps.hub.publish({
    exportId: row.id,
    phase: 'finished',
    done: current.progress_done,
    total: current.progress_total,
    state,
  });
  await deps.audit.record({
    workspaceId: row.workspace_id,
    actorUserId: row.started_by,
    action: 'export_finished',
    outcome: 'failure',
    detail: { exportId: row.id, reason: code, created: summary.created, links: summary.links },
  });
}

/**
 * The summary of a run that ended early, read from what its items reached and the links it
 * recorded.
 */
async function summaryFromItems(
  db: Kysely<Database>,
  exportId: string,
  startedAt: number,
  at: number,
): Promise<ExportSummary> {
  const items = await db
    .selectFrom('export_items')
    .select(['state', 'issue_type'])
    .where('export_id', '=', exportId)
    .execute();
  const links = await db
    .selectFrom('exported_links')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('export_id', '=', exportId)
    .executeTakeFirst();
  const count = (state: ExportItemsTable['state']) =>
    items.filter((item) => item.state === state).length;
  const byType: Record<string, number> = {};
  for (const item of items) {
    if (item.state === 'created') byType[item.issue_type] = (byType[item.issue_type] ?? 0) + 1;
  }
  return {
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    blocked: count('blocked'),
    links: Number(links?.count ?? 0),
    // TODO: A run that ends early reports no transitions or requests: neither is recorded per run outside the run's memory.
    transitions: 0,
    byType,
    requests: 0,
    seconds: Math.round((at - startedAt) / 100) / 10,
    problems: [],
  };
}

async function liveConnection(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<ConnectionsTable> {
  const connection = await db
    .selectFrom('connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '<>', 'disconnected')
    .executeTakeFirst();
  if (!connection) throw new ProjanError('not_connected');
  if (connection.status === 'reconnect_required') throw new ProjanError('reconnect_required');
  return connection;
}

/** An export that does not exist or belongs to a workspace the user is not in. */
export class ExportNotFound extends Error {
  override readonly name = 'ExportNotFound';
  readonly code = 'export_not_found';
  constructor(exportId: string) {
    super(
      `Export ${exportId} does not exist, or it belongs to a workspace you are not a member of.`,
    );
  }
}

function toView(row: ExportsTable): ExportView {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    planId: row.plan_id,
    planTitle: row.plan_title,
    projectKey: row.project_key,
    siteCloudId: row.cloud_id,
    state: row.state,
    jobId: row.job_id,
    phase: row.phase,
    progress: { done: row.progress_done, total: row.progress_total },
    pause:
      row.pause_reason && row.pause_until
        ? { reason: row.pause_reason, untilMs: row.pause_until }
        : null,
    summary: row.summary ? (JSON.parse(row.summary) as ExportSummary) : null,
    error:
      row.error_code && row.error_message
        ? { code: row.error_code, message: row.error_message }
        : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
