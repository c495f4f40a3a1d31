/**
 * Raw HTML in Markdown. marklassian drops HTML blocks silently and reads `<adf>` blocks as raw
 * ADF (throwing on bad JSON), so before conversion every HTML node is replaced by its visible
 * text, escaped so it stays plain text: people keep their words, and nothing injects nodes.
 * Positions come from mdast (micromark with GFM), which follows CommonMark like marked does.
 */
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/** Returns `markdown` with each HTML block or inline tag replaced by its escaped text. */
export function replaceHtml(markdown: string): string {
  if (!markdown.includes('<')) return markdown;
  const tree = fromMarkdown(markdown, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
  const ranges: Array<{ start: number; end: number; text: string }> = [];
  collect(tree, ranges);
  if (ranges.length === 0) return markdown;

  let out = markdown;
  for (const r of ranges.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, r.start) + r.text + out.slice(r.end);
  }
  return out;
}

function collect(node: Nodes, ranges: Array<{ start: number; end: number; text: string }>): void {
  if (node.type === 'html') {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start !== undefined && end !== undefined) {
      ranges.push({ start, end, text: escapeMarkdown(visibleText(node.value)) });
    }
    return;
  }
  if ('children' in node) for (const child of node.children) collect(child, ranges);
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
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~"'=:;,?/@^$%&]/g, (c) => (c === '&' ? c : `\\${c}`));
}
