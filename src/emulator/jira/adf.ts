/**
 * Atlassian Document Format checks and rendering for the emulator.
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */

/** Message Jira gives when a v3 rich-text field receives something other than an ADF doc. */
export const NOT_ADF =
  'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

/** Jira's generic refusal of ADF it cannot store (unknown nodes, broken structure). */
export const UNSUPPORTED_CONTENT =
  "We can't create this issue for you right now, it could be due to unsupported content you've entered into one or more of the issue fields. If this situation persists, contact your administrator as they'll be able to access more specific information in the log file.";

/** Jira's limit for description and other multi-line text fields (JRASERVER-64351). */
export const TEXT_LIMIT = 32767;

const NODE_TYPES = new Set([
  'paragraph',
  'text',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'blockquote',
  'rule',
  'hardBreak',
  'panel',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'taskList',
  'taskItem',
  'inlineCard',
  'blockCard',
  'mention',
  'emoji',
  'date',
  'status',
  'expand',
  'nestedExpand',
  'mediaSingle',
  'mediaGroup',
  'media',
]);

const MARK_TYPES = new Set([
  'strong',
  'em',
  'code',
  'strike',
  'underline',
  'link',
  'textColor',
  'subsup',
  'backgroundColor',
]);

/** Result of checking a rich-text value: `ok`, not a doc at all, or a doc Jira cannot store. */
export type AdfCheck = 'ok' | 'not-adf' | 'unsupported' | 'too-long';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a value sent to a v3 rich-text field (description, environment, textarea customs). */
export function checkAdf(value: unknown): AdfCheck {
  if (!isRecord(value) || value.type !== 'doc' || !Array.isArray(value.content)) return 'not-adf';
  if (value.version !== 1) return 'not-adf';
  if (!value.content.every(validNode)) return 'unsupported';
  return adfToText(value).length > TEXT_LIMIT ? 'too-long' : 'ok';
}

function validNode(node: unknown): boolean {
  if (!isRecord(node) || typeof node.type !== 'string' || !NODE_TYPES.has(node.type)) return false;
  if (node.type === 'text' && (typeof node.text !== 'string' || node.text.length === 0))
    return false;
  if (node.marks !== undefined) {
    if (!Array.isArray(node.marks)) return false;
    if (!node.marks.every((m) => isRecord(m) && MARK_TYPES.has(String(m.type)))) return false;
  }
  if (node.content === undefined) return true;
  return Array.isArray(node.content) && node.content.every(validNode);
}

/** Builds a doc with one paragraph per line of plain text. */
export function textToAdf(text: string): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({
      type: 'paragraph',
      content: line ? [{ type: 'text', text: line }] : [],
    })),
  };
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'taskItem']);

/** Plain text of a doc: text nodes joined, block nodes separated by newlines. */
export function adfToText(node: unknown): string {
  if (!isRecord(node)) return '';
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'hardBreak') return '\n';
  const inner = Array.isArray(node.content) ? node.content.map(adfToText).join('') : '';
  return BLOCKS.has(String(node.type)) ? `${inner}\n` : inner;
}
