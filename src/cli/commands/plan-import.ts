import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, CommanderError, Option } from 'commander';
import { stringify } from 'yaml';
import type { Diagnostic } from '../../plan/diagnostics.ts';
import { countPlan } from '../../plan/graph.ts';
import {
  detectFormat,
  importDocument,
  listTaskMasterTags,
  MAX_IMPORT_BYTES,
  type SourceFormat,
} from '../../plan/import/index.ts';
import { refuseText } from '../../plan/parse.ts';
import { validatePlanDocument } from '../../plan/validate.ts';
import { countProblems, formatDiagnostic, quantity } from '../output/diagnostics.ts';

const FORMATS = ['auto', 'taskmaster', 'speckit', 'markdown'] as const;

interface ImportCommandOptions {
  format: (typeof FORMATS)[number];
  tag?: string;
  output?: string;
}

/**
 * Adds `projan plan import <file> [--format taskmaster|speckit|markdown|auto] [--tag T]
 * [-o plan.yaml]` to the `plan` command. It converts a Task Master, spec-kit or Markdown plan to
 * Projan's YAML, written to `-o` or to stdout; warnings (repairs) go to stderr. Exit code 1 when
 * the file cannot be read or imported (nothing is written then), 0 otherwise.
 */
export function registerPlanImportCommand(planCommand: Command): Command {
  return planCommand
    .command('import')
    .description(
      'Convert a Task Master tasks.json, a spec-kit tasks.md or a Markdown outline into a Projan plan (YAML).',
    )
    .argument('<file>', 'the file to convert')
    .addOption(
      new Option('--format <format>', 'source format of the file').choices(FORMATS).default('auto'),
    )
    .option(
      '--tag <tag>',
      'Task Master: the tag to import (default master, or the first with tasks)',
    )
    .option('-o, --output <file>', 'write the plan to this file instead of stdout')
    .action(async (file: string, options: ImportCommandOptions, command: Command) => {
      await runImport(file, options, command);
    });
}

async function runImport(file: string, options: ImportCommandOptions, command: Command) {
  const output = command.configureOutput();
  const out = (text: string) => (output.writeOut ?? ((t) => process.stdout.write(t)))(text);
  const err = (text: string) => (output.writeErr ?? ((t) => process.stderr.write(t)))(`${text}\n`);
  const fail = (message: string): never => {
    err(message);
    throw new CommanderError(1, 'projan.plan.import', message);
  };

  const text = await readSource(file).catch((error: Error) => fail(error.message));
  const refused = refuseText(text);
  if (refused) fail(formatDiagnostic(file, refused));
  if (text.trim() === '') fail(`${file} is empty; there is no plan to import.`);
  const format = options.format === 'auto' ? detectFormat(text, basename(file)) : options.format;
  if (format === 'projan') {
    fail(
      `${file} is already a Projan plan (YAML or JSON with "items"); check it with \`projan plan validate ${file}\` instead.`,
    );
    return;
  }

  const imported = importDocument(text, format, {
    fileName: basename(file),
    ...(options.tag === undefined ? {} : { tag: options.tag }),
  });
  const validated = imported.document ? validatePlanDocument(imported.document) : undefined;
  const diagnostics: Diagnostic[] = [...imported.diagnostics, ...(validated?.diagnostics ?? [])];
  for (const diagnostic of diagnostics) err(formatDiagnostic(file, diagnostic));
  if (!imported.document || !validated?.plan) {
    fail(
      `${file}: not imported, ${countProblems(diagnostics) ?? 'no plan'}; fix the errors above.`,
    );
    return;
  }

  if (format === 'taskmaster') tagHint(text, options.tag, err);
  const yaml = `# Imported from ${basename(file)} (${formatName(format)}) by \`projan plan import\`.\n${stringify(imported.document, { lineWidth: 0 })}`;
  if (options.output === undefined) out(yaml);
  else
    await writeFile(options.output, yaml, 'utf8').catch((error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EISDIR'
          ? `${options.output} is a directory; give -o the path of the file to write.`
          : `${options.output} cannot be written (${error.code ?? error.message}); check the path and its permissions.`,
      ),
    );

  const counts = countPlan(validated.plan);
  const problems = countProblems(diagnostics);
  err(
    `${options.output ?? 'stdout'}: ${quantity(counts.items, 'item')}, ${quantity(counts.dependencies, 'dependency')} imported from ${file} (${formatName(format)})${problems ? `; ${problems} above` : ''}.`,
  );
}

/** Reads the file as UTF-8 text, refusing missing, oversized and binary files with a sentence. */
async function readSource(file: string): Promise<string> {
  const info = await stat(file).catch(() => {
    throw new Error(`${file} does not exist or cannot be read; check the path.`);
  });
  if (!info.isFile()) throw new Error(`${file} is not a regular file; give the path of a plan.`);
  if (info.size > MAX_IMPORT_BYTES) {
    throw new Error(`${file} is larger than 5 MB, the limit for one plan; split it first.`);
  }
  const bytes = await readFile(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${file} is not UTF-8 text; save it as UTF-8 and try again.`);
  }
}

function tagHint(text: string, chosen: string | undefined, err: (line: string) => void): void {
  const tags = listTaskMasterTags(text);
  if (tags.length < 2) return;
  const list = tags.map((tag) => `${tag.name} (${quantity(tag.taskCount, 'task')})`).join(', ');
  err(
    chosen === undefined
      ? `This file has several tags: ${list}. The default was imported; choose another with --tag.`
      : `This file has several tags: ${list}.`,
  );
}

function formatName(format: Exclude<SourceFormat, 'projan'>): string {
  return { taskmaster: 'Task Master', speckit: 'spec-kit', markdown: 'Markdown' }[format];
}
