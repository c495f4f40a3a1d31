/**
 * Problems found while reading a plan. Every problem names where it is (the item id, its path
 * such as `items[2].children[0]`, or a line and column of the source file) and what to fix.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `duplicate-id`; callers branch on it, never on text. */
  code: string;
  /** A full sentence for people: what is wrong and what to do. */
  message: string;
  /** The item's id as written in the source file, when the problem concerns one item. */
  itemId?: string;
  /** JSON path of the item or field, e.g. `items[2].children[0].dependsOn[1]`. */
  path?: string;
  /** 1-based position in the source file, when known. */
  line?: number;
  column?: number;
}
