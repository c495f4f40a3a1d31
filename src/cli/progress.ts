/**
 * Export progress on the terminal: a cli-progress bar redrawn in place when the stream is a
 * terminal, plain lines otherwise (CI logs, pipes), written only when something worth a line
 * happens: a new phase, a rate-limit pause, a retry note, or at most every few seconds.
 */
import { SingleBar } from 'cli-progress';
import type { ProgressReport } from './export/backend.ts';

/** Receives progress reports; `stop` ends the bar. */
export interface ProgressDisplay {
  update(report: ProgressReport): void;
  stop(): void;
}

/** Where progress goes. */
export interface ProgressOutput {
  /** A terminal stream: draws a bar on it. */
  tty?: NodeJS.WriteStream;
  /** Otherwise each line goes here (without its newline). */
  line: (text: string) => void;
  /** Plain lines: at most one progress line per this many ms within a phase (default 5000). */
  intervalMs?: number;
  now?: () => number;
}

const PHASES: Record<string, string> = {
  queued: 'Waiting in the queue',
  preflight: 'Checking the project',
  creating: 'Creating issues',
  reconciling: 'Checking uncertain creates',
  updating: 'Updating issues',
  linking: 'Linking dependencies',
  transitioning: 'Moving done items',
  finished: 'Finished',
};

/** The words for a phase. */
export function phaseLabel(phase: string): string {
  return PHASES[phase] ?? phase;
}

/** `paused until 14:03:07 UTC: <reason>`. */
export function pauseText(pause: { reason: string; untilMs: number }): string {
  const until = new Date(pause.untilMs).toISOString().slice(11, 19);
  return `paused until ${until} UTC: ${pause.reason}`;
}

/** A bar on a terminal, lines elsewhere. */
export function createProgress(output: ProgressOutput): ProgressDisplay {
  return output.tty ? barDisplay(output.tty) : lineDisplay(output);
}

function barDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  const bar = new SingleBar({
    stream,
    format: '{phase} [{bar}] {value}/{total} {note}',
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  return {
    update(report) {
      const note = report.pause ? pauseText(report.pause) : (report.note ?? '');
      const payload = { phase: phaseLabel(report.phase).padEnd(26), note };
      if (!started) {
        bar.start(report.total, report.done, payload);
        started = true;
        return;
      }
      bar.setTotal(report.total);
      bar.update(report.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineDisplay(output: ProgressOutput): ProgressDisplay {
  const now = output.now ?? Date.now;
  const interval = output.intervalMs ?? 5000;
  let phase = '';
  let pause = '';
  let note = '';
  let lastLine = 0;
  let lastDone = -1;
  return {
    update(report) {
      // The report that follows says how the run ended.
      if (report.phase === 'finished') return;
      const figures = report.total > 0 ? ` ${report.done}/${report.total}` : '';
      if (report.phase !== phase) {
        phase = report.phase;
        lastLine = now();
        lastDone = report.done;
        output.line(`${phaseLabel(phase)}${figures}`);
      } else if (report.done !== lastDone && now() - lastLine >= interval) {
        lastLine = now();
        lastDone = report.done;
        output.line(`${phaseLabel(phase)}${figures}`);
      }
      const pauseNow = report.pause ? pauseText(report.pause) : '';
      if (pauseNow !== pause) {
        pause = pauseNow;
        if (pause) output.line(`  ${pause}`);
      }
      const noteNow = report.note ?? '';
      if (noteNow !== note) {
        note = noteNow;
        if (note) output.line(`  ${note}`);
      }
    },
    stop() {},
  };
}
