import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { forEachEngine } from '../helpers/db.ts';
import { connectAs, PRIYA, withWorld } from './harness.ts';

const CHILD = fileURLToPath(new URL('./fixtures/refresh-child.ts', import.meta.url));

/** Collects a child's stdout lines; resolves `ready` and `result` as they arrive. */
function child(env: Record<string, string>) {
  const proc: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
  });
  let buffer = '';
  let stderr = '';
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const nth = (n: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (lines.length > n) resolve(lines[n] ?? '');
        else if (proc.exitCode !== null) reject(new Error(`child exited: ${stderr}`));
        else waiters.push(check);
      };
      proc.once('exit', check);
      check();
    });
  return { proc, ready: nth(0), result: nth(1) };
}

forEachEngine(
  'two processes asking for an expired token cause exactly one refresh and share its result',
  (ctx) =>
    withWorld(ctx, async (world) => {
      const owner = await world.newUser('owner@example.com');
      const connected = await connectAs(world, owner, PRIYA);
      assert.ok(connected.status === 'connected');
      const id = connected.connection.id;
      await ctx.store.db
        .updateTable('connections')
        .set({ access_expires_at: Date.now() - 1000 })
        .where('id', '=', id)
        .execute();
      const before = await world.tokenCalls();
      // A slow token endpoint keeps the race window open: uncoordinated processes would both
      // read the expired row before either writes the new tokens.
      await world.control('/faults', { latencyMs: 400 }, 'PUT');

      const env = {
        PROJAN_CHILD_INPUT: JSON.stringify({
          storeOptions: ctx.storeOptions,
          emulator: { url: world.emulator.url, fixture: world.emulator.fixture },
          secretKey: world.secretKey,
          connectionId: id,
        }),
      };
      const children = [child(env), child(env)];
      try {
        await Promise.all(children.map((c) => c.ready));
        for (const c of children) c.proc.stdin.write('go\n');
        const results = (await Promise.all(children.map((c) => c.result))).map(
          (line) => JSON.parse(line) as { token?: string; error?: string },
        );
        assert.equal(results[0]?.error, undefined);
        assert.equal(results[1]?.error, undefined);
        assert.ok(results[0]?.token);
        assert.equal(results[0]?.token, results[1]?.token, 'both processes got the same token');
        assert.equal(await world.tokenCalls(), before + 1, 'exactly one refresh reached Atlassian');
        assert.equal(await world.connections.getAccessToken(id), results[0]?.token);
      } finally {
        for (const c of children) {
          c.proc.stdin.end();
          if (c.proc.exitCode === null) await once(c.proc, 'exit');
        }
      }
    }),
  { timeout: 30_000 },
);
