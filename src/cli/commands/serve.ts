import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { loadServerSettings } from '../../server/settings.ts';
import { startServer } from '../../server/start.ts';
import { type LongRunningIo, untilSignal } from '../signals.ts';

/** What the command reads and writes; tests pass their own. */
export type ServeCommandIo = LongRunningIo;

/**
 * Adds `projan serve`: runs the HTTP API (and the web app when built) with the embedded export
 * worker until SIGINT or SIGTERM, then stops at a safe point: requests drained, running exports
 * interrupted where they can resume, the database closed. Options override `PORT`, `HOST` and
 * `PROJAN_DATA_DIR`.
 */
export function registerServeCommand(program: Command, io: ServeCommandIo = {}): Command {
  const out = io.stdout ?? ((text: string) => process.stdout.write(text));
  return program
    .command('serve')
    .description('Run the Projan server: HTTP API, web app and export worker.')
    .option('--port <port>', 'port to listen on (default PORT or 3000; 0 picks a free one)')
    .option('--host <host>', 'interface to listen on (default HOST or 127.0.0.1)')
    .option('--data-dir <dir>', 'data directory (default PROJAN_DATA_DIR or ./data)')
    .action(async (options: { port?: string; host?: string; dataDir?: string }) => {
      const env = { ...(io.env ?? process.env) };
      if (options.port !== undefined) env.PORT = options.port;
      if (options.host !== undefined) env.HOST = options.host;
      if (options.dataDir !== undefined) env.PROJAN_DATA_DIR = options.dataDir;
      const config = loadConfig(env);
      const settings = loadServerSettings(env);

      const stopped = (io.stopSignal ?? untilSignal)();
      const server = await startServer(config, settings);
      out(`Projan listens on ${server.url} (public URL ${server.publicUrl}).\n`);
      await stopped;
      out('Stopping: finishing requests and pausing running exports at a safe point…\n');
      await server.close();
      out('Projan stopped.\n');
    });
}
