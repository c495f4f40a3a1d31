/**
 * The plan's item tree as nested lists. Each item is a button that selects it; the selected
 * item's details are shown beside the tree (below it on a phone).
 */
import type { Diagnostic, PlanItem } from '../../api/types.ts';

/** The tree; `selected` is an item id. */
export function ItemTree({
  items,
  selected,
  onSelect,
  diagnostics,
}: {
  items: PlanItem[];
  selected: string | undefined;
  onSelect(id: string): void;
  diagnostics: Diagnostic[];
}) {
  const flagged = new Set(diagnostics.map((d) => d.itemId).filter(Boolean));
  const render = (list: PlanItem[]) => (
    <ul className="tree">
      {list.map((item) => (
        <li key={item.id}>
          <button
            type="button"
            className={item.id === selected ? 'tree-item tree-selected' : 'tree-item'}
            aria-pressed={item.id === selected}
            onClick={() => onSelect(item.id)}
          >
            <span className={`type type-${item.type}`}>{item.type}</span>
            <span className="tree-title">{item.title}</span>
            {item.status === 'done' ? <span className="badge badge-small">done</span> : null}
            {flagged.has(item.id) ? (
              <span className="badge badge-small badge-warning">warning</span>
            ) : null}
          </button>
          {item.children.length > 0 ? render(item.children) : null}
        </li>
      ))}
    </ul>
  );
  return render(items);
}

/** Finds an item anywhere in the tree. */
export function findItem(items: PlanItem[], id: string | undefined): PlanItem | undefined {
  if (id === undefined) return undefined;
  for (const item of items) {
    if (item.id === id) return item;
    const found = findItem(item.children, id);
    if (found) return found;
  }
  return undefined;
}
