/**
 * Importers for plans people already have: Task Master `tasks.json`, spec-kit `tasks.md`, and
 * Markdown outlines or checklists. Each turns its source into a Projan plan document (validated
 * afterwards like any YAML/JSON plan) and reports what it repaired or refused with the source's
 * own ids and line numbers. The mapping of each format is documented in `docs/importing.md`.
 */

import { stripControlCharacters } from '../control-characters.ts';
import type { PlanDocument } from '../model.ts';
import type { ImportOptions, ImportResult, SourceFormat } from './contract.ts';
import { DiagnosticList, type DraftPlan, toItemDocuments } from './draft.ts';
import { parseJsonWithPositions } from './json-positions.ts';
import { importMarkdown } from './markdown/import.ts';
import { repairDrafts } from './repair.ts';
import { importSpecKit } from './speckit/import.ts';
import { importTaskMaster } from './taskmaster/import.ts';
import { findTags } from './taskmaster/tags.ts';

export type { ImportOptions, ImportResult, SourceFormat } from './contract.ts';
export { detectFormat } from './detect.ts';
export type { TaskMasterTag } from './taskmaster/tags.ts';

/** Sources larger than this are refused, like plan files (the plan format's 5 MB limit). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

type Converter = (
  text: string,
  options: ImportOptions,
  diagnostics: DiagnosticList,
) => DraftPlan | undefined;

const CONVERTERS: Record<Exclude<SourceFormat, 'projan'>, Converter> = {
  taskmaster: importTaskMaster,
  speckit: importSpecKit,
  markdown: importMarkdown,
};

/**
 * Converts `text`, written in `format`, into a plan document in Projan's file shape. Repairs
 * what it can (each repair is a warning) and refuses what it cannot (an error, and `document`
 * is undefined). It never throws: an unexpected failure becomes an `internal-error` diagnostic.
 * Item ids derive from the source's own ids (or titles where the source has none), never from
 * positions, so importing the same file twice yields the same ids.
 */
export function importDocument(
  text: string,
  format: Exclude<SourceFormat, 'projan'>,
  options: ImportOptions = {},
): ImportResult {
  const diagnostics = new DiagnosticList();
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES) {
    diagnostics.error(
      'too-large',
      `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split the plan into smaller files.`,
    );
    return { document: undefined, diagnostics: diagnostics.items };
  }

  try {
    // Windows line endings would leak `\r` into titles and descriptions.
    const cleaned = stripControlCharacters(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
    if (cleaned.removed > 0) {
      diagnostics.warn(
        'control-characters-removed',
        `The file held ${cleaned.removed} invisible control character(s) (terminal escapes, NUL or bidirectional overrides); they were removed.`,
      );
    }
    const body = cleaned.text;
    const draft = CONVERTERS[format](body, options, diagnostics);
    if (draft === undefined || diagnostics.failed) {
      return { document: undefined, diagnostics: diagnostics.items };
    }
    repairDrafts(draft.items, diagnostics);
    const document: PlanDocument = { id: draft.id, title: draft.title };
    if (draft.description !== undefined) document.description = draft.description;
    document.items = toItemDocuments(draft.items);
    return { document, diagnostics: diagnostics.items };
  } catch (error) {
    diagnostics.error(
      'internal-error',
      `The ${format} importer failed unexpectedly (${error instanceof Error ? error.message : String(error)}). Please report this with the file.`,
    );
    return { document: undefined, diagnostics: diagnostics.items };
  }
}

/**
 * The tags (task lists) of a Task Master file in file order, with their task counts, for
 * `--tag` help and the web app's tag picker. Returns an empty list for text that is not valid
 * JSON or has no task list.
 */
export function listTaskMasterTags(text: string): Array<{ name: string; taskCount: number }> {
  const parsed = parseJsonWithPositions(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return [];
  return findTags(parsed.value).tags.map(({ name, taskCount }) => ({ name, taskCount }));
}
