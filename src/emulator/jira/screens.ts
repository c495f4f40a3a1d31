import type { Ctx } from './context.ts';
import type { FieldDef } from './fields.ts';
import type { IssueTypeFixture, OptionFixture, ProjectFixture } from './fixture-types.ts';
import { issueTypeJson, priorityJson, projectJson } from './render.ts';

/** A field as a screen offers it: the catalogue entry plus its screen settings. */
export interface ScreenField {
  def: FieldDef;
  required: boolean;
  allowedValues?: OptionFixture[];
}

/** The issue type one level above, which a parent must have (none for epics). */
export function parentLevel(type: IssueTypeFixture): number | undefined {
  return type.hierarchyLevel < 1 ? type.hierarchyLevel + 1 : undefined;
}

function def(ctx: Ctx, id: string): FieldDef | undefined {
  return ctx.fields.find((f) => f.id === id);
}

/** Jira leaves the assignee off the caller's screens without the Assign issues permission. */
function visibleTo(ctx: Ctx, project: ProjectFixture, id: string): boolean {
  return id !== 'assignee' || ctx.state.has(project, ctx.me, 'ASSIGN_ISSUES');
}

/**
 * The create screen of a project and issue type: `project`, `issuetype` and `parent` always
 * (required for sub-tasks; an epic's parent fails the hierarchy check), then the fixture's fields.
 */
export function createScreen(
  ctx: Ctx,
  project: ProjectFixture,
  type: IssueTypeFixture,
): ScreenField[] {
  const out: ScreenField[] = [];
  const push = (id: string, required: boolean, allowedValues?: OptionFixture[]): void => {
    const d = def(ctx, id);
    if (d && visibleTo(ctx, project, id))
      out.push({ def: d, required, ...(allowedValues ? { allowedValues } : {}) });
  };
  push('project', true);
  push('issuetype', true);
  push('parent', type.hierarchyLevel === -1);
  for (const f of project.screens[type.name]?.create ?? []) {
    push(f.fieldId, f.required === true, f.allowedValues);
  }
  return out;
}

/** The edit screen: the fixture's edit fields plus `parent`. */
export function editScreen(
  ctx: Ctx,
  project: ProjectFixture,
  type: IssueTypeFixture,
): ScreenField[] {
  const create = project.screens[type.name]?.create ?? [];
  const ids = [...(project.screens[type.name]?.edit ?? [])];
  if (!ids.includes('parent')) ids.push('parent');
  return ids.flatMap((id) => {
    const d = visibleTo(ctx, project, id) ? def(ctx, id) : undefined;
    const options = create.find((f) => f.fieldId === id)?.allowedValues;
    return d
      ? [{ def: d, required: id === 'summary', ...(options ? { allowedValues: options } : {}) }]
      : [];
  });
}

function operations(d: FieldDef): string[] {
  if (d.kind === 'labels') return ['add', 'set', 'remove'];
  if (d.kind === 'issuelinks') return ['add'];
  return ['set'];
}

/** One FieldCreateMetadata entry (createmeta and editmeta) as the SPEC describes it. */
export function fieldMeta(
  ctx: Ctx,
  project: ProjectFixture,
  type: IssueTypeFixture,
  field: ScreenField,
): Record<string, unknown> {
  const d = field.def;
  const meta: Record<string, unknown> = {
    required: field.required,
    schema: d.schema,
    name: d.name,
    key: d.id,
    fieldId: d.id,
    hasDefaultValue: d.id === 'priority',
    operations: operations(d),
  };
  if (d.id === 'project') meta.allowedValues = [projectJson(ctx, project)];
  if (d.id === 'issuetype') meta.allowedValues = [issueTypeJson(ctx, type)];
  if (d.id === 'priority') {
    meta.allowedValues = ctx.state.fx.priorities.map((p) => priorityJson(ctx, p));
    const fallback = ctx.state.fx.priorities.find((p) => p.isDefault);
    if (fallback) meta.defaultValue = priorityJson(ctx, fallback);
  }
  if (field.allowedValues) {
    meta.allowedValues = field.allowedValues.map((o) => ({
      self: `${ctx.api}/customFieldOption/${o.id}`,
      value: o.value,
      id: o.id,
    }));
  }
  if (d.kind === 'user') {
    meta.autoCompleteUrl = `${ctx.api}/user/assignable/search?project=${project.key}&query=`;
  }
  if (d.kind === 'labels') meta.autoCompleteUrl = `${ctx.api}/label/suggest?query=`;
  if (d.kind === 'issuelinks' || d.kind === 'parent') {
    meta.autoCompleteUrl = `${ctx.api}/issue/picker?currentProjectId=${project.id}&query=`;
  }
  return meta;
}
