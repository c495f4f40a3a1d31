/**
 * The job queue interface the export engine runs on. The embedded implementation
 * (`database-queue.ts`) keeps jobs in Projan's own database; a pg-boss implementation for many
 * workers on PostgreSQL fits the same interface.
 */

/** A job as a worker sees it. */
export interface Job<P = unknown> {
  id: string;
  kind: string;
  /** Jobs sharing a key never run at the same time (for exports: the Jira connection). */
  key: string | null;
  payload: P;
  /** 1 on the first run; higher when a previous worker died or the job was retried. */
  attempt: number;
  maxAttempts: number;
}

export type JobState = 'queued' | 'active' | 'done' | 'failed' | 'cancelled';

/** A job's stored state, for status pages. */
export interface JobRecord extends Job {
  state: JobState;
  lastError: string | null;
  /** When the job may run (next), epoch ms. */
  runAt: number;
  createdAt: number;
  finishedAt: number | null;
}

export interface EnqueueOptions {
  key?: string;
  /** Epoch milliseconds; default now. */
  runAt?: number;
  /** Runs before the job is marked failed (default 5). */
  maxAttempts?: number;
}

export interface FailOptions {
  /** When to run again (epoch milliseconds); default now. */
  retryAt?: number;
  /** Fail for good, whatever attempts remain (the error will not go away by retrying). */
  final?: boolean;
}

export interface JobQueue {
  /** Adds a job; returns its id. */
  enqueue(kind: string, payload: unknown, options?: EnqueueOptions): Promise<string>;
  /**
   * Takes the next runnable job of the given kinds for `workerId`, holding it for `leaseMs`.
   * A job whose lease ran out (its worker died) is runnable again. Undefined when none is.
   */
  claim(workerId: string, kinds: readonly string[], leaseMs: number): Promise<Job | undefined>;
  /** Extends a held lease; false when the job is no longer held by this worker. */
  heartbeat(jobId: string, workerId: string, leaseMs: number): Promise<boolean>;
  /** Marks a held job done. */
  complete(jobId: string, workerId: string): Promise<void>;
  /**
   * Gives a held job back after an error: queued again at `retryAt` while attempts remain and
   * the error is not `final`, otherwise failed. The message is stored for people; it must hold
   * no secret.
   */
  fail(jobId: string, workerId: string, message: string, options?: FailOptions): Promise<JobState>;
  /** Cancels a job that has not finished; a worker holding it learns at its next heartbeat. */
  cancel(jobId: string): Promise<boolean>;
  get(jobId: string): Promise<JobRecord | undefined>;
}
