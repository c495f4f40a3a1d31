// `projan emulator` (issue 3): runs the emulator until SIGINT/SIGTERM and prints how to reach it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { registerEmulatorCommand } from '../../src/cli/commands/emulator.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { testFixture } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function quietProgram(): Command {
  return new Command('projan')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
}

describe('projan emulator', () => {
  it('is registered on the projan program', () => {
    assert.ok(buildProgram().commands.some((c) => c.name() === 'emulator'));
  });

  it('serves until stopped, printing the URL, the env and the client id but not the secret', async () => {
    let output = '';
    let stop: () => void = () => {};
    let listening: (url: string) => void = () => {};
    const url = new Promise<string>((r) => {
      listening = r;
    });
    const program = quietProgram();
    registerEmulatorCommand(program, {
      stdout: (text) => {
        output += text;
        const found = /listening on (\S+)/.exec(text)?.[1];
        if (found) listening(found);
      },
      stopSignal: () =>
        new Promise<void>((r) => {
          stop = r;
        }),
    });
    const fixture = testFixture();
    fixture.app.clientId = 'cli-test-client';
    const file = join(tmpdir(), `projan-emulator-fixture-${process.pid}.json`);
    await writeFile(file, JSON.stringify(fixture));
    const run = program.parseAsync(['emulator', '--port', '0', '--fixture', file, '--seed', '3'], {
      from: 'user',
    });
    const base = await url;
    const site = fixture.sites[0]?.id ?? '';
    const tenant = await fetch(`${base}/site/${site}/_edge/tenant_info`);
    assert.deepEqual(await tenant.json(), { cloudId: site });
    stop();
    await run;
    assert.match(output, new RegExp(`ATLASSIAN_AUTH_URL=${base}\\n`));
    assert.match(output, new RegExp(`ATLASSIAN_API_URL=${base}\\n`));
    assert.match(output, /client ID cli-test-client/);
    assert.ok(!output.includes(fixture.app.clientSecret));
    assert.match(output, /Emulator stopped\./);
    await assert.rejects(fetch(`${base}/`), TypeError);
  });

  it('refuses a port that is not a number', async () => {
    const program = quietProgram();
    registerEmulatorCommand(program, { stdout: () => {}, stopSignal: async () => {} });
    await assert.rejects(program.parseAsync(['emulator', '--port', 'abc'], { from: 'user' }), {
      message: '--port must be a whole number from 0 to 65535.',
    });
  });

  it('stops on SIGTERM when run as a process', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'emulator', '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Stop with Ctrl+C.')) ready();
      });
      child.once('exit', () => fail(new Error(`exited early: ${output}`)));
    });
    const code = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    child.kill('SIGTERM');
    assert.equal(await code, 0);
    assert.match(output, /Emulator stopped\./);
  });
});
