import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { connectLocalWorkspace, type Run, SMALL_PLAN, withCliWorld } from './export-harness.ts';

test('the projan binary runs a dry run in a child process and exits with its code', {
  timeout: 60_000,
}, async () => {
  await withCliWorld(async (world) => {
    await connectLocalWorkspace(world);
    const plan = world.file('plan.yaml', SMALL_PLAN);
    const child = (...args: string[]) =>
      new Promise<Run>((resolve) => {
        execFile(
          process.execPath,
          [path.resolve('bin/projan.js'), 'export', plan, ...args],
          { env: { ...process.env, ...world.env } },
          (error, stdout, stderr) => {
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
          },
        );
      });
    const [ok, refused, usage] = await Promise.all([
      child('--project', 'WEB', '--dry-run', '--json'),
      child('--project', 'NOPE', '--dry-run', '--json'),
      child('--dry-run'),
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).counts.create, 3);
    assert.equal(refused.code, 1);
    assert.equal(JSON.parse(refused.stdout).problems[0].code, 'project_not_found');
    assert.equal(usage.code, 2);
  });
});
