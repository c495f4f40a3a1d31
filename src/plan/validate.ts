import type { Diagnostic } from './diagnostics.ts';
import { MAX_ITEMS, MAX_STRUCTURE_DEPTH } from './limits.ts';
import type { Plan } from './model.ts';
import type { SourcePositions } from './positions.ts';
import { collectItems, isRecord } from './rules/collect.ts';
import { checkDependencies } from './rules/dependencies.ts';
import { normalisePlan } from './rules/normalise.ts';
import { Report } from './rules/report.ts';
import { checkSchema } from './rules/schema-check.ts';
import { checkIds, checkNesting } from './rules/structure.ts';
import { checkText } from './rules/text.ts';

/** The outcome of validating a plan: the plan when it has no errors, and every problem found. */
export interface ValidationResult {
  /** The normalised plan; undefined when any diagnostic is an error. */
  plan?: Plan;
  /** Errors and warnings, in the order found (schema first, then ids, nesting, dependencies). */
  diagnostics: Diagnostic[];
}

/**
 * Validates a plan document (parsed YAML/JSON, or what an importer produced) against the plan
 * format v1 and normalises it. Reports every problem at once, each with the item id, its path
 * and, when `positions` is given, the line and column in the source file. Never throws on
 * malformed input: a document nested deeper than the structure limit or holding more than
 * 10,000 items is refused with a single error before the expensive checks run.
 */
export function validatePlanDocument(
  document: unknown,
  positions?: SourcePositions,
): ValidationResult {
  const report = new Report(positions);
  if (document === undefined || document === null) {
    report.error('empty-file', 'The file is empty; a plan needs `id`, `title` and `items`.', {
      path: [],
    });
    return { diagnostics: report.diagnostics };
  }
  if (structureDepthExceeds(document, MAX_STRUCTURE_DEPTH)) {
    report.error(
      'structure-too-deep',
      `The document nests lists or maps more than ${MAX_STRUCTURE_DEPTH} levels deep; a plan nests items at most 6 levels, so flatten the structure.`,
      { path: [] },
    );
    return { diagnostics: report.diagnostics };
  }
  if (!isRecord(document)) {
    report.error(
      'not-a-plan',
      'The file must hold a map with `id`, `title` and `items` at the top level.',
      { path: [] },
    );
    return { diagnostics: report.diagnostics };
  }

  const items = collectItems(document, MAX_ITEMS);
  if (items.length > MAX_ITEMS) {
    report.error(
      'too-many-items',
      `The plan holds more than ${MAX_ITEMS.toLocaleString('en')} items; split it into several plans.`,
      { path: ['items'] },
    );
    return { diagnostics: report.diagnostics };
  }

  checkSchema(document, report);
  checkText(document, items, report);
  const byId = checkIds(items, report);
  checkNesting(items, report);
  checkDependencies(items, byId, report);

  if (report.hasErrors) return { diagnostics: report.diagnostics };
  return { plan: normalisePlan(document), diagnostics: report.diagnostics };
}

/** Iterative depth measure, so a hostile document cannot overflow the stack here. */
function structureDepthExceeds(root: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[root, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}
