import { PostgresAdapter, sql } from 'kysely';
import type { ApiError } from '../errors/api-error.js';
import type { Db } from '../storage/database.js';
import type { ModerationJobsTable } from '../storage/schema.js';

export type JobType = ModerationJobsTable['type'];
export type JobStatus = ModerationJobsTable['status'];

/** A job as a worker receives it: typed fields and the request already parsed, never the database row. */
export interface QueuedJob {
  id: string;
  type: JobType;
  projectId: string;
  accountId: string;
  userId: string;
  /** The request that created the job (its answers and callbacks carry it). */
  requestId: string;
  /** The stored request, parsed; its shape belongs to the domain that queued the job. */
  request: unknown;
  callbackUrl: string | undefined;
  /** This claim included: the pool compares it with the attempts a job may have. */
  attempts: number;
  createdAt: number;
  /** When this claim took the job (its last update). */
  updatedAt: number;
}

export interface JobOutcome {
  status: 'succeeded' | 'failed';
  result?: unknown;
  error?: ApiError;
}

export interface JobQueueOptions {
  /** How long a finished job stays readable. */
  retentionMs: number;
  /** What a job that failed for no code of its own, or whose worker died on every attempt, ends with. */
  internalError: () => ApiError;
  /**
   * The job types this queue's workers take, claim and sweep (the table holds every domain's jobs: moderation's and
   * MaaS batches, each domain with its own worker pool).
   */
  types: readonly JobType[];
}

/** A job to queue: what its worker will be handed, plus the callback and live stream it may carry. */
export type NewQueuedJob = Pick<
  QueuedJob,
  'id' | 'type' | 'projectId' | 'accountId' | 'userId' | 'requestId' | 'request'
> & { callbackUrl?: string; streamKey?: string };

/** The row of a job just queued. */
export function queuedRow(job: NewQueuedJob, now: number): ModerationJobsTable {
  return {
    id: job.id,
    type: job.type,
    project_id: job.projectId,
    account_id: job.accountId,
    user_id: job.userId,
    status: 'queuing',
    request: JSON.stringify(job.request),
    result: null,
    error_code: null,
    error_msg: null,
    callback_url: job.callbackUrl ?? null,
    callback_status: null,
    stream_key: job.streamKey ?? null,
    request_id: job.requestId,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
    expires_at: null,
    lease_until: null,
    attempts: 0,
  };
}

function toQueuedJob(row: ModerationJobsTable): QueuedJob {
  return {
    id: row.id,
    type: row.type,
    projectId: row.project_id,
    accountId: row.account_id,
    userId: row.user_id,
    requestId: row.request_id ?? '',
    request: JSON.parse(row.request) as unknown,
    callbackUrl: row.callback_url ?? undefined,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * Leases and claiming of background jobs (the `moderation_jobs` table, today's only background work). Every state
 * change is a conditional update on the job's status, so one job has one worker across instances. Claiming is one
 * statement: on PostgreSQL its inner select takes the row with `FOR UPDATE SKIP LOCKED`, so concurrent instances
 * take different jobs without waiting on each other; SQLite has one writer, which makes the statement atomic alone.
 */
export class JobQueue {
  private readonly postgres: boolean;

  constructor(
    private readonly db: Db,
    readonly options: JobQueueOptions,
  ) {
    this.postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /** Queues a job (in the caller's transaction, when given, with what the job is about). */
  async enqueue(job: NewQueuedJob, db: Pick<Db, 'insertInto'> = this.db): Promise<void> {
    await db.insertInto('moderation_jobs').values(queuedRow(job, Date.now())).execute();
  }

  /** Jobs queuing and running, counted by type and status (for the queue's depth at /metrics). */
  async unfinishedCounts(): Promise<{ type: JobType; status: 'queuing' | 'running'; count: number }[]> {
    const rows = await this.db
      .selectFrom('moderation_jobs')
      .select(['type', 'status', (eb) => eb.fn.countAll().as('count')])
      .where('status', 'in', ['queuing', 'running'])
      .groupBy(['type', 'status'])
      .execute();
    return rows.map((row) => ({
      type: row.type,
      status: row.status as 'queuing' | 'running',
      count: Number(row.count),
    }));
  }

  /** Takes the oldest queued job with a lease of `leaseMs`, or nothing. */
  async claim(leaseMs: number): Promise<QueuedJob | undefined> {
    const now = Date.now();
    const row = await this.db
      .updateTable('moderation_jobs')
      .set({
        status: 'running',
        started_at: now,
        updated_at: now,
        lease_until: now + leaseMs,
        attempts: sql`attempts + 1`,
      })
      .where('id', '=', (eb) => {
        const oldest = eb
          .selectFrom('moderation_jobs')
          .select('id')
          .where('status', '=', 'queuing')
          .where('type', 'in', this.options.types)
          .orderBy('created_at')
          .orderBy('id')
          .limit(1);
        return this.postgres ? oldest.forUpdate().skipLocked() : oldest;
      })
      .where('status', '=', 'queuing')
      .returningAll()
      .executeTakeFirst();
    return row ? toQueuedJob(row) : undefined;
  }

  /** Extends a running job's lease; false when the job is no longer running (cancelled meanwhile). */
  async renewLease(jobId: string, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('moderation_jobs')
      .set({ lease_until: Date.now() + leaseMs })
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Saves a running job's partial result, readable while it runs and kept if it is stopped. */
  async saveProgress(jobId: string, result: unknown): Promise<void> {
    await this.db
      .updateTable('moderation_jobs')
      .set({ result: JSON.stringify(result), updated_at: Date.now() })
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .execute();
  }

  /** Ends a running job; with `abandoned`, only while its lease is still out (no worker renewed it meanwhile). */
  async finish(jobId: string, outcome: JobOutcome, options: { abandoned?: boolean } = {}): Promise<boolean> {
    const now = Date.now();
    let update = this.db
      .updateTable('moderation_jobs')
      .set({
        status: outcome.status,
        updated_at: now,
        finished_at: now,
        expires_at: now + this.options.retentionMs,
        lease_until: null,
        ...(outcome.result !== undefined ? { result: JSON.stringify(outcome.result) } : {}),
        ...(outcome.error ? { error_code: outcome.error.code, error_msg: outcome.error.message } : {}),
      })
      .where('id', '=', jobId)
      .where('status', '=', 'running');
    if (options.abandoned) update = update.where('lease_until', '<', now);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async statusOf(jobId: string): Promise<JobStatus | undefined> {
    const row = await this.db.selectFrom('moderation_jobs').select('status').where('id', '=', jobId).executeTakeFirst();
    return row?.status;
  }

  /**
   * Puts jobs whose lease ran out (their worker died) back in the queue, and ends as failed those that have had
   * `maxAttempts` already (returned, so that their owners hear of it): it may be the job that kills its worker.
   */
  async requeueAbandoned(maxAttempts: number): Promise<{ requeued: number; gaveUp: string[] }> {
    const now = Date.now();
    const exhausted = await this.db
      .selectFrom('moderation_jobs')
      .select('id')
      .where('status', '=', 'running')
      .where('type', 'in', this.options.types)
      .where('lease_until', '<', now)
      .where('attempts', '>=', maxAttempts)
      .execute();
    const gaveUp: string[] = [];
    for (const { id } of exhausted) {
      if (await this.finish(id, { status: 'failed', error: this.options.internalError() }, { abandoned: true }))
        gaveUp.push(id);
    }
    const result = await this.db
      .updateTable('moderation_jobs')
      .set({ status: 'queuing', lease_until: null, updated_at: now })
      .where('status', '=', 'running')
      .where('type', 'in', this.options.types)
      .where('lease_until', '<', now)
      .executeTakeFirst();
    return { requeued: Number(result.numUpdatedRows), gaveUp };
  }

  /** Hands one running job back to the queue (its worker is stopping, or died and may try once more). */
  async requeueOne(jobId: string): Promise<void> {
    await this.db
      .updateTable('moderation_jobs')
      .set({ status: 'queuing', lease_until: null, updated_at: Date.now() })
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .execute();
  }

  /** Clears jobs past their retention. */
  async deleteExpired(): Promise<number> {
    const result = await this.db.deleteFrom('moderation_jobs').where('expires_at', '<=', Date.now()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
