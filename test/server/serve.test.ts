import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { registerServeCommand } from '../../src/cli/commands/serve.ts';
import { startEmulator } from '../../src/emulator/server.ts';

test('projan serve listens, answers the API and stops cleanly on the stop signal', async () => {
  const emulator = await startEmulator({ port: 0 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'projan-serve-'));
  try {
    let stop: () => void = () => {};
    const stopSignal = () => new Promise<void>((resolve) => (stop = resolve));
    const lines: string[] = [];
    let announced: (url: string) => void = () => {};
    const listening = new Promise<string>((resolve) => (announced = resolve));
    const program = new Command('projan').exitOverride();
    registerServeCommand(program, {
      env: {
        LOG_LEVEL: 'silent',
        ATLASSIAN_CLIENT_ID: emulator.fixture.app.clientId,
        ATLASSIAN_CLIENT_SECRET: emulator.fixture.app.clientSecret,
        ATLASSIAN_AUTH_URL: emulator.url,
        ATLASSIAN_API_URL: emulator.url,
      },
      stdout: (text) => {
        lines.push(text);
        const url = /listens on (http:\/\/\S+) /.exec(text)?.[1];
        if (url) announced(url);
      },
      stopSignal,
    });
    const run = program.parseAsync(
      ['serve', '--port', '0', '--data-dir', dataDir, '--host', '127.0.0.1'],
      { from: 'user' },
    );
    const url = await listening;
    const csrf = await fetch(`${url}/api/auth/csrf`);
    assert.equal(csrf.status, 200);
    assert.equal(typeof ((await csrf.json()) as { csrfToken: unknown }).csrfToken, 'string');
    assert.ok(existsSync(path.join(dataDir, 'projan.sqlite')), 'the store lives in --data-dir');
    stop();
    await run;
    assert.match(lines.join(''), /Projan stopped\./);
    await assert.rejects(fetch(`${url}/api/auth/csrf`), 'nothing listens any more');
  } finally {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
