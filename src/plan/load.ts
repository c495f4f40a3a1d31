import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Diagnostic } from './diagnostics.ts';
import { PlanError } from './errors.ts';
import type { SourceFormat } from './import/contract.ts';
import { detectFormat, importDocument } from './import/index.ts';
import { MAX_FILE_BYTES } from './limits.ts';
import { parsePlanText, refuseText, tooLarge } from './parse.ts';
import { type ValidationResult, validatePlanDocument } from './validate.ts';

/** How to read a plan file. */
export interface LoadOptions {
  /** The source format; `auto` (the default) detects it from the content and file name. */
  format?: SourceFormat | 'auto';
  /** Task Master: which tag to import (default `master` or the first tag). */
  tag?: string;
}

/** A loaded plan: the validation result plus the format the file was read as. */
export interface LoadResult extends ValidationResult {
  format: SourceFormat;
}

/**
 * Reads a plan file in any supported format and validates it. The size is checked before the
 * file is read, and bytes that are not UTF-8 text are refused as a binary file. Projan YAML/JSON
 * is parsed with positions; other formats go through their importer, whose document is then
 * validated exactly like a YAML/JSON plan (importer diagnostics come first).
 *
 * @throws PlanError `file-not-found`, `not-a-file` or `file-unreadable` when the file itself
 *   cannot be read; every problem inside the file is a diagnostic instead.
 */
export async function loadPlanFile(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readText(path);
  if (typeof read !== 'string') {
    const requested = options.format ?? 'auto';
    return { format: requested === 'auto' ? 'projan' : requested, diagnostics: [read] };
  }
  return loadPlanText(read, basename(path), options);
}

/**
 * Reads plan text received some other way (an HTTP upload) exactly like {@link loadPlanFile}
 * reads a file: the format is detected from the content and `fileName` unless given, refused
 * text (a NUL byte, a too-large text) is a diagnostic, other formats go through their importer
 * and the result is validated. Never throws on malformed input: every problem is a diagnostic
 * with the item id, path and line/column where known.
 */
export function loadPlanText(
  text: string,
  fileName: string,
  options: LoadOptions = {},
): LoadResult {
  const requested = options.format ?? 'auto';
  const refused = refuseText(text);
  if (refused)
    return { format: requested === 'auto' ? 'projan' : requested, diagnostics: [refused] };
  const format = requested === 'auto' ? detectFormat(text, fileName) : requested;
  if (format === 'projan') return { format, ...parsePlanText(text, fileName) };

  const importOptions = { fileName, ...(options.tag === undefined ? {} : { tag: options.tag }) };
  const imported = importDocument(text, format, importOptions);
  if (imported.document === undefined) return { format, diagnostics: imported.diagnostics };
  const validated = validatePlanDocument(imported.document);
  const diagnostics = [...imported.diagnostics, ...validated.diagnostics];
  const failed = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  return failed || !validated.plan
    ? { format, diagnostics }
    : { format, plan: validated.plan, diagnostics };
}

/** Reads a file as UTF-8 text, or answers the diagnostic that refuses it. */
async function readText(path: string): Promise<string | Diagnostic> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new PlanError(
        'not-a-file',
        path,
        `${path} is ${stats.isDirectory() ? 'a directory' : 'not a regular file'}; give the path of a plan file.`,
      );
    }
    if (stats.size > MAX_FILE_BYTES) return tooLarge();
    const bytes = await handle.readFile();
    if (bytes.length > MAX_FILE_BYTES) return tooLarge();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return {
        severity: 'error',
        code: 'binary-file',
        message:
          'This is not a UTF-8 text file; a plan is a YAML, JSON or Markdown text file saved as UTF-8.',
      };
    }
    return refuseText(text) ?? text;
  } catch (error) {
    if (error instanceof PlanError) throw error;
    throw fileError(path, error);
  } finally {
    await handle.close();
  }
}

function fileError(path: string, error: unknown): PlanError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new PlanError(
      'file-not-found',
      path,
      `There is no file at ${path}; check the path and try again.`,
      { cause: error },
    );
  }
  if (code === 'EISDIR') {
    return new PlanError(
      'not-a-file',
      path,
      `${path} is a directory; give the path of a plan file.`,
      { cause: error },
    );
  }
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission was denied'
      : `the system reported ${code ?? 'an error'}`;
  return new PlanError(
    'file-unreadable',
    path,
    `${path} could not be read (${reason}); check that it is a readable file.`,
    { cause: error },
  );
}
