/**
 * Executes an export run: preflight, then creates (parents before children, in bulk batches of
 * up to 50), reconciliation of uncertain creates, updates of changed issues, dependency links
 * and done transitions. Every outcome is recorded in the ledger as it happens, so a run that is
 * interrupted (crash, disconnect, rate-limit pause) resumes where it stopped without duplicates.
 */
// TODO: This file holds the executor's phases in one class (about 800 lines); each phase
// (creates with waves and reconciliation, updates, links, done transitions) belongs in its own
// file around a shared run context, and each batch's outcomes should be written in one
// transaction with one progress update instead of statement by statement.
import type { Kysely } from 'kysely';
import type { JiraClient } from '../jira/client.ts';
import { isJiraApiError, type JiraApiError } from '../jira/errors.ts';
import type { JiraClientEvent } from '../jira/options.ts';
import type { BulkCreateOutcome, NewIssue } from '../jira/types.ts';
import type { Plan } from '../plan/model.ts';
import type { Database } from '../store/schema.ts';
import { forEachLimited } from './concurrency.ts';
import type { DesiredFields } from './fields.ts';
import {
  type LedgerScope,
  recordDoneTransition,
  recordIssue,
  recordLink,
  setItemState,
} from './ledger.ts';
import {
  type ExportOptions,
  type PlannedItem,
  type PlannedLink,
  type PreflightReport,
  preflight,
} from './preflight.ts';
import type { ExportProblem } from './problems.ts';
import type { ProgressHub } from './progress.ts';
import { reconcileCreates } from './reconcile.ts';
import { ExportInterrupted, RunState } from './run-state.ts';
import {
  categoryOf,
  countState,
  ensureItemRows,
  finish,
  isFinished,
  isTransient,
  linkId,
  MAX_TRANSITION_STEPS,
  rejectionMessage,
  summarize,
} from './run-support.ts';

export { ExportInterrupted } from './run-state.ts';
export { pauseReason } from './run-support.ts';

/** The entity property every created issue carries: which plan, item and export made it. */
export const ITEM_PROPERTY_KEY = 'projan.item';
const BATCH_SIZE = 50;
const MAX_STALLED_ROUNDS = 3;
/** Independent writes in flight at once (links, transitions, bulk creates of one wave). */
const PARALLEL_WRITES = 6;
/** Bulk creates in flight at once: each carries up to 50 issues. */
const PARALLEL_CREATES = 3;

type IssueRef = { id: string; key: string };

/** Counts of a finished run, as stored in `exports.summary` and shown to people. */
export interface ExportSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  blocked: number;
  links: number;
  transitions: number;
  byType: Record<string, number>;
  requests: number;
  seconds: number;
  problems: ExportProblem[];
}

/** What a run needs. */
export interface RunDeps {
  db: Kysely<Database>;
  /** Builds the Jira client for the run's connection; `onEvent` feeds progress and counts. */
  createClient: (onEvent: (event: JiraClientEvent) => void) => JiraClient;
  hub?: ProgressHub;
  /** Aborts at the next safe point (disconnect, cancel, shutdown). */
  signal?: AbortSignal;
  now?: () => number;
  /** How long reconciliation waits for search to show uncertain creates (default 30 s). */
  reconcileWindowMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs (or resumes) export `exportId`. Returns the summary; throws `ExportInterrupted` when the
 * run stopped at a safe point and can resume, and `JiraApiError` for failures outside the plan
 * (Atlassian unavailable, access revoked).
 */
export async function runExport(exportId: string, deps: RunDeps): Promise<ExportSummary> {
  const now = deps.now ?? Date.now;
  const row = await deps.db
    .selectFrom('exports')
    .selectAll()
    .where('id', '=', exportId)
    .executeTakeFirstOrThrow();
  if (isFinished(row.state)) return JSON.parse(row.summary ?? 'null') as ExportSummary;

  const started = row.started_at ?? now();
  let requests = 0;
  const run = new RunState(exportId, deps, now);
  const client = deps.createClient((event) => {
    if (event.type === 'request') requests += 1;
    if (event.type === 'pause') run.pause(event.reason, event.untilMs);
  });
  await deps.db
    .updateTable('exports')
    .set({
      state: 'running',
      started_at: started,
      pause_reason: null,
      pause_until: null,
      updated_at: now(),
    })
    .where('id', '=', exportId)
    .execute();
  await run.phase('preflight');

  const plan = JSON.parse(row.plan) as Plan;
  const options = JSON.parse(row.options) as ExportOptions;
  const target = {
    workspaceId: row.workspace_id,
    cloudId: row.cloud_id,
    projectKey: row.project_key,
  };
  const report = await preflight({ plan, target, options, client, db: deps.db });
  if (!report.exportable) {
    return finish(
      run,
      row,
      'failed',
      summarize(report, [], 0, 0, requests, started, now),
      report.problems,
    );
  }

  const scope: LedgerScope = { ...target, projectId: report.project.id, planId: plan.id };
  await deps.db
    .updateTable('exports')
    .set({ project_id: report.project.id })
    .where('id', '=', exportId)
    .execute();
  await ensureItemRows(deps.db, exportId, report, now());
  run.total =
    report.counts.create + report.counts.update + report.counts.links + report.counts.transitions;

  const executor = new Executor(run, client, report, scope, plan, deps, started);
  await executor.createAll();
  await executor.updateAll();
  const links = await executor.linkAll();
  const transitions = await executor.transitionAll();
  const summary = summarize(report, executor.failures, links, transitions, requests, started, now);
  summary.created = await countState(deps.db, exportId, 'created');
  summary.failed = await countState(deps.db, exportId, 'failed');
  summary.blocked = await countState(deps.db, exportId, 'blocked');
  summary.updated = await countState(deps.db, exportId, 'updated');
  summary.unchanged = await countState(deps.db, exportId, 'unchanged');
  // Warnings (a done item its workflow cannot close) leave the run succeeded; failed writes do not.
  const failedWrites = executor.failures.filter((problem) => problem.severity === 'error').length;
  const state = summary.failed + summary.blocked + failedWrites > 0 ? 'partial' : 'succeeded';
  return finish(run, row, state, summary, [...report.problems, ...executor.failures]);
}

/** The write phases of one run. */
class Executor {
  readonly failures: ExportProblem[] = [];
  readonly #items: Map<string, PlannedItem>;
  /** Jira id and key of every item that has an issue (created now or before). */
  readonly #issues = new Map<string, { id: string; key: string }>();
  readonly #failedItems = new Set<string>();
  readonly #pendingWrites: Promise<void>[] = [];
  /** Planned links already in Jira (`linkId`). */
  readonly #linksDone = new Set<string>();
  /** Links sent inside an item's create request, recorded once the create is known to exist. */
  readonly #riding = new Map<string, PlannedLink[]>();
  /** Items whose issue this run created: they are still in their workflow's initial status. */
  readonly #createdNow = new Set<string>();
  /** Transitions from the initial status to Done, learned per issue type. */
  readonly #doneRoutes = new Map<string, string[]>();
  /** Set when Jira refused links inside a create: the rest go through `POST /issueLink`. */
  #noLinksInCreate = false;
  linksCreated = 0;

  constructor(
    readonly run: RunState,
    readonly client: JiraClient,
    readonly report: PreflightReport,
    readonly scope: LedgerScope,
    readonly plan: Plan,
    readonly deps: RunDeps,
    readonly startedAt: number,
  ) {
    this.#items = new Map(report.items.map((item) => [item.itemId, item]));
    for (const link of report.links) if (link.exists) this.#linksDone.add(linkId(link));
    for (const item of report.items) {
      if (item.jiraId && item.jiraKey)
        this.#issues.set(item.itemId, { id: item.jiraId, key: item.jiraKey });
    }
  }

  get db(): Kysely<Database> {
    return this.deps.db;
  }

  async createAll(): Promise<void> {
    await this.run.phase('creating');
    await this.#adoptEarlierCreates();
    let stalled = 0;
    for (;;) {
      const before = this.#issues.size + this.#failedItems.size;
      const uncertain = await this.#createPending();
      if (uncertain.length > 0) {
        await this.run.phase('reconciling');
        const stillMissing = await this.#reconcile(uncertain);
        await setItemState(this.db, this.run.exportId, stillMissing, 'pending', this.run.now());
        await this.run.phase('creating');
      }
      if (!this.report.items.some((item) => this.#stillToCreate(item))) return;
      // Children wait for parents whose create was uncertain; a round that neither created nor
      // found anything is a stall, and three in a row hand the run back to the queue.
      stalled = this.#issues.size + this.#failedItems.size > before ? 0 : stalled + 1;
      if (stalled >= MAX_STALLED_ROUNDS) {
        throw new ExportInterrupted(
          'Jira kept answering uncertainly while creating issues; the export will resume later.',
        );
      }
    }
  }

  #stillToCreate(item: PlannedItem): boolean {
    return (
      item.action === 'create' &&
      !item.blocked &&
      !this.#issues.has(item.itemId) &&
      !this.#failedItems.has(item.itemId)
    );
  }

  /** Items left `sending` by a run that died: find what Jira created before sending again. */
  async #adoptEarlierCreates(): Promise<void> {
    const rows = await this.db
      .selectFrom('export_items')
      .select(['item_id', 'state', 'jira_id', 'jira_key'])
      .where('export_id', '=', this.run.exportId)
      .execute();
    for (const row of rows) {
      if (row.state === 'created' && row.jira_id && row.jira_key)
        this.#issues.set(row.item_id, { id: row.jira_id, key: row.jira_key });
    }
    const sending = rows.filter((row) => row.state === 'sending').map((row) => row.item_id);
    if (sending.length === 0) return;
    const missing = await this.#reconcile(sending);
    await setItemState(this.db, this.run.exportId, missing, 'pending', this.run.now());
  }

  /** Sends every creatable item level by level; returns the items whose outcome is unknown. */
  async #createPending(): Promise<string[]> {
    const uncertain: string[] = [];
    const levels = [...new Set(this.report.items.map((item) => item.hierarchyLevel))].sort(
      (a, b) => b - a,
    );
    for (const level of levels) {
      const ready = this.report.items.filter(
        (item) => item.hierarchyLevel === level && this.#canCreate(item),
      );
      // Batches of one group do not refer to each other, so they go out together.
      for (const group of this.#batches(ready)) {
        this.run.checkAbort();
        await forEachLimited(group, PARALLEL_CREATES, async (batch) => {
          uncertain.push(...(await this.#createBatch(batch)));
        });
      }
    }
    await Promise.all(this.#pendingWrites.splice(0));
    return uncertain;
  }

  /**
   * Splits the items of one hierarchy level into create requests of at most 50. Jira cannot link
   * to an issue created in the same request, so when links can ride in creates, items go out in
   * waves: an item waits for the wave after its blockers'. Waves cost extra requests only when a
   * wave is short; they are used when they cost fewer requests than linking separately.
   */
  #batches(items: PlannedItem[]): PlannedItem[][][] {
    const chunk = (list: PlannedItem[]) => {
      const out: PlannedItem[][] = [];
      for (let start = 0; start < list.length; start += BATCH_SIZE) {
        out.push(list.slice(start, start + BATCH_SIZE));
      }
      return out;
    };
    const inSet = new Map(items.map((item) => [item.itemId, item]));
    const blockersOf = new Map<string, string[]>();
    for (const link of this.report.links) {
      if (!('itemId' in link.blocker) || this.#linksDone.has(linkId(link))) continue;
      if (!inSet.has(link.blocker.itemId) || !inSet.has(link.blockedItemId)) continue;
      const list = blockersOf.get(link.blockedItemId) ?? [];
      list.push(link.blocker.itemId);
      blockersOf.set(link.blockedItemId, list);
    }
    const ridable = items.some(
      (item) => this.report.linksInCreate[item.fields.issueTypeId] && !this.#noLinksInCreate,
    );
    const intraLinks = [...blockersOf.values()].reduce((sum, list) => sum + list.length, 0);
    if (!ridable || intraLinks === 0 || !this.report.linkTypeName) return [chunk(items)];

    const wave = new Map<string, number>();
    const waveOf = (itemId: string): number => {
      const known = wave.get(itemId);
      if (known !== undefined) return known;
      wave.set(itemId, 0); // plans are acyclic; this only guards the recursion
      const depth = Math.max(-1, ...(blockersOf.get(itemId) ?? []).map(waveOf)) + 1;
      wave.set(itemId, depth);
      return depth;
    };
    const waves: PlannedItem[][] = [];
    for (const item of items) {
      const index = waveOf(item.itemId);
      waves[index] = [...(waves[index] ?? []), item];
    }
    const waveGroups = waves.filter((list) => list !== undefined).map(chunk);
    const waveRequests = waveGroups.reduce((sum, group) => sum + group.length, 0);
    const flatBatches = chunk(items);
    return waveRequests <= flatBatches.length + intraLinks ? waveGroups : [flatBatches];
  }

  /**
   * Links that can ride in this item's create request: the screen has Linked Issues, and the
   * other end already exists. The new issue takes the other end of each link.
   */
  #ridingLinks(
    item: PlannedItem,
  ): { planned: PlannedLink; link: NonNullable<NewIssue['links']>[number] }[] {
    const typeName = this.report.linkTypeName;
    if (!typeName || this.#noLinksInCreate || !this.report.linksInCreate[item.fields.issueTypeId]) {
      return [];
    }
    const riding: { planned: PlannedLink; link: NonNullable<NewIssue['links']>[number] }[] = [];
    for (const planned of this.report.links) {
      if (this.#linksDone.has(linkId(planned))) continue;
      const blocker = this.#blockerIssue(planned);
      if (planned.blockedItemId === item.itemId && blocker) {
        riding.push({ planned, link: { typeName, inwardIssue: blocker.key } });
      } else if ('itemId' in planned.blocker && planned.blocker.itemId === item.itemId) {
        const blocked = this.#issues.get(planned.blockedItemId);
        if (blocked) riding.push({ planned, link: { typeName, outwardIssue: blocked.key } });
      }
    }
    return riding;
  }

  #blockerIssue(planned: PlannedLink): { id: string; key: string } | undefined {
    return 'itemId' in planned.blocker
      ? this.#issues.get(planned.blocker.itemId)
      : { id: planned.blocker.jiraId, key: planned.blocker.key };
  }

  async #recordRidingLinks(item: PlannedItem): Promise<void> {
    const riding = this.#riding.get(item.itemId) ?? [];
    this.#riding.delete(item.itemId);
    for (const planned of riding) {
      const blocker = this.#blockerIssue(planned);
      const blocked = this.#issues.get(planned.blockedItemId);
      if (!blocker || !blocked) continue;
      this.#linksDone.add(linkId(planned));
      this.linksCreated += 1;
      await recordLink(
        this.db,
        this.scope,
        { blockerJiraId: blocker.id, blockedJiraId: blocked.id, exportId: this.run.exportId },
        this.run.now(),
      );
    }
    if (riding.length > 0) await this.run.advance(riding.length);
  }

  #canCreate(item: PlannedItem): boolean {
    if (!this.#stillToCreate(item)) return false;
    const parent = item.fields.parentItemId;
    if (parent === null || this.#issues.has(parent)) return true;
    const parentItem = this.#items.get(parent);
    if (parentItem && this.#stillToCreate(parentItem)) return false; // waits for its parent
    // The parent failed or could not be created: the child is blocked, not sent.
    this.#failedItems.add(item.itemId);
    this.#pendingWrites.push(
      setItemState(this.db, this.run.exportId, [item.itemId], 'blocked', this.run.now(), {
        error: { message: `Not created because its parent "${parent}" could not be created.` },
      }),
    );
    return false;
  }

  async #createBatch(batch: PlannedItem[]): Promise<string[]> {
    const ids = batch.map((item) => item.itemId);
    await setItemState(this.db, this.run.exportId, ids, 'sending', this.run.now());
    const outcomes = await this.client.createIssues(batch.map((item) => this.#newIssue(item)));
    const uncertain: string[] = [];
    let retryLater: JiraApiError | undefined;
    for (const outcome of outcomes) {
      const item = batch[outcome.index];
      if (!item) continue;
      if (outcome.status === 'created') {
        await this.#recordCreated(item, outcome.issue);
        await this.#recordRidingLinks(item);
      } else if (outcome.status === 'unknown') {
        uncertain.push(item.itemId);
      } else if (
        outcome.status === 'rejected' &&
        outcome.fieldErrors.issuelinks !== undefined &&
        (this.#riding.get(item.itemId)?.length ?? 0) > 0
      ) {
        // The screen listed Linked Issues but Jira refused the links: send the item again
        // without them; its links go through POST /issueLink.
        this.#noLinksInCreate = true;
        this.#riding.delete(item.itemId);
        await setItemState(this.db, this.run.exportId, [item.itemId], 'pending', this.run.now());
      } else if (outcome.status === 'failed' && isTransient(outcome.error)) {
        retryLater = outcome.error;
        await setItemState(this.db, this.run.exportId, [item.itemId], 'pending', this.run.now());
      } else {
        await this.#recordRejected(item, outcome);
      }
    }
    await this.run.advance(
      outcomes.filter((outcome) => outcome.status === 'created' || outcome.status === 'rejected')
        .length,
    );
    if (retryLater) throw retryLater;
    return uncertain;
  }

  #newIssue(item: PlannedItem): NewIssue {
    const fields = item.fields;
    const links = this.#ridingLinks(item);
    this.#riding.set(
      item.itemId,
      links.map((entry) => entry.planned),
    );
    const parent =
      fields.parentItemId === null ? undefined : this.#issues.get(fields.parentItemId)?.key;
    return {
      project: { id: this.scope.projectId },
      issueTypeId: fields.issueTypeId,
      summary: fields.summary,
      ...(fields.description ? { description: fields.description } : {}),
      ...(parent ? { parent } : {}),
      ...(fields.labels.length > 0 ? { labels: fields.labels } : {}),
      ...(fields.priorityId ? { priorityId: fields.priorityId } : {}),
      ...(fields.assigneeAccountId ? { assigneeAccountId: fields.assigneeAccountId } : {}),
      ...(fields.dueDate ? { dueDate: fields.dueDate } : {}),
      extraFields: fields.extra,
      ...(links.length > 0 ? { links: links.map((entry) => entry.link) } : {}),
      properties: [
        {
          key: ITEM_PROPERTY_KEY,
          value: {
            planId: this.plan.id,
            itemId: item.itemId,
            exportId: this.run.exportId,
            workspaceId: this.scope.workspaceId,
          },
        },
      ],
    };
  }

  async #recordCreated(item: PlannedItem, issue: { id: string; key: string }): Promise<void> {
    this.#issues.set(item.itemId, issue);
    this.#createdNow.add(item.itemId);
    const now = this.run.now();
    await recordIssue(
      this.db,
      this.scope,
      {
        itemId: item.itemId,
        jiraId: issue.id,
        jiraKey: issue.key,
        fingerprint: item.fingerprint,
        fields: item.fields,
        exportId: this.run.exportId,
      },
      now,
    );
    await setItemState(this.db, this.run.exportId, [item.itemId], 'created', now, {
      jiraId: issue.id,
      jiraKey: issue.key,
    });
  }

  async #recordRejected(
    item: PlannedItem,
    outcome: Exclude<BulkCreateOutcome, { status: 'created' | 'unknown' }>,
  ): Promise<void> {
    this.#failedItems.add(item.itemId);
    const error =
      outcome.status === 'rejected'
        ? {
            message: rejectionMessage(item, outcome.errorMessages, outcome.fieldErrors),
            fieldErrors: outcome.fieldErrors,
            errorMessages: outcome.errorMessages,
          }
        : {
            message: `Jira refused to create item "${item.itemId}" (${outcome.error.code}).`,
            code: outcome.error.code,
          };
    await setItemState(this.db, this.run.exportId, [item.itemId], 'failed', this.run.now(), {
      error,
    });
  }

  /** Looks for uncertain creates in Jira; returns the items not found. */
  async #reconcile(itemIds: readonly string[]): Promise<string[]> {
    const found = await reconcileCreates({
      client: this.client,
      projectId: this.scope.projectId,
      planId: this.plan.id,
      itemIds,
      since: this.startedAt,
      now: this.run.now,
      windowMs: this.deps.reconcileWindowMs ?? 30_000,
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
    for (const [itemId, issue] of found) {
      const item = this.#items.get(itemId);
      if (!item) continue;
      await this.#recordCreated(item, issue);
      // A committed create committed its links too (one transaction in Jira).
      await this.#recordRidingLinks(item);
    }
    if (found.size > 0) await this.run.advance(found.size);
    return itemIds.filter((itemId) => !found.has(itemId));
  }

  async updateAll(): Promise<void> {
    await this.run.phase('updating');
    const previousFields = await this.#previousFields();
    for (const item of this.report.items) {
      if (item.action === 'unchanged') {
        await setItemState(
          this.db,
          this.run.exportId,
          [item.itemId],
          'unchanged',
          this.run.now(),
          this.#refOf(item.itemId),
        );
        continue;
      }
      if (item.action !== 'update' || item.blocked || !item.jiraKey || !item.jiraId) continue;
      this.run.checkAbort();
      const fields = item.fields;
      const before = previousFields.get(item.itemId);
      try {
        await this.client.editIssue(item.jiraKey, this.#changes(item, before));
      } catch (error) {
        if (!isJiraApiError(error) || isTransient(error)) throw error;
        this.#failedItems.add(item.itemId);
        await setItemState(this.db, this.run.exportId, [item.itemId], 'failed', this.run.now(), {
          error: {
            message: rejectionMessage(item, error.errorMessages, error.fieldErrors),
            fieldErrors: error.fieldErrors,
          },
        });
        continue;
      }
      await recordIssue(
        this.db,
        this.scope,
        {
          itemId: item.itemId,
          jiraId: item.jiraId,
          jiraKey: item.jiraKey,
          fingerprint: item.fingerprint,
          fields,
          exportId: this.run.exportId,
        },
        this.run.now(),
      );
      await setItemState(this.db, this.run.exportId, [item.itemId], 'updated', this.run.now(), {
        jiraId: item.jiraId,
        jiraKey: item.jiraKey,
      });
      await this.run.advance(1);
    }
  }

  #refOf(itemId: string): { jiraId?: string; jiraKey?: string } {
    const issue = this.#issues.get(itemId);
    return issue ? { jiraId: issue.id, jiraKey: issue.key } : {};
  }

  async #previousFields(): Promise<Map<string, DesiredFields>> {
    const rows = await this.db
      .selectFrom('exported_issues')
      .select(['item_id', 'fields'])
      .where('workspace_id', '=', this.scope.workspaceId)
      .where('cloud_id', '=', this.scope.cloudId)
      .where('project_id', '=', this.scope.projectId)
      .where('plan_id', '=', this.scope.planId)
      .execute();
    return new Map(rows.map((row) => [row.item_id, JSON.parse(row.fields) as DesiredFields]));
  }

  #changes(item: PlannedItem, before: DesiredFields | undefined) {
    const next = item.fields;
    const changed = new Set(item.changed);
    const parentKey =
      next.parentItemId === null ? null : (this.#issues.get(next.parentItemId)?.key ?? null);
    const extra: Record<string, unknown> = {};
    if (changed.has('extra')) {
      for (const key of new Set([
        ...Object.keys(before?.extra ?? {}),
        ...Object.keys(next.extra),
      ])) {
        extra[key] = next.extra[key] ?? null;
      }
    }
    return {
      ...(changed.has('summary') ? { summary: next.summary } : {}),
      ...(changed.has('description') ? { description: next.description } : {}),
      ...(changed.has('parentItemId') ? { parent: parentKey } : {}),
      ...(changed.has('labels') ? { labels: next.labels } : {}),
      ...(changed.has('priorityId') && next.priorityId ? { priorityId: next.priorityId } : {}),
      ...(changed.has('assigneeAccountId') ? { assigneeAccountId: next.assigneeAccountId } : {}),
      ...(changed.has('dueDate') ? { dueDate: next.dueDate } : {}),
      ...(Object.keys(extra).length > 0 ? { extraFields: extra } : {}),
    };
  }

  async linkAll(): Promise<number> {
    await this.run.phase('linking');
    const typeName = this.report.linkTypeName;
    if (!typeName) return this.linksCreated;
    const pending: { blocker: IssueRef; blocked: IssueRef }[] = [];
    for (const link of this.report.links) {
      if (this.#linksDone.has(linkId(link))) continue;
      const blocked = this.#issues.get(link.blockedItemId);
      const blocker = this.#blockerIssue(link);
      if (blocked && blocker) pending.push({ blocker, blocked });
    }
    const [first, ...rest] = pending;
    if (!first) return this.linksCreated;
    // The first link goes alone and is read back: a wrong direction must stop the run before
    // hundreds of links point the wrong way.
    if (await this.#linkAndRecord(typeName, first)) {
      await this.#checkDirection(first.blocker, first.blocked);
    }
    await forEachLimited(rest, PARALLEL_WRITES, async (link) => {
      this.run.checkAbort();
      await this.#linkAndRecord(typeName, link);
    });
    return this.linksCreated;
  }

  async #linkAndRecord(
    typeName: string,
    link: { blocker: IssueRef; blocked: IssueRef },
  ): Promise<boolean> {
    if (!(await this.#createLink(typeName, link.blocker, link.blocked))) return false;
    await recordLink(
      this.db,
      this.scope,
      {
        blockerJiraId: link.blocker.id,
        blockedJiraId: link.blocked.id,
        exportId: this.run.exportId,
      },
      this.run.now(),
    );
    this.linksCreated += 1;
    await this.run.advance(1);
    return true;
  }

  async #createLink(
    typeName: string,
    blocker: { id: string; key: string },
    blocked: { id: string; key: string },
  ): Promise<boolean> {
    try {
      // "B depends on A" is "A blocks B": the blocker is the inward issue.
      await this.client.createIssueLink({
        typeName,
        inwardIssue: blocker.key,
        outwardIssue: blocked.key,
      });
      return true;
    } catch (error) {
      if (isJiraApiError(error, 'outcome_unknown')) {
        // Jira accepts a duplicate link silently, so a retry after an uncertain outcome is safe;
        // reading back first saves the write when it landed.
        if (await this.#linkExists(blocker, blocked)) return true;
        await this.client.createIssueLink({
          typeName,
          inwardIssue: blocker.key,
          outwardIssue: blocked.key,
        });
        return true;
      }
      if (!isJiraApiError(error) || isTransient(error)) throw error;
      this.failures.push({
        severity: 'error',
        code: 'link_failed',
        message: `The link "${blocker.key} blocks ${blocked.key}" could not be created (${error.code}): ${error.errorMessages.join(' ') || 'Jira gave no reason.'}`,
        itemIds: [],
      });
      return false;
    }
  }

  async #linkExists(blocker: { id: string }, blocked: { id: string }): Promise<boolean> {
    const links = await this.client.getIssueLinks(blocker.id);
    return links.some((link) => link.direction === 'outward' && link.other.id === blocked.id);
  }

  async #checkDirection(
    blocker: { id: string; key: string },
    blocked: { id: string; key: string },
  ): Promise<void> {
    const links = await this.client.getIssueLinks(blocker.id);
    const seen = links.find((link) => link.other.id === blocked.id);
    if (seen && seen.direction !== 'outward') {
      throw new Error(
        `Jira recorded ${blocker.key} as blocked by ${blocked.key} instead of blocking it; Projan stopped linking. Report this as a bug.`,
      );
    }
  }

  async transitionAll(): Promise<number> {
    await this.run.phase('transitioning');
    let moved = 0;
    const todo = this.report.items.filter(
      (item) =>
        item.needsDoneTransition &&
        this.#issues.has(item.itemId) &&
        !this.#failedItems.has(item.itemId),
    );
    const move = async (item: PlannedItem): Promise<void> => {
      const issue = this.#issues.get(item.itemId);
      if (!issue) return;
      this.run.checkAbort();
      if (!(await this.#moveToDone(item, issue))) {
        this.failures.push({
          severity: 'warning',
          code: 'no_done_transition',
          message: `${issue.key} could not be moved to a done status: its workflow offers no way there from where it is now. Move it in Jira.`,
          itemIds: [item.itemId],
        });
        return;
      }
      await recordDoneTransition(this.db, this.scope, item.itemId, this.run.now());
      moved += 1;
      await this.run.advance(1);
    };
    // One issue of each type first, alone: it learns the way to Done that the others reuse.
    const leaders = new Map<string, PlannedItem>();
    for (const item of todo) {
      if (!leaders.has(item.fields.issueTypeId)) leaders.set(item.fields.issueTypeId, item);
    }
    await forEachLimited([...leaders.values()], PARALLEL_WRITES, move);
    const rest = todo.filter((item) => leaders.get(item.fields.issueTypeId) !== item);
    await forEachLimited(rest, PARALLEL_WRITES, move);
    return moved;
  }

  /**
   * Moves an item's issue to a done-category status. An issue created in this run starts in its
   * workflow's initial status, so the transitions learned on the first issue of its type are
   * taken again without reading them; if Jira refuses one (a condition, another workflow), the
   * issue is walked like any other.
   */
  async #moveToDone(item: PlannedItem, issue: IssueRef): Promise<boolean> {
    const fresh = this.#createdNow.has(item.itemId);
    const route = fresh ? this.#doneRoutes.get(item.fields.issueTypeId) : undefined;
    if (route) {
      try {
        for (const transitionId of route) await this.client.transitionIssue(issue.id, transitionId);
        return true;
      } catch (error) {
        if (!isJiraApiError(error, 'bad_request', 'conflict')) throw error;
      }
      return (await this.#walkToDone(issue, false)) !== undefined;
    }
    const taken = await this.#walkToDone(issue, fresh);
    if (taken && fresh) this.#doneRoutes.set(item.fields.issueTypeId, taken);
    return taken !== undefined;
  }

  /**
   * Walks an issue to a done-category status and returns the transitions taken (undefined when
   * there is no way). Workflows often allow Done only from In Progress, so when no transition
   * leads to done directly, Projan takes one into progress first, at most a few steps, never
   * revisiting a status. Categories are read by key or id, never by the status name, which each
   * workflow names its own way.
   */
  async #walkToDone(issue: IssueRef, knownInitial: boolean): Promise<string[] | undefined> {
    if (!knownInitial) {
      // A transition whose answer was lost may have landed: look before moving again.
      const current = await this.client.getIssue(issue.id, { fields: ['status'] });
      const status = current.fields.status as
        | { statusCategory?: { id: number; key: string } }
        | undefined;
      if (status && categoryOf(status) === 'done') return [];
    }
    const visited = new Set<string>();
    const taken: string[] = [];
    for (let step = 0; step < MAX_TRANSITION_STEPS; step += 1) {
      const transitions = await this.client.getTransitions(issue.id);
      const done = transitions.find((transition) => categoryOf(transition.to) === 'done');
      if (done) {
        await this.client.transitionIssue(issue.id, done.id);
        return [...taken, done.id];
      }
      const onward = transitions.find(
        (transition) =>
          categoryOf(transition.to) === 'in_progress' && !visited.has(transition.to.id),
      );
      if (!onward) return undefined;
      visited.add(onward.to.id);
      await this.client.transitionIssue(issue.id, onward.id);
      taken.push(onward.id);
    }
    return undefined;
  }
}
