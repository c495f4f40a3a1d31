import type { AccountFixture } from '../contract.ts';
import type { Ctx } from './context.ts';
import type {
  IssueTypeFixture,
  LinkTypeFixture,
  PriorityFixture,
  ProjectFixture,
  StatusFixture,
} from './fixture-types.ts';
import type { Issue } from './state.ts';

const CATEGORIES = {
  TODO: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  IN_PROGRESS: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  DONE: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

function avatars(seed: string): Record<string, string> {
  const url = `https://avatar.emulator.invalid/${encodeURIComponent(seed)}`;
  return { '16x16': url, '24x24': url, '32x32': url, '48x48': url };
}

/** A User as Jira returns it; the email is left out when the profile hides it. */
export function userJson(ctx: Ctx, account: AccountFixture): Record<string, unknown> {
  const showEmail = account.emailVisible !== false || account.accountId === ctx.me;
  return {
    self: `${ctx.api}/user?accountId=${encodeURIComponent(account.accountId)}`,
    accountId: account.accountId,
    accountType: 'atlassian',
    ...(showEmail ? { emailAddress: account.email } : {}),
    avatarUrls: avatars(account.accountId),
    displayName: account.displayName,
    active: account.active !== false,
    timeZone: account.timeZone ?? 'UTC',
  };
}

/** A user by id, or null when the account is unknown. */
export function userById(ctx: Ctx, accountId: string | undefined): Record<string, unknown> | null {
  const account = accountId ? ctx.state.account(accountId) : undefined;
  return account ? userJson(ctx, account) : null;
}

/** A status category in its legacy REST form. */
export function categoryJson(ctx: Ctx, key: StatusFixture['category']): Record<string, unknown> {
  const c = CATEGORIES[key];
  return { self: `${ctx.api}/statuscategory/${c.id}`, ...c };
}

/** A StatusDetails object. */
export function statusJson(ctx: Ctx, status: StatusFixture): Record<string, unknown> {
  return {
    self: `${ctx.api}/status/${status.id}`,
    description: status.description ?? '',
    iconUrl: `${ctx.call.selfBase}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: categoryJson(ctx, status.category),
  };
}

/** A status by id (every issue's status exists in the fixture). */
export function statusById(ctx: Ctx, id: string): Record<string, unknown> {
  const status = ctx.state.fx.statuses.find((s) => s.id === id);
  return status ? statusJson(ctx, status) : { id };
}

/** An IssueTypeDetails object; team-managed types carry their project scope. */
export function issueTypeJson(ctx: Ctx, type: IssueTypeFixture): Record<string, unknown> {
  const project = type.projectKey ? ctx.state.project(type.projectKey) : undefined;
  return {
    self: `${ctx.api}/issuetype/${type.id}`,
    id: type.id,
    description: type.description ?? '',
    iconUrl: `${ctx.call.selfBase}/images/icons/issuetypes/${type.name.toLowerCase()}.png`,
    name: type.name,
    subtask: type.hierarchyLevel === -1,
    avatarId: 10300 + (Number(type.id) % 100),
    hierarchyLevel: type.hierarchyLevel,
    ...(project
      ? {
          entityId: `00000000-0000-4000-8000-0000000${type.id.padStart(5, '0')}`,
          scope: { type: 'PROJECT', project: { id: project.id } },
        }
      : {}),
  };
}

/** A priority as `GET /priority` and issue fields show it. */
export function priorityJson(ctx: Ctx, p: PriorityFixture): Record<string, unknown> {
  return {
    self: `${ctx.api}/priority/${p.id}`,
    iconUrl: `${ctx.call.selfBase}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
    name: p.name,
    id: p.id,
    statusColor: '#cccccc',
    description: `${p.name} priority.`,
    isDefault: p.isDefault === true,
  };
}

/** An issue link type. */
export function linkTypeJson(ctx: Ctx, t: LinkTypeFixture): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    inward: t.inward,
    outward: t.outward,
    self: `${ctx.api}/issueLinkType/${t.id}`,
  };
}

/** A project in the short form project/search and issue fields use. */
export function projectJson(ctx: Ctx, p: ProjectFixture): Record<string, unknown> {
  return {
    self: `${ctx.api}/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    avatarUrls: avatars(p.key),
    projectTypeKey: 'software',
    simplified: p.style === 'next-gen',
    style: p.style,
    isPrivate: false,
    properties: {},
  };
}

/** The `{id,key,self,fields{summary,status,priority,issuetype}}` form of parents and links. */
export function issueRef(ctx: Ctx, issue: Issue): Record<string, unknown> {
  const priority = ctx.state.fx.priorities.find((p) => p.id === issue.fields.priority);
  const type = ctx.state.issueType(issue.typeId);
  return {
    id: issue.id,
    key: issue.key,
    self: `${ctx.api}/issue/${issue.id}`,
    fields: {
      summary: issue.fields.summary,
      status: statusById(ctx, issue.statusId),
      ...(priority ? { priority: priorityJson(ctx, priority) } : {}),
      ...(type ? { issuetype: issueTypeJson(ctx, type) } : {}),
    },
  };
}
