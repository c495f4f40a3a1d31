/**
 * Rewrites Markdown before marklassian sees it, for what marklassian loses or misreads:
 * - raw HTML: marklassian drops HTML blocks silently and reads `<adf>` blocks as raw ADF
 *   (throwing on bad JSON), so each HTML node becomes its visible text, escaped so it stays
 *   text (`<br>` becomes a space): people keep their words and nothing injects nodes (inline
 *   tags such as `<b>` lose their formatting);
 * - images: marklassian drops them inside list items, and Jira cannot show external media
 *   anyway, so each image becomes a link to its URL (its alt text, or the URL, as the label).
 * Positions come from mdast (micromark with GFM), which follows CommonMark like marked does.
 */
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

// TODO: The mdast pre-pass parses the Markdown a second time and is slow on large inputs (about a
// second for 40 KB); a pass over marked's own tokens would parse once.
type Edit = { start: number; end: number; text: string };

/** Returns `markdown` with HTML replaced by its text and images turned into links. */
export function prepareMarkdown(markdown: string): string {
  if (!markdown.includes('<') && !markdown.includes('![')) return markdown;
  const tree = fromMarkdown(markdown, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
  const edits: Edit[] = [];
  collect(tree, edits);

  let out = markdown;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}

function collect(node: Nodes, edits: Edit[]): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (node.type === 'html' && start !== undefined && end !== undefined) {
    const text = /^<br\s*\/?>$/i.test(node.value.trim()) ? ' ' : visibleText(node.value);
    edits.push({ start, end, text: escapeMarkdown(text) });
    return;
  }
  if ((node.type === 'image' || node.type === 'imageReference') && start !== undefined) {
    const url = node.type === 'image' ? node.url : '';
    if (node.alt || url === '' || /[\s<>]/.test(url)) {
      edits.push({ start, end: start + 1, text: '' });
    } else {
      // marklassian shows a link label raw, so the label is the URL minus link syntax, unescaped.
      const label = url.replace(/[[\]\\]/g, '');
      edits.push({ start, end: end ?? start, text: `[${label}](<${url}>)` });
    }
    return;
  }
  if ('children' in node) for (const child of node.children) collect(child, edits);
}

/** The text a browser would show, on one line (entities are left for the Markdown parser). */
function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<[^>]*>?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Backslash-escapes ASCII punctuation, which CommonMark then reads as literal characters. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~"'=:;,?/@^$%]/g, (c) => `\\${c}`);
}
