import { findCycles } from '../graph.ts';
import { JIRA_KEY_PATTERN } from '../model.ts';
import { formatPath } from '../positions.ts';
import { isAncestor, type RawItem, readId } from './collect.ts';
import type { Report } from './report.ts';
import { closest } from './suggest.ts';

/** How many unknown dependency targets get a "did you mean" hint. */
const MAX_HINTS = 50;

/**
 * Checks every `dependsOn` entry: it must name another item of the plan or look like the key of
 * an existing Jira issue (`PAY-123`, kept as an external dependency). Reports self-dependencies,
 * unknown targets, repeated entries, dependencies on an item's own ancestor or descendant, done
 * items waiting for unfinished ones, and every dependency cycle with its members in order.
 */
export function checkDependencies(
  items: readonly RawItem[],
  byId: ReadonlyMap<string, number>,
  report: Report,
): void {
  let hintsLeft = MAX_HINTS;
  const edges: number[][] = items.map(() => []);

  for (const item of items) {
    const list = item.value.dependsOn;
    if (!Array.isArray(list) || byId.get(item.id ?? '') !== item.index) continue;
    const seen = new Set<string>();
    list.forEach((raw, position) => {
      const target = readId(raw);
      if (target === undefined) return;
      const place = { path: [...item.path, 'dependsOn', position], itemId: item.id };
      if (seen.has(target)) {
        report.warning(
          'duplicate-dependency',
          `${JSON.stringify(target)} appears twice in dependsOn; the repeat is ignored, so remove it.`,
          place,
        );
        return;
      }
      seen.add(target);
      const targetIndex = byId.get(target);
      if (target === item.id) {
        report.error(
          'self-dependency',
          'This item depends on itself; remove its own id from dependsOn.',
          place,
        );
      } else if (targetIndex !== undefined) {
        edges[item.index]?.push(targetIndex);
        checkRelation(items, item, targetIndex, place, report);
      } else if (!JIRA_KEY_PATTERN.test(target)) {
        // Each hint scans every id, so only the first few unknown targets get one.
        const close = hintsLeft-- > 0 ? closest(target, byId.keys()) : undefined;
        report.error(
          'unknown-dependency',
          `dependsOn names ${JSON.stringify(target)}, which is neither an item id of this plan nor a Jira issue key such as PAY-123; ${close ? `did you mean ${JSON.stringify(close)}?` : 'fix the id or remove the entry.'}`,
          place,
        );
      }
    });
  }

  for (const cycle of findCycles(edges)) {
    const first = items[cycle[0] ?? 0];
    if (!first) continue;
    const ids = cycle.map((index) => items[index]?.id ?? '?');
    // Point at the entry that leads into the cycle; found by scanning, as cycles are rare.
    const next = items[cycle[1] ?? -1]?.id;
    const list = Array.isArray(first.value.dependsOn) ? first.value.dependsOn : [];
    const position = Math.max(
      0,
      list.findIndex((raw) => readId(raw) === next),
    );
    report.error(
      'dependency-cycle',
      `Dependency cycle: ${ids.join(' -> ')} (each waits for the next), so none of them can ever start; remove one of these dependsOn entries.`,
      { path: [...first.path, 'dependsOn', position], itemId: first.id },
    );
  }
}

function checkRelation(
  items: readonly RawItem[],
  item: RawItem,
  targetIndex: number,
  place: { path: (string | number)[]; itemId: string | undefined },
  report: Report,
): void {
  const target = items[targetIndex];
  if (!target) return;
  if (isAncestor(items, targetIndex, item.index)) {
    report.warning(
      'depends-on-ancestor',
      `This item depends on ${JSON.stringify(target.id)}, which contains it; a parent is done only when its children are, so depend on a sibling instead.`,
      place,
    );
  } else if (isAncestor(items, item.index, targetIndex)) {
    report.warning(
      'depends-on-descendant',
      `This item depends on ${JSON.stringify(target.id)}, which is nested inside it at ${formatPath(target.path)}; nesting already says the parent finishes last, so remove the entry.`,
      place,
    );
  } else if (item.value.status === 'done' && target.value.status !== 'done') {
    report.warning(
      'done-before-dependency',
      `This item is done but depends on ${JSON.stringify(target.id)}, which is not; check both statuses.`,
      place,
    );
  }
}
