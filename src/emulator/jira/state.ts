import type { AccountFixture } from '../contract.ts';
import { textToAdf } from './adf.ts';
import { FixtureError } from './fixture-error.ts';
import type {
  IssueTypeFixture,
  JiraSiteFixture,
  ProjectFixture,
  ProjectPermission,
  WorkflowFixture,
} from './fixture-types.ts';

/** An issue as the emulator stores it. Field values are kept in their REST input form. */
export interface Issue {
  id: string;
  key: string;
  projectId: string;
  typeId: string;
  statusId: string;
  parentId: string | undefined;
  /** summary, description, labels, priority (id), assignee (account id), customs. */
  fields: Record<string, unknown>;
  properties: Map<string, unknown>;
  creatorId: string;
  reporterId: string;
  created: number;
  updated: number;
}

/** A stored link: `inwardId` is the blocker in "Blocks" (A blocks B = inward A, outward B). */
export interface Link {
  id: string;
  typeId: string;
  inwardId: string;
  outwardId: string;
}

/** The mutable content of one site, built from a deep copy of its fixture. */
export class SiteState {
  readonly fx: JiraSiteFixture;
  readonly accounts: AccountFixture[];
  /** Issues by id; write through `addIssue`/`removeIssue` so the key index stays right. */
  readonly issues: ReadonlyMap<string, Issue> = new Map<string, Issue>();
  private readonly byKey = new Map<string, string>();
  readonly links: Link[] = [];
  private nextId: number;
  private readonly keyCounters = new Map<string, number>();

  constructor(fixture: JiraSiteFixture, accounts: AccountFixture[]) {
    this.fx = structuredClone(fixture);
    this.accounts = structuredClone(accounts);
    this.nextId = fixture.firstId ?? 10000;
    for (const issue of this.fx.issues) this.loadIssue(issue);
    for (const link of this.fx.links ?? []) this.loadLink(link);
  }

  /** Hands out the next global numeric id. */
  newId(): string {
    const id = String(this.nextId);
    this.nextId += 1;
    return id;
  }

  /** Hands out the next key of a project: keys are sequential per project. */
  newKey(project: ProjectFixture): string {
    const n = (this.keyCounters.get(project.key) ?? 0) + 1;
    this.keyCounters.set(project.key, n);
    return `${project.key}-${n}`;
  }

  account(accountId: string): AccountFixture | undefined {
    return this.accounts.find((a) => a.accountId === accountId);
  }

  isAdmin(accountId: string): boolean {
    return this.fx.admins.includes(accountId);
  }

  has(project: ProjectFixture, accountId: string, permission: ProjectPermission): boolean {
    return project.permissions[accountId]?.includes(permission) ?? false;
  }

  /** "view" in Jira's sense: Browse projects, Administer projects, or Administer Jira. */
  canView(project: ProjectFixture, accountId: string): boolean {
    return (
      this.has(project, accountId, 'BROWSE_PROJECTS') ||
      this.has(project, accountId, 'ADMINISTER_PROJECTS') ||
      this.isAdmin(accountId)
    );
  }

  canBrowse(project: ProjectFixture, accountId: string): boolean {
    return this.has(project, accountId, 'BROWSE_PROJECTS');
  }

  /** Finds a project by id or key (keys are case-insensitive in Jira's resolvers). */
  project(idOrKey: string): ProjectFixture | undefined {
    const upper = idOrKey.toUpperCase();
    return this.fx.projects.find((p) => p.id === idOrKey || p.key === upper);
  }

  projectById(id: string): ProjectFixture {
    const project = this.fx.projects.find((p) => p.id === id);
    if (!project) throw new Error(`internal: project ${id} missing`);
    return project;
  }

  /** A project the caller may browse, or undefined (hidden and missing look the same). */
  visibleProject(idOrKey: string, accountId: string): ProjectFixture | undefined {
    const project = this.project(idOrKey);
    return project && this.canView(project, accountId) ? project : undefined;
  }

  issueType(id: string): IssueTypeFixture | undefined {
    return this.fx.issueTypes.find((t) => t.id === id);
  }

  /** Issue types of a project's scheme, in scheme order. */
  projectTypes(project: ProjectFixture): IssueTypeFixture[] {
    return project.issueTypes
      .map((id) => this.issueType(id))
      .filter((t): t is IssueTypeFixture => t !== undefined);
  }

  /** Finds an issue by id or key. */
  issue(idOrKey: string): Issue | undefined {
    const byId = this.issues.get(idOrKey);
    if (byId) return byId;
    const id = this.byKey.get(idOrKey.toUpperCase());
    return id === undefined ? undefined : this.issues.get(id);
  }

  /** Stores a new issue and indexes its key. */
  addIssue(issue: Issue): void {
    (this.issues as Map<string, Issue>).set(issue.id, issue);
    this.byKey.set(issue.key, issue.id);
  }

  /** Forgets an issue and its key. */
  removeIssue(id: string): void {
    const issue = this.issues.get(id);
    if (issue) this.byKey.delete(issue.key);
    (this.issues as Map<string, Issue>).delete(id);
  }

  /** An issue the caller may browse, or undefined. */
  visibleIssue(idOrKey: string, accountId: string): Issue | undefined {
    const issue = this.issue(idOrKey);
    if (!issue) return undefined;
    return this.canBrowse(this.projectById(issue.projectId), accountId) ? issue : undefined;
  }

  workflowFor(project: ProjectFixture, typeId: string): WorkflowFixture {
    const typeName = this.issueType(typeId)?.name ?? '';
    const name = project.workflows?.[typeName] ?? project.defaultWorkflow;
    const workflow = this.fx.workflows.find((w) => w.name === name);
    if (!workflow) throw new Error(`internal: workflow ${name} missing`);
    return workflow;
  }

  children(issueId: string): Issue[] {
    return [...this.issues.values()].filter((i) => i.parentId === issueId);
  }

  private loadIssue(fx: JiraSiteFixture['issues'][number]): void {
    const projectKey = fx.key.slice(0, fx.key.lastIndexOf('-'));
    const project = this.project(projectKey);
    if (!project)
      throw new FixtureError(`Invalid emulator fixture: issue ${fx.key}: no project ${projectKey}`);
    const type = this.projectTypes(project).find((t) => t.name === fx.type);
    if (!type)
      throw new FixtureError(
        `Invalid emulator fixture: issue ${fx.key}: no issue type '${fx.type}' in project`,
      );
    const workflow = this.workflowFor(project, type.id);
    const status = fx.status
      ? this.fx.statuses.find((s) => s.name === fx.status)?.id
      : workflow.initialStatus;
    if (!status)
      throw new FixtureError(
        `Invalid emulator fixture: issue ${fx.key}: unknown status '${fx.status}'`,
      );
    const parent = fx.parent ? this.issue(fx.parent) : undefined;
    if (fx.parent && !parent)
      throw new FixtureError(
        `Invalid emulator fixture: issue ${fx.key}: parent ${fx.parent} must come first`,
      );
    const priority = this.fx.priorities.find((p) => p.name === (fx.priority ?? 'Medium'));
    const created = Date.parse(fx.created);
    const fields: Record<string, unknown> = {
      summary: fx.summary,
      labels: fx.labels ?? [],
      ...(fx.description ? { description: textToAdf(fx.description) } : {}),
      ...(priority ? { priority: priority.id } : {}),
      ...(fx.assignee ? { assignee: fx.assignee } : {}),
      ...fx.fields,
    };
    const n = Number(fx.key.slice(fx.key.lastIndexOf('-') + 1));
    this.keyCounters.set(project.key, Math.max(this.keyCounters.get(project.key) ?? 0, n));
    const id = this.newId();
    this.addIssue({
      id,
      key: fx.key,
      projectId: project.id,
      typeId: type.id,
      statusId: status,
      parentId: parent?.id,
      fields,
      properties: new Map(Object.entries(fx.properties ?? {})),
      creatorId: fx.reporter,
      reporterId: fx.reporter,
      created,
      updated: created,
    });
  }

  private loadLink(fx: { type: string; inward: string; outward: string }): void {
    const type = this.fx.linkTypes.find((t) => t.name === fx.type);
    const inward = this.issue(fx.inward);
    const outward = this.issue(fx.outward);
    if (!type || !inward || !outward)
      throw new FixtureError(`Invalid emulator fixture: link ${fx.inward} -> ${fx.outward}`);
    this.links.push({
      id: this.newId(),
      typeId: type.id,
      inwardId: inward.id,
      outwardId: outward.id,
    });
  }
}
