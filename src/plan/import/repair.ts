import { childType, type DiagnosticList, type DraftItem, walkDrafts, whereOf } from './draft.ts';
import { joinSections, MAX_TITLE_LENGTH, shortenTitle } from './text.ts';

/** The plan format's deepest nesting: an item may sit at most this many levels down. */
export const MAX_DEPTH = 6;

/**
 * The repairs every importer shares, applied in place after a format's own conversion so that
 * the result passes plan validation: unique ids, titles present and within 255 characters,
 * nesting within six levels, and dependencies that point at existing items without self-links,
 * repeats or cycles. Each repair leaves a warning naming the source's id and line.
 */
export function repairDrafts(items: DraftItem[], diagnostics: DiagnosticList): void {
  flattenDeepItems(items, 0, diagnostics);
  const byId = uniqueIds(items, diagnostics);
  walkDrafts(items, (item) => {
    repairTitle(item, diagnostics);
    checkDependencies(item, byId, diagnostics);
  });
  breakCycles(items, byId, diagnostics);
}

/**
 * Items at the sixth level cannot have children: their descendants are lifted to the sixth
 * level, right after them, in document order.
 */
function flattenDeepItems(items: DraftItem[], depth: number, diagnostics: DiagnosticList): void {
  for (const item of items) {
    if (depth < MAX_DEPTH - 2) {
      flattenDeepItems(item.children, depth + 1, diagnostics);
      continue;
    }
    if (item.children.every((child) => child.children.length === 0)) continue;

    const flat: DraftItem[] = [];
    walkDrafts(item.children, (descendant) => flat.push(descendant));
    for (const child of item.children) {
      if (child.children.length === 0) continue;
      diagnostics.warn(
        'too-deep',
        `"${child.title}" has items nested more than ${MAX_DEPTH} levels deep; they were moved up beside it. Reorganise the outline if their order matters.`,
        whereOf(child),
      );
    }
    for (const descendant of flat) {
      descendant.children = [];
      descendant.type = childType(item.type, false);
    }
    item.children = flat;
  }
}

function uniqueIds(items: DraftItem[], diagnostics: DiagnosticList): Map<string, DraftItem> {
  const byId = new Map<string, DraftItem>();
  walkDrafts(items, (item) => {
    if (!byId.has(item.id)) {
      byId.set(item.id, item);
      return;
    }
    let n = 2;
    while (byId.has(`${item.id}-${n}`)) n++;
    const renamed = `${item.id}-${n}`;
    diagnostics.warn(
      'duplicate-id',
      `Id ${item.sourceId} is used more than once; this occurrence was renamed to ${renamed} and dependencies on ${item.sourceId} point at the first one.`,
      whereOf(item),
    );
    item.id = renamed;
    byId.set(renamed, item);
  });
  return byId;
}

function repairTitle(item: DraftItem, diagnostics: DiagnosticList): void {
  if (item.title.trim() === '') {
    item.title = `Untitled ${item.type} ${item.sourceId}`;
    diagnostics.warn(
      'empty-title',
      `Item ${item.sourceId} has no title; it was named "${item.title}". Give it a real title.`,
      whereOf(item),
    );
  }
  if (item.title.length <= MAX_TITLE_LENGTH) return;

  const full = item.title;
  item.title = shortenTitle(full);
  item.description = joinSections(full, item.description) ?? full;
  diagnostics.warn(
    'title-too-long',
    `The title of ${item.sourceId} has ${full.length} characters, more than Jira's ${MAX_TITLE_LENGTH}; it was shortened and the full text moved to the description.`,
    whereOf(item),
  );
}

function checkDependencies(
  item: DraftItem,
  byId: ReadonlyMap<string, DraftItem>,
  diagnostics: DiagnosticList,
): void {
  const seen = new Set<string>();
  item.dependsOn = item.dependsOn.filter((dep) => {
    const where = { ...whereOf(item), ...(dep.line === undefined ? {} : { line: dep.line }) };
    if (dep.target === item.id) {
      diagnostics.warn(
        'self-dependency',
        `${item.sourceId} depends on itself; that dependency was removed.`,
        where,
      );
      return false;
    }
    if (!byId.has(dep.target)) {
      diagnostics.warn(
        'dangling-dependency',
        `${item.sourceId} depends on ${dep.written}, which is not in the file; that dependency was removed. Fix the id or add the missing task.`,
        where,
      );
      return false;
    }
    if (seen.has(dep.target)) return false;
    seen.add(dep.target);
    return true;
  });
}

/**
 * Depth-first over the dependency graph in document order; an edge back to an item still on
 * the path closes a cycle, and removing exactly that edge keeps every other dependency.
 */
function breakCycles(
  items: DraftItem[],
  byId: ReadonlyMap<string, DraftItem>,
  diagnostics: DiagnosticList,
): void {
  const state = new Map<DraftItem, 'open' | 'closed'>();
  const roots: DraftItem[] = [];
  walkDrafts(items, (item) => roots.push(item));

  for (const root of roots) {
    if (state.has(root)) continue;
    const path: Array<{ item: DraftItem; next: number }> = [{ item: root, next: 0 }];
    state.set(root, 'open');
    while (path.length > 0) {
      const frame = path[path.length - 1] as { item: DraftItem; next: number };
      const dep = frame.item.dependsOn[frame.next];
      if (dep === undefined) {
        state.set(frame.item, 'closed');
        path.pop();
        continue;
      }
      const target = byId.get(dep.target) as DraftItem;
      const seen = state.get(target);
      if (seen === 'open') {
        const start = path.findIndex((step) => step.item === target);
        const cycle = [...path.slice(start).map((step) => step.item.sourceId), target.sourceId];
        frame.item.dependsOn.splice(frame.next, 1);
        diagnostics.warn(
          'dependency-cycle',
          `${frame.item.sourceId} depends on ${dep.written}, which closes the cycle ${cycle.join(' → ')} (read → as "depends on"); that dependency was removed. Decide which task really comes first.`,
          { ...whereOf(frame.item), ...(dep.line === undefined ? {} : { line: dep.line }) },
        );
        continue;
      }
      frame.next++;
      if (seen === undefined) {
        state.set(target, 'open');
        path.push({ item: target, next: 0 });
      }
    }
  }
}
