/**
 * The description Projan sends for a plan item: its Markdown description followed by an
 * "Acceptance criteria" heading and a checklist (ADF task list) of the criteria.
 */
import { markdownToAdf } from './convert.ts';
import { assignLocalIds } from './ids.ts';
import { cleanInline } from './inline.ts';
import type { AdfDoc, AdfNode } from './types.ts';

/** What an item's description is built from. */
export interface ItemDescriptionInput {
  /** Markdown; may be empty. */
  description?: string;
  /** One criterion per entry, each inline Markdown (bold, code, links); blanks are skipped. */
  acceptanceCriteria?: readonly string[];
  /** Criteria already met, by index, shown as checked. */
  doneCriteria?: ReadonlySet<number>;
  /** Heading text; default `Acceptance criteria`. */
  heading?: string;
}

/**
 * Builds the ADF description. Returns undefined when there is neither a description nor a
 * criterion, so the caller can leave the field out. Task item ids are deterministic, so the
 * same input always gives the same JSON (a re-export sees no change).
 */
export function buildItemDescription(input: ItemDescriptionInput): AdfDoc | undefined {
  const body = markdownToAdf(input.description ?? '').content;
  const items = (input.acceptanceCriteria ?? []).flatMap((criterion, index): AdfNode[] => {
    const content = criterionInline(criterion);
    if (content.length === 0) return [];
    const state = input.doneCriteria?.has(index) ? 'DONE' : 'TODO';
    return [{ type: 'taskItem', attrs: { localId: '', state }, content }];
  });
  if (body.length === 0 && items.length === 0) return undefined;

  const criteria: AdfNode[] =
    items.length === 0
      ? []
      : [
          {
            type: 'heading',
            attrs: { level: 3 },
            content: [{ type: 'text', text: input.heading ?? 'Acceptance criteria' }],
          },
          { type: 'taskList', attrs: { localId: '' }, content: items },
        ];
  return assignLocalIds({ version: 1, type: 'doc', content: [...body, ...criteria] });
}

/** A criterion's inline content: its first block's text, other blocks joined by hard breaks. */
function criterionInline(criterion: string): AdfNode[] {
  const doc = markdownToAdf(criterion.trim());
  const inline: unknown[] = [];
  for (const block of doc.content) {
    if (inline.length > 0) inline.push({ type: 'hardBreak' });
    inline.push(...leafInline(block));
  }
  return cleanInline(inline);
}

function leafInline(node: AdfNode): AdfNode[] {
  if (node.type === 'text' || node.type === 'hardBreak') return [node];
  return (node.content ?? []).flatMap(leafInline);
}
