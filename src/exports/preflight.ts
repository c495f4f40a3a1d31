/**
 * Preflight: a dry run against the live project that writes nothing. It reads the project,
 * the account's permissions, issue types, create screens, link types, priorities, the existing
 * issues named in `dependsOn` and the assignable users, compares the plan with what earlier
 * exports created, and reports per item what will be created, updated or left unchanged, with
 * blocking errors and warnings in the words the web app and the CLI share.
 */
import type { Kysely } from 'kysely';
import { catalogue } from '../errors/index.ts';
import type { JiraClient } from '../jira/client.ts';
import type { JiraAccount, JiraProject } from '../jira/types.ts';
import { flattenItems } from '../plan/graph.ts';
import type { ItemType, Plan, PlanItem } from '../plan/model.ts';
import type { Database } from '../store/schema.ts';
import { type DesiredFields, desiredFields, fingerprint } from './fields.ts';
import { previousIssues, previousLinks } from './ledger.ts';
import { mapPlanToIssueTypes, type TypeOverrides } from './mapping.ts';
import {
  findBlocksType,
  readProject,
  readScreens,
  readSitePriorities,
  resolveAssignees,
  resolveExternalKeys,
} from './preflight-reads.ts';
import type { ExportProblem } from './problems.ts';
import type { CreateScreen } from './screen.ts';

/** Where an export goes. */
export interface ExportTarget {
  workspaceId: string;
  cloudId: string;
  projectKey: string;
}

/** Choices the user makes per export. */
export interface ExportOptions {
  typeOverrides?: TypeOverrides;
  /** Plan assignee (or `item:<id>` for one item) -> Jira account id, or null for unassigned. */
  assignees?: Record<string, string | null>;
}

/** One item's plan. */
export interface PlannedItem {
  itemId: string;
  title: string;
  planType: ItemType;
  issueTypeName: string;
  hierarchyLevel: number;
  action: 'create' | 'update' | 'unchanged';
  /** Set when an earlier export created the issue. */
  jiraId?: string;
  jiraKey?: string;
  fields: DesiredFields;
  fingerprint: string;
  /** The fields an update will send. */
  changed: string[];
  /** The plan marks it done and Jira has not been moved to a done status by Projan yet. */
  needsDoneTransition: boolean;
  /** An item-level error keeps it (and its children) from being sent. */
  blocked: boolean;
}

/** One dependency: `blocker` blocks `blocked` ("blocked depends on blocker"). */
export interface PlannedLink {
  blockedItemId: string;
  /** A plan item, or an existing Jira issue named by key in `dependsOn`. */
  blocker: { itemId: string } | { key: string; jiraId: string };
  /** Already created by an earlier export. */
  exists: boolean;
}

/** The preflight report, shown by the web app and the CLI, and the input of the run. */
export interface PreflightReport {
  exportable: boolean;
  project: { id: string; key: string; name: string; style: 'classic' | 'next-gen' | undefined };
  account: { accountId: string; displayName: string };
  linkTypeName: string | undefined;
  /** Issue type id -> whether links can ride in the create request. */
  linksInCreate: Record<string, boolean>;
  items: PlannedItem[];
  links: PlannedLink[];
  problems: ExportProblem[];
  counts: { create: number; update: number; unchanged: number; links: number; transitions: number };
}

const NEEDED_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'LINK_ISSUES',
  'ASSIGN_ISSUES',
  'TRANSITION_ISSUES',
] as const;
const PERMISSION_NAMES: Record<(typeof NEEDED_PERMISSIONS)[number], string> = {
  BROWSE_PROJECTS: 'Browse Projects',
  CREATE_ISSUES: 'Create Issues',
  EDIT_ISSUES: 'Edit Issues',
  LINK_ISSUES: 'Link Issues',
  ASSIGN_ISSUES: 'Assign Issues',
  TRANSITION_ISSUES: 'Transition Issues',
};

/**
 * Runs the preflight. Throws `JiraApiError` for failures that are not about the plan
 * (Atlassian unavailable, token rejected); everything about the plan and the project is a
 * problem in the report.
 */
export async function preflight(input: {
  plan: Plan;
  target: ExportTarget;
  options: ExportOptions;
  client: JiraClient;
  db: Kysely<Database>;
}): Promise<PreflightReport> {
  const { plan, target, options, client, db } = input;
  const problems: ExportProblem[] = [];
  // Independent reads go out together: the preflight's wall time is its rounds of reads.
  const [account, project] = await Promise.all([
    client.myself(),
    readProject(client, target.projectKey),
  ]);
  const accountName = account.displayName
    ? `${account.displayName} (${account.accountId})`
    : account.accountId;

  if (!project) {
    return emptyReport(target, account, [
      {
        severity: 'error',
        code: 'project_not_found',
        message: `Project ${target.projectKey} does not exist, or the connected Jira account ${accountName} cannot see it. Check the key and that the account has the Browse Projects permission.`,
        itemIds: [],
      },
    ]);
  }

  const [permissions, issueTypes] = await Promise.all([
    client.myPermissions(project.key, NEEDED_PERMISSIONS),
    client.getIssueTypesForProject(project.id),
  ]);
  const flat = flattenItems(plan);
  const dependencyCount = flat.reduce((sum, entry) => sum + entry.item.dependsOn.length, 0);
  for (const permission of ['BROWSE_PROJECTS', 'CREATE_ISSUES'] as const) {
    if (!permissions[permission])
      problems.push(permissionProblem(permission, accountName, project.key, 'error'));
  }
  if (!permissions.LINK_ISSUES && dependencyCount > 0) {
    problems.push(permissionProblem('LINK_ISSUES', accountName, project.key, 'error'));
  }
  if (!permissions.ASSIGN_ISSUES)
    problems.push(permissionProblem('ASSIGN_ISSUES', accountName, project.key, 'warning'));
  if (!permissions.TRANSITION_ISSUES)
    problems.push(permissionProblem('TRANSITION_ISSUES', accountName, project.key, 'warning'));
  if (problems.some((problem) => problem.severity === 'error')) {
    return emptyReport(target, account, problems, project);
  }

  const mapping = mapPlanToIssueTypes(plan, issueTypes, options.typeOverrides);
  problems.push(...mapping.problems);
  if (mapping.problems.some((problem) => problem.severity === 'error')) {
    return emptyReport(target, account, problems, project);
  }

  const linkProblems: ExportProblem[] = [];
  const keyProblems: ExportProblem[] = [];
  const assigneeProblems: ExportProblem[] = [];
  const [screens, linkTypeName, externalIds, assignees] = await Promise.all([
    readScreens(client, project.key, mapping),
    dependencyCount > 0 ? findBlocksType(client, linkProblems) : undefined,
    resolveExternalKeys(client, flat, keyProblems),
    resolveAssignees(client, project.key, flat, options, assigneeProblems),
  ]);
  problems.push(...linkProblems, ...keyProblems, ...assigneeProblems);
  const sitePriorities = await readSitePriorities(client, screens);
  reportScreenGaps(flat, mapping, screens, problems);

  const previous = await previousIssues(db, { ...target, projectId: project.id, planId: plan.id });
  reportRemovedItems(flat, previous, problems);
  const items: PlannedItem[] = [];
  for (const { item } of flat) {
    const mapped = mapping.items.get(item.id);
    if (!mapped) continue;
    const screen = screens.get(mapped.issueType.id);
    if (!screen) continue;
    const itemProblems: ExportProblem[] = [];
    const fields = desiredFields(
      item,
      { mapped, screen, sitePriorities, assigneeAccountId: assignees.get(item.id) },
      itemProblems,
    );
    problems.push(...itemProblems);
    items.push(
      planItem(item, mapped.issueType, fields, previous.get(item.id), itemProblems, problems),
    );
  }
  // Items named by an error (a required field the plan cannot fill) are not sent.
  const erroneous = new Set(
    problems
      .filter((problem) => problem.severity === 'error')
      .flatMap((problem) => problem.itemIds),
  );
  for (const item of items) if (erroneous.has(item.itemId)) item.blocked = true;
  blockDescendants(items, mapping.items);

  const existing = await previousLinks(db, { ...target, projectId: project.id, planId: plan.id });
  const links = planLinks(flat, items, externalIds, existing);
  if (!permissions.EDIT_ISSUES && items.some((item) => item.action === 'update')) {
    problems.push(permissionProblem('EDIT_ISSUES', accountName, project.key, 'error'));
  }

  const linksInCreate = Object.fromEntries(
    [...screens].map(([id, screen]) => [id, screen.acceptsLinks]),
  );
  return {
    exportable: !problems.some(
      (problem) => problem.severity === 'error' && problem.itemIds.length === 0,
    ),
    project: { id: project.id, key: project.key, name: project.name, style: project.style },
    account: {
      accountId: account.accountId,
      displayName: account.displayName ?? account.accountId,
    },
    linkTypeName,
    linksInCreate,
    items,
    links,
    problems,
    counts: {
      create: items.filter((item) => item.action === 'create' && !item.blocked).length,
      update: items.filter((item) => item.action === 'update' && !item.blocked).length,
      unchanged: items.filter((item) => item.action === 'unchanged').length,
      links: links.filter((link) => !link.exists).length,
      transitions: items.filter((item) => item.needsDoneTransition && !item.blocked).length,
    },
  };
}

function planItem(
  item: PlanItem,
  issueType: { name: string; hierarchyLevel: number },
  fields: DesiredFields,
  previous:
    | {
        jiraId: string;
        jiraKey: string;
        fingerprint: string;
        fields: DesiredFields;
        doneTransitioned: boolean;
      }
    | undefined,
  itemProblems: readonly ExportProblem[],
  problems: ExportProblem[],
): PlannedItem {
  const print = fingerprint(fields);
  const blocked = itemProblems.some((problem) => problem.severity === 'error');
  const base = {
    itemId: item.id,
    title: item.title,
    planType: item.type,
    issueTypeName: issueType.name,
    hierarchyLevel: issueType.hierarchyLevel,
    fields,
    fingerprint: print,
    blocked,
  };
  if (!previous) {
    return { ...base, action: 'create', changed: [], needsDoneTransition: item.status === 'done' };
  }
  const changed = previous.fingerprint === print ? [] : changedFieldNames(previous.fields, fields);
  if (changed.includes('issueTypeId')) {
    problems.push({
      severity: 'warning',
      code: 'issue_type_changed',
      message: `Item "${item.id}" now maps to ${issueType.name}, but ${previous.jiraKey} keeps its issue type: Jira changes issue types only by moving issues, which Projan does not do. Move it in Jira if needed.`,
      itemIds: [item.id],
    });
  }
  const sendable = changed.filter((key) => key !== 'issueTypeId');
  return {
    ...base,
    action: sendable.length > 0 ? 'update' : 'unchanged',
    jiraId: previous.jiraId,
    jiraKey: previous.jiraKey,
    changed: sendable,
    needsDoneTransition: item.status === 'done' && !previous.doneTransitioned,
  };
}

function changedFieldNames(previous: DesiredFields, next: DesiredFields): string[] {
  const names: string[] = [];
  for (const key of Object.keys(next) as (keyof DesiredFields)[]) {
    if (JSON.stringify(previous[key] ?? null) !== JSON.stringify(next[key] ?? null))
      names.push(key);
  }
  return names;
}

function blockDescendants(
  items: PlannedItem[],
  mapped: Map<string, { parentItemId: string | undefined }>,
): void {
  const byId = new Map(items.map((item) => [item.itemId, item]));
  for (const item of items) {
    let parent = mapped.get(item.itemId)?.parentItemId;
    while (parent !== undefined && !item.blocked) {
      if (byId.get(parent)?.blocked) item.blocked = true;
      parent = mapped.get(parent)?.parentItemId;
    }
  }
}

function planLinks(
  flat: ReturnType<typeof flattenItems>,
  items: readonly PlannedItem[],
  externalIds: Map<string, string>,
  existing: Set<string>,
): PlannedLink[] {
  const byId = new Map(items.map((item) => [item.itemId, item]));
  const links: PlannedLink[] = [];
  for (const { item } of flat) {
    const blocked = byId.get(item.id);
    if (!blocked) continue;
    for (const dependency of item.dependsOn) {
      const external = externalIds.get(dependency);
      if (external) {
        links.push({
          blockedItemId: item.id,
          blocker: { key: dependency, jiraId: external },
          exists: blocked.jiraId !== undefined && existing.has(`${external}>${blocked.jiraId}`),
        });
        continue;
      }
      const blocker = byId.get(dependency);
      if (!blocker) continue;
      const exists =
        blocker.jiraId !== undefined &&
        blocked.jiraId !== undefined &&
        existing.has(`${blocker.jiraId}>${blocked.jiraId}`);
      links.push({ blockedItemId: item.id, blocker: { itemId: dependency }, exists });
    }
  }
  return links;
}

function reportScreenGaps(
  flat: ReturnType<typeof flattenItems>,
  mapping: ReturnType<typeof mapPlanToIssueTypes>,
  screens: Map<string, CreateScreen>,
  problems: ExportProblem[],
): void {
  const gaps = new Map<
    string,
    { message: string; itemIds: string[]; severity: 'error' | 'warning'; code: string }
  >();
  const note = (
    key: string,
    severity: 'error' | 'warning',
    code: string,
    message: string,
    itemId: string,
  ) => {
    const gap = gaps.get(key) ?? { message, itemIds: [], severity, code };
    gap.itemIds.push(itemId);
    gaps.set(key, gap);
  };
  for (const { item } of flat) {
    const mapped = mapping.items.get(item.id);
    const screen = mapped && screens.get(mapped.issueType.id);
    if (!screen) continue;
    const type = screen.issueTypeName;
    for (const [fieldId, name] of screen.unfillableRequired) {
      note(
        `required:${screen.issueTypeId}:${fieldId}`,
        'error',
        'required_field',
        `The ${type} create screen requires "${name}" (${fieldId}), which the plan cannot fill. Ask a project admin to make it optional or give it a default value, or map these items to another issue type.`,
        item.id,
      );
    }
    if (item.estimate?.points !== undefined && !screen.storyPointsFieldId) {
      note(
        `points:${screen.issueTypeId}`,
        'warning',
        'field_not_on_screen',
        `The ${type} create screen has no story point field; story points will not be set.`,
        item.id,
      );
    }
    if (item.dueDate && !screen.fieldIds.has('duedate')) {
      note(
        `due:${screen.issueTypeId}`,
        'warning',
        'field_not_on_screen',
        `The ${type} create screen has no Due date field; due dates will not be set.`,
        item.id,
      );
    }
    if ((item.labels?.length ?? 0) > 0 && !screen.fieldIds.has('labels')) {
      note(
        `labels:${screen.issueTypeId}`,
        'warning',
        'field_not_on_screen',
        `The ${type} create screen has no Labels field; labels will not be set.`,
        item.id,
      );
    }
    if (item.assignee && !screen.fieldIds.has('assignee')) {
      note(
        `assignee:${screen.issueTypeId}`,
        'warning',
        'field_not_on_screen',
        `The ${type} create screen has no Assignee field; items will be left unassigned.`,
        item.id,
      );
    }
  }
  for (const gap of gaps.values()) {
    problems.push({
      severity: gap.severity,
      code: gap.code,
      message: gap.message,
      itemIds: gap.itemIds,
    });
  }
}

/** Items exported before but gone from the plan: reported, never deleted in Jira. */
function reportRemovedItems(
  flat: ReturnType<typeof flattenItems>,
  previous: Map<string, { jiraKey: string }>,
  problems: ExportProblem[],
): void {
  const inPlan = new Set(flat.map((entry) => entry.item.id));
  const removed = [...previous].filter(([itemId]) => !inPlan.has(itemId));
  if (removed.length === 0) return;
  const keys = removed.map(([, issue]) => issue.jiraKey);
  problems.push({
    severity: 'warning',
    code: 'removed_from_plan',
    message: `${removed.length} item(s) exported before are no longer in the plan: ${keys.join(', ')}. Projan never deletes Jira issues; close or delete them in Jira if they are not needed.`,
    itemIds: removed.map(([itemId]) => itemId),
  });
}

function permissionProblem(
  permission: keyof typeof PERMISSION_NAMES,
  account: string,
  project: string,
  severity: 'error' | 'warning',
): ExportProblem {
  const name = PERMISSION_NAMES[permission];
  const params = { permission: name, account, project };
  const consequence =
    severity === 'warning'
      ? permission === 'ASSIGN_ISSUES'
        ? ' Items will be left unassigned.'
        : ' Items marked done will stay in their first status.'
      : '';
  return {
    severity,
    code: 'permission_denied',
    message: `${catalogue.permission_denied.message(params)}${consequence} ${catalogue.permission_denied.guidance(params).join(' ')}`,
    itemIds: [],
  };
}

function emptyReport(
  target: ExportTarget,
  account: JiraAccount,
  problems: ExportProblem[],
  project?: JiraProject,
): PreflightReport {
  return {
    exportable: false,
    project: {
      id: project?.id ?? '',
      key: project?.key ?? target.projectKey,
      name: project?.name ?? target.projectKey,
      style: project?.style,
    },
    account: {
      accountId: account.accountId,
      displayName: account.displayName ?? account.accountId,
    },
    linkTypeName: undefined,
    linksInCreate: {},
    items: [],
    links: [],
    problems,
    counts: { create: 0, update: 0, unchanged: 0, links: 0, transitions: 0 },
  };
}
