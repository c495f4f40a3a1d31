/**
 * Where things are in a plan: paths into the document (`items[2].children[0].title`) and their
 * line and column in the source text, so every diagnostic can point at the line to fix.
 */

/** One step of a path: a map key or a list index. */
export type PathSegment = string | number;

/** A 1-based line and column in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Finds the source position of a path. Parsers that keep positions (YAML, JSON) provide one;
 * when the exact node does not exist (a missing field) it answers the nearest enclosing node.
 * With `key`, a path ending in a map key answers where the key is written rather than its value
 * (used for unknown fields).
 */
export interface SourcePositions {
  locate(path: readonly PathSegment[], options?: { key?: boolean }): SourcePosition | undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path the way messages show it: `items[2].children[0].dependsOn[1]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else {
      text += `[${JSON.stringify(segment)}]`;
    }
  }
  return text;
}

/** Turns character offsets into 1-based lines and columns, by binary search over line starts. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.#starts.push(i + 1);
    }
  }

  /** The position of `offset` (0-based, clamped to the text). */
  position(offset: number): SourcePosition {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.#starts[low] ?? 0) + 1 };
  }
}
