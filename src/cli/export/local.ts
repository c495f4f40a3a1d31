/**
 * `projan export` on the local data directory: this process opens the store itself (like
 * `projan serve`), picks the workspace, acts as its owner or admin, and runs the export with a
 * worker of its own until the run ends.
 *
 * There is no signed-in user here: whoever can read the data directory and its key file already
 * holds every workspace's tokens, so local mode is for the operator of that directory and acts
 * with the rights of the workspace's admin.
 */
// TODO: Local mode neither stores the plan in the workspace's plan list nor uses the assignee
// choices the web app remembered for it (both live in src/server/plans/repository.ts); moving
// that repository into the core would let the CLI and the server share them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { catalogue, ProjanError } from '../../errors/index.ts';
import type { ExportView } from '../../exports/index.ts';
import { startWorker, type Worker } from '../../jobs/index.ts';
import type { Plan } from '../../plan/model.ts';
import type { Runtime } from '../../runtime/open.ts';
import { SQLITE_FILE_NAME } from '../../store/index.ts';
import {
  CliFailure,
  type ExportBackend,
  FINISHED_STATES,
  type FollowResult,
  type ProgressReport,
} from './backend.ts';

/** A workspace of the data directory with its live (not disconnected) Jira connection. */
interface WorkspaceRow {
  id: string;
  name: string;
  kind: 'individual' | 'team';
  ownerUserId: string | null;
  connectionId: string | null;
  status: string | null;
  siteUrl: string | null;
  connectedBy: string | null;
}

/**
 * Refuses a data directory that holds no Projan database, instead of creating an empty one.
 * PostgreSQL (`DATABASE_URL`) is not checked here: opening it tells.
 */
export function requireLocalData(dataDir: string, databaseUrl: string | undefined): void {
  if (databaseUrl !== undefined || existsSync(path.join(dataDir, SQLITE_FILE_NAME))) return;
  throw new CliFailure('no_data', `There is no Projan database in ${dataDir}.`, [
    'Point --data-dir (or PROJAN_DATA_DIR) at the data directory of your Projan server, or export through a running server with --server URL --token pjn_….',
    'To start from scratch: run `projan serve`, sign up, connect Jira under Settings > Integrations > Jira, then run this command again.',
  ]);
}

/**
 * The backend over an open runtime. `workspace` is an id or a name; without it the only
 * workspace with a live Jira connection is used.
 * @throws CliFailure `unknown_workspace`, `workspace_ambiguous`, `not_connected`, `no_admin`;
 *   ProjanError `not_connected` when the named workspace has no connection.
 */
export async function openLocalBackend(input: {
  runtime: Runtime;
  plan: Plan;
  workspace?: string;
  /** How often the run is re-read while it goes (default 250 ms). */
  pollMs?: number;
}): Promise<ExportBackend> {
  const { runtime, plan } = input;
  const chosen = await chooseWorkspace(runtime, input.workspace);
  const userId = await actingUser(runtime, chosen);
  const pollMs = input.pollMs ?? 250;
  let worker: Worker | undefined;

  const explained = async (error: unknown): Promise<unknown> =>
    chosen.connectionId === null
      ? error
      : runtime.connections.explainJiraFailure(chosen.connectionId, error);
  const request = (projectKey: string) => ({ userId, workspaceId: chosen.id, plan, projectKey });

  return {
    workspace: {
      id: chosen.id,
      name: chosen.name,
      ...(chosen.siteUrl === null ? {} : { siteUrl: chosen.siteUrl }),
    },
    async preflight(projectKey) {
      try {
        return await runtime.exports.preflight(request(projectKey));
      } catch (error) {
        throw await explained(error);
      }
    },
    start: (projectKey) => runtime.exports.start(request(projectKey)),
    async follow(view, onProgress) {
      // TODO: This worker claims any queued export of the database, not only this run; a queue
      // claim limited to one job id would keep the CLI from taking (and, when it ends, handing
      // back) other workspaces' runs.
      worker ??= startWorker({
        queue: runtime.queue,
        handlers: runtime.exports.jobHandlers(),
        logger: runtime.logger.child({ part: 'worker' }),
        pollMs: 100,
      });
      const unsubscribe = runtime.hub.subscribe(view.id, (progress) => {
        onProgress({
          phase: progress.phase,
          done: progress.done,
          total: progress.total,
          pause: progress.pause ?? null,
        });
      });
      try {
        return await waitForEnd(runtime, userId, view, onProgress, pollMs);
      } finally {
        unsubscribe();
      }
    },
    items: (exportId) => runtime.exports.items(userId, exportId),
    async close() {
      await worker?.stop();
      await runtime.close();
    },
  };
}

// The run may be executed by this process's worker or by a server sharing the database, so the
// stored run is re-read; the job tells a run that failed for good before recording its end.
async function waitForEnd(
  runtime: Runtime,
  userId: string,
  started: ExportView,
  onProgress: (report: ProgressReport) => void,
  pollMs: number,
): Promise<FollowResult> {
  for (;;) {
    const view = await runtime.exports.get(userId, started.id);
    if (FINISHED_STATES.has(view.state)) return { view };
    const job = started.jobId === null ? undefined : await runtime.queue.get(started.jobId);
    if (job && job.state !== 'queued' && job.state !== 'active') {
      return { view, failure: job.lastError ?? `The export job ended ${job.state}.` };
    }
    const report: ProgressReport = {
      phase: view.phase,
      done: view.progress.done,
      total: view.progress.total,
      pause: view.pause,
    };
    if (job?.state === 'queued' && job.lastError) {
      report.note = `attempt ${job.attempt} failed (${job.lastError}); Projan retries it`;
    }
    onProgress(report);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function chooseWorkspace(
  runtime: Runtime,
  wanted: string | undefined,
): Promise<WorkspaceRow> {
  const rows = await listWorkspaces(runtime);
  if (wanted !== undefined) {
    const byId = rows.filter((row) => row.id === wanted);
    const matches =
      byId.length > 0
        ? byId
        : rows.filter((row) => row.name.toLowerCase() === wanted.toLowerCase());
    const [only] = matches;
    if (!only) {
      throw new CliFailure(
        'unknown_workspace',
        `There is no workspace ${JSON.stringify(wanted)} in this data directory.`,
        [`Pass the id or name of one of these workspaces: ${describe(rows)}.`],
      );
    }
    if (matches.length > 1) {
      throw new CliFailure(
        'workspace_ambiguous',
        `${matches.length} workspaces are named ${JSON.stringify(wanted)}.`,
        [`Pass the id of the one you mean: ${describe(matches)}.`],
      );
    }
    if (only.connectionId === null) throw new ProjanError('not_connected');
    return only;
  }

  const connected = rows.filter((row) => row.status === 'connected');
  const [single] = connected;
  if (!single) {
    throw new CliFailure('not_connected', catalogue.not_connected.message({}), [
      'No workspace in this data directory has a live Jira connection.',
      ...catalogue.not_connected.guidance({}),
    ]);
  }
  if (connected.length > 1) {
    throw new CliFailure(
      'workspace_ambiguous',
      `${connected.length} workspaces have a live Jira connection; choose one with --workspace.`,
      [`Pass the id or name of one of them: ${describe(connected)}.`],
    );
  }
  return single;
}

async function listWorkspaces(runtime: Runtime): Promise<WorkspaceRow[]> {
  const rows = await runtime.store.db
    .selectFrom('workspaces')
    .leftJoin('connections', (join) =>
      join
        .onRef('connections.workspace_id', '=', 'workspaces.id')
        .on('connections.status', '<>', 'disconnected'),
    )
    .select([
      'workspaces.id as id',
      'workspaces.name as name',
      'workspaces.kind as kind',
      'workspaces.owner_user_id as ownerUserId',
      'connections.id as connectionId',
      'connections.status as status',
      'connections.site_url as siteUrl',
      'connections.connected_by as connectedBy',
    ])
    .orderBy('workspaces.created_at')
    .execute();
  return rows;
}

function describe(rows: readonly WorkspaceRow[]): string {
  if (rows.length === 0) return 'there are none yet';
  return rows
    .map((row) => `${row.id} (${row.name}${row.siteUrl ? `, Jira ${row.siteUrl}` : ''})`)
    .join(', ');
}

// Who the export is recorded as: the owner of an individual workspace; for a team, the admin
// who connected Jira while they are still an admin, else its longest-standing admin.
async function actingUser(runtime: Runtime, workspace: WorkspaceRow): Promise<string> {
  if (workspace.kind === 'individual' && workspace.ownerUserId) return workspace.ownerUserId;
  const admins = await runtime.store.db
    .selectFrom('memberships')
    .select('user_id')
    .where('workspace_id', '=', workspace.id)
    .where('role', '=', 'admin')
    .orderBy('created_at')
    .execute();
  const ids = admins.map((row) => row.user_id);
  const chosen =
    workspace.connectedBy && ids.includes(workspace.connectedBy) ? workspace.connectedBy : ids[0];
  if (chosen === undefined) {
    throw new CliFailure('no_admin', `Workspace ${workspace.name} has no admin to act as.`, [
      'Make a member an admin in the web app (Settings > Members), then run this command again.',
    ]);
  }
  return chosen;
}
