/**
 * Reading an uploaded plan text: the same detection, importers and validation as
 * `loadPlanFile`, on text received over HTTP instead of a file on disk.
 */
import type { Diagnostic } from '../../plan/diagnostics.ts';
import type { SourceFormat } from '../../plan/import/index.ts';
import { detectFormat, importDocument } from '../../plan/import/index.ts';
import type { Plan } from '../../plan/model.ts';
import { parsePlanText, refuseText } from '../../plan/parse.ts';
import { validatePlanDocument } from '../../plan/validate.ts';

/** The outcome of reading an upload: the plan when valid, and every diagnostic either way. */
export interface UploadResult {
  format: SourceFormat;
  plan?: Plan;
  diagnostics: Diagnostic[];
}

// TODO: This repeats loadPlanFile's format dispatch for text; a `loadPlanText(text, fileName,
// options)` in src/plan/load.ts would let the CLI and the server share one implementation.
/**
 * Detects the format (unless given), imports and validates. Never throws on malformed input:
 * every problem is a diagnostic with the item id, path and line/column where known.
 */
export function readUploadedPlan(
  text: string,
  fileName: string,
  options: { format?: SourceFormat; tag?: string } = {},
): UploadResult {
  const format = options.format ?? detectFormat(text, fileName);
  const refused = refuseText(text);
  if (refused) return { format, diagnostics: [refused] };
  if (format === 'projan') return { format, ...parsePlanText(text, fileName) };

  const imported = importDocument(text, format, {
    fileName,
    ...(options.tag === undefined ? {} : { tag: options.tag }),
  });
  if (imported.document === undefined) return { format, diagnostics: imported.diagnostics };
  const validated = validatePlanDocument(imported.document);
  const diagnostics = [...imported.diagnostics, ...validated.diagnostics];
  const failed = diagnostics.some((d) => d.severity === 'error');
  return failed || !validated.plan
    ? { format, diagnostics }
    : { format, plan: validated.plan, diagnostics };
}
