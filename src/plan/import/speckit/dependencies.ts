/**
 * Reading task dependencies out of spec-kit prose. spec-kit has no dependency field: people
 * write `T002→T003`, `do T030 then T040`, `(depends on T008, T013)`, `(depende de T004)`,
 * `T002, T003 en paralelo tras T001`, ranges `T019–T023` and `T001 ∥ T004` (parallel: no
 * edge). Only these explicit shapes are read; a prose line that names tasks in any other way is
 * reported, never guessed.
 */

/** One edge read from the text: `from` cannot start before `to` is done. */
export interface ProseEdge {
  from: string;
  to: string;
  line: number;
}

type Token =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'sep' }
  | { kind: 'forward' }
  | { kind: 'backward' }
  | { kind: 'parallel' }
  | { kind: 'word' }
  | { kind: 'stop' };

// TODO: The dependency words cover English and Spanish only; files in other languages need their
// words added here, and a spec-kit dependency syntax (if the template ever gets one) should win.

/** `A → B`, `A then B`, `A before B`: B depends on A. */
const FORWARD = ['→', '->', '⟶', '=>', 'then', 'luego', 'before', 'antes de'];
/** `A depends on B`, `A after B`, `A sigue a B`: A depends on B. */
const BACKWARD = [
  'depends on',
  'depend on',
  'depende de',
  'dependen de',
  'blocked by',
  'requires',
  'requiere',
  'after',
  'tras',
  'después de',
  'despues de',
  'una vez que',
  'once',
  'follows',
  'sigue a',
];
const PARALLEL = ['∥', '||', 'parallel', 'paralelo', 'en paralelo'];

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phrase = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => (/^\w/.test(word) ? `\\b${escapeRegExp(word)}\\b` : escapeRegExp(word)))
    .join('|');
const TOKEN = new RegExp(
  [
    '(T\\d{3,}(?:\\s*[–—-]\\s*T\\d{3,})?)',
    `(${phrase(FORWARD)})`,
    `(${phrase(BACKWARD)})`,
    `(${phrase(PARALLEL)})`,
    '([,&/+]|\\band\\b|\\by\\b|\\be\\b)',
    '([;:.()\\[\\]])',
    '([^\\s,&/+;:.()\\[\\]]+)',
  ].join('|'),
  'giu',
);
/** Filler words allowed between a list of ids and a following `after`/`depends on`. */
const MAX_FILLER = 6;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    if (match[1]) tokens.push({ kind: 'ids', ids: expandRange(match[1]) });
    else if (match[2]) tokens.push({ kind: 'forward' });
    else if (match[3]) tokens.push({ kind: 'backward' });
    else if (match[4]) tokens.push({ kind: 'parallel' });
    else if (match[5]) tokens.push({ kind: 'sep' });
    else if (match[6]) tokens.push({ kind: 'stop' });
    else tokens.push({ kind: 'word' });
  }
  return tokens;
}

/** `T019–T023` -> T019…T023 (at most 200 ids, so a typo cannot explode); `T004` -> [T004]. */
function expandRange(text: string): string[] {
  const range = /^T(\d+)\s*[–—-]\s*T(\d+)$/.exec(text);
  if (!range) return [text];
  const [, first = '', last = ''] = range;
  const from = Number(first);
  const to = Number(last);
  if (to < from || to - from > 200) return [`T${first}`, `T${last}`];
  const ids: string[] = [];
  for (let n = from; n <= to; n++) ids.push(`T${String(n).padStart(first.length, '0')}`);
  return ids;
}

/**
 * The ids of the single token at `index`. Arrows and `then` bind only their neighbours:
 * in `(T018→T019, T025→T026)` the comma separates two edges, not a list.
 */
function idsAt(tokens: Token[], index: number): string[] {
  const token = tokens[index];
  return token?.kind === 'ids' ? token.ids : [];
}

/**
 * The ids of the list that ends at `end` (inclusive), skipping up to `filler` words and one
 * parallel marker between it and `end` (`T002, T003 en paralelo tras T001`).
 */
function listBefore(tokens: Token[], end: number, filler: number): string[] {
  let i = end;
  let skipped = 0;
  while (i >= 0 && tokens[i]?.kind === 'word' && skipped < filler) {
    i--;
    skipped++;
  }
  if (tokens[i]?.kind === 'parallel') i--;
  while (i >= 0 && tokens[i]?.kind === 'word' && skipped < filler) {
    i--;
    skipped++;
  }
  const ids: string[] = [];
  while (i >= 0) {
    const token = tokens[i] as Token;
    if (token.kind === 'ids') ids.unshift(...token.ids);
    else if (token.kind !== 'sep') break;
    i--;
  }
  return ids;
}

function listAfter(tokens: Token[], start: number): string[] {
  const ids: string[] = [];
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'ids') ids.push(...token.ids);
    else if (token.kind !== 'sep') break;
  }
  return ids;
}

/** What `readDependencies` found in one piece of text. */
export interface ProseReading {
  edges: ProseEdge[];
  /** True when the text names tasks and says they run in parallel (so no edge is expected). */
  parallel: boolean;
  /** Every task id the text mentions. */
  mentioned: string[];
}

/**
 * Reads the dependency edges of one line. `subject` is the task whose own line this is: a
 * `depends on T004` without ids before it then applies to the subject.
 */
export function readDependencies(text: string, line: number, subject?: string): ProseReading {
  const edges: ProseEdge[] = [];
  let parallel = false;
  const mentioned: string[] = [];
  const add = (froms: string[], tos: string[]) => {
    for (const from of froms) for (const to of tos) edges.push({ from, to, line });
  };

  for (const clause of text.split(';')) {
    const tokens = tokenize(clause);
    tokens.forEach((token, i) => {
      if (token.kind === 'ids') mentioned.push(...token.ids);
      if (token.kind === 'parallel') parallel = true;
      if (token.kind === 'forward') add(idsAt(tokens, i + 1), idsAt(tokens, i - 1));
      if (token.kind === 'backward') {
        const before = listBefore(tokens, i - 1, MAX_FILLER);
        const froms = before.length > 0 ? before : subject === undefined ? [] : [subject];
        add(froms, listAfter(tokens, i + 1));
      }
    });
  }
  return { edges, parallel, mentioned };
}
