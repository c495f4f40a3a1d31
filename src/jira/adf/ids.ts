/**
 * Deterministic `localId`s for task lists and items. marklassian draws random UUIDs, which
 * would make every re-export look like a changed description; here each id is a hash of the
 * node's position and text, shaped like a UUID.
 */
import { createHash } from 'node:crypto';
import type { AdfDoc, AdfNode } from './types.ts';

/** Sets `attrs.localId` of every taskList and taskItem from its position and text. */
export function assignLocalIds(doc: AdfDoc): AdfDoc {
  return { ...doc, content: doc.content.map((n, i) => withIds(n, `${i}`)) };
}

function withIds(node: AdfNode, path: string): AdfNode {
  const content = node.content?.map((c, i) => withIds(c, `${path}.${i}`));
  const next: AdfNode = content ? { ...node, content } : { ...node };
  if (node.type === 'taskList' || node.type === 'taskItem') {
    next.attrs = { ...node.attrs, localId: localId(`${node.type}|${path}|${plainText(node)}`) };
  }
  return next;
}

function localId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Concatenated text of a node. */
export function plainText(node: AdfNode): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.content ?? []).map(plainText).join('');
}
