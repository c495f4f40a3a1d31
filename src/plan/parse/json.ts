import type { Diagnostic } from '../diagnostics.ts';
import { formatPath, LineIndex, type PathSegment, type SourcePositions } from '../positions.ts';
import type { ParsedText } from './result.ts';

/**
 * Parses a JSON plan file. Syntax errors become one `syntax-error` diagnostic with the line and
 * column V8 reports; positions of values are computed only when a diagnostic asks for one.
 */
export function parseJson(text: string): ParsedText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { value: undefined, diagnostics: [jsonSyntaxDiagnostic(text, error)] };
  }
  const scan = scanValueOffsets(text);
  if (scan.duplicate) {
    // JSON.parse silently keeps the last of two equal keys; YAML refuses them, and so do we.
    const at = new LineIndex(text).position(scan.duplicate.offset);
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: 'syntax-error',
      message: `The key ${JSON.stringify(scan.duplicate.key)} appears twice in the same object (second at line ${at.line}, column ${at.column}); keep only one.`,
      line: at.line,
      column: at.column,
    };
    return { value: undefined, diagnostics: [diagnostic] };
  }
  return { value, positions: new JsonPositions(text, scan.offsets), diagnostics: [] };
}

function jsonSyntaxDiagnostic(text: string, error: unknown): Diagnostic {
  const raw = error instanceof Error ? error.message : String(error);
  // V8 reports the offset inside its message; without one the input ended too early.
  const offset = /at position (\d+)/.exec(raw)?.[1];
  const at = new LineIndex(text).position(offset === undefined ? text.length : Number(offset));
  const reason = raw
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  return {
    severity: 'error',
    code: 'syntax-error',
    message: `The JSON is malformed at line ${at.line}, column ${at.column} (${reason}); fix the syntax there.`,
    line: at.line,
    column: at.column,
  };
}

/** Offsets of every value of a valid JSON text, keyed by formatted path. */
class JsonPositions implements SourcePositions {
  readonly #text: string;
  readonly #offsets: ReadonlyMap<string, number>;
  #lines: LineIndex | undefined;

  constructor(text: string, offsets: ReadonlyMap<string, number>) {
    this.#text = text;
    this.#offsets = offsets;
  }

  locate(path: readonly PathSegment[], options?: { key?: boolean }) {
    this.#lines ??= new LineIndex(this.#text);
    const key = options?.key ? this.#offsets.get(`key:${formatPath(path)}`) : undefined;
    if (key !== undefined) return this.#lines.position(key);
    for (let length = path.length; length >= 0; length--) {
      const offset = this.#offsets.get(formatPath(path.slice(0, length)));
      if (offset !== undefined) return this.#lines.position(offset);
    }
    return undefined;
  }
}

interface Frame {
  path: PathSegment[];
  isArray: boolean;
  index: number;
  key: string | undefined;
}

interface Scan {
  /** Value offsets by formatted path, and key offsets by `key:` plus the path. */
  offsets: Map<string, number>;
  /** The first key repeated within one object, if any. */
  duplicate?: { key: string; offset: number };
}

/**
 * Walks a text that `JSON.parse` accepted and records where each value starts. Iterative, so
 * nesting depth cannot overflow the stack.
 */
function scanValueOffsets(text: string): Scan {
  const offsets = new Map<string, number>();
  const stack: Frame[] = [];
  let expectingKey = false;
  let i = 0;

  const childPath = (): PathSegment[] => {
    const top = stack.at(-1);
    if (top === undefined) return [];
    return [...top.path, top.isArray ? top.index : (top.key ?? '')];
  };

  while (i < text.length) {
    const char = text[i];
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === ':') {
      i++;
    } else if (char === ',') {
      const top = stack.at(-1);
      if (top?.isArray) top.index++;
      else expectingKey = true;
      i++;
    } else if (char === '}' || char === ']') {
      stack.pop();
      expectingKey = false;
      i++;
    } else if (expectingKey) {
      const end = stringEnd(text, i);
      const top = stack.at(-1);
      if (top) {
        top.key = JSON.parse(text.slice(i, end)) as string;
        offsets.set(`key:${formatPath([...top.path, top.key])}`, i);
      }
      expectingKey = false;
      i = end;
    } else {
      const path = childPath();
      const formatted = formatPath(path);
      if (offsets.has(formatted))
        return { offsets, duplicate: { key: String(path.at(-1)), offset: i } };
      offsets.set(formatted, i);
      if (char === '{' || char === '[') {
        stack.push({ path, isArray: char === '[', index: 0, key: undefined });
        expectingKey = char === '{';
        i++;
      } else if (char === '"') {
        i = stringEnd(text, i);
      } else {
        while (i < text.length && !',}] \n\r\t'.includes(text[i] ?? '')) i++;
      }
    }
  }
  return { offsets };
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}
