import { randomBytes } from 'node:crypto';
import type { Job, JobQueue } from './queue.ts';

/** Runs one job. The signal aborts when the job is cancelled or its lease is lost. */
export type JobHandler = (job: Job, context: { signal: AbortSignal }) => Promise<void>;

/** An error a handler throws when retrying cannot help (bad input, revoked access). */
export class FinalJobError extends Error {
  override readonly name = 'FinalJobError';
}

/** The few logger methods a worker uses (pino fits). */
export interface WorkerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface WorkerOptions {
  queue: JobQueue;
  handlers: Readonly<Record<string, JobHandler>>;
  /** Default: random, so two processes never share one. */
  workerId?: string;
  /** Jobs run at once by this worker (default 1). */
  concurrency?: number;
  /** How long a claimed job is held without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often to look for work when idle (default 500 ms). */
  pollMs?: number;
  /** Delay before the n-th retry (default 2 s, doubling, at most 5 minutes). */
  retryDelayMs?: (attempt: number) => number;
  logger?: WorkerLogger;
}

/** A running worker. */
export interface Worker {
  readonly workerId: string;
  /** Stops claiming, aborts running jobs at their next safe point and waits for them. */
  stop(): Promise<void>;
  /** Resolves when no job is running and none was runnable at the last look (for tests). */
  idle(): Promise<void>;
}

/**
 * Starts a worker loop that claims jobs of the handled kinds, keeps their lease alive while they
 * run, and completes, retries or fails them. A process that dies leaves its jobs leased; another
 * worker takes them when the lease runs out, so handlers must resume idempotently.
 */
export function startWorker(options: WorkerOptions): Worker {
  const workerId = options.workerId ?? `wrk_${randomBytes(6).toString('hex')}`;
  const concurrency = options.concurrency ?? 1;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 500;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const kinds = Object.keys(options.handlers);
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;
  let lastLookFoundNothing = false;
  let wake: (() => void) | undefined;

  const runJob = async (job: Job, controller: AbortController): Promise<void> => {
    const heartbeat = setInterval(
      () => {
        options.queue.heartbeat(job.id, workerId, leaseMs).then(
          (held) => {
            if (!held) controller.abort(new Error('The job was cancelled or taken over.'));
          },
          () => {},
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      const handler = options.handlers[job.kind];
      if (!handler) throw new FinalJobError(`No handler for jobs of kind ${job.kind}.`);
      await handler(job, { signal: controller.signal });
      await options.queue.complete(job.id, workerId);
      options.logger?.info({ jobId: job.id, kind: job.kind, attempt: job.attempt }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A job aborted because this worker stops goes back to the queue and resumes elsewhere.
      const final = error instanceof FinalJobError || (controller.signal.aborted && !stopped);
      const state = await options.queue.fail(job.id, workerId, message, {
        retryAt: stopped
          ? Date.now()
          : (requestedRetryAt(error) ?? Date.now() + retryDelay(job.attempt)),
        final,
      });
      options.logger?.warn(
        { jobId: job.id, kind: job.kind, attempt: job.attempt, state },
        'job failed',
      );
    } finally {
      clearInterval(heartbeat);
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopped) {
      if (running.size < concurrency) {
        const job = await options.queue.claim(workerId, kinds, leaseMs);
        if (job) {
          lastLookFoundNothing = false;
          const controller = new AbortController();
          const done = runJob(job, controller).finally(() => {
            running.delete(job.id);
            wake?.();
          });
          running.set(job.id, { controller, done });
          continue;
        }
        lastLookFoundNothing = true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };
  const looping = loop();

  return {
    workerId,
    async stop() {
      stopped = true;
      wake?.();
      for (const { controller } of running.values())
        controller.abort(new Error('The worker is stopping.'));
      await looping;
      await Promise.all([...running.values()].map((entry) => entry.done));
    },
    async idle() {
      while (running.size > 0 || !lastLookFoundNothing) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, 25)));
      }
    },
  };
}

/**
 * An error may say when trying again makes sense (a rate limit's reset, as `retryAtMs`); the
 * job then waits for that instead of the default backoff.
 */
function requestedRetryAt(error: unknown): number | undefined {
  const at = (error as { retryAtMs?: unknown } | null)?.retryAtMs;
  return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
}

function defaultRetryDelay(attempt: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempt - 1), 300_000);
}
