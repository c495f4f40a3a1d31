import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, CommanderError, Option } from 'commander';
import pino from 'pino';
import { AccountError } from '../../accounts/index.ts';
import { OAuthError } from '../../atlassian/index.ts';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { isProjanError } from '../../errors/index.ts';
import type { Diagnostic } from '../../plan/diagnostics.ts';
import { PlanError } from '../../plan/errors.ts';
import { type LoadResult, loadPlanFile } from '../../plan/load.ts';
import { openRuntime } from '../../runtime/open.ts';
import { StoreError } from '../../store/index.ts';
import { CliFailure, type ExportBackend, type FollowResult } from '../export/backend.ts';
import { openLocalBackend, requireLocalData } from '../export/local.ts';
import { formatDiagnostic } from '../output/diagnostics.ts';
import { describeExport, describePreflight } from '../output/export-report.ts';
import { createProgress } from '../progress.ts';
import { openRemoteBackend, ProjanApi } from '../remote.ts';

const FORMATS = ['auto', 'projan', 'taskmaster', 'speckit', 'markdown'] as const;

interface ExportOptions {
  project: string;
  workspace?: string;
  dryRun?: boolean;
  json?: boolean;
  server?: string;
  token?: string;
  dataDir?: string;
  format: (typeof FORMATS)[number];
  tag?: string;
}

/** What the export command reads; tests pass their own. */
export interface ExportCommandIo {
  env?: NodeJS.ProcessEnv;
  /** A terminal to draw the progress bar on (default: stderr when it is a TTY). */
  tty?: NodeJS.WriteStream | null;
}

/** Exit codes of `projan export`. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

// Commander's usage errors (missing argument or option, unknown option): exit 2, not 1.
const USAGE_CODES = new Set([
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.unknownOption',
  'commander.excessArguments',
  'commander.invalidArgument',
  'commander.conflictingOption',
]);

/**
 * Adds `projan export <plan-file> --project KEY`: preflights (`--dry-run`) or exports a plan to
 * a Jira project with the workspace's connection, either in this process on the local data
 * directory (`--data-dir` or `PROJAN_DATA_DIR`, acting as the workspace's admin) or through a
 * running Projan (`--server URL` with `--token` or `PROJAN_TOKEN`). Exit codes: 0 when the
 * export succeeded (or the preflight found no error), 1 when it failed, was partial, or the
 * preflight found errors, 2 for usage errors.
 */
export function registerExportCommand(program: Command, io: ExportCommandIo = {}): Command {
  return program
    .command('export')
    .description('Export a plan to a Jira project (or preview it with --dry-run).')
    .argument('<plan-file>', 'the plan (Projan YAML/JSON, Markdown, Task Master, spec-kit)')
    .requiredOption('--project <key>', 'key of the Jira project to export to, for example WEB')
    .option('--workspace <id-or-name>', 'workspace whose Jira connection to use')
    .option('--dry-run', 'run the preflight only and print its report; writes nothing to Jira')
    .option('--json', 'print one JSON object (the preflight report, or the run and its items)')
    .option('--server <url>', 'export through a running Projan at this URL')
    .option('--token <token>', 'API token (pjn_…) for --server; default PROJAN_TOKEN')
    .option('--data-dir <dir>', 'local mode: data directory (default PROJAN_DATA_DIR or ./data)')
    .addOption(
      new Option('--format <format>', 'source format of the plan file')
        .choices(FORMATS)
        .default('auto'),
    )
    .option('--tag <tag>', 'Task Master: the tag to read (default master or the first)')
    .exitOverride((error) => {
      if (USAGE_CODES.has(error.code))
        throw new CommanderError(EXIT.usage, error.code, error.message);
      throw error;
    })
    .action(async (file: string, options: ExportOptions, command: Command) => {
      await runExportCommand(file, options, command, io);
    });
}

function writers(command: Command) {
  const output = command.configureOutput();
  return {
    out: (text: string) => (output.writeOut ?? ((t) => process.stdout.write(t)))(`${text}\n`),
    err: (text: string) => (output.writeErr ?? ((t) => process.stderr.write(t)))(`${text}\n`),
  };
}

async function runExportCommand(
  file: string,
  options: ExportOptions,
  command: Command,
  io: ExportCommandIo,
): Promise<void> {
  const { out, err } = writers(command);
  const env = io.env ?? process.env;
  const token = options.token ?? env.PROJAN_TOKEN;
  if (options.server !== undefined && !token) {
    usage(command, '--server needs an API token: pass --token pjn_… or set PROJAN_TOKEN.');
  }
  if (options.server !== undefined && !URL.canParse(options.server)) {
    usage(command, `--server must be a URL such as http://127.0.0.1:3000, not ${options.server}.`);
  }
  if (options.server !== undefined && options.dataDir !== undefined) {
    usage(command, '--data-dir is for local mode; leave it out with --server.');
  }

  let backend: ExportBackend | undefined;
  try {
    const loaded = await loadPlan(file, options);
    for (const diagnostic of loaded.diagnostics) err(formatDiagnostic(file, diagnostic));
    backend = await openBackend(file, options, loaded, env, token);
    const ok = options.dryRun
      ? await dryRun(backend, options, out)
      : await exportAndFollow(backend, options, io, out, err);
    if (!ok) throw exitWith(EXIT.failed, 'projan.export.failed');
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    report(error, options.json === true, out, err, file);
    throw exitWith(EXIT.failed, 'projan.export.error');
  } finally {
    await backend?.close();
  }
}

/** The remote backend with `--server`, else the local one over a freshly opened runtime. */
async function openBackend(
  file: string,
  options: ExportOptions,
  loaded: LoadResult,
  env: NodeJS.ProcessEnv,
  token: string | undefined,
): Promise<ExportBackend> {
  if (!loaded.plan) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliFailure(
      'invalid_plan',
      `${file}: the plan has ${errors} error${errors === 1 ? '' : 's'}; fix ${errors === 1 ? 'it' : 'them'} and run the command again.`,
      [],
      options.json ? loaded.diagnostics : [],
    );
  }
  const workspace = options.workspace === undefined ? {} : { workspace: options.workspace };
  if (options.server !== undefined && token) {
    return openRemoteBackend({
      api: new ProjanApi(options.server, token),
      content: await readFile(file, 'utf8'),
      fileName: path.basename(file),
      format: loaded.format,
      ...(options.tag === undefined ? {} : { tag: options.tag }),
      ...workspace,
    });
  }
  const config = loadConfig({
    ...env,
    ...(options.dataDir === undefined ? {} : { PROJAN_DATA_DIR: options.dataDir }),
  });
  requireLocalData(config.dataDir, config.databaseUrl);
  // Logs go to stderr and only for errors unless LOG_LEVEL asks for more: stdout is the report.
  const logger = pino(
    { level: env.LOG_LEVEL ? config.logLevel : 'error' },
    pino.destination({ dest: 2, sync: true }),
  );
  const runtime = await openRuntime(config, { logger });
  try {
    return await openLocalBackend({ runtime, plan: loaded.plan, ...workspace });
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** Prints the preflight report; true when it found no blocking error. */
async function dryRun(
  backend: ExportBackend,
  options: ExportOptions,
  out: (text: string) => void,
): Promise<boolean> {
  const report = await backend.preflight(options.project);
  if (options.json) out(JSON.stringify(report, null, 2));
  else for (const line of describePreflight(report)) out(line);
  return report.exportable;
}

/** Starts the export, shows its progress, prints the result; true when it succeeded. */
async function exportAndFollow(
  backend: ExportBackend,
  options: ExportOptions,
  io: ExportCommandIo,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<boolean> {
  const started = await backend.start(options.project);
  if (!options.json) {
    const site = backend.workspace.siteUrl ? ` on ${backend.workspace.siteUrl}` : '';
    err(
      `Exporting "${started.planTitle}" to ${started.projectKey}${site} (export ${started.id}, workspace ${backend.workspace.name}).`,
    );
  }
  const tty = io.tty === undefined ? (process.stderr.isTTY ? process.stderr : undefined) : io.tty;
  const progress = createProgress({
    ...(tty && !options.json ? { tty } : {}),
    line: options.json ? () => {} : (text) => err(text),
  });
  // TODO: Ctrl-C in local mode kills the worker mid-run, so the job stays leased for up to
  // 30 s before any worker resumes it; a SIGINT handler that stops the worker at a safe point
  // would hand it back at once.
  let result: FollowResult;
  try {
    result = await backend.follow(started, (report) => progress.update(report));
  } finally {
    progress.stop();
  }
  const items = await backend.items(started.id);
  if (options.json) out(JSON.stringify({ export: result.view, items }, null, 2));
  else for (const line of describeExport(result.view, items, result.failure)) out(line);
  return result.view.state === 'succeeded';
}

async function loadPlan(file: string, options: ExportOptions): Promise<LoadResult> {
  return loadPlanFile(file, {
    format: options.format,
    ...(options.tag === undefined ? {} : { tag: options.tag }),
  });
}

function usage(command: Command, message: string): never {
  command.error(`error: ${message}`, { exitCode: EXIT.usage, code: 'projan.export.usage' });
}

function exitWith(code: number, id: string): CommanderError {
  return new CommanderError(code, id, '');
}

/** Prints a failure: `{error: {...}}` on stdout with --json, message and steps on stderr. */
function report(
  error: unknown,
  json: boolean,
  out: (text: string) => void,
  err: (text: string) => void,
  file: string,
): void {
  const body = failureBody(error);
  if (json) {
    out(JSON.stringify({ error: body }, null, 2));
    return;
  }
  err(body.message);
  for (const step of body.guidance) err(`  - ${step}`);
  for (const diagnostic of body.diagnostics ?? []) {
    if (isDiagnostic(diagnostic)) err(formatDiagnostic(file, diagnostic));
  }
}

function failureBody(error: unknown): {
  code: string;
  message: string;
  guidance: string[];
  diagnostics?: unknown[];
} {
  if (error instanceof CliFailure) {
    return {
      code: error.code,
      message: error.message,
      guidance: [...error.guidance],
      ...(error.diagnostics.length > 0 ? { diagnostics: [...error.diagnostics] } : {}),
    };
  }
  if (isProjanError(error)) return error.toBody();
  if (
    error instanceof PlanError ||
    error instanceof ConfigError ||
    error instanceof StoreError ||
    error instanceof OAuthError ||
    error instanceof AccountError
  ) {
    return { code: String(error.code), message: error.message, guidance: [] };
  }
  throw error;
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return typeof value === 'object' && value !== null && 'message' in value && 'severity' in value;
}
