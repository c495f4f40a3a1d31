import { type Ctx, jiraTime } from './context.ts';
import type { FieldDef } from './fields.ts';
import {
  issueRef,
  issueTypeJson,
  linkTypeJson,
  priorityJson,
  projectJson,
  statusById,
  userById,
} from './render.ts';
import type { Issue } from './state.ts';

/**
 * Which fields a read returns: `*all`/`*navigable` for everything, names to pick, `-name` to
 * drop. `undefined` means everything (GET issue's default); search passes `['id']`.
 */
export type FieldSelection = readonly string[];

/** Fields that apply to an issue: system fields plus customs on its project's screens. */
export function applicableFields(ctx: Ctx, issue: Issue): FieldDef[] {
  const project = ctx.state.projectById(issue.projectId);
  const typeName = ctx.state.issueType(issue.typeId)?.name ?? '';
  const screen = project.screens[typeName];
  const onScreen = new Set([
    ...(screen?.create.map((f) => f.fieldId) ?? []),
    ...(screen?.edit ?? []),
  ]);
  return ctx.fields.filter((f) => !f.custom || onScreen.has(f.id));
}

function selected(def: FieldDef, selection: FieldSelection): boolean {
  if (selection.includes(`-${def.id}`)) return false;
  if (selection.includes('*all') || selection.includes('*navigable')) return true;
  return selection.includes(def.id) || def.clauseNames.some((c) => selection.includes(c));
}

/** The issue's `issuelinks` with direction as Jira shows them (facts §2.10). */
export function linksJson(ctx: Ctx, issue: Issue): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const link of ctx.state.links) {
    const type = ctx.state.fx.linkTypes.find((t) => t.id === link.typeId);
    if (!type) continue;
    const otherId =
      link.inwardId === issue.id
        ? link.outwardId
        : link.outwardId === issue.id
          ? link.inwardId
          : '';
    const other = otherId ? ctx.state.visibleIssue(otherId, ctx.me) : undefined;
    if (!other) continue;
    // Seen from the inward (blocking) issue, the other end is the outwardIssue, and vice versa.
    const side = link.inwardId === issue.id ? 'outwardIssue' : 'inwardIssue';
    out.push({
      id: link.id,
      self: `${ctx.api}/issueLink/${link.id}`,
      type: linkTypeJson(ctx, type),
      [side]: issueRef(ctx, other),
    });
  }
  return out;
}

function value(ctx: Ctx, issue: Issue, def: FieldDef): unknown {
  const project = ctx.state.projectById(issue.projectId);
  const type = ctx.state.issueType(issue.typeId);
  switch (def.id) {
    case 'issuetype':
      return type ? issueTypeJson(ctx, type) : null;
    case 'project':
      return projectJson(ctx, project);
    case 'status':
      return statusById(ctx, issue.statusId);
    case 'created':
      return jiraTime(issue.created);
    case 'updated':
      return jiraTime(issue.updated);
    case 'creator':
      return userById(ctx, issue.creatorId);
    case 'reporter':
      return userById(ctx, issue.reporterId);
    case 'assignee':
      return userById(ctx, issue.fields.assignee as string | undefined);
    case 'priority': {
      const p = ctx.state.fx.priorities.find((x) => x.id === issue.fields.priority);
      return p ? priorityJson(ctx, p) : null;
    }
    case 'parent': {
      const parent = issue.parentId ? ctx.state.issue(issue.parentId) : undefined;
      return parent ? issueRef(ctx, parent) : undefined;
    }
    case 'issuelinks':
      return linksJson(ctx, issue);
    case 'subtasks':
      return ctx.state
        .children(issue.id)
        .filter((c) => ctx.state.issueType(c.typeId)?.hierarchyLevel === -1)
        .map((c) => issueRef(ctx, c));
    case 'labels':
      return issue.fields.labels ?? [];
    default:
      return def.kind === 'option' && issue.fields[def.id]
        ? {
            self: `${ctx.api}/customFieldOption/${(issue.fields[def.id] as { id: string }).id}`,
            ...(issue.fields[def.id] as object),
          }
        : (issue.fields[def.id] ?? null);
  }
}

/** The `fields` object of an issue for the given selection. */
export function fieldsJson(
  ctx: Ctx,
  issue: Issue,
  selection: FieldSelection,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of applicableFields(ctx, issue)) {
    if (!selected(def, selection)) continue;
    const v = value(ctx, issue, def);
    if (v !== undefined) out[def.id] = v;
  }
  return out;
}

/** Up to five requested entity properties, as `properties` on GET issue and search. */
export function propertiesJson(issue: Issue, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const all = keys.includes('*all') ? [...issue.properties.keys()] : keys;
  for (const key of all) if (issue.properties.has(key)) out[key] = issue.properties.get(key);
  return out;
}

/** An IssueBean for GET issue, search and bulkfetch. */
export function issueJson(
  ctx: Ctx,
  issue: Issue,
  selection: FieldSelection,
  propertyKeys: readonly string[] = [],
): Record<string, unknown> {
  const onlyId = selection.length === 1 && selection[0] === 'id';
  const base: Record<string, unknown> = onlyId
    ? { id: issue.id }
    : {
        expand:
          'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
        id: issue.id,
        self: `${ctx.api}/issue/${issue.id}`,
        key: issue.key,
        fields: fieldsJson(ctx, issue, selection),
      };
  if (propertyKeys.length > 0) base.properties = propertiesJson(issue, propertyKeys);
  return base;
}
