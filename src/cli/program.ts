import { Command } from 'commander';
import { registerEmulatorCommand } from './commands/emulator.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerKeysCommands } from './commands/keys.ts';
import { registerPlanCommands } from './commands/plan.ts';
import { registerPlanImportCommand } from './commands/plan-import.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerWorkerCommand } from './commands/worker.ts';

/**
 * Builds the `projan` command tree. Output goes through `configureOutput` and errors through
 * `exitOverride`, both set before any subcommand is added (commander copies them at creation),
 * so tests can run commands in process without the process exiting.
 */
export function buildProgram(): Command {
  const program = new Command('projan')
    .description('Export project plans into Jira Cloud as epics, stories, tasks and links.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });

  registerPlanImportCommand(registerPlanCommands(program));
  registerExportCommand(program);
  registerKeysCommands(program);
  registerEmulatorCommand(program);
  registerServeCommand(program);
  registerWorkerCommand(program);
  return program;
}
