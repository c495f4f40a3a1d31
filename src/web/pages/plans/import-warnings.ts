/**
 * Warnings of the last import of each plan, kept for this browser tab only: the server returns
 * them with the upload answer, and the plan page shows them next to their items afterwards.
 */
import type { Diagnostic } from '../../api/types.ts';

// TODO: Import warnings live only in the tab that imported the plan; storing them with the plan
// version (and returning them from GET .../plans/:planId) would show them to every member later.
const warnings = new Map<string, Diagnostic[]>();

/** Keeps the import diagnostics of `planId`. */
export function keepImportWarnings(planId: string, diagnostics: Diagnostic[]): void {
  warnings.set(planId, diagnostics);
}

/** The kept diagnostics of `planId`, if it was imported in this tab. */
export function importWarnings(planId: string): Diagnostic[] {
  return warnings.get(planId) ?? [];
}
