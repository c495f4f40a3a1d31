/**
 * Markdown to ADF: marklassian 1.2.1 for the parsing, then `prepareMarkdown` before and
 * `normalizeAdf` after, so the output is always valid ADF and deterministic.
 */
import { markdownToAdf as marklassian } from 'marklassian';
import { normalizeAdf } from './normalize.ts';
import { prepareMarkdown } from './prepare.ts';
import type { AdfDoc } from './types.ts';

/**
 * Converts Markdown (CommonMark + GFM) to a valid ADF document. Raw HTML keeps only its text;
 * images become links; empty input gives a document with no content. Never throws for any
 * string input.
 */
export function markdownToAdf(markdown: string): AdfDoc {
  const source = markdown.replace(/\r\n?/g, '\n');
  return normalizeAdf(parse(prepareMarkdown(source)));
}

function parse(markdown: string): unknown {
  try {
    return marklassian(markdown);
  } catch {
    // marklassian throws on an `<adf>` tag holding bad JSON when the HTML pass missed it.
    return marklassian(markdown.replaceAll('<', '&lt;'));
  }
}
