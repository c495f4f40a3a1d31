import type { Plan, PlanItem } from '../../plan/model.ts';

const STATUS_MARK: Record<PlanItem['status'], string> = {
  todo: '',
  in_progress: ' (in progress)',
  done: ' (done)',
};

/**
 * Draws a plan's items as an indented tree, one line per item:
 * `├─ story checkout-form: Rebuild the checkout form (in progress)`. Iterative, so a deep
 * plan cannot overflow the stack.
 */
export function renderTree(plan: Plan): string[] {
  const lines: string[] = [];
  const pending: Array<{ item: PlanItem; prefix: string; last: boolean; top: boolean }> = [];
  pushAll(pending, plan.items, '', true);
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined) break;
    const { item, prefix, last, top } = next;
    const branch = top ? '' : last ? '└─ ' : '├─ ';
    lines.push(
      `${prefix}${branch}${item.type} ${item.id}: ${item.title}${STATUS_MARK[item.status]}`,
    );
    const childPrefix = top ? prefix : `${prefix}${last ? '   ' : '│  '}`;
    pushAll(pending, item.children, childPrefix, false);
  }
  return lines;
}

function pushAll(
  pending: Array<{ item: PlanItem; prefix: string; last: boolean; top: boolean }>,
  items: readonly PlanItem[],
  prefix: string,
  top: boolean,
): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item) pending.push({ item, prefix, last: i === items.length - 1, top });
  }
}
