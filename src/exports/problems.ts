/**
 * Findings of a preflight or an export run. Errors block the export (or the one item they name);
 * warnings describe what Projan will do differently from the plan, so the user is never surprised.
 */
export interface ExportProblem {
  severity: 'error' | 'warning';
  /** Stable code; the troubleshooting catalogue documents the user-facing ones. */
  code: string;
  /** A full sentence: what happened and what to do. */
  message: string;
  /** Plan item ids the problem concerns (empty when it concerns the whole export). */
  itemIds: string[];
}

/** True when any problem blocks the export. */
export function hasBlockingProblem(problems: readonly ExportProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}
