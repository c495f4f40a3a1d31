/**
 * The clean-up pass after marklassian: rebuilds the document from the node types Projan emits,
 * so the result is always valid ADF whatever the Markdown (or an `<adf>` tag) held.
 * - `listItem` holds paragraph, lists and codeBlock only (Atlassian's listItem node page), and
 *   starts with a paragraph or codeBlock; headings become bold paragraphs, quotes are unwrapped,
 *   tables become one paragraph per row, task lists become bullet lists with `[ ]` / `[x]`.
 * - `blockquote` holds paragraph, lists and codeBlock: same treatment.
 * - `taskItem` holds inline content only: nested task lists move after it, other blocks are
 *   flattened into its text.
 * - images (`mediaSingle` with external media) become their alt text linked to the URL.
 * - empty paragraphs, headings, code blocks, items, lists, quotes and tables are dropped;
 *   an empty table cell holds one empty paragraph.
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */
import { assignLocalIds } from './ids.ts';
import { children, cleanInline, isLoose, type Loose, mediaAsText, textNode } from './inline.ts';
import type { AdfDoc, AdfNode } from './types.ts';

type Ctx = 'doc' | 'listItem' | 'blockquote' | 'cell';

const INLINE = new Set(['text', 'hardBreak', 'mention', 'emoji', 'date', 'status', 'inlineCard']);
const PLACEHOLDER: AdfNode = { type: 'paragraph', content: [{ type: 'text', text: ' ' }] };

/** Returns a valid document built from any ADF-like input. */
export function normalizeAdf(input: unknown): AdfDoc {
  const content = isLoose(input) ? blocks(children(input), 'doc') : [];
  return assignLocalIds({ version: 1, type: 'doc', content });
}

function blocks(nodes: readonly unknown[], ctx: Ctx): AdfNode[] {
  const out: AdfNode[] = [];
  let inline: unknown[] = [];
  const flush = () => {
    out.push(...paragraph(inline));
    inline = [];
  };
  for (const node of nodes) {
    if (!isLoose(node)) continue;
    if (typeof node.type === 'string' && INLINE.has(node.type)) {
      inline.push(node);
      continue;
    }
    flush();
    out.push(...block(node, ctx));
  }
  flush();
  return out;
}

function paragraph(inline: readonly unknown[]): AdfNode[] {
  const content = cleanInline(inline);
  return content.length > 0 ? [{ type: 'paragraph', content }] : [];
}

function block(node: Loose, ctx: Ctx): AdfNode[] {
  switch (node.type) {
    case 'paragraph':
      return paragraph(children(node));
    case 'heading':
      return heading(node, ctx);
    case 'bulletList':
    case 'orderedList':
      return list(node);
    case 'codeBlock':
      return codeBlock(node);
    case 'blockquote':
      return blockquote(node, ctx);
    case 'rule':
      return ctx === 'doc' || ctx === 'cell' ? [{ type: 'rule' }] : [];
    case 'table':
      return ctx === 'doc' ? table(node) : tableAsParagraphs(node);
    case 'taskList':
      return ctx === 'doc' ? taskList(node) : list(taskListAsBullets(node));
    case 'mediaSingle':
    case 'mediaGroup':
    case 'media':
      return paragraph(children(node).length > 0 ? children(node).flatMap(mediaOf) : [node]);
    default:
      // Unknown containers (panel, expand, doc, listItem out of place) give up their content.
      return blocks(children(node), ctx);
  }
}

function mediaOf(node: unknown): AdfNode[] {
  return isLoose(node) ? mediaAsText(node) : [];
}

function heading(node: Loose, ctx: Ctx): AdfNode[] {
  if (ctx === 'doc' || ctx === 'cell') {
    const content = cleanInline(children(node));
    const raw = isLoose(node.attrs) ? Number(node.attrs.level) : 1;
    const level = Number.isInteger(raw) ? Math.min(6, Math.max(1, raw)) : 1;
    return content.length > 0 ? [{ type: 'heading', attrs: { level }, content }] : [];
  }
  const content = cleanInline(children(node), ['strong']);
  return content.length > 0 ? [{ type: 'paragraph', content }] : [];
}

function list(node: Loose): AdfNode[] {
  const items = children(node).flatMap((item) => (isLoose(item) ? listItem(item) : []));
  if (items.length === 0) return [];
  if (node.type !== 'orderedList') return [{ type: 'bulletList', content: items }];
  const raw = isLoose(node.attrs) ? Number(node.attrs.order) : 1;
  const order = Number.isInteger(raw) && raw >= 0 ? raw : 1;
  return [{ type: 'orderedList', attrs: { order }, content: items }];
}

function listItem(item: Loose): AdfNode[] {
  const source = item.type === 'listItem' ? children(item) : [item];
  const content = blocks(source, 'listItem');
  if (content.length === 0) return [];
  const first = content[0]?.type;
  if (first !== 'paragraph' && first !== 'codeBlock') content.unshift(structuredClone(PLACEHOLDER));
  return [{ type: 'listItem', content }];
}

function codeBlock(node: Loose): AdfNode[] {
  const text = children(node)
    .map((c) => (isLoose(c) && typeof c.text === 'string' ? c.text : ''))
    .join('');
  if (text.trim() === '') return [];
  const lang = isLoose(node.attrs) ? node.attrs.language : undefined;
  const language = typeof lang === 'string' && /^[\w+#.-]{1,40}$/.test(lang) ? lang : undefined;
  return [
    {
      type: 'codeBlock',
      ...(language ? { attrs: { language } } : {}),
      content: [{ type: 'text', text }],
    },
  ];
}

function blockquote(node: Loose, ctx: Ctx): AdfNode[] {
  if (ctx === 'listItem' || ctx === 'blockquote') return blocks(children(node), ctx);
  const content = blocks(children(node), 'blockquote');
  return content.length > 0 ? [{ type: 'blockquote', content }] : [];
}

function table(node: Loose): AdfNode[] {
  const rows = children(node).flatMap((row): AdfNode[] => {
    if (!isLoose(row)) return [];
    const cells = children(row).flatMap((cell): AdfNode[] => {
      if (!isLoose(cell)) return [];
      const type = cell.type === 'tableHeader' ? 'tableHeader' : 'tableCell';
      const content = blocks(cell.type === type ? children(cell) : [cell], 'cell');
      return [
        { type, content: content.length > 0 ? content : [{ type: 'paragraph', content: [] }] },
      ];
    });
    return cells.length > 0 ? [{ type: 'tableRow', content: cells }] : [];
  });
  return rows.length > 0 ? [{ type: 'table', content: rows }] : [];
}

/** A table where none may stand: one paragraph per row, cells separated by ` | `. */
function tableAsParagraphs(node: Loose): AdfNode[] {
  return children(node).flatMap((row): AdfNode[] => {
    if (!isLoose(row)) return [];
    const parts = children(row).map((cell) => {
      const header = isLoose(cell) && cell.type === 'tableHeader';
      return cleanInline(
        flattenToInline(isLoose(cell) ? children(cell) : []),
        header ? ['strong'] : [],
      );
    });
    const content = parts
      .filter((p) => p.length > 0)
      .flatMap((p, i) => (i === 0 ? p : [...textNode(' | '), ...p]));
    return paragraph(content);
  });
}

function taskListAsBullets(node: Loose): Loose {
  const items = children(node).flatMap((item): Loose[] => {
    if (!isLoose(item)) return [];
    if (item.type === 'taskList') return children(taskListAsBullets(item)).filter(isLoose);
    const done = isLoose(item.attrs) && item.attrs.state === 'DONE';
    const mark = { type: 'text', text: done ? '[x] ' : '[ ] ' };
    return [
      {
        type: 'listItem',
        content: [{ type: 'paragraph', content: [mark, ...flattenToInline(children(item))] }],
      },
    ];
  });
  return { type: 'bulletList', content: items };
}

function taskList(node: Loose): AdfNode[] {
  const content: AdfNode[] = [];
  for (const child of children(node)) {
    if (!isLoose(child)) continue;
    if (child.type === 'taskList') {
      content.push(...taskList(child));
      continue;
    }
    const inline = children(child).filter((c) => !(isLoose(c) && c.type === 'taskList'));
    const nested = children(child).filter((c): c is Loose => isLoose(c) && c.type === 'taskList');
    const text = cleanInline(flattenToInline(inline));
    const state = isLoose(child.attrs) && child.attrs.state === 'DONE' ? 'DONE' : 'TODO';
    if (text.length > 0)
      content.push({ type: 'taskItem', attrs: { localId: '', state }, content: text });
    content.push(...nested.flatMap(taskList));
  }
  while (content[0]?.type === 'taskList') content.splice(0, 1, ...(content[0].content ?? []));
  return content.length > 0 ? [{ type: 'taskList', attrs: { localId: '' }, content }] : [];
}

/**
 * Inline content from any nodes: blocks are separated by hard breaks, list items get a bullet,
 * code keeps its `code` mark line by line.
 */
export function flattenToInline(nodes: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    if (!isLoose(node)) continue;
    if (typeof node.type === 'string' && INLINE.has(node.type)) {
      out.push(node);
      continue;
    }
    const parts = blockToInline(node);
    if (parts.length === 0) continue;
    if (out.length > 0) out.push({ type: 'hardBreak' });
    out.push(...parts);
  }
  return out;
}

function blockToInline(node: Loose): unknown[] {
  switch (node.type) {
    case 'codeBlock':
      return children(node).flatMap((c) => {
        if (!isLoose(c) || typeof c.text !== 'string') return [];
        return c.text
          .split('\n')
          .flatMap((line, i) => [
            ...(i > 0 ? [{ type: 'hardBreak' }] : []),
            ...textNode(line, [{ type: 'code' }]),
          ]);
      });
    case 'listItem':
    case 'taskItem':
      return [{ type: 'text', text: '• ' }, ...flattenToInline(children(node))];
    case 'media':
    case 'mediaSingle':
      return mediaAsText(node);
    default:
      return flattenToInline(children(node));
  }
}
