/**
 * Size of a rich-text value against Jira's 32,767-character limit for description and other
 * multi-line fields (JRASERVER-64351; facts §3). Jira Cloud stores the ADF document as JSON and
 * the limit is reported against that stored value, so Projan measures the serialized JSON: it is
 * never shorter than the visible text, so a document that passes here is accepted whichever of
 * the two Jira counts.
 */
import type { AdfDoc } from './types.ts';

/** Jira's limit for description and other multi-line text fields. */
export const ADF_TEXT_LIMIT = 32_767;

/** Length of `JSON.stringify(doc)` in UTF-16 code units (how Java counts string length). */
export function adfLength(doc: AdfDoc): number {
  return JSON.stringify(doc).length;
}

/** True when `doc` fits the limit. */
export function fitsTextLimit(doc: AdfDoc, limit = ADF_TEXT_LIMIT): boolean {
  return adfLength(doc) <= limit;
}
