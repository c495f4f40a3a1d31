import type { Diagnostic } from '../diagnostics.ts';
import { formatPath, type PathSegment, type SourcePositions } from '../positions.ts';

/** Where a problem is: the document path and, when it concerns one item, that item's id. */
export interface ProblemPlace {
  path: readonly PathSegment[];
  itemId?: string | undefined;
  /** Point at the key the path ends in, not at its value (for unknown fields). */
  atKey?: boolean;
}

/**
 * Collects diagnostics during validation and attaches the source line and column of each path
 * when the parser kept positions.
 */
export class Report {
  readonly diagnostics: Diagnostic[] = [];
  readonly #positions: SourcePositions | undefined;

  constructor(positions: SourcePositions | undefined) {
    this.#positions = positions;
  }

  /** Records an error: the plan cannot be used until it is fixed. */
  error(code: string, message: string, place: ProblemPlace): void {
    this.#add('error', code, message, place);
  }

  /** Records a warning: the plan is usable but probably not what its author meant. */
  warning(code: string, message: string, place: ProblemPlace): void {
    this.#add('warning', code, message, place);
  }

  /** True once any error has been recorded. */
  get hasErrors(): boolean {
    return this.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  }

  #add(severity: Diagnostic['severity'], code: string, message: string, place: ProblemPlace) {
    const diagnostic: Diagnostic = { severity, code, message };
    if (place.itemId !== undefined) diagnostic.itemId = place.itemId;
    if (place.path.length > 0) diagnostic.path = formatPath(place.path);
    const at = this.#positions?.locate(place.path, { key: place.atKey === true });
    if (at) {
      diagnostic.line = at.line;
      diagnostic.column = at.column;
    }
    this.diagnostics.push(diagnostic);
  }
}
