import type { Heading, List, ListItem, Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { ItemStatus } from '../../model.ts';
import type { DiagnosticList } from '../draft.ts';
import { joinSections, oneLine } from '../text.ts';

/** One entry of a Markdown outline: a heading or a list item, before ids and types. */
export interface OutlineNode {
  title: string;
  line: number;
  status: ItemStatus | undefined;
  /** Markdown: paragraphs under a heading, extra blocks and notes of a list item. */
  description: string | undefined;
  children: OutlineNode[];
}

/** A Markdown file read as an outline. */
export interface Outline {
  /** The text of the file's single level-1 heading when it opens the file. */
  title: string | undefined;
  description: string | undefined;
  nodes: OutlineNode[];
}

/** `[~]`, `[-]`, `[/]` (partly done) and `[DONE]`, which GFM does not read as task-list items. */
const LOOSE_CHECKBOX = /^\[(~|-|\/|done|DONE|Done)\][ \t]+/;

/**
 * Inline syntax the outline never looks at (titles and descriptions are source slices). Left on,
 * emphasis and link resolution take minutes on garbled text (50,000 `*a` pairs); only block
 * structure and the task-list checkbox are parsed.
 */
const INLINE_CONSTRUCTS = [
  'attention',
  'autolink',
  'codeText',
  'htmlText',
  'labelStartImage',
  'labelStartLink',
  'labelEnd',
  'strikethrough',
  'wwwAutolink',
  'protocolAutolink',
  'emailAutolink',
  'table',
  'gfmFootnoteDefinition',
  'gfmFootnoteCall',
  'gfmPotentialFootnoteCall',
];

interface Frame {
  depth: number;
  node: OutlineNode | undefined;
  children: OutlineNode[];
  blocks: string[];
}

/**
 * Reads headings and lists into a tree, using the GFM parser so nesting follows CommonMark
 * (tabs, 2- or 4-space indents, `-`/`*`/`+`/numbered bullets, lists split by blank lines).
 * Headings nest by level; lists attach to the heading above them; a checkbox sets the status;
 * a plain bullet under a checkbox item is a note and joins that item's description.
 */
export function readOutline(text: string, diagnostics: DiagnosticList): Outline {
  const tree: Root = fromMarkdown(text, {
    extensions: [gfm(), { disable: { null: INLINE_CONSTRUCTS } }],
    mdastExtensions: [gfmFromMarkdown()],
  });
  const first = tree.children[0];
  const h1Count = tree.children.filter((n) => n.type === 'heading' && n.depth === 1).length;
  const titled = first?.type === 'heading' && first.depth === 1 && h1Count === 1;
  const root: Frame = { depth: 0, node: undefined, children: [], blocks: [] };
  const stack: Frame[] = [root];
  for (const [index, block] of tree.children.entries()) {
    if (titled && index === 0) continue;
    if (block.type === 'heading') {
      const node = headingNode(block, text);
      while ((stack[stack.length - 1] as Frame).depth >= block.depth) closeFrame(stack.pop());
      (stack[stack.length - 1] as Frame).children.push(node);
      stack.push({ depth: block.depth, node, children: node.children, blocks: [] });
      continue;
    }
    const frame = stack[stack.length - 1] as Frame;
    if (block.type === 'list') frame.children.push(...listNodes(block, text, diagnostics));
    else if (block.type !== 'definition') frame.blocks.push(sourceOf(block, text));
  }
  while (stack.length > 1) closeFrame(stack.pop());

  const heading = titled && first?.type === 'heading' ? headingNode(first, text) : undefined;
  return {
    title: heading?.title || undefined,
    description: joinSections(...root.blocks),
    nodes: root.children,
  };
}

function closeFrame(frame: Frame | undefined): void {
  if (frame?.node === undefined) return;
  frame.node.description = joinSections(frame.node.description, ...frame.blocks);
}

function headingNode(heading: Heading, text: string): OutlineNode {
  const first = heading.children[0];
  const last = heading.children[heading.children.length - 1];
  const title =
    first && last
      ? text.slice(first.position?.start.offset ?? 0, last.position?.end.offset ?? 0)
      : '';
  return {
    title: oneLine(title),
    line: heading.position?.start.line ?? 1,
    status: undefined,
    description: undefined,
    children: [],
  };
}

function listNodes(list: List, text: string, diagnostics: DiagnosticList): OutlineNode[] {
  const nodes: OutlineNode[] = [];
  for (const item of list.children) {
    const node = listItemNode(item, text, diagnostics);
    if (node) nodes.push(node);
  }
  return nodes;
}

function listItemNode(
  item: ListItem,
  text: string,
  diagnostics: DiagnosticList,
): OutlineNode | undefined {
  const [first, ...rest] = item.children;
  let title = first?.type === 'paragraph' ? oneLine(sourceOf(first, text)) : '';
  const blocks = first?.type === 'paragraph' ? rest : item.children;
  // GFM needs text after a checkbox; a bare `- [ ]` is an empty task, not one titled "[ ]".
  if (/^\[[ xX]\]$/.test(title)) title = '';
  let status = checkboxStatus(item.checked);
  // The GFM parser leaves `[x] ` in the paragraph's span when the text opens with inline code.
  if (status !== undefined) title = title.replace(/^\[[ xX]\][ \t]*/, '');
  const loose = status === undefined ? LOOSE_CHECKBOX.exec(title) : null;
  if (loose) {
    status = /done/i.test(loose[1] as string) ? 'done' : 'in_progress';
    title = title.slice(loose[0].length);
  }
  const hasBox = status !== undefined;

  const children: OutlineNode[] = [];
  const extra: string[] = [];
  const notes: string[] = [];
  for (const block of blocks) {
    if (block.type !== 'list') {
      extra.push(indentedSource(block, text));
      continue;
    }
    for (const child of block.children) {
      if (hasBox && !isChecklistItem(child, text)) {
        notes.push(indentedSource(child, text));
        continue;
      }
      const node = listItemNode(child, text, diagnostics);
      if (node) children.push(node);
    }
  }

  const line = item.position?.start.line ?? 1;
  if (title === '' && children.length === 0 && extra.length === 0 && notes.length === 0) {
    diagnostics.warn('empty-item', `The list item at line ${line} is empty and was skipped.`, {
      line,
    });
    return undefined;
  }
  return {
    title,
    line,
    status,
    description: joinSections(...extra, notes.join('\n')),
    children,
  };
}

function checkboxStatus(checked: boolean | null | undefined): ItemStatus | undefined {
  if (checked === true) return 'done';
  if (checked === false) return 'todo';
  return undefined;
}

function isChecklistItem(item: ListItem, text: string): boolean {
  if (item.checked === true || item.checked === false) return true;
  const first = item.children[0];
  return first?.type === 'paragraph' && LOOSE_CHECKBOX.test(sourceOf(first, text).trimStart());
}

function sourceOf(node: Nodes, text: string): string {
  return text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
}

/** A node's source with the indentation of its first line removed from the following lines. */
function indentedSource(node: Nodes, text: string): string {
  const indent = (node.position?.start.column ?? 1) - 1;
  const strip = new RegExp(`^[ \\t]{0,${indent}}`);
  return sourceOf(node, text)
    .split('\n')
    .map((line, index) => (index === 0 ? line : line.replace(strip, '')))
    .join('\n');
}
