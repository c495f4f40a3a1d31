/**
 * Progress of running exports, fanned out in process to whoever watches (the server's
 * server-sent events, the CLI's progress bar). The durable copy lives in the `exports` row; this
 * is only the live stream.
 */
import { EventEmitter } from 'node:events';

export type ExportPhase =
  | 'queued'
  | 'preflight'
  | 'creating'
  | 'reconciling'
  | 'updating'
  | 'linking'
  | 'transitioning'
  | 'finished';

/** One progress report. `done` counts writes finished out of `total` planned. */
export interface ExportProgress {
  exportId: string;
  phase: ExportPhase;
  done: number;
  total: number;
  /** Set while requests wait on a rate limit: why, and until when (epoch ms). */
  pause?: { reason: string; untilMs: number };
  /** Set with phase `finished`. */
  state?: string;
}

/** Publishes and subscribes to progress by export id. */
export class ProgressHub {
  readonly #emitter = new EventEmitter();
  readonly #latest = new Map<string, ExportProgress>();

  constructor() {
    // Hundreds of browser tabs may watch one export.
    this.#emitter.setMaxListeners(0);
  }

  publish(progress: ExportProgress): void {
    this.#latest.set(progress.exportId, progress);
    this.#emitter.emit(progress.exportId, progress);
    if (progress.phase === 'finished') this.#latest.delete(progress.exportId);
  }

  /** The last report of a running export, if this process runs it. */
  latest(exportId: string): ExportProgress | undefined {
    return this.#latest.get(exportId);
  }

  /** Calls `listener` for every report of the export; returns the unsubscribe function. */
  subscribe(exportId: string, listener: (progress: ExportProgress) => void): () => void {
    this.#emitter.on(exportId, listener);
    return () => this.#emitter.off(exportId, listener);
  }
}
