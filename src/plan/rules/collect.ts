import { ITEM_TYPES, type ItemType } from '../model.ts';
import type { PathSegment } from '../positions.ts';

/** One item object found in a raw document, with what validation needs to know about it. */
export interface RawItem {
  /** Position in document (pre-)order; parents come before their children. */
  index: number;
  value: Record<string, unknown>;
  path: PathSegment[];
  /** The id, trimmed and as a string; undefined when missing or not text/whole number. */
  id: string | undefined;
  type: ItemType | undefined;
  /** 1 for top-level items. */
  depth: number;
  /** Index of the parent item, or -1 at the top level. */
  parent: number;
  /** Index of the last item of this item's subtree (itself when it has no children). */
  subtreeEnd: number;
}

/** True for plain objects (maps), not lists or null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an id as validation treats it: trimmed text, or a whole number written as text. */
export function readId(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

/**
 * Lists every item object of a raw document in document order, skipping whatever is not an
 * object (the schema check reports those). Iterative, and stops counting past `limit` so an
 * oversized plan costs no more than the limit.
 */
export function collectItems(document: Record<string, unknown>, limit: number): RawItem[] {
  const items: RawItem[] = [];
  const pending: Array<{ value: unknown; path: PathSegment[]; depth: number; parent: number }> = [];
  pushChildren(pending, document.items, ['items'], 1, -1);

  while (pending.length > 0 && items.length <= limit) {
    const next = pending.pop();
    if (next === undefined || !isRecord(next.value)) continue;
    const index = items.length;
    const rawType = next.value.type;
    items.push({
      index,
      value: next.value,
      path: next.path,
      id: readId(next.value.id),
      type: ITEM_TYPES.includes(rawType as ItemType) ? (rawType as ItemType) : undefined,
      depth: next.depth,
      parent: next.parent,
      subtreeEnd: index,
    });
    pushChildren(pending, next.value.children, [...next.path, 'children'], next.depth + 1, index);
  }

  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const parent = item ? items[item.parent] : undefined;
    if (item && parent) parent.subtreeEnd = Math.max(parent.subtreeEnd, item.subtreeEnd);
  }
  return items;
}

function pushChildren(
  pending: Array<{ value: unknown; path: PathSegment[]; depth: number; parent: number }>,
  list: unknown,
  path: PathSegment[],
  depth: number,
  parent: number,
): void {
  if (!Array.isArray(list)) return;
  // Reversed, so that popping from the end visits items in document order.
  for (let i = list.length - 1; i >= 0; i--) {
    pending.push({ value: list[i], path: [...path, i], depth, parent });
  }
}

/** True when `ancestor` contains `item` somewhere below it. */
export function isAncestor(items: readonly RawItem[], ancestor: number, item: number): boolean {
  const candidate = items[ancestor];
  return candidate !== undefined && item > ancestor && item <= candidate.subtreeEnd;
}
