/**
 * The `plans`, `plan_versions` and `plan_assignees` tables: plans stored per workspace, their
 * upload history, and the assignee choices remembered for the next export of a plan.
 */
import type { Kysely } from 'kysely';
import type { Plan } from '../../plan/model.ts';
import { newId } from '../../store/ids.ts';
import type { Database, PlansTable } from '../../store/schema.ts';

/** A stored plan as the API shows it in lists. */
export interface PlanSummary {
  planId: string;
  title: string;
  sourceFormat: string;
  fileName: string;
  version: number;
  createdBy: string | null;
  createdAt: number;
  updatedBy: string | null;
  updatedAt: number;
}

/** A stored plan with its content. */
export interface StoredPlan extends PlanSummary {
  plan: Plan;
}

/** One remembered assignee choice. */
export interface AssigneeChoice {
  /** A plan assignee as written in the plan, or `item:<id>` for one item. */
  key: string;
  /** Null: leave unassigned. */
  accountId: string | null;
  displayName: string | null;
}

/** Plan storage for one database. */
export interface PlanRepository {
  /** Inserts the plan, or replaces the workspace's plan with the same id (keeping history). */
  save(input: {
    workspaceId: string;
    userId: string;
    plan: Plan;
    sourceFormat: string;
    fileName: string;
  }): Promise<{ stored: StoredPlan; replaced: boolean }>;
  list(workspaceId: string): Promise<PlanSummary[]>;
  get(workspaceId: string, planId: string): Promise<StoredPlan | undefined>;
  /** Deletes the plan and its history; false when there was none. Export records stay. */
  remove(workspaceId: string, planId: string): Promise<boolean>;
  assignees(workspaceId: string, planId: string): Promise<AssigneeChoice[]>;
  /** Upserts the given choices; other remembered choices stay. */
  rememberAssignees(
    workspaceId: string,
    planId: string,
    userId: string,
    choices: readonly AssigneeChoice[],
  ): Promise<void>;
  /** Makes the given choices the plan's only remembered ones; an empty list forgets them all. */
  replaceAssignees(
    workspaceId: string,
    planId: string,
    userId: string,
    choices: readonly AssigneeChoice[],
  ): Promise<void>;
}

/** Builds the repository. */
export function createPlanRepository(
  db: Kysely<Database>,
  now: () => number = Date.now,
): PlanRepository {
  const row = (workspaceId: string, planId: string) =>
    db
      .selectFrom('plans')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('plan_id', '=', planId)
      .executeTakeFirst();

  return {
    async save({ workspaceId, userId, plan, sourceFormat, fileName }) {
      return db.transaction().execute(async (trx) => {
        const at = now();
        const existing = await trx
          .selectFrom('plans')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('plan_id', '=', plan.id)
          .executeTakeFirst();
        const text = JSON.stringify(plan);
        let saved: PlansTable;
        if (existing) {
          saved = {
            ...existing,
            title: plan.title,
            source_format: sourceFormat,
            file_name: fileName,
            plan: text,
            version: existing.version + 1,
            updated_by: userId,
            updated_at: at,
          };
          await trx
            .updateTable('plans')
            .set({
              title: saved.title,
              source_format: saved.source_format,
              file_name: saved.file_name,
              plan: saved.plan,
              version: saved.version,
              updated_by: saved.updated_by,
              updated_at: saved.updated_at,
            })
            .where('id', '=', existing.id)
            .execute();
        } else {
          saved = {
            id: newId('pln'),
            workspace_id: workspaceId,
            plan_id: plan.id,
            title: plan.title,
            source_format: sourceFormat,
            file_name: fileName,
            plan: text,
            version: 1,
            created_by: userId,
            created_at: at,
            updated_by: userId,
            updated_at: at,
          };
          await trx.insertInto('plans').values(saved).execute();
        }
        await trx
          .insertInto('plan_versions')
          .values({
            plan_row_id: saved.id,
            version: saved.version,
            title: saved.title,
            source_format: sourceFormat,
            file_name: fileName,
            plan: text,
            created_by: userId,
            created_at: at,
          })
          .execute();
        return { stored: toStored(saved), replaced: existing !== undefined };
      });
    },

    async list(workspaceId) {
      // Summary columns only: a list never needs the plans' (possibly large) content.
      const rows = await db
        .selectFrom('plans')
        .select([
          'plan_id',
          'title',
          'source_format',
          'file_name',
          'version',
          'created_by',
          'created_at',
          'updated_by',
          'updated_at',
        ])
        .where('workspace_id', '=', workspaceId)
        .orderBy('updated_at', 'desc')
        .execute();
      return rows.map(toSummary);
    },

    async get(workspaceId, planId) {
      const found = await row(workspaceId, planId);
      return found ? toStored(found) : undefined;
    },

    async remove(workspaceId, planId) {
      const found = await row(workspaceId, planId);
      if (!found) return false;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('plan_versions').where('plan_row_id', '=', found.id).execute();
        await trx.deleteFrom('plans').where('id', '=', found.id).execute();
        await trx
          .deleteFrom('plan_assignees')
          .where('workspace_id', '=', workspaceId)
          .where('plan_id', '=', planId)
          .execute();
      });
      return true;
    },

    async assignees(workspaceId, planId) {
      const rows = await db
        .selectFrom('plan_assignees')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('plan_id', '=', planId)
        .orderBy('assignee_key')
        .execute();
      return rows.map((r) => ({
        key: r.assignee_key,
        accountId: r.account_id,
        displayName: r.display_name,
      }));
    },

    async rememberAssignees(workspaceId, planId, userId, choices) {
      if (choices.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await writeChoices(trx, workspaceId, planId, userId, choices, now());
      });
    },

    async replaceAssignees(workspaceId, planId, userId, choices) {
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('plan_assignees')
          .where('workspace_id', '=', workspaceId)
          .where('plan_id', '=', planId)
          .execute();
        await writeChoices(trx, workspaceId, planId, userId, choices, now());
      });
    },
  };
}

async function writeChoices(
  trx: Kysely<Database>,
  workspaceId: string,
  planId: string,
  userId: string,
  choices: readonly AssigneeChoice[],
  at: number,
): Promise<void> {
  for (const choice of choices) {
    await trx
      .deleteFrom('plan_assignees')
      .where('workspace_id', '=', workspaceId)
      .where('plan_id', '=', planId)
      .where('assignee_key', '=', choice.key)
      .execute();
    await trx
      .insertInto('plan_assignees')
      .values({
        workspace_id: workspaceId,
        plan_id: planId,
        assignee_key: choice.key,
        account_id: choice.accountId,
        display_name: choice.displayName,
        updated_by: userId,
        updated_at: at,
      })
      .execute();
  }
}

function toSummary(
  row: Pick<
    PlansTable,
    | 'plan_id'
    | 'title'
    | 'source_format'
    | 'file_name'
    | 'version'
    | 'created_by'
    | 'created_at'
    | 'updated_by'
    | 'updated_at'
  >,
): PlanSummary {
  return {
    planId: row.plan_id,
    title: row.title,
    sourceFormat: row.source_format,
    fileName: row.file_name,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function toStored(row: PlansTable): StoredPlan {
  return { ...toSummary(row), plan: JSON.parse(row.plan) as Plan };
}
