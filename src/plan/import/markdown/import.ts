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

  const used = new Set<string>();
  const items: DraftItem[] = [];
  for (const node of outline.nodes) items.push(toDraft(node, undefined, items, used, diagnostics));
  const title = outline.title ?? fileStem(options.fileName) ?? 'Imported plan';
  return {
    id: slugify(title) || slugify(fileStem(options.fileName) ?? '') || 'markdown-plan',
    title,
    ...(outline.description === undefined ? {} : { description: outline.description }),
    items,
  };
}

function toDraft(
  node: OutlineNode,
  parent: DraftItem | undefined,
  siblings: readonly DraftItem[],
  used: Set<string>,
  diagnostics: DiagnosticList,
): DraftItem {
  const id = uniqueId(node, parent, siblings, used, diagnostics);
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
  for (const child of node.children) {
    item.children.push(toDraft(child, item, item.children, used, diagnostics));
  }
  const status = node.status ?? statusFromChildren(item.children);
  if (status !== undefined) item.status = status;
  return item;
}

function uniqueId(
  node: OutlineNode,
  parent: DraftItem | undefined,
  siblings: readonly DraftItem[],
  used: Set<string>,
  diagnostics: DiagnosticList,
): string {
  const base =
    slugify(node.title) ||
    `item-${createHash('sha256').update(node.title).digest('hex').slice(0, 8)}`;
  const scoped = parent ? `${parent.id}--${base}` : base;
  let id = [base, scoped].find((candidate) => !used.has(candidate));
  if (id === undefined) {
    let n = 2;
    while (used.has(`${scoped}-${n}`)) n++;
    id = `${scoped}-${n}`;
  }
  used.add(id);

  const twin = siblings.find((sibling) => sibling.title === node.title);
  if (twin) {
    diagnostics.warn(
      'duplicate-item',
      `"${node.title}" appears twice under the same parent (lines ${twin.line} and ${node.line}); both were kept, this one as ${id}. Delete or merge one if they are the same task.`,
      { line: node.line, itemId: id },
    );
  }
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
  let listLines = 0;
  for (const [index, line] of lines.entries()) {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const columns = indent.length + 3 * (indent.split('\t').length - 1);
    const markers = (MARKERS.exec(line)?.[0].match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length;
    if (markers > 0) listLines++;
    if (listLines > MAX_ITEMS) {
      diagnostics.error(
        'too-many-items',
        `The file holds more than ${MAX_ITEMS.toLocaleString('en')} list items (line ${index + 1} is one too many); split the plan into several files.`,
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
