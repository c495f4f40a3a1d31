/**
 * A small Markdown reader for plan descriptions: paragraphs, bullet and numbered lists, bold,
 * italics and inline code, built as React elements. Nothing is ever parsed as HTML, so plan text
 * cannot inject markup; anything it does not understand is shown as the text it is.
 */
import type { ReactNode } from 'react';

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; items: string[] };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;

function blocks(text: string): Block[] {
  const result: Block[] = [];
  for (const line of text.split(/\r?\n/)) {
    const last = result.at(-1);
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      const item = (bullet ?? numbered)?.[1] ?? '';
      if (last && last.kind === kind) last.items.push(item);
      else result.push({ kind, items: [item] });
    } else if (line.trim() === '') {
      result.push({ kind: 'p', lines: [] });
    } else if (last && last.kind === 'p') {
      last.lines.push(line.trim());
    } else {
      result.push({ kind: 'p', lines: [line.trim()] });
    }
  }
  return result.filter((b) => b.kind !== 'p' || b.lines.length > 0);
}

function inline(text: string): ReactNode[] {
  return text.split(INLINE).map((part, index) => {
    const key = `${index}:${part}`;
    if (index % 2 === 0) return part;
    if (part.startsWith('**')) return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`')) return <code key={key}>{part.slice(1, -1)}</code>;
    return <em key={key}>{part.slice(1, -1)}</em>;
  });
}

/** Renders `text` as Markdown-ish blocks. */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      {blocks(text).map((block, index) => {
        const key = `${block.kind}-${index}`;
        if (block.kind === 'p') return <p key={key}>{inline(block.lines.join(' '))}</p>;
        const items = block.items.map((item, n) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a description's list never reorders, and items may repeat.
          <li key={`${n}:${item}`}>{inline(item)}</li>
        ));
        return block.kind === 'ul' ? <ul key={key}>{items}</ul> : <ol key={key}>{items}</ol>;
      })}
    </div>
  );
}
