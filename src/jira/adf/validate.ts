/**
 * A structural check of the ADF node types Projan emits, following Atlassian's node reference
 * (https://developer.atlassian.com/cloud/jira/platform/apis/document/nodes/). It accepts a
 * subset of ADF: anything it rejects is either outside what the converter produces or invalid.
 * Use it in tests and before sending a description Projan did not build itself.
 */

/** One problem found, with the JSON path of the node, e.g. `content[0].content[1]`. */
export interface AdfProblem {
  path: string;
  message: string;
}

type Rule = {
  /** Allowed child types; undefined = no content allowed. */
  children?: ReadonlySet<string>;
  minChildren?: number;
  /** Allowed types of the first child. */
  first?: ReadonlySet<string>;
  attrs?: (attrs: Record<string, unknown> | undefined) => string | undefined;
};

const set = (...types: string[]) => new Set(types);
const INLINE = set('text', 'hardBreak');
const LIST_ITEM_CHILDREN = set('paragraph', 'bulletList', 'orderedList', 'codeBlock');
const CELL_CHILDREN = set(
  'paragraph',
  'bulletList',
  'orderedList',
  'codeBlock',
  'heading',
  'blockquote',
  'rule',
);
const MARKS = set('strong', 'em', 'strike', 'underline', 'code', 'link');

const RULES: Record<string, Rule> = {
  doc: {
    children: set(
      'paragraph',
      'heading',
      'bulletList',
      'orderedList',
      'codeBlock',
      'blockquote',
      'rule',
      'table',
      'taskList',
    ),
  },
  paragraph: { children: INLINE },
  heading: {
    children: INLINE,
    attrs: (a) =>
      Number.isInteger(a?.level) && Number(a?.level) >= 1 && Number(a?.level) <= 6
        ? undefined
        : 'heading level must be 1 to 6',
  },
  bulletList: { children: set('listItem'), minChildren: 1 },
  orderedList: {
    children: set('listItem'),
    minChildren: 1,
    attrs: (a) =>
      a?.order === undefined || (Number.isInteger(a.order) && Number(a.order) >= 0)
        ? undefined
        : 'order must be an integer >= 0',
  },
  listItem: { children: LIST_ITEM_CHILDREN, minChildren: 1, first: set('paragraph', 'codeBlock') },
  blockquote: {
    children: set('paragraph', 'bulletList', 'orderedList', 'codeBlock'),
    minChildren: 1,
  },
  codeBlock: {
    children: set('text'),
    attrs: (a) =>
      a?.language === undefined || typeof a.language === 'string'
        ? undefined
        : 'language must be a string',
  },
  rule: {},
  hardBreak: {},
  table: { children: set('tableRow'), minChildren: 1 },
  tableRow: { children: set('tableHeader', 'tableCell'), minChildren: 1 },
  tableHeader: { children: CELL_CHILDREN, minChildren: 1 },
  tableCell: { children: CELL_CHILDREN, minChildren: 1 },
  taskList: {
    children: set('taskItem', 'taskList'),
    minChildren: 1,
    first: set('taskItem'),
    attrs: localIdCheck,
  },
  taskItem: {
    children: INLINE,
    attrs: (a) =>
      localIdCheck(a) ??
      (a?.state === 'TODO' || a?.state === 'DONE' ? undefined : 'state must be TODO or DONE'),
  },
};

function localIdCheck(a: Record<string, unknown> | undefined): string | undefined {
  return typeof a?.localId === 'string' && a.localId !== ''
    ? undefined
    : 'localId must be a non-empty string';
}

/** Returns every problem of `doc`; an empty list means valid. */
export function validateAdf(doc: unknown): AdfProblem[] {
  const problems: AdfProblem[] = [];
  if (!isObject(doc) || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) {
    return [{ path: '', message: 'root must be {"version":1,"type":"doc","content":[...]}' }];
  }
  const ids = new Set<string>();
  checkNode(doc, '', '', problems, ids);
  return problems;
}

/** True when `validateAdf` finds nothing. */
export function isValidAdf(doc: unknown): boolean {
  return validateAdf(doc).length === 0;
}

function checkNode(
  node: unknown,
  path: string,
  parent: string,
  problems: AdfProblem[],
  ids: Set<string>,
): void {
  const at = (message: string) => problems.push({ path, message });
  if (!isObject(node) || typeof node.type !== 'string') {
    at('node must be an object with a type');
    return;
  }
  const rule = node.type === 'doc' && parent !== '' ? undefined : RULES[node.type];
  if (node.type === 'text') {
    checkText(node, parent, at);
    return;
  }
  if (!rule) {
    at(`unexpected node type ${node.type}`);
    return;
  }

  const allowedKeys =
    node.type === 'doc' ? ['type', 'version', 'content'] : ['type', 'attrs', 'content'];
  for (const key of Object.keys(node)) if (!allowedKeys.includes(key)) at(`unexpected key ${key}`);
  const attrs = isObject(node.attrs) ? node.attrs : undefined;
  const attrProblem = rule.attrs?.(attrs);
  if (attrProblem) at(attrProblem);
  if (!rule.attrs && node.attrs !== undefined) at(`${node.type} takes no attrs`);
  if (typeof attrs?.localId === 'string' && attrs.localId !== '') {
    if (ids.has(attrs.localId)) at(`duplicate localId ${attrs.localId}`);
    ids.add(attrs.localId);
  }

  if (node.content === undefined) {
    if ((rule.minChildren ?? 0) > 0) at(`${node.type} needs content`);
    return;
  }
  if (!rule.children || !Array.isArray(node.content)) {
    at(`${node.type} takes no content`);
    return;
  }
  if (node.content.length < (rule.minChildren ?? 0))
    at(`${node.type} needs at least ${rule.minChildren} child`);
  node.content.forEach((child, i) => {
    const childPath = `${path}${path ? '.' : ''}content[${i}]`;
    const type = isObject(child) ? child.type : undefined;
    if (typeof type === 'string' && !rule.children?.has(type)) {
      problems.push({ path: childPath, message: `${type} is not allowed in ${node.type}` });
    } else if (i === 0 && rule.first && typeof type === 'string' && !rule.first.has(type)) {
      problems.push({
        path: childPath,
        message: `${node.type} must start with ${[...rule.first].join(' or ')}`,
      });
    }
    checkNode(child, childPath, String(node.type), problems, ids);
  });
}

function checkText(node: Record<string, unknown>, parent: string, at: (m: string) => void): void {
  for (const key of Object.keys(node))
    if (!['type', 'text', 'marks'].includes(key)) at(`unexpected key ${key}`);
  if (typeof node.text !== 'string' || node.text.length === 0)
    at('text must be a non-empty string');
  if (node.marks === undefined) return;
  if (!Array.isArray(node.marks)) {
    at('marks must be an array');
    return;
  }
  if (parent === 'codeBlock' && node.marks.length > 0) at('text in codeBlock takes no marks');
  const seen = new Set<string>();
  for (const mark of node.marks) {
    if (!isObject(mark) || typeof mark.type !== 'string' || !MARKS.has(mark.type)) {
      at(`unexpected mark ${JSON.stringify(mark)}`);
      continue;
    }
    if (seen.has(mark.type)) at(`duplicate mark ${mark.type}`);
    seen.add(mark.type);
    if (mark.type === 'link') {
      const href = isObject(mark.attrs) ? mark.attrs.href : undefined;
      if (typeof href !== 'string' || href === '') at('link needs attrs.href');
    } else if (mark.attrs !== undefined) {
      at(`mark ${mark.type} takes no attrs`);
    }
  }
  if (seen.has('code') && [...seen].some((t) => t !== 'code' && t !== 'link')) {
    at('code mark combines only with link');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
