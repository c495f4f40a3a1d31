import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { MAX_STRUCTURE_DEPTH, MAX_YAML_ALIASES } from '../limits.ts';
import type { PathSegment, SourcePosition, SourcePositions } from '../positions.ts';
import { flowDepthExceeds } from './depth.ts';
import type { ParsedText } from './result.ts';

/**
 * Parses a YAML plan file with the YAML 1.2 core schema, so `no`, `on` and `2027-01-15` stay
 * strings, duplicate keys are errors and `<<` merge keys are plain keys. Alias expansion is
 * capped so an alias bomb is refused in milliseconds, and absurd flow nesting is refused before
 * the parser recurses into it.
 */
export function parseYaml(text: string): ParsedText {
  if (flowDepthExceeds(text, MAX_STRUCTURE_DEPTH)) {
    return { value: undefined, diagnostics: [tooDeep()] };
  }

  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, {
      version: '1.2',
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      prettyErrors: true,
      logLevel: 'error',
      lineCounter,
    });
  } catch (error) {
    if (error instanceof RangeError) return { value: undefined, diagnostics: [tooDeep()] };
    throw error;
  }

  const diagnostics = document.errors.map((error): Diagnostic => {
    const at = error.linePos?.[0];
    return {
      severity: 'error',
      code: 'syntax-error',
      message: `The YAML is malformed${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${firstLine(error.message)}. Fix the syntax there.`,
      ...(at ? { line: at.line, column: at.col } : {}),
    };
  });
  if (diagnostics.length > 0) return { value: undefined, diagnostics };

  try {
    const value: unknown = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    return { value, positions: new YamlPositions(document, lineCounter), diagnostics };
  } catch (error) {
    if (error instanceof RangeError) return { value: undefined, diagnostics: [tooDeep()] };
    if (error instanceof ReferenceError) {
      return {
        value: undefined,
        diagnostics: [
          {
            severity: 'error',
            code: 'yaml-alias-limit',
            message: `The YAML expands aliases (*name) more than ${MAX_YAML_ALIASES} times, which looks like an alias bomb; write the repeated values out or use fewer aliases.`,
          },
        ],
      };
    }
    throw error;
  }
}

function tooDeep(): Diagnostic {
  return {
    severity: 'error',
    code: 'structure-too-deep',
    message: `The file nests lists or maps more than ${MAX_STRUCTURE_DEPTH} levels deep; a plan nests items at most 6 levels, so flatten the structure.`,
  };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

/** Follows a path through the YAML node tree; misses fall back to the nearest parent node. */
class YamlPositions implements SourcePositions {
  readonly #document: Document.Parsed;
  readonly #lines: LineCounter;

  constructor(document: Document.Parsed, lines: LineCounter) {
    this.#document = document;
    this.#lines = lines;
  }

  locate(path: readonly PathSegment[], options?: { key?: boolean }): SourcePosition | undefined {
    let node: unknown = this.#document.contents;
    let found = this.#start(node);
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(this.#document);
      if (isMap(node)) {
        const pair = node.items.find(
          (entry) => isScalar(entry.key) && String(entry.key.value) === String(segment),
        );
        const wantKey = options?.key === true && index === path.length - 1;
        node = (wantKey ? undefined : pair?.value) ?? pair?.key;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        break;
      }
      const start = this.#start(node);
      if (start === undefined) break;
      found = start;
    }
    return found;
  }

  #start(node: unknown): SourcePosition | undefined {
    const range = (node as Node | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = this.#lines.linePos(range[0]);
    return { line, column: col };
  }
}
