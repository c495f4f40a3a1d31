import type { Diagnostic } from '../../plan/diagnostics.ts';

/**
 * One problem as a line people and editors both read:
 * `plan.yaml:12:7: error [unknown-dependency] item api at items[1].dependsOn[0]: message`.
 */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const where =
    diagnostic.line === undefined
      ? file
      : `${file}:${diagnostic.line}${diagnostic.column === undefined ? '' : `:${diagnostic.column}`}`;
  const subject = [
    diagnostic.itemId === undefined ? '' : `item ${diagnostic.itemId}`,
    diagnostic.path === undefined ? '' : `at ${diagnostic.path}`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  return printable(
    `${where}: ${diagnostic.severity} [${diagnostic.code}]${subject === '' ? '' : ` ${subject}`}: ${diagnostic.message}`,
  );
}

/**
 * Text from a file as it may be shown on a terminal: control characters and bidirectional
 * overrides (which diagnostics quote when they are the problem) become visible `\u{…}` escapes,
 * so a hostile plan cannot send commands to the terminal.
 */
export function printable(text: string): string {
  let out = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const hidden =
      (code <= 0x1f && code !== 0x0a && code !== 0x09) ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
    out += hidden ? `\\u{${code.toString(16)}}` : character;
  }
  return out;
}

/** `2 errors, 1 warning`, or undefined when there is nothing to count. */
export function countProblems(diagnostics: readonly Diagnostic[]): string | undefined {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts = [];
  if (errors > 0) parts.push(quantity(errors, 'error'));
  if (warnings > 0) parts.push(quantity(warnings, 'warning'));
  return parts.length === 0 ? undefined : parts.join(', ');
}

/** `1 item`, `3 items`, `2 stories`, `0 dependencies`. */
export function quantity(count: number, noun: string): string {
  if (count === 1) return `${count} ${noun}`;
  return `${count} ${noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`}`;
}
