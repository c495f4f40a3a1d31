/**
 * Inline content for the clean-up pass: text and hard breaks only, with marks reduced to the
 * ones Jira renders, each once, and `code` combined with nothing but `link` (ADF rule).
 */
import type { AdfMark, AdfNode } from './types.ts';

const MARK_ORDER: readonly AdfMark['type'][] = [
  'link',
  'strong',
  'em',
  'strike',
  'underline',
  'code',
];

/** Loosely typed input: whatever marklassian (or an `<adf>` tag) produced. */
export type Loose = Record<string, unknown>;

/** True for `Loose` objects. */
export function isLoose(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `content` array of a node, or empty. */
export function children(node: Loose): unknown[] {
  return Array.isArray(node.content) ? node.content : [];
}

/** A link target Jira will render and that cannot run script: http(s) or mailto. */
export function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = href.trim();
  return /^(https?:\/\/|mailto:)\S+$/i.test(trimmed) ? trimmed : undefined;
}

/** Known marks, deduplicated, in a fixed order; `code` keeps only a `link` beside it. */
export function cleanMarks(marks: unknown, extra: AdfMark['type'][] = []): AdfMark[] {
  const byType = new Map<AdfMark['type'], AdfMark>();
  const list = Array.isArray(marks) ? marks : [];
  for (const m of [...list, ...extra.map((type) => ({ type }))]) {
    if (!isLoose(m) || typeof m.type !== 'string') continue;
    const type = m.type as AdfMark['type'];
    if (!MARK_ORDER.includes(type) || byType.has(type)) continue;
    if (type === 'link') {
      const href = safeHref(isLoose(m.attrs) ? m.attrs.href : undefined);
      if (href) byType.set('link', { type: 'link', attrs: { href } });
    } else {
      byType.set(type, { type });
    }
  }
  const kept = byType.has('code')
    ? MARK_ORDER.filter((t) => t === 'code' || t === 'link')
    : MARK_ORDER;
  return kept.flatMap((t) => {
    const mark = byType.get(t);
    return mark ? [mark] : [];
  });
}

/** A text node, or nothing for empty text. */
export function textNode(text: string, marks: AdfMark[] = []): AdfNode[] {
  if (text.length === 0) return [];
  return [marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text }];
}

/** An image or other media as link text: its alt text (or URL) linked to its URL. */
export function mediaAsText(node: Loose): AdfNode[] {
  const attrs = isLoose(node.attrs) ? node.attrs : {};
  const nested = children(node).find(isLoose);
  const nestedAttrs = nested && isLoose(nested.attrs) ? nested.attrs : {};
  const url = attrs.url ?? nestedAttrs.url;
  const alt = attrs.alt ?? nestedAttrs.alt;
  const href = safeHref(url);
  const label = typeof alt === 'string' && alt.trim() !== '' ? alt.trim() : (href ?? '');
  const marks: AdfMark[] = href ? [{ type: 'link', attrs: { href } }] : [];
  return textNode(label, marks);
}

/**
 * Cleans inline nodes: keeps text and hard breaks, turns media and inline cards into link text,
 * keeps the visible text of other inline nodes (mentions, emoji, dates), drops the rest, merges
 * neighbours with the same marks and trims hard breaks at both ends.
 */
export function cleanInline(
  nodes: readonly unknown[],
  extraMarks: AdfMark['type'][] = [],
): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    if (!isLoose(node)) continue;
    out.push(...inlineNode(node, extraMarks));
  }
  return tidy(out);
}

function inlineNode(node: Loose, extraMarks: AdfMark['type'][]): AdfNode[] {
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string'
        ? textNode(node.text, cleanMarks(node.marks, extraMarks))
        : [];
    case 'hardBreak':
      return [{ type: 'hardBreak' }];
    case 'media':
    case 'mediaSingle':
    case 'mediaInline':
    case 'image':
      return mediaAsText(node);
    case 'inlineCard': {
      const href = safeHref(isLoose(node.attrs) ? node.attrs.url : undefined);
      return href ? textNode(href, [{ type: 'link', attrs: { href } }]) : [];
    }
    default: {
      const attrs = isLoose(node.attrs) ? node.attrs : {};
      const text = [attrs.text, attrs.shortName, attrs.timestamp].find(
        (v) => typeof v === 'string',
      );
      if (typeof text === 'string') return textNode(text, cleanMarks([], extraMarks));
      return cleanInline(children(node), extraMarks);
    }
  }
}

function tidy(nodes: AdfNode[]): AdfNode[] {
  const merged: AdfNode[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (last?.type === 'text' && node.type === 'text' && sameMarks(last.marks, node.marks)) {
      merged[merged.length - 1] = { ...last, text: `${last.text ?? ''}${node.text ?? ''}` };
    } else {
      merged.push(node);
    }
  }
  while (merged[0]?.type === 'hardBreak') merged.shift();
  while (merged[merged.length - 1]?.type === 'hardBreak') merged.pop();
  return merged;
}

function sameMarks(a: AdfMark[] | undefined, b: AdfMark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
