/**
 * `projan worker` runs queued exports from the database without serving HTTP: an export queued
 * by another process (here: the core, as a server with PROJAN_WORKER=none would) is run to the
 * end, and the worker stops on its signal.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import pino from 'pino';
import { registerWorkerCommand } from '../../src/cli/commands/worker.ts';
import { loadConfig } from '../../src/config/index.ts';
import { parsePlanText } from '../../src/plan/parse.ts';
import { openRuntime } from '../../src/runtime/open.ts';
import { connectLocalWorkspace, SMALL_PLAN, withCliWorld } from './export-harness.ts';

test(
  'projan worker runs an export queued by another process, then stops on its signal',
  { timeout: 60_000 },
  () =>
    withCliWorld(async (world) => {
      const { workspaceId } = await connectLocalWorkspace(world);
      const plan = parsePlanText(SMALL_PLAN, 'plan.yaml').plan;
      assert.ok(plan);
      const queuing = await openRuntime(loadConfig(world.env), {
        logger: pino({ level: 'silent' }),
      });
      const users = await queuing.store.db.selectFrom('users').select('id').execute();
      const started = await queuing.exports.start({
        userId: users[0]?.id ?? '',
        workspaceId,
        plan,
        projectKey: 'WEB',
      });
      await queuing.close();

      let output = '';
      let stop!: () => void;
      const stopSignal = () => new Promise<void>((resolve) => (stop = resolve));
      const program = new Command('projan').exitOverride();
      registerWorkerCommand(program, {
        env: { ...world.env, LOG_LEVEL: 'silent' },
        stdout: (text) => (output += text),
        stopSignal,
      });
      const running = program.parseAsync(['node', 'projan', 'worker']);

      const deadline = Date.now() + 30_000;
      for (;;) {
        const created = (await world.issues()).filter((issue) => issue.summary.startsWith('CLI '));
        if (created.length === 3) break;
        assert.ok(Date.now() < deadline, 'the worker exports the plan');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      stop();
      await running;

      assert.match(output, /^Projan worker wrk_\w+ runs exports from the queue\.\n/);
      assert.match(output, /Worker stopped\.\n$/);
      const check = await openRuntime(loadConfig(world.env), { logger: pino({ level: 'silent' }) });
      try {
        const job = await check.queue.get(started.jobId ?? '');
        assert.equal(job?.state, 'done');
      } finally {
        await check.close();
      }
    }),
);
