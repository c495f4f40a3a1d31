import type { Ctx } from './context.ts';
import { JqlError, type JqlNode, type JqlQuery, type Operand } from './jql.ts';
import type { Issue } from './state.ts';

type Predicate = (issue: Issue) => boolean;

function lower(s: string): string {
  return s.toLowerCase();
}

function noValue(value: string, field: string): JqlError {
  return new JqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

/** Resolves each operand to an id through `find`, reporting unknown values as Jira does. */
function ids(values: Operand[], field: string, find: (v: string) => string[]): Set<string> {
  const out = new Set<string>();
  for (const v of values) {
    const found = find(v.text);
    if (found.length === 0) throw noValue(v.text, field);
    for (const id of found) out.add(id);
  }
  return out;
}

function membership(op: string, field: string, has: (i: Issue) => boolean): Predicate {
  if (op === '=' || op === 'in') return has;
  if (op === '!=' || op === 'not in') return (i) => !has(i);
  throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
}

const UNITS: Record<string, number> = { m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/**
 * A JQL date operand as epoch ms: relative (`-5m`, `-2h`, `-1d`, `-1w`), absolute
 * (`2026-12-04`, `2026-12-04 15:00`, read in UTC), or epoch milliseconds.
 */
export function jqlTime(text: string, now: number): number {
  const rel = /^([+-]?\d+)([mhdw])$/.exec(text.trim());
  if (rel?.[1] && rel[2]) return now + Number(rel[1]) * (UNITS[rel[2]] ?? 0);
  if (/^\d{9,}$/.test(text)) return Number(text);
  const abs = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (abs) {
    const [, y, mo, d, h = '00', mi = '00'] = abs;
    return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:00Z`);
  }
  throw new JqlError(
    `Date value '${text}' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

function compare(op: string, field: string, get: (i: Issue) => number, at: number): Predicate {
  switch (op) {
    case '>=':
      return (i) => get(i) >= at;
    case '>':
      return (i) => get(i) > at;
    case '<=':
      return (i) => get(i) <= at;
    case '<':
      return (i) => get(i) < at;
    case '=':
      return (i) => get(i) === at;
    default:
      throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
  }
}

function userIds(ctx: Ctx, values: Operand[], field: string): Set<string> {
  return ids(values, field, (v) => {
    if (lower(v) === 'currentuser') return [ctx.me];
    return ctx.state.account(v) ? [v] : [];
  });
}

const EMPTY_TESTS: Record<string, (i: Issue) => boolean> = {
  labels: (i) => ((i.fields.labels as string[] | undefined)?.length ?? 0) === 0,
  parent: (i) => i.parentId === undefined,
  assignee: (i) => i.fields.assignee === undefined,
  description: (i) => i.fields.description === undefined || i.fields.description === null,
};

/** `field is EMPTY` / `is not EMPTY` (also spelt NULL) for the fields that can be empty. */
function emptiness(name: string, field: string, op: string, values: Operand[]): Predicate {
  const word = lower(values[0]?.text ?? '');
  const test = EMPTY_TESTS[name];
  if (!test || (word !== 'empty' && word !== 'null')) {
    throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
  }
  return op === 'is' ? test : (i) => !test(i);
}

function clause(ctx: Ctx, field: string, op: string, values: Operand[]): Predicate {
  const s = ctx.state;
  const name = lower(field);
  if (name.startsWith('issue.property')) {
    // OAuth 2.0 (3LO) apps cannot declare searchable entity properties (facts §2.11).
    // TODO: Jira's exact refusal text for property JQL from 3LO apps is unrecorded; this is ours.
    throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  }
  if (op === 'is' || op === 'is not') return emptiness(name, field, op, values);
  switch (name) {
    case 'project': {
      const set = ids(values, 'project', (v) => {
        const p = s.fx.projects.find(
          (x) => x.key === v.toUpperCase() || x.id === v || lower(x.name) === lower(v),
        );
        return p && s.canBrowse(p, ctx.me) ? [p.id] : [];
      });
      return membership(op, field, (i) => set.has(i.projectId));
    }
    case 'issuetype':
    case 'type': {
      const set = ids(values, 'issuetype', (v) =>
        s.fx.issueTypes.filter((t) => t.id === v || lower(t.name) === lower(v)).map((t) => t.id),
      );
      return membership(op, field, (i) => set.has(i.typeId));
    }
    case 'status': {
      const set = ids(values, 'status', (v) =>
        s.fx.statuses.filter((x) => x.id === v || lower(x.name) === lower(v)).map((x) => x.id),
      );
      return membership(op, field, (i) => set.has(i.statusId));
    }
    case 'statuscategory': {
      const names: Record<string, string> = {
        'to do': 'TODO',
        new: 'TODO',
        'in progress': 'IN_PROGRESS',
        indeterminate: 'IN_PROGRESS',
        done: 'DONE',
      };
      const cats = new Set(
        values.map((v) => {
          const cat = names[lower(v.text)];
          if (!cat) throw noValue(v.text, 'statusCategory');
          return cat;
        }),
      );
      const categoryOf = (i: Issue) =>
        s.fx.statuses.find((x) => x.id === i.statusId)?.category ?? '';
      return membership(op, field, (i) => cats.has(categoryOf(i)));
    }
    case 'summary':
    case 'text': {
      if (op !== '~' && op !== '!~') {
        throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
      }
      const words = lower(values[0]?.text ?? '')
        .split(/\s+/)
        .filter(Boolean);
      const has = (i: Issue) => {
        const summary = lower(String(i.fields.summary ?? ''));
        return words.every((w) => summary.includes(w));
      };
      return op === '~' ? has : (i) => !has(i);
    }
    case 'parent': {
      const set = ids(values, 'parent', (v) => {
        const p = s.visibleIssue(v, ctx.me);
        return p ? [p.id] : [];
      });
      return membership(op, field, (i) => i.parentId !== undefined && set.has(i.parentId));
    }
    case 'labels': {
      const set = new Set(values.map((v) => v.text));
      return membership(op, field, (i) =>
        ((i.fields.labels as string[] | undefined) ?? []).some((l) => set.has(l)),
      );
    }
    case 'key':
    case 'issuekey':
    case 'id': {
      const set = new Set<string>();
      for (const v of values) {
        const issue = s.visibleIssue(v.text, ctx.me);
        if (!issue)
          throw new JqlError(`An issue with key '${v.text}' does not exist for field 'key'.`);
        set.add(issue.id);
      }
      return membership(op, field, (i) => set.has(i.id));
    }
    case 'creator':
    case 'reporter':
    case 'assignee': {
      const set = userIds(ctx, values, name);
      const get = (i: Issue): string | undefined =>
        name === 'creator'
          ? i.creatorId
          : name === 'reporter'
            ? i.reporterId
            : (i.fields.assignee as string | undefined);
      return membership(op, field, (i) => {
        const who = get(i);
        return who !== undefined && set.has(who);
      });
    }
    case 'created':
    case 'updated': {
      const at = jqlTime(values[0]?.text ?? '', ctx.call.now);
      return compare(op, field, (i) => (name === 'created' ? i.created : i.updated), at);
    }
    default:
      throw new JqlError(
        `Field '${field}' does not exist or you do not have permission to view it.`,
      );
  }
}

/** Compiles a WHERE tree to a predicate; unknown fields and values throw JqlError. */
export function compile(ctx: Ctx, node: JqlNode): Predicate {
  if (node.kind === 'clause') return clause(ctx, node.field, node.op, node.values);
  if (node.kind === 'not') {
    const inner = compile(ctx, node.inner);
    return (i) => !inner(i);
  }
  const parts = node.parts.map((p) => compile(ctx, p));
  return node.kind === 'and' ? (i) => parts.every((p) => p(i)) : (i) => parts.some((p) => p(i));
}

function keyOrder(a: Issue, b: Issue): number {
  const [pa, na] = [
    a.key.slice(0, a.key.lastIndexOf('-')),
    Number(a.key.slice(a.key.lastIndexOf('-') + 1)),
  ];
  const [pb, nb] = [
    b.key.slice(0, b.key.lastIndexOf('-')),
    Number(b.key.slice(b.key.lastIndexOf('-') + 1)),
  ];
  return pa === pb ? na - nb : pa.localeCompare(pb);
}

const ORDERS: Record<string, (a: Issue, b: Issue) => number> = {
  created: (a, b) => a.created - b.created,
  updated: (a, b) => a.updated - b.updated,
  key: keyOrder,
  issuekey: keyOrder,
  id: (a, b) => Number(a.id) - Number(b.id),
  // Rank is the board order; new issues rank last, so creation order stands in for it.
  rank: (a, b) => Number(a.id) - Number(b.id),
};

/** Sorts by ORDER BY (created, updated, key, id; at most 7 fields); ascending id otherwise. */
export function sorter(query: JqlQuery): (a: Issue, b: Issue) => number {
  if (query.order.length > 7)
    throw new JqlError('The ORDER BY clause can contain at most 7 fields.');
  const parts = query.order.map(({ field, desc }) => {
    const f = lower(field);
    const base = ORDERS[f];
    if (!base) throw new JqlError(`Not able to sort using field '${field}'.`);
    return (a: Issue, b: Issue) => (desc ? -base(a, b) : base(a, b));
  });
  return (a, b) => {
    for (const p of parts) {
      const r = p(a, b);
      if (r !== 0) return r;
    }
    return Number(a.id) - Number(b.id);
  };
}
