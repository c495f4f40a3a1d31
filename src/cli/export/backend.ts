/**
 * What `projan export` needs from wherever the export runs: this process on the local data
 * directory (`local.ts`) or a running Projan over its HTTP API (`remote.ts`). Both answer with
 * the core's own shapes, so the report reads the same either way.
 */
import type { ExportItemView, ExportView, PreflightReport } from '../../exports/index.ts';

/** One progress report, from the live hub, a server-sent event or a re-read run. */
export interface ProgressReport {
  phase: string;
  done: number;
  total: number;
  pause: { reason: string; untilMs: number } | null;
  /** Something to tell while the run waits (a retry after an error). */
  note?: string;
}

/** How a run ended, as far as the CLI could follow it. */
export interface FollowResult {
  view: ExportView;
  /** Set when the run's job failed for good before the run recorded an end. */
  failure?: string;
}

/** The workspace an export acts in. */
export interface TargetWorkspace {
  id: string;
  name: string;
  /** The connected Jira site's URL, when known. */
  siteUrl?: string;
}

/** An export target: one plan, one workspace. */
export interface ExportBackend {
  readonly workspace: TargetWorkspace;
  /** The dry run: no writes to Jira. */
  preflight(projectKey: string): Promise<PreflightReport>;
  /** Records and queues the run. */
  start(projectKey: string): Promise<ExportView>;
  /** Waits for the run to end, reporting progress on the way. */
  follow(view: ExportView, onProgress: (report: ProgressReport) => void): Promise<FollowResult>;
  items(exportId: string): Promise<ExportItemView[]>;
  /** Releases what the backend holds (worker, store); safe to call twice. */
  close(): Promise<void>;
}

/** Run states after which nothing changes any more. */
export const FINISHED_STATES: ReadonlySet<string> = new Set([
  'succeeded',
  'partial',
  'failed',
  'cancelled',
]);

/**
 * A failure the CLI prints as it is: a sentence saying what happened, the steps to take, and for
 * an invalid plan its diagnostics. The HTTP API's error body has the same shape.
 */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  readonly code: string;
  readonly guidance: readonly string[];
  /** Plan diagnostics (`invalid_plan`), printed one per line. */
  readonly diagnostics: readonly unknown[];

  constructor(
    code: string,
    message: string,
    guidance: readonly string[] = [],
    diagnostics: readonly unknown[] = [],
  ) {
    super(message);
    this.code = code;
    this.guidance = guidance;
    this.diagnostics = diagnostics;
  }
}
