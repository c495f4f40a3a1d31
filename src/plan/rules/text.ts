import { findControlCharacter } from '../control-characters.ts';
import type { PathSegment } from '../positions.ts';
import { isRecord, type RawItem } from './collect.ts';
import type { Report } from './report.ts';

/**
 * Refuses control characters (see `control-characters.ts`) in the plan's text; line breaks in
 * one-line fields have their own rule. They would reach a terminal (`plan show`), the
 * web app and Jira unchanged: an escape sequence can rewrite a terminal, a NUL is refused by
 * PostgreSQL, and a bidirectional override hides what a title really says.
 */
export function checkText(
  document: Record<string, unknown>,
  items: readonly RawItem[],
  report: Report,
): void {
  for (const key of ['id', 'title', 'description']) {
    checkValue(document[key], [key], key, undefined, report);
  }
  for (const item of items) {
    for (const [key, value] of Object.entries(item.value)) {
      if (key === 'children') continue;
      checkValue(value, [...item.path, key], key, item.id, report);
    }
  }
}

function checkValue(
  value: unknown,
  path: PathSegment[],
  field: string,
  itemId: string | undefined,
  report: Report,
): void {
  if (typeof value === 'string') {
    const found = findControlCharacter(value);
    if (found !== undefined) {
      const code = found.toString(16).toUpperCase().padStart(4, '0');
      report.error(
        'control-character',
        `The ${field} holds the invisible control character U+${code}; remove it (it is not text a person can read, and terminals, databases and Jira treat it as a command).`,
        { path, itemId },
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, entry] of value.entries()) {
      checkValue(entry, [...path, index], field, itemId, report);
    }
    return;
  }
  if (isRecord(value)) {
    for (const [key, entry] of Object.entries(value)) {
      checkValue(entry, [...path, key], field, itemId, report);
    }
  }
}
