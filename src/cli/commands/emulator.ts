import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { EmulatorFixture } from '../../emulator/contract.ts';
import { type EmulatorOptions, startEmulator } from '../../emulator/server.ts';
import { untilSignal } from '../signals.ts';

/** What the emulator command reads and writes; tests pass their own. */
export interface EmulatorCommandIo {
  stdout?: (text: string) => void;
  /** Resolves when the process should stop; default: the first SIGINT or SIGTERM. */
  stopSignal?: () => Promise<void>;
}

interface EmulatorCommandOptions {
  port: string;
  host: string;
  fixture?: string;
  latencyMs?: string;
  seed?: string;
  accessTokenTtl?: string;
}

function whole(program: Command, name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    program.error(`${name} must be a whole number from 0 to ${max}.`);
  }
  return Number(value);
}

/**
 * Adds `projan emulator`: runs the Jira Cloud emulator (docs/emulator.md) until SIGINT or
 * SIGTERM. Prints the base URL, the environment that points Projan at it and the app's client
 * ID; the client secret is a fixture value, read from `GET /_emulator/fixture`.
 */
export function registerEmulatorCommand(program: Command, io: EmulatorCommandIo = {}): Command {
  const out = io.stdout ?? ((text: string) => process.stdout.write(text));
  return program
    .command('emulator')
    .description('Run the local Jira Cloud and Atlassian OAuth emulator for tests and demos.')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4010')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--fixture <file>', 'fixture JSON file (default: the built-in story)')
    .option('--latency-ms <ms>', 'delay added to every Atlassian answer')
    .option('--seed <n>', 'seed for fault injection and the order of accessible resources')
    .option('--access-token-ttl <seconds>', 'access token lifetime (expires_in), default 3600')
    .action(async (options: EmulatorCommandOptions) => {
      const settings: EmulatorOptions = {
        port: whole(program, '--port', options.port, 65_535),
        host: options.host,
      };
      if (options.latencyMs !== undefined) {
        settings.latencyMs = whole(program, '--latency-ms', options.latencyMs, 600_000);
      }
      if (options.seed !== undefined)
        settings.seed = whole(program, '--seed', options.seed, 2 ** 32);
      if (options.accessTokenTtl !== undefined) {
        const ttl = whole(program, '--access-token-ttl', options.accessTokenTtl, 86_400);
        settings.accessTokenTtlSeconds = Math.max(1, ttl);
      }
      if (options.fixture !== undefined)
        settings.fixture = await readFixture(program, options.fixture);

      // Listen for the stop signal before announcing the URL, so no early signal is lost.
      const stopped = (io.stopSignal ?? untilSignal)();
      const emulator = await startEmulator(settings);
      if (!isLoopback(options.host)) {
        process.stderr.write(
          `Warning: the emulator listens on ${options.host}, beyond this machine; its control API (/_emulator) has no authentication. Use --host 127.0.0.1 unless other machines must reach it.\n`,
        );
      }
      out(banner(emulator.url, emulator.fixture));
      await stopped;
      await emulator.close();
      out('Emulator stopped.\n');
    });
}

async function readFixture(program: Command, file: string): Promise<EmulatorFixture> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EmulatorFixture;
  } catch (error) {
    return program.error(`Cannot read the fixture ${file}: ${(error as Error).message}`);
  }
}

function banner(url: string, fixture: EmulatorFixture): string {
  const sites = fixture.sites.map((s) => `    ${s.name}  cloudId ${s.id}\n`).join('');
  return [
    `Jira Cloud emulator listening on ${url}\n`,
    'Point Projan at it with:\n',
    `    ATLASSIAN_AUTH_URL=${url}\n`,
    `    ATLASSIAN_API_URL=${url}\n`,
    `OAuth app "${fixture.app.name}", client ID ${fixture.app.clientId}\n`,
    `    (the client secret is a fixture value: GET ${url}/_emulator/fixture, app.clientSecret)\n`,
    `Sites:\n${sites}`,
    `Browse what an export produced at ${url}/\n`,
    'Stop with Ctrl+C.\n',
  ].join('');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
