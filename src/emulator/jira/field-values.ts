import { checkAdf, NOT_ADF, UNSUPPORTED_CONTENT } from './adf.ts';
import type { Ctx } from './context.ts';
import type { FieldDef } from './fields.ts';
import { isRecord, word } from './replies.ts';
import { parentLevel, type ScreenField } from './screens.ts';
import type { Issue } from './state.ts';
import type { Outcome, ValidateOptions } from './validate.ts';

/** Jira's answer for a field that is not on the screen, or unknown (facts §4). */
export const CANNOT_SET = (id: string): string =>
  `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;

/** Reads an `{id}`, `{key}` or `{name}` reference from a request body. */
export function ref(v: unknown): { id?: string; key?: string; name?: string } | undefined {
  if (!isRecord(v)) return undefined;
  const pick = (k: string): string | undefined =>
    typeof v[k] === 'string' || typeof v[k] === 'number' ? String(v[k]) : undefined;
  const id = pick('id');
  const key = pick('key');
  const name = pick('name');
  return { ...(id ? { id } : {}), ...(key ? { key } : {}), ...(name ? { name } : {}) };
}

/**
 * Labels may not hold whitespace or exceed 255 characters.
 * TODO: Jira's exact texts for bad labels, priorities and user references are unrecorded; ours.
 */
export function checkLabel(label: string, out: Outcome): boolean {
  if (/\s/.test(label)) {
    out.errors.labels = `The label '${label}' contains spaces which is invalid.`;
    return false;
  }
  if (label.length > 255) {
    out.errors.labels = 'The label must not exceed 255 characters.';
    return false;
  }
  return true;
}

/** Validates one field value by its kind and records it (or its error) in the outcome. */
export function setValue(
  ctx: Ctx,
  o: ValidateOptions,
  field: ScreenField,
  raw: unknown,
  out: Outcome,
): void {
  const d = field.def;
  const set = (v: unknown): void => {
    out.draft.fields[d.id] = v;
  };
  switch (d.kind) {
    case 'string':
      setString(d, raw, out, set);
      return;
    case 'adf':
      setAdf(d, raw, out, set);
      return;
    case 'labels':
      if (!Array.isArray(raw) || !raw.every((l) => typeof l === 'string')) {
        out.errors.labels = 'Operation value must be a string array.';
      } else if (raw.every((l) => checkLabel(l, out))) set([...new Set(raw)]);
      return;
    case 'priority':
      setPriority(ctx, raw, out, set);
      return;
    case 'user':
      setUser(ctx, o, d, raw, out, set);
      return;
    case 'number':
      if (raw === null || (typeof raw === 'number' && Number.isFinite(raw))) set(raw);
      else out.errors[d.id] = 'Operation value must be a number.';
      return;
    case 'option':
      setOption(field, raw, out, set);
      return;
    case 'sprint':
      if (raw === null || (typeof raw === 'number' && Number.isInteger(raw))) set(raw);
      else out.errors[d.id] = 'Number value expected as the Sprint id.';
      return;
    case 'date':
      if (raw === null || (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw))) set(raw);
      else out.errors[d.id] = `Error parsing date string: ${String(raw)}`;
      return;
    case 'epic-link':
      setEpicLink(ctx, o, d, raw, out);
      return;
    case 'parent':
      setParent(ctx, o, raw, out);
      return;
    default:
      out.errors[d.id] = CANNOT_SET(d.id);
  }
}

function setString(d: FieldDef, raw: unknown, out: Outcome, set: (v: unknown) => void): void {
  if (d.id === 'summary') {
    if (typeof raw !== 'string' || raw.trim() === '') {
      out.errors.summary = 'You must specify a summary of the issue.';
    } else if (raw.length > 255) out.errors.summary = "Summary can't exceed 255 characters.";
    else if (/[\r\n]/.test(raw)) {
      out.errors.summary = 'The summary is invalid because it contains newline characters.';
    } else set(raw);
    return;
  }
  if (raw !== null && typeof raw !== 'string')
    out.errors[d.id] = 'Operation value must be a string';
  else if (typeof raw === 'string' && raw.length > 255) {
    out.errors[d.id] = `${d.name} must be less than 255 characters.`;
  } else set(raw);
}

function setAdf(d: FieldDef, raw: unknown, out: Outcome, set: (v: unknown) => void): void {
  if (raw === null) {
    set(null);
    return;
  }
  const check = checkAdf(raw);
  if (check === 'not-adf') out.errors[d.id] = NOT_ADF;
  else if (check === 'unsupported') {
    if (!out.messages.includes(UNSUPPORTED_CONTENT)) out.messages.push(UNSUPPORTED_CONTENT);
  } else if (check === 'too-long') {
    out.errors[d.id] =
      'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
  } else set(raw);
}

function setPriority(ctx: Ctx, raw: unknown, out: Outcome, set: (v: unknown) => void): void {
  const r = ref(raw);
  const p = ctx.state.fx.priorities.find((x) => (r?.id ? x.id === r.id : x.name === r?.name));
  if (p) set(p.id);
  else
    out.errors.priority = r?.id
      ? `Priority with id '${r.id}' does not exist`
      : 'Priority name must be valid.';
}

function setUser(
  ctx: Ctx,
  o: ValidateOptions,
  d: FieldDef,
  raw: unknown,
  out: Outcome,
  set: (v: unknown) => void,
): void {
  if (raw === null) {
    set(undefined);
    return;
  }
  const accountId = isRecord(raw) ? (raw.accountId ?? raw.id) : undefined;
  if (typeof accountId !== 'string') {
    // Cloud dropped user names and keys for privacy; only account ids identify people.
    out.errors[d.id] = `Specify a valid accountId for ${d.name}.`;
    return;
  }
  const known = ctx.state.account(accountId) !== undefined;
  const assignable = ctx.state.has(o.project, accountId, 'ASSIGNABLE_USER');
  if (d.id === 'assignee' && (!known || !assignable)) {
    out.errors.assignee = `User '${accountId}' cannot be assigned issues.`;
  } else if (!known) out.errors[d.id] = `Specified user '${accountId}' does not exist.`;
  else set(accountId);
}

function setOption(
  field: ScreenField,
  raw: unknown,
  out: Outcome,
  set: (v: unknown) => void,
): void {
  const id = field.def.id;
  if (raw === null) {
    set(null);
    return;
  }
  const r = ref(raw);
  const value = isRecord(raw) && typeof raw.value === 'string' ? raw.value : undefined;
  const option = field.allowedValues?.find((x) => (r?.id ? x.id === r.id : x.value === value));
  if (option) set({ value: option.value, id: option.id });
  else if (r?.id) out.errors[id] = `Option id '${r.id}' is not valid`;
  else out.errors[id] = `Option value '${value ?? ''}' is not valid`;
}

function setEpicLink(ctx: Ctx, o: ValidateOptions, d: FieldDef, raw: unknown, out: Outcome): void {
  if (raw === null) {
    out.draft.fields[d.id] = null;
    return;
  }
  const epic = typeof raw === 'string' ? findIssue(ctx, o, { key: raw }) : undefined;
  if (!epic || ctx.state.issueType(epic.typeId)?.hierarchyLevel !== 1) {
    out.errors[d.id] = `The Epic Link '${String(raw)}' does not exist.`;
    return;
  }
  out.draft.fields[d.id] = epic.key;
  // The legacy Epic Link and the parent field are one relation since the parent unification.
  if (o.type.hierarchyLevel === 0) out.draft.parent = epic;
}

function findIssue(ctx: Ctx, o: ValidateOptions, r: ReturnType<typeof ref>): Issue | undefined {
  const idOrKey = r?.key ?? r?.id;
  const issue = idOrKey ? ctx.state.visibleIssue(idOrKey, ctx.me) : undefined;
  return issue && !o.hiddenIds?.has(issue.id) ? issue : undefined;
}

function setParent(ctx: Ctx, o: ValidateOptions, raw: unknown, out: Outcome): void {
  const parent = findIssue(ctx, o, ref(raw));
  if (!parent) {
    out.errors.parent = word(ctx.behaviour, 'Could not find issue by id or key.');
    return;
  }
  const parentType = ctx.state.issueType(parent.typeId);
  if (parentType?.hierarchyLevel !== parentLevel(o.type) || parent.id === o.issue?.id) {
    out.errors.parentId = word(
      ctx.behaviour,
      'Given parent issue does not belong to appropriate hierarchy',
    );
    return;
  }
  if (parent.projectId !== o.project.id) {
    if (o.type.hierarchyLevel === -1) {
      out.errors.project = 'Sub-tasks must be created in the same project as the parent.';
      return;
    }
    if (o.project.style === 'next-gen') {
      out.errors.pid = word(
        ctx.behaviour,
        'Issues with this Issue Type must be created in the same project as the parent.',
      );
      return;
    }
  }
  out.draft.parent = parent;
}

/** Validates one `update.issuelinks` `add` operation and records the pending link. */
export function addLink(ctx: Ctx, o: ValidateOptions, arg: unknown, out: Outcome): void {
  const body = isRecord(arg) ? arg : {};
  const t = ref(body.type);
  const type = ctx.state.fx.linkTypes.find((x) => (t?.id ? x.id === t.id : x.name === t?.name));
  const otherIsOutward = body.outwardIssue !== undefined;
  const other = findIssue(ctx, o, ref(otherIsOutward ? body.outwardIssue : body.inwardIssue));
  if (!type)
    out.errors.issuelinks = `No issue link type with name '${t?.name ?? t?.id ?? ''}' found.`;
  else if (!other)
    out.errors.issuelinks = word(ctx.behaviour, 'The issue to link to does not exist.');
  else out.draft.links.push({ typeId: type.id, other, otherIsOutward });
}
