/**
 * Control characters in plan text: C0 controls other than tab and line breaks (terminal
 * escapes, NUL), C1 controls, and the Unicode bidirectional overrides that make text display in
 * another order than it is stored. None is text a person can read; terminals, databases and Jira
 * treat them as commands (PostgreSQL refuses NUL outright).
 */
function isControl(code: number): boolean {
  if (code <= 0x1f) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return (
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The first control character of `text`, as a code point, or undefined. */
export function findControlCharacter(text: string): number | undefined {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (isControl(code)) return code;
  }
  return undefined;
}

/** `text` without its control characters, and how many were removed. */
export function stripControlCharacters(text: string): { text: string; removed: number } {
  let removed = 0;
  let out = '';
  for (const character of text) {
    if (isControl(character.codePointAt(0) ?? 0)) removed += 1;
    else out += character;
  }
  return { text: out, removed };
}
