/**
 * The preflight's reads of the live project, split from `preflight.ts`: the project, create
 * screens, priorities, the Blocks link type, existing issues named in `dependsOn`, and assignable
 * users for the plan's assignees and the user's choices. Each returns what the preflight needs
 * and records its findings as problems; none writes to Jira.
 */
import type { JiraClient } from '../jira/client.ts';
import { isJiraApiError } from '../jira/errors.ts';
import type { JiraAccount, JiraProject } from '../jira/types.ts';
import type { flattenItems } from '../plan/graph.ts';
import type { PlanItem } from '../plan/model.ts';
import { JIRA_KEY_PATTERN } from '../plan/model.ts';
import type { mapPlanToIssueTypes } from './mapping.ts';
import type { ExportOptions } from './preflight.ts';
import type { ExportProblem } from './problems.ts';
import { type CreateScreen, readCreateScreen } from './screen.ts';

/** The project, or undefined when it does not exist or the account cannot see it. */
export async function readProject(
  client: JiraClient,
  key: string,
): Promise<JiraProject | undefined> {
  try {
    return await client.getProject(key);
  } catch (error) {
    if (isJiraApiError(error, 'not_found')) return undefined;
    throw error;
  }
}

export async function readScreens(
  client: JiraClient,
  projectKey: string,
  mapping: ReturnType<typeof mapPlanToIssueTypes>,
): Promise<Map<string, CreateScreen>> {
  const types = new Map<string, string>();
  for (const mapped of mapping.items.values())
    types.set(mapped.issueType.id, mapped.issueType.name);
  const screens = new Map<string, CreateScreen>();
  const read = await Promise.all(
    [...types].map(async ([id, name]) =>
      readCreateScreen(id, name, await client.getCreateMetaFields(projectKey, id)),
    ),
  );
  for (const screen of read) screens.set(screen.issueTypeId, screen);
  return screens;
}

export async function readSitePriorities(
  client: JiraClient,
  screens: Map<string, CreateScreen>,
): Promise<Map<string, string>> {
  const needed = [...screens.values()].some(
    (screen) => screen.fieldIds.has('priority') && screen.priorities.size === 0,
  );
  if (!needed) return new Map();
  const priorities = await client.getPriorities();
  return new Map(priorities.map((priority) => [priority.name.toLowerCase(), priority.id]));
}

export async function findBlocksType(
  client: JiraClient,
  problems: ExportProblem[],
): Promise<string | undefined> {
  try {
    const types = await client.getIssueLinkTypes();
    const blocks = types.find((type) => type.name.toLowerCase() === 'blocks');
    if (blocks) return blocks.name;
    problems.push({
      severity: 'error',
      code: 'no_blocks_link_type',
      message:
        'The Jira site has no "Blocks" issue link type, which Projan uses for dependencies. Ask a Jira administrator to restore it under Settings > Issues > Issue linking.',
      itemIds: [],
    });
  } catch (error) {
    if (!isJiraApiError(error, 'not_found')) throw error;
    problems.push({
      severity: 'error',
      code: 'issue_linking_disabled',
      message:
        'Issue linking is turned off on this Jira site, so dependencies cannot be exported. Ask a Jira administrator to turn it on under Settings > Issues > Issue linking.',
      itemIds: [],
    });
  }
  return undefined;
}

export async function resolveExternalKeys(
  client: JiraClient,
  flat: ReturnType<typeof flattenItems>,
  problems: ExportProblem[],
): Promise<Map<string, string>> {
  const planIds = new Set(flat.map((entry) => entry.item.id));
  const keys = new Set<string>();
  for (const { item } of flat) {
    for (const dependency of item.dependsOn) {
      if (!planIds.has(dependency) && JIRA_KEY_PATTERN.test(dependency)) keys.add(dependency);
    }
  }
  if (keys.size === 0) return new Map();
  const { issues } = await client.bulkFetch([...keys], { fields: ['summary'] });
  const found = new Map(issues.map((issue) => [issue.key, issue.id]));
  for (const key of keys) {
    if (found.has(key)) continue;
    const dependents = flat
      .filter((entry) => entry.item.dependsOn.includes(key))
      .map((entry) => entry.item.id);
    problems.push({
      severity: 'warning',
      code: 'unknown_dependency',
      message: `The plan depends on ${key}, which does not exist or which the connected Jira account cannot see; the link will not be created.`,
      itemIds: dependents,
    });
  }
  return found;
}

export async function resolveAssignees(
  client: JiraClient,
  projectKey: string,
  flat: ReturnType<typeof flattenItems>,
  options: ExportOptions,
  problems: ExportProblem[],
): Promise<Map<string, string>> {
  const chosen = await validChoices(client, projectKey, flat, options.assignees ?? {}, problems);
  const needsLookup = (item: PlanItem): item is PlanItem & { assignee: string } =>
    chosen[`item:${item.id}`] === undefined &&
    item.assignee !== undefined &&
    chosen[item.assignee] === undefined;
  const names = [
    ...new Set(
      flat
        .map((entry) => entry.item)
        .filter(needsLookup)
        .map((item) => item.assignee),
    ),
  ];
  const found = await Promise.all(names.map((name) => findAssignee(client, projectKey, name)));
  const byName = new Map(names.map((name, index) => [name, found[index]]));

  const result = new Map<string, string>();
  for (const { item } of flat) {
    const perItem = chosen[`item:${item.id}`];
    // A choice made for one item wins, even "unassigned" (null).
    const accountId =
      perItem !== undefined
        ? perItem
        : item.assignee === undefined
          ? undefined
          : (chosen[item.assignee] ?? byName.get(item.assignee));
    if (accountId) result.set(item.id, accountId);
  }
  for (const [name, accountId] of byName) {
    if (accountId) continue;
    const itemIds = flat
      .map((entry) => entry.item)
      .filter((item) => needsLookup(item) && item.assignee === name)
      .map((item) => item.id);
    problems.push({
      severity: 'warning',
      code: 'assignee_not_found',
      message: `No assignable user in the project matches "${name}"; ${itemIds.length} item(s) will be left unassigned. Choose a Jira user for them before exporting, or leave them unassigned.`,
      itemIds,
    });
  }
  return result;
}

/**
 * The user's assignee choices without the accounts the project cannot assign (unknown,
 * inactive, or without the Assignable User permission): Jira would refuse every create naming
 * them. A dropped choice falls back to what the plan says, and is reported with the items it
 * concerned. Each distinct account is checked once, all at once.
 */
export async function validChoices(
  client: JiraClient,
  projectKey: string,
  flat: ReturnType<typeof flattenItems>,
  given: Readonly<Record<string, string | null>>,
  problems: ExportProblem[],
): Promise<Record<string, string | null>> {
  const accountIds = [
    ...new Set(Object.values(given).filter((id): id is string => typeof id === 'string')),
  ];
  const assignable = await Promise.all(
    accountIds.map((accountId) => isAssignable(client, projectKey, accountId)),
  );
  const refused = new Set(accountIds.filter((_, index) => !assignable[index]));
  if (refused.size === 0) return { ...given };

  const chosen: Record<string, string | null> = {};
  for (const [key, accountId] of Object.entries(given)) {
    if (accountId === null || !refused.has(accountId)) chosen[key] = accountId;
  }
  for (const [key, accountId] of Object.entries(given)) {
    if (accountId === null || !refused.has(accountId)) continue;
    const itemIds = key.startsWith('item:')
      ? flat.filter((entry) => `item:${entry.item.id}` === key).map((entry) => entry.item.id)
      : flat
          .filter(
            (entry) => entry.item.assignee === key && chosen[`item:${entry.item.id}`] === undefined,
          )
          .map((entry) => entry.item.id);
    // A remembered choice for something no longer in the plan changes nothing.
    if (itemIds.length === 0) continue;
    const what = key.startsWith('item:')
      ? `item "${key.slice('item:'.length)}"`
      : `plan assignee "${key}"`;
    problems.push({
      severity: 'warning',
      code: 'assignee_choice_invalid',
      message: `The Jira account ${accountId} chosen for ${what} cannot be assigned issues in project ${projectKey} (it does not exist, is inactive, or lacks the Assignable User permission). The choice is ignored for ${itemIds.length} item(s): they get the plan's assignee when Jira knows them, otherwise they stay unassigned. Choose another Jira user for them, or leave them unassigned.`,
      itemIds,
    });
  }
  return chosen;
}

export async function isAssignable(
  client: JiraClient,
  projectKey: string,
  accountId: string,
): Promise<boolean> {
  try {
    // One page as wide as Jira's whole user window: the accountId filter applies after the
    // window is cut, so a narrow page could come back empty for an assignable account.
    const users = await client.findAssignableUsers(projectKey, { accountId }, 1000);
    return users.some((user) => user.accountId === accountId);
  } catch (error) {
    // Jira answers 400 to an account id it cannot parse (too long, say).
    if (isJiraApiError(error, 'bad_request')) return false;
    throw error;
  }
}

export async function findAssignee(
  client: JiraClient,
  projectKey: string,
  wanted: string,
): Promise<string | undefined> {
  const users = await client.findAssignableUsers(projectKey, wanted);
  const lower = wanted.toLowerCase();
  const exact = users.filter(
    (user: JiraAccount) =>
      user.emailAddress?.toLowerCase() === lower || user.displayName?.toLowerCase() === lower,
  );
  // Only an unambiguous match: two "Alex"es must not be guessed between.
  return exact.length === 1 ? exact[0]?.accountId : undefined;
}
