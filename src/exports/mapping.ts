import type { ItemType, Plan, PlanItem } from '../plan/model.ts';
import type { ExportProblem } from './problems.ts';

/**
 * An issue type of the target project as Jira reports it (`GET /issuetype/project`). Levels: 1 is
 * Epic, 0 the base level (Story, Task, Bug), -1 sub-tasks.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-types/
 */
export interface ProjectIssueType {
  id: string;
  name: string;
  hierarchyLevel: number;
  subtask: boolean;
}

/** Per-export choice of issue type for a plan item type: an issue type id or name. */
export type TypeOverrides = Partial<Record<ItemType, string>>;

/** Where one plan item lands in Jira. */
export interface MappedItem {
  itemId: string;
  issueType: ProjectIssueType;
  /** The plan item that becomes this issue's Jira parent; undefined at the top. */
  parentItemId: string | undefined;
  /** Labels Projan adds so the plan's type survives a mapping onto Task (`spike`, `milestone`). */
  extraLabels: string[];
}

export interface TypeMapping {
  items: Map<string, MappedItem>;
  /** Items in creation order: every parent before its children. */
  order: string[];
  problems: ExportProblem[];
}

const LEVEL_EPIC = 1;
const LEVEL_BASE = 0;
const LEVEL_SUBTASK = -1;
const LABEL_FOR: Partial<Record<ItemType, string>> = { spike: 'spike', milestone: 'milestone' };

/**
 * Maps every plan item onto an issue type of the project and a Jira parent, by hierarchy level
 * and never by cached ids (team-managed projects have their own types). Defaults: epic and
 * feature -> the level-1 type; story -> Story; task, spike, milestone -> Task, or the sub-task
 * type under a level-0 parent; subtask -> the sub-task type; bug -> Bug. Custom types are used
 * only through `overrides`. Items nested deeper than the project's hierarchy attach to the
 * nearest ancestor one level up, with a warning. A type the project lacks is one
 * `missing_issue_types` error naming the type and its items.
 */
export function mapPlanToIssueTypes(
  plan: Plan,
  projectTypes: readonly ProjectIssueType[],
  overrides: TypeOverrides = {},
): TypeMapping {
  const resolver = new TypeResolver(projectTypes, overrides);
  const mapping: TypeMapping = { items: new Map(), order: [], problems: [] };
  const missing = new Map<string, string[]>();

  const visit = (item: PlanItem, ancestors: MappedItem[]): void => {
    const mapped = placeItem(item, ancestors, resolver, mapping.problems, missing);
    if (mapped) {
      mapping.items.set(item.id, mapped);
      mapping.order.push(item.id);
    }
    const nextAncestors = mapped ? [...ancestors, mapped] : ancestors;
    for (const child of item.children) visit(child, nextAncestors);
  };
  for (const item of plan.items) visit(item, []);

  mapping.problems.unshift(...resolver.overrideProblems());
  for (const [wanted, itemIds] of missing) {
    mapping.problems.unshift({
      severity: 'error',
      code: 'missing_issue_types',
      message:
        `Missing issue types: the project has no ${wanted} issue type, needed by ` +
        `${itemIds.length} item(s) (${preview(itemIds)}). Ensure the target project uses a ` +
        'standard issue type scheme, or map this plan type to one of the project’s issue types ' +
        `(${resolver.describeAvailable()}). Custom issue types are not automatically mapped.`,
      itemIds,
    });
  }
  return mapping;
}

function placeItem(
  item: PlanItem,
  ancestors: readonly MappedItem[],
  resolver: TypeResolver,
  problems: ExportProblem[],
  missing: Map<string, string[]>,
): MappedItem | undefined {
  const planParent = ancestors.at(-1);
  let issueType = resolver.resolve(item.type, planParent?.issueType.hierarchyLevel);
  if (!issueType) {
    const wanted = resolver.describeWanted(item.type, planParent?.issueType.hierarchyLevel);
    missing.set(wanted, [...(missing.get(wanted) ?? []), item.id]);
    return undefined;
  }

  let parent = nearestAncestorAtLevel(ancestors, issueType.hierarchyLevel + 1);
  if (issueType.hierarchyLevel === LEVEL_SUBTASK && !parent) {
    // Jira refuses a sub-task without a parent: without a base-level ancestor the item becomes
    // a base-level Task so it still lands in the project.
    const fallback = resolver.resolve('task', undefined);
    if (fallback && fallback.hierarchyLevel === LEVEL_BASE) {
      problems.push({
        severity: 'warning',
        code: 'subtask_without_parent',
        message:
          `Item "${item.id}" is a sub-task with no story or task above it; it will be created ` +
          `as a ${fallback.name} instead.`,
        itemIds: [item.id],
      });
      issueType = fallback;
      parent = nearestAncestorAtLevel(ancestors, LEVEL_EPIC);
    }
  }

  if (planParent && parent?.itemId !== planParent.itemId) {
    problems.push({
      severity: 'warning',
      code: 'reattached',
      message:
        `Item "${item.id}" is nested under "${planParent.itemId}", deeper than the project's ` +
        `issue type hierarchy allows; it will be created ${parent ? `under "${parent.itemId}"` : 'at the top level'} instead.`,
      itemIds: [item.id],
    });
  }

  const label = LABEL_FOR[item.type];
  const keepsOwnType = resolver.isOverridden(item.type);
  return {
    itemId: item.id,
    issueType,
    parentItemId: parent?.itemId,
    extraLabels: label && !keepsOwnType ? [label] : [],
  };
}

function nearestAncestorAtLevel(
  ancestors: readonly MappedItem[],
  level: number,
): MappedItem | undefined {
  for (let index = ancestors.length - 1; index >= 0; index -= 1) {
    const ancestor = ancestors[index];
    if (ancestor && ancestor.issueType.hierarchyLevel === level) return ancestor;
  }
  return undefined;
}

function preview(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown;
}

/** Finds the project's issue type for a plan item type, honouring overrides. */
class TypeResolver {
  readonly #types: readonly ProjectIssueType[];
  readonly #overrides = new Map<ItemType, ProjectIssueType>();
  readonly #badOverrides: ExportProblem[] = [];

  constructor(types: readonly ProjectIssueType[], overrides: TypeOverrides) {
    this.#types = types;
    for (const [itemType, wanted] of Object.entries(overrides) as [ItemType, string][]) {
      const found =
        types.find((type) => type.id === wanted) ??
        types.find((type) => sameName(type.name, wanted));
      if (found) {
        this.#overrides.set(itemType, found);
      } else {
        this.#badOverrides.push({
          severity: 'error',
          code: 'unknown_issue_type',
          message: `The type mapping sends ${itemType} items to "${wanted}", which is not an issue type of this project. Choose one of: ${this.describeAvailable()}.`,
          itemIds: [],
        });
      }
    }
  }

  isOverridden(itemType: ItemType): boolean {
    return this.#overrides.has(itemType);
  }

  overrideProblems(): ExportProblem[] {
    return this.#badOverrides;
  }

  resolve(itemType: ItemType, parentLevel: number | undefined): ProjectIssueType | undefined {
    const override = this.#overrides.get(itemType);
    if (override) return override;

    switch (itemType) {
      case 'epic':
      case 'feature':
        return this.#atLevel(LEVEL_EPIC, ['Epic']);
      case 'story':
        return this.#byName(LEVEL_BASE, 'Story');
      case 'bug':
        return this.#byName(LEVEL_BASE, 'Bug');
      case 'subtask':
        return this.#atLevel(LEVEL_SUBTASK, ['Sub-task', 'Subtask']);
      case 'task':
      case 'spike':
      case 'milestone':
        return parentLevel === LEVEL_BASE
          ? this.#atLevel(LEVEL_SUBTASK, ['Sub-task', 'Subtask'])
          : this.#byName(LEVEL_BASE, 'Task');
    }
  }

  describeWanted(itemType: ItemType, parentLevel: number | undefined): string {
    switch (itemType) {
      case 'epic':
      case 'feature':
        return 'Epic (hierarchy level 1)';
      case 'story':
        return 'Story';
      case 'bug':
        return 'Bug';
      case 'subtask':
        return 'Sub-task (hierarchy level -1)';
      default:
        return parentLevel === LEVEL_BASE ? 'Sub-task (hierarchy level -1)' : 'Task';
    }
  }

  describeAvailable(): string {
    if (this.#types.length === 0) return 'none';
    return this.#types.map((type) => type.name).join(', ');
  }

  #atLevel(level: number, preferred: readonly string[]): ProjectIssueType | undefined {
    const candidates = this.#types.filter((type) => type.hierarchyLevel === level);
    for (const name of preferred) {
      const match = candidates.find((type) => sameName(type.name, name));
      if (match) return match;
    }
    // A project may rename its level-1 or sub-task type; exactly one type at that level is
    // unambiguous, several are a choice the user must make through the mapping.
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  #byName(level: number, name: string): ProjectIssueType | undefined {
    return this.#types.find((type) => type.hierarchyLevel === level && sameName(type.name, name));
  }
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;
}
