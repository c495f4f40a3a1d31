/**
 * What "Automatic" means in the type mapping: the issue types Projan's own mapping picks for the
 * items of each plan type in the chosen project. It runs the export's mapping itself, so the
 * page and the preflight can never disagree about the default.
 */
import {
  mapPlanToIssueTypes,
  type ProjectIssueType,
  type TypeOverrides,
} from '../../../exports/mapping.ts';
import type { ItemType, Plan, PlanItem } from '../../../plan/model.ts';

/** The default of one plan type: the issue type names it lands on, and whether some items fit none. */
export interface AutomaticChoice {
  names: string[];
  unmatched: boolean;
}

/**
 * The default of every plan type in `planTypes`. The other plan types keep their chosen
 * `overrides`, because a parent's type decides whether a task becomes a Task or a Sub-task.
 */
export function automaticChoices(
  plan: Plan,
  planTypes: readonly ItemType[],
  projectTypes: readonly ProjectIssueType[],
  overrides: TypeOverrides,
): Map<ItemType, AutomaticChoice> {
  const itemsByType = new Map<ItemType, string[]>();
  const collect = (item: PlanItem): void => {
    itemsByType.set(item.type, [...(itemsByType.get(item.type) ?? []), item.id]);
    for (const child of item.children) collect(child);
  };
  for (const item of plan.items) collect(item);

  const out = new Map<ItemType, AutomaticChoice>();
  for (const type of planTypes) {
    const others = { ...overrides };
    delete others[type];
    const mapping = mapPlanToIssueTypes(plan, projectTypes, others);
    const names = new Set<string>();
    let unmatched = false;
    for (const id of itemsByType.get(type) ?? []) {
      const mapped = mapping.items.get(id);
      if (mapped) names.add(mapped.issueType.name);
      else unmatched = true;
    }
    out.set(type, { names: [...names], unmatched });
  }
  return out;
}
