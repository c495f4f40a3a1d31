/** Durable background jobs: the queue interface, the database-backed queue and the worker loop. */
export { DatabaseJobQueue } from './database-queue.ts';
export type { EnqueueOptions, FailOptions, Job, JobQueue, JobRecord, JobState } from './queue.ts';
export {
  FinalJobError,
  type JobHandler,
  startWorker,
  type Worker,
  type WorkerLogger,
  type WorkerOptions,
} from './worker.ts';
