/**
 * Reading an uploaded plan text: the same detection, importers and validation as
 * `loadPlanFile`, on text received over HTTP instead of a file on disk.
 */
import type { Diagnostic } from '../../plan/diagnostics.ts';
import type { SourceFormat } from '../../plan/import/index.ts';
import { loadPlanText } from '../../plan/load.ts';
import type { Plan } from '../../plan/model.ts';

/** The outcome of reading an upload: the plan when valid, and every diagnostic either way. */
export interface UploadResult {
  format: SourceFormat;
  plan?: Plan;
  diagnostics: Diagnostic[];
}

/**
 * Detects the format (unless given), imports and validates through `loadPlanText`. Never throws
 * on malformed input: every problem is a diagnostic with the item id, path and line/column where
 * known.
 */
export function readUploadedPlan(
  text: string,
  fileName: string,
  options: { format?: SourceFormat; tag?: string } = {},
): UploadResult {
  return loadPlanText(text, fileName, options);
}
