import type { Ctx } from './context.ts';
import { addLink, CANNOT_SET, checkLabel, setValue } from './field-values.ts';
import type { IssueTypeFixture, ProjectFixture } from './fixture-types.ts';
import { isRecord, word } from './replies.ts';
import type { ScreenField } from './screens.ts';
import type { Issue } from './state.ts';

/** A link asked for through `update.issuelinks` on create or edit. */
export interface PendingLink {
  typeId: string;
  /** The other issue; `otherIsOutward` tells which end the new issue takes. */
  other: Issue;
  otherIsOutward: boolean;
}

/** Values that passed validation, ready to store. */
export interface Draft {
  fields: Record<string, unknown>;
  /** undefined = unchanged, null = removed. */
  parent: Issue | null | undefined;
  links: PendingLink[];
}

/** Field errors keyed like Jira's (`errors`) and global ones (`errorMessages`). */
export interface Outcome {
  errors: Record<string, string>;
  messages: string[];
  draft: Draft;
}

/** Options of one validation run. */
export interface ValidateOptions {
  mode: 'create' | 'edit';
  project: ProjectFixture;
  type: IssueTypeFixture;
  screen: ScreenField[];
  /** Issue ids that may not be used as parents (those made earlier in the same bulk call). */
  hiddenIds?: ReadonlySet<string>;
  issue?: Issue;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * Validates `fields` and `update` of a create or edit against the screen, the field types and
 * the hierarchy rules, collecting every field error at once as Jira does (facts §2.6, §3, §4).
 */
export function validateInput(
  ctx: Ctx,
  body: Record<string, unknown>,
  o: ValidateOptions,
): Outcome {
  const out: Outcome = {
    errors: {},
    messages: [],
    draft: { fields: {}, parent: undefined, links: [] },
  };
  const fields = isRecord(body.fields) ? body.fields : {};
  const update = isRecord(body.update) ? body.update : {};
  const onScreen = new Map(o.screen.map((f) => [f.def.id, f]));

  for (const [id, raw] of Object.entries(fields)) {
    if (id === 'project' || id === 'issuetype') continue;
    const field = onScreen.get(id);
    if (!field || field.def.kind === 'readonly' || field.def.kind === 'issuelinks') {
      out.errors[id] = CANNOT_SET(id);
      continue;
    }
    if (id in update) {
      out.errors[id] = `Field '${id}' cannot be set in both 'fields' and 'update'.`;
      continue;
    }
    setValue(ctx, o, field, raw, out);
  }
  for (const [id, ops] of Object.entries(update)) {
    const field = onScreen.get(id);
    if (!field || field.def.kind === 'readonly' || !Array.isArray(ops)) {
      out.errors[id] = CANNOT_SET(id);
      continue;
    }
    for (const op of ops) applyOp(ctx, o, field, op, out);
  }
  if (o.mode === 'create') checkRequired(o, fields, update, out);
  return out;
}

function checkRequired(
  o: ValidateOptions,
  fields: Record<string, unknown>,
  update: Record<string, unknown>,
  out: Outcome,
): void {
  for (const f of o.screen) {
    const id = f.def.id;
    if (!f.required || id === 'project' || id === 'issuetype' || out.errors[id]) continue;
    if (!isEmpty(fields[id]) || !isEmpty(update[id])) continue;
    if (id === 'parent') {
      out.errors.issuetype = 'Issue type is a sub-task but parent issue key or id not specified.';
    } else if (id === 'summary') {
      out.errors.summary = 'You must specify a summary of the issue.';
    } else {
      out.errors[id] = `${f.def.name} is required.`;
    }
  }
}

function applyOp(
  ctx: Ctx,
  o: ValidateOptions,
  field: ScreenField,
  op: unknown,
  out: Outcome,
): void {
  const id = field.def.id;
  if (!isRecord(op)) {
    out.errors[id] = CANNOT_SET(id);
    return;
  }
  const [verb, arg] = Object.entries(op)[0] ?? [];
  if (field.def.kind === 'issuelinks' && verb === 'add') {
    addLink(ctx, o, arg, out);
  } else if (field.def.kind === 'labels' && (verb === 'add' || verb === 'remove')) {
    const current = (out.draft.fields.labels ?? o.issue?.fields.labels ?? []) as string[];
    if (typeof arg !== 'string' || !checkLabel(arg, out)) return;
    out.draft.fields.labels =
      verb === 'add' ? [...new Set([...current, arg])] : current.filter((l) => l !== arg);
  } else if (id === 'parent' && verb === 'set' && isRecord(arg) && arg.none === true) {
    if (o.type.hierarchyLevel === -1) {
      out.errors.parentId = word(
        ctx.behaviour,
        'Given parent issue does not belong to appropriate hierarchy',
      );
    } else out.draft.parent = null;
  } else if (verb === 'set') {
    setValue(ctx, o, field, arg, out);
  } else {
    out.errors[id] = `Field '${id}' does not support operation '${String(verb)}'.`;
  }
}
