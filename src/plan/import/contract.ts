import type { Diagnostic } from '../diagnostics.ts';
import type { PlanDocument } from '../model.ts';

/** Source formats a plan file may be written in; `projan` is Projan's own YAML/JSON format. */
export type SourceFormat = 'projan' | 'taskmaster' | 'speckit' | 'markdown';

/** Options an importer accepts. */
export interface ImportOptions {
  /** Task Master: which tag of a tagged file to import (default `master` or the first tag). */
  tag?: string;
  /** The file name, used in messages and to derive a plan id when the source has none. */
  fileName?: string;
}

/**
 * What an importer returns: a plan document in Projan's file shape (then validated like any
 * YAML/JSON plan) and what it found, repaired (warnings) or refused (errors), with the source's
 * own ids and line numbers. `document` is undefined when the source cannot be imported at all.
 */
export interface ImportResult {
  document: PlanDocument | undefined;
  diagnostics: Diagnostic[];
}
