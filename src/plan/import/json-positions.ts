/** Where a JSON value starts in the source, 1-based. */
export interface JsonPosition {
  line: number;
  column: number;
}

/** The outcome of `parseJsonWithPositions`. */
export type JsonParseResult =
  | {
      ok: true;
      value: unknown;
      /** Start of every object and array of `value`. */
      positions: WeakMap<object, JsonPosition>;
      /** Start of non-blank text after the JSON value, when there is some. */
      trailing?: JsonPosition;
    }
  | { ok: false; message: string; position: JsonPosition };

/** Nesting deeper than this is refused instead of risking the call stack. */
const MAX_NESTING = 512;

/** A JSON number or keyword, matched where the parser stands (sticky). */
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses JSON like `JSON.parse` but also records the line and column where each object and array
 * starts, so importers can point at the task a problem concerns. A syntax error is returned (not
 * thrown) with its position; text after the value is reported as `trailing` rather than refused.
 * Nesting deeper than 512 levels is a syntax error, so garbled input cannot exhaust the stack.
 */
export function parseJsonWithPositions(text: string): JsonParseResult {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const positionOf = (offset: number): JsonPosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] as number) + 1 };
  };

  const parser = new Parser(text, positionOf);
  try {
    const value = parser.parseDocument();
    const rest = parser.skipBlank();
    return rest < text.length
      ? { ok: true, value, positions: parser.positions, trailing: positionOf(rest) }
      : { ok: true, value, positions: parser.positions };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false, message: error.message, position: positionOf(error.offset) };
  }
}

class Parser {
  readonly positions = new WeakMap<object, JsonPosition>();
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly positionOf: (offset: number) => JsonPosition,
  ) {}

  parseDocument(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    this.skipBlank();
    if (this.at >= this.text.length) throw new JsonSyntaxError('The file is empty.', this.at);
    return this.parseValue(0);
  }

  skipBlank(): number {
    for (; this.at < this.text.length; this.at++) {
      const code = this.text.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    }
    return this.at;
  }

  private parseValue(depth: number): unknown {
    if (depth > MAX_NESTING) {
      throw new JsonSyntaxError(`Nesting deeper than ${MAX_NESTING} levels.`, this.at);
    }
    this.skipBlank();
    const char = this.text[this.at];
    if (char === '{') return this.parseObject(depth);
    if (char === '[') return this.parseArray(depth);
    if (char === '"') return this.parseString();
    LITERAL.lastIndex = this.at;
    const match = LITERAL.exec(this.text);
    if (!match) throw new JsonSyntaxError(this.unexpected(), this.at);
    this.at += match[0].length;
    return match[0] === 'true' ? true : match[0] === 'false' ? false : JSON.parse(match[0]);
  }

  private parseObject(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.positions.set(result, this.positionOf(this.at));
    this.at++;
    if (this.peekAfterBlank() === '}') {
      this.at++;
      return result;
    }
    for (;;) {
      this.skipBlank();
      if (this.text[this.at] !== '"') throw new JsonSyntaxError(this.unexpected('a key'), this.at);
      const key = this.parseString();
      if (this.peekAfterBlank() !== ':') throw new JsonSyntaxError(this.unexpected("':'"), this.at);
      this.at++;
      // A "__proto__" key must become an own property, never the object's prototype.
      Object.defineProperty(result, key, {
        value: this.parseValue(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      const next = this.peekAfterBlank();
      this.at++;
      if (next === '}') return result;
      if (next !== ',') throw new JsonSyntaxError(this.unexpected("',' or '}'"), this.at - 1);
    }
  }

  private parseArray(depth: number): unknown[] {
    const result: unknown[] = [];
    this.positions.set(result, this.positionOf(this.at));
    this.at++;
    if (this.peekAfterBlank() === ']') {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.parseValue(depth + 1));
      const next = this.peekAfterBlank();
      this.at++;
      if (next === ']') return result;
      if (next !== ',') throw new JsonSyntaxError(this.unexpected("',' or ']'"), this.at - 1);
    }
  }

  private parseString(): string {
    const start = this.at;
    let i = start + 1;
    while (i < this.text.length) {
      const code = this.text.charCodeAt(i);
      if (code === 0x22) break;
      i += code === 0x5c ? 2 : 1;
    }
    if (i >= this.text.length) throw new JsonSyntaxError('A string is not closed.', start);
    this.at = i + 1;
    try {
      return JSON.parse(this.text.slice(start, i + 1)) as string;
    } catch {
      throw new JsonSyntaxError('A string holds an invalid escape or control character.', start);
    }
  }

  private peekAfterBlank(): string | undefined {
    this.skipBlank();
    return this.text[this.at];
  }

  private unexpected(expected?: string): string {
    const found = this.text[this.at];
    const what = found === undefined ? 'the end of the file' : `'${found}'`;
    return expected === undefined
      ? `Unexpected ${what}.`
      : `Expected ${expected} but found ${what}.`;
  }
}
