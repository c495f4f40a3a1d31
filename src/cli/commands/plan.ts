import { type Command, CommanderError, Option } from 'commander';
import type { Diagnostic } from '../../plan/diagnostics.ts';
import { PlanError } from '../../plan/errors.ts';
import { countPlan, longestDependencyChain, type PlanCounts } from '../../plan/graph.ts';
import { type LoadResult, loadPlanFile } from '../../plan/load.ts';
import type { Plan } from '../../plan/model.ts';
import { countProblems, formatDiagnostic, quantity } from '../output/diagnostics.ts';
import { renderTree } from '../output/tree.ts';

/** Codes of `PlanError`: the file itself could not be read, so nothing inside was checked. */
const FILE_ERRORS = new Set<string>(['file-not-found', 'not-a-file', 'file-unreadable']);

const FORMATS = ['auto', 'projan', 'taskmaster', 'speckit', 'markdown'] as const;
type FormatChoice = (typeof FORMATS)[number];

interface ValidateOptions {
  format: FormatChoice;
  json?: boolean;
}

interface ShowOptions extends ValidateOptions {
  tag?: string;
}

/**
 * Adds `projan plan validate` and `projan plan show` and returns the `plan` command, so other
 * plan subcommands (`plan import`) can be added to it. Exit codes: 0 when every file is valid
 * (warnings allowed), 1 when a file has errors or cannot be read, and commander's usage errors.
 */
export function registerPlanCommands(program: Command): Command {
  const plan = program
    .command('plan')
    .description(
      'Check and inspect plan files (Projan YAML/JSON, Task Master, spec-kit, Markdown).',
    );

  plan
    .command('validate')
    .description('Check plan files and list every problem with its line, item and path.')
    .argument('<file...>', 'plan files to check')
    .addOption(formatOption())
    .option('--tag <tag>', 'Task Master: the tag to read (default master or the first)')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], options: ShowOptions, command: Command) => {
      await validateFiles(files, options, command);
    });

  plan
    .command('show')
    .description('Print a plan as a tree of items, then a summary of its dependencies.')
    .argument('<file>', 'plan file to show')
    .addOption(formatOption())
    .option('--tag <tag>', 'Task Master: the tag to read (default master or the first)')
    .option('--json', 'print the normalised plan as JSON')
    .action(async (file: string, options: ShowOptions, command: Command) => {
      await showPlan(file, options, command);
    });

  return plan;
}

function formatOption(): Option {
  return new Option('--format <format>', 'source format of the file')
    .choices(FORMATS)
    .default('auto');
}

function writers(command: Command) {
  const output = command.configureOutput();
  return {
    out: (text: string) => (output.writeOut ?? ((line) => process.stdout.write(line)))(`${text}\n`),
    err: (text: string) => (output.writeErr ?? ((line) => process.stderr.write(line)))(`${text}\n`),
  };
}

/** Loads a file; a file that cannot be read at all becomes one diagnostic of its own. */
async function load(file: string, options: ShowOptions): Promise<LoadResult> {
  try {
    return await loadPlanFile(file, {
      format: options.format,
      ...(options.tag === undefined ? {} : { tag: options.tag }),
    });
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    const diagnostic: Diagnostic = { severity: 'error', code: error.code, message: error.message };
    return { format: 'projan', diagnostics: [diagnostic] };
  }
}

function failed(): CommanderError {
  return new CommanderError(1, 'projan.plan.invalid', 'The plan has errors.');
}

async function validateFiles(files: string[], options: ShowOptions, command: Command) {
  const { out } = writers(command);
  const results: Array<{ file: string; result: LoadResult }> = [];
  for (const file of files) results.push({ file, result: await load(file, options) });

  if (options.json) {
    const report = results.map(({ file, result }) => ({
      file,
      format: result.format,
      valid: result.plan !== undefined,
      ...(result.plan ? { counts: countPlan(result.plan) } : {}),
      diagnostics: result.diagnostics,
    }));
    out(JSON.stringify(report, null, 2));
  } else {
    for (const { file, result } of results) {
      for (const diagnostic of result.diagnostics) out(formatDiagnostic(file, diagnostic));
      out(summaryLine(file, result));
    }
  }
  if (results.some(({ result }) => result.plan === undefined)) throw failed();
}

function summaryLine(file: string, result: LoadResult): string {
  const problems = countProblems(result.diagnostics);
  if (result.diagnostics.some((diagnostic) => FILE_ERRORS.has(diagnostic.code))) {
    return `${file}: not checked, because the file could not be read.`;
  }
  if (!result.plan) return `${file}: invalid, ${problems ?? 'no plan'}; fix the errors above.`;
  const counts = countPlan(result.plan);
  const figures = `${quantity(counts.items, 'item')}, ${quantity(counts.dependencies, 'dependency')}`;
  return `${file}: valid (${figures}${problems ? `; ${problems}` : ''})`;
}

async function showPlan(file: string, options: ShowOptions, command: Command) {
  const { out, err } = writers(command);
  const result = await load(file, options);
  for (const diagnostic of result.diagnostics) err(formatDiagnostic(file, diagnostic));
  if (!result.plan) {
    err(
      `${file}: invalid, ${countProblems(result.diagnostics) ?? 'no plan'}; run \`projan plan validate\` after fixing the errors above.`,
    );
    throw failed();
  }

  if (options.json) {
    out(JSON.stringify(result.plan, null, 2));
    return;
  }
  for (const line of describePlan(result.plan)) out(line);
}

/** The human view of a plan: heading, item tree, then counts and the dependency summary. */
export function describePlan(plan: Plan): string[] {
  const counts = countPlan(plan);
  const tree = renderTree(plan);
  const lines = [`${plan.title} (${plan.id})`, '', ...tree, ...(tree.length > 0 ? [''] : [])];
  lines.push(
    counts.items === 0 ? 'Items: none' : `Items: ${counts.items} (${typeSummary(counts)})`,
  );
  lines.push(dependencySummary(counts));
  const chain = longestDependencyChain(plan);
  if (chain.length > 0) {
    lines.push(`Longest dependency chain: ${chain.length} items, first to last:`);
    lines.push(`  ${chain.join(' -> ')}`);
  }
  return lines;
}

function typeSummary(counts: PlanCounts): string {
  return Object.entries(counts.byType)
    .map(([type, count]) => quantity(count, type))
    .join(', ');
}

function dependencySummary(counts: PlanCounts): string {
  if (counts.dependencies === 0) return 'Dependencies: none';
  const external = counts.dependencies - counts.internalDependencies;
  const keys = counts.externalKeys.length > 0 ? `: ${counts.externalKeys.join(', ')}` : '';
  return `Dependencies: ${counts.dependencies} (${counts.internalDependencies} between items, ${external} on existing Jira issues${keys})`;
}
