/**
 * `npm run demo`: Projan's main job end to end on the embedded default (see `run.ts`).
 */
import { Command, CommanderError } from 'commander';
import { formatDiagnostic } from '../cli/output/diagnostics.ts';
import { loadPlanFile } from '../plan/load.ts';
import { runDemo } from './run.ts';

const ADA = '5f1a2b3c4d5e6f7a8b9c0d01';

const program = new Command('demo')
  .description(
    'Start the Jira Cloud emulator and Projan, connect, export a plan twice, and report.',
  )
  .option('--plan <file>', 'plan to export', 'examples/plans/web-launch.yaml')
  .option('--project <key>', 'Jira project to export to', 'WEB')
  .option('--data-dir <dir>', 'keep Projan’s data in this directory instead of a temporary one')
  .option('--keep', 'leave both servers running and print their URLs', false)
  .option('--json', 'print one JSON object with the results', false)
  .exitOverride();

/** Refuses a bad plan or project key before any server starts. */
async function checkInputs(plan: string, project: string): Promise<void> {
  if (!/^[A-Z][A-Z0-9_]{1,9}$/.test(project)) {
    throw new Error(
      `"${project}" is not a Jira project key: keys are upper-case letters and digits starting with a letter, such as WEB.`,
    );
  }
  let loaded: Awaited<ReturnType<typeof loadPlanFile>>;
  try {
    loaded = await loadPlanFile(plan);
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error));
  }
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `${plan} is not a valid plan:\n${errors.map((d) => formatDiagnostic(plan, d)).join('\n')}`,
    );
  }
}

try {
  program.parse(process.argv);
  const opts = program.opts<{
    plan: string;
    project: string;
    dataDir?: string;
    keep: boolean;
    json: boolean;
  }>();
  const say = opts.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  await checkInputs(opts.plan, opts.project);
  const demo = await runDemo(
    {
      plan: opts.plan,
      project: opts.project,
      keep: opts.keep,
      json: opts.json,
      accountId: ADA,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    },
    say,
  );
  if (opts.json) process.stdout.write(`${JSON.stringify(demo.result)}\n`);
  if (opts.keep) {
    process.stderr.write(
      `Both servers keep running: Projan ${demo.server.url}, emulator ${demo.emulator.url}. Press Ctrl+C to stop.\n`,
    );
    const stop = () => {
      demo.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else {
    await demo.close();
  }
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(
      `Demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
