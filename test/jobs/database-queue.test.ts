import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { DatabaseJobQueue, FinalJobError, type Job, startWorker } from '../../src/jobs/index.ts';
import { forEachEngine } from '../helpers/db.ts';

describe('DatabaseJobQueue', () => {
  forEachEngine(
    'a job whose worker died is taken again when its lease runs out',
    async ({ store }) => {
      let now = 1_000_000;
      const queue = new DatabaseJobQueue(store.db, { now: () => now });
      const id = await queue.enqueue('export', { exportId: 'exp_1' }, { key: 'con_1' });

      const first = await queue.claim('worker-a', ['export'], 30_000);
      assert.equal(first?.id, id);
      assert.equal(first?.attempt, 1);
      assert.deepEqual(first?.payload, { exportId: 'exp_1' });
      assert.equal(await queue.claim('worker-b', ['export'], 30_000), undefined);

      now += 30_001;
      const second = await queue.claim('worker-b', ['export'], 30_000);
      assert.equal(second?.id, id);
      assert.equal(second?.attempt, 2);
      assert.equal(await queue.heartbeat(id, 'worker-a', 30_000), false);
      assert.equal(await queue.heartbeat(id, 'worker-b', 30_000), true);

      await queue.complete(id, 'worker-b');
      assert.equal((await queue.get(id))?.state, 'done');
    },
  );

  forEachEngine(
    'never runs two jobs with the same key at once, even across stores',
    async (ctx) => {
      const queueA = new DatabaseJobQueue(ctx.store.db);
      const queueB = new DatabaseJobQueue((await ctx.openAnother()).db);
      await queueA.enqueue('export', { n: 1 }, { key: 'con_1' });
      await queueA.enqueue('export', { n: 2 }, { key: 'con_1' });
      await queueA.enqueue('export', { n: 3 }, { key: 'con_2' });

      const claimed = await Promise.all([
        queueA.claim('a', ['export'], 60_000),
        queueB.claim('b', ['export'], 60_000),
        queueA.claim('c', ['export'], 60_000),
      ]);
      const keys = claimed.filter((job): job is Job => job !== undefined).map((job) => job.key);

      assert.deepEqual([...keys].sort(), ['con_1', 'con_2']);
    },
  );

  forEachEngine(
    'retries a failed job later and fails it for good when final',
    async ({ store }) => {
      let now = 5_000;
      const queue = new DatabaseJobQueue(store.db, { now: () => now });
      const id = await queue.enqueue('export', {}, { maxAttempts: 3 });

      await queue.claim('w', ['export'], 1_000);
      assert.equal(
        await queue.fail(id, 'w', 'Jira was unavailable.', { retryAt: now + 2_000 }),
        'queued',
      );
      assert.equal(await queue.claim('w', ['export'], 1_000), undefined);
      now += 2_000;
      assert.equal((await queue.claim('w', ['export'], 1_000))?.attempt, 2);
      assert.equal(await queue.fail(id, 'w', 'The plan is invalid.', { final: true }), 'failed');

      const record = await queue.get(id);
      assert.equal(record?.state, 'failed');
      assert.equal(record?.lastError, 'The plan is invalid.');
    },
  );

  forEachEngine(
    'a worker runs handlers, retries errors and honours final errors',
    async ({ store }) => {
      const queue = new DatabaseJobQueue(store.db);
      const seen: string[] = [];
      const ok = await queue.enqueue('greet', { name: 'ok' });
      const flaky = await queue.enqueue('greet', { name: 'flaky' }, { maxAttempts: 2 });
      const broken = await queue.enqueue('greet', { name: 'broken' });
      const worker = startWorker({
        queue,
        pollMs: 10,
        retryDelayMs: () => 0,
        handlers: {
          greet: async (job) => {
            const { name } = job.payload as { name: string };
            seen.push(`${name}#${job.attempt}`);
            if (name === 'flaky' && job.attempt === 1) throw new Error('try again');
            if (name === 'broken') throw new FinalJobError('cannot work');
          },
        },
      });
      await worker.idle();
      await worker.stop();

      assert.equal((await queue.get(ok))?.state, 'done');
      assert.equal((await queue.get(flaky))?.state, 'done');
      assert.equal((await queue.get(broken))?.state, 'failed');
      assert.deepEqual([...seen].sort(), ['broken#1', 'flaky#1', 'flaky#2', 'ok#1']);
    },
  );

  forEachEngine('a stopping worker hands its running job back to the queue', async ({ store }) => {
    const queue = new DatabaseJobQueue(store.db);
    const id = await queue.enqueue('slow', {});
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const worker = startWorker({
      queue,
      pollMs: 10,
      handlers: {
        slow: (_job, { signal }) =>
          new Promise((_resolve, reject) => {
            started();
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
      },
    });
    await running;
    await worker.stop();

    const record = await queue.get(id);
    assert.equal(record?.state, 'queued');
    assert.equal((await queue.claim('next', ['slow'], 1_000))?.attempt, 2);
  });
});
