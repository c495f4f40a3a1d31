import type { Diagnostic } from './diagnostics.ts';
import { MAX_FILE_BYTES, MAX_STRUCTURE_DEPTH } from './limits.ts';
import { flowDepthExceeds } from './parse/depth.ts';
import { parseJson } from './parse/json.ts';
import { parseYaml } from './parse/yaml.ts';
import { type ValidationResult, validatePlanDocument } from './validate.ts';

/**
 * Parses and validates a plan written in Projan's own format, YAML or JSON: `.json` files and
 * text starting with `{` are read as JSON, everything else as YAML 1.2. Refuses text over 5 MB
 * and text holding NUL characters (a binary file) before parsing. Syntax errors carry their line
 * and column; schema and validation problems carry the line and column of the field concerned.
 * Never throws on malformed input.
 */
export function parsePlanText(text: string, fileName?: string): ValidationResult {
  const refused = refuseText(text);
  if (refused) return { diagnostics: [refused] };

  const body = text.replace(/^\uFEFF/, '');
  const asJson =
    /\.json$/i.test(fileName ?? '') || (!/\.ya?ml$/i.test(fileName ?? '') && /^\s*[{[]/.test(body));
  if (asJson && flowDepthExceeds(body, MAX_STRUCTURE_DEPTH)) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'structure-too-deep',
          message: `The file nests lists or maps more than ${MAX_STRUCTURE_DEPTH} levels deep; a plan nests items at most 6 levels, so flatten the structure.`,
        },
      ],
    };
  }
  const parsed = asJson ? parseJson(body) : parseYaml(body);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  return validatePlanDocument(parsed.value, parsed.positions);
}

/** The checks every plan text passes before any parser sees it: size, then binary content. */
export function refuseText(text: string): Diagnostic | undefined {
  // Each UTF-16 unit is at least one byte, so only long texts need the exact byte count.
  if (text.length > MAX_FILE_BYTES / 4 && Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    return tooLarge();
  }
  if (text.includes('\u0000')) {
    return {
      severity: 'error',
      code: 'binary-file',
      message:
        'This is not a text file (it contains NUL bytes); a plan is a YAML, JSON or Markdown text file.',
    };
  }
  return undefined;
}

/** The diagnostic for a file over the 5 MB limit. */
export function tooLarge(): Diagnostic {
  return {
    severity: 'error',
    code: 'file-too-large',
    message: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the limit for one plan; split it into several plans.`,
  };
}
