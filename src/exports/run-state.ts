/**
 * The progress of one export run: phase and done/total, written to the run's row and published
 * to the live progress hub, and the abort check every phase calls at its safe points.
 */
import type { ExportPhase } from './progress.ts';
import type { RunDeps } from './run.ts';
import { pauseReason } from './run-support.ts';

/** A run stopped at a safe point; the job may run again and resume. */
export class ExportInterrupted extends Error {
  override readonly name = 'ExportInterrupted';
}

/** Progress bookkeeping shared by the phases. */
export class RunState {
  total = 0;
  done = 0;
  #phase: ExportPhase = 'queued';

  constructor(
    readonly exportId: string,
    readonly deps: RunDeps,
    readonly now: () => number,
  ) {}

  checkAbort(): void {
    if (this.deps.signal?.aborted) {
      const reason =
        this.deps.signal.reason instanceof Error
          ? this.deps.signal.reason.message
          : 'The export was stopped.';
      throw new ExportInterrupted(reason);
    }
  }

  async phase(phase: ExportPhase): Promise<void> {
    this.#phase = phase;
    await this.save();
  }

  async advance(count: number): Promise<void> {
    this.done += count;
    await this.save();
  }

  pause(reason: string, untilMs: number): void {
    this.deps.hub?.publish({
      exportId: this.exportId,
      phase: this.#phase,
      done: this.done,
      total: this.total,
      pause: { reason: pauseReason(reason), untilMs },
    });
  }

  async save(): Promise<void> {
    await this.deps.db
      .updateTable('exports')
      .set({
        phase: this.#phase,
        progress_done: this.done,
        progress_total: this.total,
        updated_at: this.now(),
      })
      .where('id', '=', this.exportId)
      .execute();
    this.deps.hub?.publish({
      exportId: this.exportId,
      phase: this.#phase,
      done: this.done,
      total: this.total,
    });
  }
}
