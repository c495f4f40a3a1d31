import type { Diagnostic } from '../diagnostics.ts';
import type { SourcePositions } from '../positions.ts';

/** What a text parser hands to validation: the raw value, where its parts are, and problems. */
export interface ParsedText {
  /** The parsed value; undefined when the text could not be parsed at all. */
  value: unknown;
  positions?: SourcePositions;
  diagnostics: Diagnostic[];
}
