import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { startWorker } from '../../jobs/index.ts';
import { openRuntime } from '../../runtime/open.ts';
import { type LongRunningIo, untilSignal } from '../signals.ts';

/** What the command reads and writes; tests pass their own. */
export type WorkerCommandIo = LongRunningIo;

/**
 * Adds `projan worker`: runs exports from the job queue without serving HTTP, for servers started
 * with `PROJAN_WORKER=none` or for more export capacity beside them. Any number of workers may
 * share one database (PostgreSQL for several machines): a job is leased by one worker at a time,
 * at most one export per Jira connection runs at once, and a worker that dies leaves its job to
 * another when the lease runs out. Stops at a safe point on SIGINT or SIGTERM.
 */
export function registerWorkerCommand(program: Command, io: WorkerCommandIo = {}): Command {
  const out = io.stdout ?? ((text: string) => process.stdout.write(text));
  return program
    .command('worker')
    .description('Run exports from the job queue (no HTTP); several may share one database.')
    .option('--data-dir <dir>', 'data directory (default PROJAN_DATA_DIR or ./data)')
    .option('--concurrency <n>', 'exports run at once by this worker (default 2)', '2')
    .action(async (options: { dataDir?: string; concurrency: string }) => {
      const env = { ...(io.env ?? process.env) };
      if (options.dataDir !== undefined) env.PROJAN_DATA_DIR = options.dataDir;
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
        throw new Error('--concurrency must be a whole number from 1 to 32.');
      }
      const runtime = await openRuntime(loadConfig(env));
      const stopped = (io.stopSignal ?? untilSignal)();
      const worker = startWorker({
        queue: runtime.queue,
        handlers: runtime.exports.jobHandlers(),
        concurrency,
        logger: runtime.logger.child({ part: 'worker' }),
      });
      out(`Projan worker ${worker.workerId} runs exports from the queue.\n`);
      await stopped;
      out('Stopping: running exports pause at a safe point and resume on another worker…\n');
      await worker.stop();
      await runtime.close();
      out('Worker stopped.\n');
    });
}
