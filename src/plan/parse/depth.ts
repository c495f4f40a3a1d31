/**
 * Tells whether a YAML or JSON text opens more than `limit` nested flow collections (`[` / `{`).
 * A linear scan, run before the real parser, because YAML's composer recurses once per level and
 * a 5 MB file of brackets would take seconds to overflow. It skips quoted strings and comments;
 * brackets inside plain text can only make it count fewer levels, never refuse a valid plan.
 */
// TODO: The scan does not know YAML block scalars (`|`, `>`), so a description holding more than
// 100 unclosed `[` at the starts of its lines would be refused as too deep; skipping block scalar
// bodies by their indentation would remove that false alarm.
export function flowDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      i = skipQuoted(text, i, '"');
    } else if (char === "'" && opensValue(text, i)) {
      i = skipQuoted(text, i, "'");
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else {
      if (char === '[' || char === '{') {
        if (depth > 0 || opensValue(text, i)) depth++;
        if (depth > limit) return true;
      } else if ((char === ']' || char === '}') && depth > 0) {
        depth--;
      }
      i++;
    }
  }
  return false;
}

/** True when the character at `index` starts a value: after `:`, `-`, `,`, a bracket or a line start. */
function opensValue(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const char = text[i];
    if (char === ' ' || char === '\t') continue;
    return (
      char === '\n' || char === ':' || char === '-' || char === ',' || char === '[' || char === '{'
    );
  }
  return true;
}

function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (quote === '"' && text[i] === '\\') i += 2;
    else if (text[i] === quote && quote === "'" && text[i + 1] === "'") i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return i;
}
