import type { Kysely, Selectable } from 'kysely';
import { newTimeOrderedId } from '../store/ids.ts';
import type { Database, JobsTable } from '../store/schema.ts';
import type { EnqueueOptions, FailOptions, Job, JobQueue, JobRecord, JobState } from './queue.ts';

const DEFAULT_MAX_ATTEMPTS = 5;
const CLAIM_CANDIDATES = 10;

/**
 * A job queue in Projan's own database (SQLite on the embedded default, or PostgreSQL). Claiming
 * is a compare-and-swap on the row, and the partial unique index `jobs_one_active_per_key` makes
 * a second active job on the same key impossible even when two processes race: the loser's
 * update fails and it tries the next candidate.
 */
export class DatabaseJobQueue implements JobQueue {
  readonly #db: Kysely<Database>;
  readonly #now: () => number;

  constructor(db: Kysely<Database>, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  async enqueue(kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<string> {
    const now = this.#now();
    const id = newTimeOrderedId('job', now);
    await this.#db
      .insertInto('jobs')
      .values({
        id,
        kind,
        key: options.key ?? null,
        payload: JSON.stringify(payload ?? null),
        state: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        run_at: options.runAt ?? now,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      })
      .execute();
    return id;
  }

  async claim(
    workerId: string,
    kinds: readonly string[],
    leaseMs: number,
  ): Promise<Job | undefined> {
    if (kinds.length === 0) return undefined;
    const now = this.#now();
    const candidates = await this.#db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', 'in', kinds)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('state', '=', 'active'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(CLAIM_CANDIDATES)
      .execute();

    for (const row of candidates) {
      const claimed = await this.#tryClaim(row, workerId, now, leaseMs);
      if (claimed) return claimed;
    }
    return undefined;
  }

  async #tryClaim(
    row: Selectable<JobsTable>,
    workerId: string,
    now: number,
    leaseMs: number,
  ): Promise<Job | undefined> {
    try {
      const result = await this.#db
        .updateTable('jobs')
        .set({
          state: 'active',
          lease_owner: workerId,
          lease_until: now + leaseMs,
          attempts: row.attempts + 1,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .where('attempts', '=', row.attempts)
        .where('state', '=', row.state)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
    } catch (error) {
      // Another worker holds an active job with the same key: the partial unique index refused.
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return {
      id: row.id,
      kind: row.kind,
      key: row.key,
      payload: JSON.parse(row.payload) as unknown,
      attempt: row.attempts + 1,
      maxAttempts: row.max_attempts,
    };
  }

  async heartbeat(jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const now = this.#now();
    const result = await this.#db
      .updateTable('jobs')
      .set({ lease_until: now + leaseMs, updated_at: now })
      .where('id', '=', jobId)
      .where('state', '=', 'active')
      .where('lease_owner', '=', workerId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async complete(jobId: string, workerId: string): Promise<void> {
    const now = this.#now();
    await this.#db
      .updateTable('jobs')
      .set({
        state: 'done',
        lease_owner: null,
        lease_until: null,
        finished_at: now,
        updated_at: now,
      })
      .where('id', '=', jobId)
      .where('state', '=', 'active')
      .where('lease_owner', '=', workerId)
      .execute();
  }

  async fail(
    jobId: string,
    workerId: string,
    message: string,
    options: FailOptions = {},
  ): Promise<JobState> {
    const now = this.#now();
    const row = await this.#db
      .selectFrom('jobs')
      .select(['attempts', 'max_attempts'])
      .where('id', '=', jobId)
      .where('state', '=', 'active')
      .where('lease_owner', '=', workerId)
      .executeTakeFirst();
    if (!row) return (await this.get(jobId))?.state ?? 'failed';

    const exhausted = options.final === true || row.attempts >= row.max_attempts;
    const state: JobState = exhausted ? 'failed' : 'queued';
    await this.#db
      .updateTable('jobs')
      .set({
        state,
        lease_owner: null,
        lease_until: null,
        last_error: message.slice(0, 2000),
        run_at: options.retryAt ?? now,
        finished_at: exhausted ? now : null,
        updated_at: now,
      })
      .where('id', '=', jobId)
      .where('lease_owner', '=', workerId)
      .execute();
    return state;
  }

  async cancel(jobId: string): Promise<boolean> {
    const now = this.#now();
    const result = await this.#db
      .updateTable('jobs')
      .set({
        state: 'cancelled',
        lease_owner: null,
        lease_until: null,
        finished_at: now,
        updated_at: now,
      })
      .where('id', '=', jobId)
      .where('state', 'in', ['queued', 'active'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const row = await this.#db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      key: row.key,
      payload: JSON.parse(row.payload) as unknown,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      state: row.state,
      lastError: row.last_error,
      runAt: row.run_at,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    };
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // better-sqlite3 reports SQLITE_CONSTRAINT_UNIQUE; PostgreSQL reports SQLSTATE 23505.
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
