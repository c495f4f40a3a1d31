import { createHash } from 'node:crypto';
import { MAX_ITEMS } from '../../limits.ts';
import type { ImportOptions } from '../contract.ts';
import {
  childType,
  type DiagnosticList,
  type DraftItem,
  type DraftPlan,
  statusFromChildren,
} from '../draft.ts';
import { fileStem } from '../taskmaster/import.ts';
import { findAgentJunk, lineOf, slugify } from '../text.ts';
import { type OutlineNode, readOutline } from './outline.ts';

/**
 * Converts a Markdown outline or checklist. A single level-1 heading that opens the file names
 * the plan; other headings and list items become items, typed by depth: top level an epic (a
 * task when it has nothing under it), below it as `childType` says (story, task, sub-task).
 * Markdown has no ids: each item's id is the slug of its title (prefixed with its parent's when
 * titles repeat, or a hash of the title when it has no Latin letters), so a re-import of the
 * same file yields the same ids. There is no dependency syntax.
 */
export function importMarkdown(
  text: string,
  options: ImportOptions,
  diagnostics: DiagnosticList,
): DraftPlan | undefined {
  // TODO: Dependency lines such as `**Depends on**: Phase 2` (GSD-style roadmaps) stay text in
  // the description; reading them needs matching the names to item titles, warning when none fits.
  const body = withoutFrontMatter(withoutJunk(text, diagnostics));
  if (!nestingIsSane(body, diagnostics)) return undefined;
  const outline = readOutline(body, diagnostics);
  if (outline.nodes.length === 0) {
    diagnostics.error(
      'no-items',
      'No headings or list items were found, so there is nothing to import. Write the plan as headings and bullets (- [ ] for open tasks).',
    );
    return undefined;
  }

  const ids: Ids = { used: new Set(), next: new Map(), diagnostics };
  const titles = new Map<string, number>();
  const items = outline.nodes.map((node) => toDraft(node, undefined, titles, ids));
  const title = outline.title ?? fileStem(options.fileName) ?? 'Imported plan';
  return {
    id: planId(outline.title, fileStem(options.fileName)),
    title,
    ...(outline.description === undefined ? {} : { description: outline.description }),
    items,
  };
}

/**
 * The plan's id, stable across re-imports of the same file. Titles like "Roadmap" or "TODO" are
 * shared by many files, so the file name takes part when it says something the title does not
 * (`NOTES.md` titled "Roadmap" -> `notes-roadmap`; `ROADMAP.md` titled "Roadmap" -> `roadmap`).
 */
function planId(title: string | undefined, stem: string | undefined): string {
  const fromTitle = slugify(title ?? '');
  const fromStem = slugify(stem ?? '');
  if (!fromTitle) return fromStem || 'markdown-plan';
  if (!fromStem || fromStem.includes(fromTitle)) return fromStem || fromTitle;
  if (fromTitle.includes(fromStem)) return fromTitle;
  return slugify(`${fromStem}-${fromTitle}`) || fromTitle;
}

/** Ids handed out so far, and the next free suffix of each repeated one. */
interface Ids {
  used: Set<string>;
  next: Map<string, number>;
  diagnostics: DiagnosticList;
}

function toDraft(
  node: OutlineNode,
  parent: DraftItem | undefined,
  siblingTitles: Map<string, number>,
  ids: Ids,
): DraftItem {
  const id = uniqueId(node, parent, ids);
  const twin = siblingTitles.get(node.title);
  if (twin === undefined) siblingTitles.set(node.title, node.line);
  else {
    ids.diagnostics.warn(
      'duplicate-item',
      `"${node.title}" appears twice under the same parent (lines ${twin} and ${node.line}); both were kept, this one as ${id}. Delete or merge one if they are the same task.`,
      { line: node.line, itemId: id },
    );
  }

  const item: DraftItem = {
    id,
    sourceId: id,
    line: node.line,
    type: parent
      ? childType(parent.type, node.children.length > 0)
      : node.children.length > 0
        ? 'epic'
        : 'task',
    title: node.title,
    ...(node.description === undefined ? {} : { description: node.description }),
    dependsOn: [],
    children: [],
  };
  const childTitles = new Map<string, number>();
  item.children = node.children.map((child) => toDraft(child, item, childTitles, ids));
  const status = node.status ?? statusFromChildren(item.children);
  if (status !== undefined) item.status = status;
  return item;
}

function uniqueId(node: OutlineNode, parent: DraftItem | undefined, ids: Ids): string {
  const base =
    slugify(node.title) ||
    `item-${createHash('sha256').update(node.title).digest('hex').slice(0, 8)}`;
  const scoped = parent ? `${parent.id}--${base}` : base;
  let id = [base, scoped].find((candidate) => !ids.used.has(candidate));
  for (let n = ids.next.get(scoped) ?? 2; id === undefined; n++) {
    if (!ids.used.has(`${scoped}-${n}`)) {
      id = `${scoped}-${n}`;
      ids.next.set(scoped, n + 1);
    }
  }
  ids.used.add(id);
  return id;
}

function withoutJunk(text: string, diagnostics: DiagnosticList): string {
  const junk = findAgentJunk(text);
  if (junk < 0) return text;
  const line = lineOf(text, junk);
  diagnostics.warn(
    'trailing-junk',
    `Tool-call markup leaked into the file at line ${line} (such as "</content>"); it and everything after it were ignored.`,
    { line },
  );
  return text.slice(0, junk);
}

/** Blanks a leading `---` front matter block, keeping line numbers. */
function withoutFrontMatter(text: string): string {
  const lines = text.split('\n');
  if ((lines[0] ?? '').trim() !== '---') return text;
  const end = lines.findIndex((line, index) => index > 0 && index < 40 && line.trim() === '---');
  if (end < 0) return text;
  return lines.map((line, index) => (index <= end ? '' : line)).join('\n');
}

/** Indentation beyond this many columns is no outline a person wrote (6 levels need ~24). */
const MAX_INDENT = 48;
/**
 * The parser keeps several objects per line (5 MB of blank lines exhaust the heap) and slows down
 * faster than linearly on long paragraphs (99,000 lines take over a minute).
 */
// TODO: The Markdown parser slows down faster than linearly on long paragraphs and tables; a
// parser that only reads block structure line by line would lift this 20,000-line limit.
const MAX_LINES = 20_000;
/** Quote and list markers opening one line (`> > - - x`); an outline needs a handful. */
const MAX_MARKERS = 16;
const MARKERS = /^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+/;

/**
 * Refuses text the Markdown parser would take minutes over, before it sees it: its time grows
 * with nesting depth and with the number of list items (about a millisecond per nested item on
 * a busy machine), so absurd indentation, marker runs or more list items than a plan may hold
 * (10,000) are errors rather than a hung import.
 */
function nestingIsSane(text: string, diagnostics: DiagnosticList): boolean {
  const lines = text.split('\n');
  if (lines.length > MAX_LINES) {
    diagnostics.error(
      'too-large',
      `The file has ${lines.length.toLocaleString('en')} lines, more than the ${MAX_LINES.toLocaleString('en')} a Markdown plan may have; split it into several files.`,
    );
    return false;
  }
  let listLines = 0;
  for (const [index, line] of lines.entries()) {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const columns = indent.length + 3 * (indent.split('\t').length - 1);
    const markers = (MARKERS.exec(line)?.[0].match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length;
    if (markers > 0 || /^#{1,6}(?:[ \t]|$)/.test(line)) listLines++;
    if (listLines > MAX_ITEMS) {
      diagnostics.error(
        'too-many-items',
        `The file holds more than ${MAX_ITEMS.toLocaleString('en')} headings and list items (line ${index + 1} is one too many); split the plan into several files.`,
        { line: index + 1 },
      );
      return false;
    }
    if (columns <= MAX_INDENT && markers <= MAX_MARKERS) continue;
    diagnostics.error(
      'too-deep',
      `Line ${index + 1} is nested far deeper than an outline can be (${columns > MAX_INDENT ? `${columns} columns of indentation` : `${markers} quote or list markers`}); a plan nests at most 6 levels. Flatten the outline.`,
      { line: index + 1 },
    );
    return false;
  }
  return true;
}
