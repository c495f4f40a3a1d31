/** Jira's summary limit, which the plan format adopts for item titles. */
export const MAX_TITLE_LENGTH = 255;

const ELLIPSIS = '…';

/**
 * Turns free text into a lowercase ASCII slug (`a-z`, `0-9`, `-`), at most `maxLength` long and
 * cut at a word boundary. Accents are folded (`Catálogo` -> `catalogo`); scripts without a Latin
 * form (Chinese, Korean) leave nothing, so the result may be empty and callers need a fallback.
 */
export function slugify(text: string, maxLength = 48): string {
  const folded = text.normalize('NFKD').replace(/\p{Diacritic}/gu, '');
  const slug = folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;

  const cut = slug.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, maxLength)).replace(/-+$/, '');
}

/**
 * Makes a source id usable inside an item id: keeps letters, digits, `.`, `_` and `-`, and turns
 * every other run of characters into one `-`. Case is kept so `T001` stays `T001`.
 */
export function idPart(text: string): string {
  const cleaned = text
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'x' : cleaned;
}

/** Collapses runs of whitespace (newlines included) into single spaces and trims. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Shortens a title to at most `MAX_TITLE_LENGTH` characters at a word boundary and ends it with
 * an ellipsis. Returns the title unchanged when it already fits. Counts UTF-16 code units, as
 * Jira does for the summary limit, but never splits a surrogate pair.
 */
export function shortenTitle(title: string, limit = MAX_TITLE_LENGTH): string {
  if (title.length <= limit) return title;

  const room = limit - ELLIPSIS.length;
  let cut = title.slice(0, room + 1);
  const boundary = cut.search(/\s\S*$/);
  cut = boundary > room / 2 ? cut.slice(0, boundary) : cut.slice(0, room);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.–—-]+$/u, '')}${ELLIPSIS}`;
}

/** Joins Markdown sections with blank lines, skipping empty ones; undefined when all are empty. */
export function joinSections(...sections: Array<string | undefined>): string | undefined {
  const parts = sections.map((section) => section?.trim() ?? '').filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join('\n\n');
}

/** Markers AI agents leak into files they write (tool-call markup), which end the real content. */
const AGENT_JUNK = /<\/content>[ \t]*$|^<parameter name="/m;

/**
 * Finds leaked agent markup (such as a trailing `</content>` and `<parameter name="file_path">`)
 * and returns the 0-based index where it starts, or -1. Such markup marks the end of the file's
 * real content: everything from there on is junk.
 */
export function findAgentJunk(text: string): number {
  const match = AGENT_JUNK.exec(text);
  return match ? match.index : -1;
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
