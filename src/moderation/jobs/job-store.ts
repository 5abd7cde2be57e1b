import { type JobStatus, type JobType as QueueJobType, type NewQueuedJob, queuedRow } from '../../queue/job-queue.js';
import { type Db, serializeOn } from '../../storage/database.js';
import type { ModerationJobsTable } from '../../storage/schema.js';
import { ApiError } from '../../errors/api-error.js';
import { newJobId } from './job-id.js';
import { toListedView } from './job-views.js';

export type { JobStatus };
/** Moderation's job types (the queue's table also holds MaaS batches). */
export type JobType = Exclude<QueueJobType, 'maas_batch'>;
export const unfinishedStatuses: JobStatus[] = ['queuing', 'running'];

/** A job to create: what the queue will hand its worker (`QueuedJob`), plus the live stream it holds, if any. */
export type NewJob = Omit<NewQueuedJob, 'id'>;

/**
 * Persistent moderation jobs as their owners see them: created within the limits, read, listed, cancelled, and
 * their callbacks' state. What workers do with them (claiming, leases, how they end) is `queue/job-queue.ts`.
 */
export class JobStore {
  constructor(
    private readonly db: Db,
    private readonly limits: { maxUnfinishedPerProject: number; retentionMs: number },
  ) {}

  /** Creates a job after the limits checks (AIS.0031, AIS.0039), in one transaction. */
  async create(job: NewJob): Promise<ModerationJobsTable> {
    const now = Date.now();
    const row = queuedRow({ ...job, id: newJobId(now) }, now);
    await this.db.transaction().execute(async (trx) => {
      await serializeOn(trx, `moderation_jobs:${job.projectId}`);
      const { count } = await trx
        .selectFrom('moderation_jobs')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('project_id', '=', job.projectId)
        .where('status', 'in', unfinishedStatuses)
        // The table also queues MaaS batches, which are not moderation jobs.
        .where('type', '!=', 'maas_batch')
        .executeTakeFirstOrThrow();
      if (Number(count) >= this.limits.maxUnfinishedPerProject) throw new ApiError('AIS.0031');
      if (job.streamKey) {
        const active = await trx
          .selectFrom('moderation_jobs')
          .select('id')
          .where('project_id', '=', job.projectId)
          .where('stream_key', '=', job.streamKey)
          .where('status', 'in', unfinishedStatuses)
          .executeTakeFirst();
        if (active) throw new ApiError('AIS.0039');
      }
      await trx.insertInto('moderation_jobs').values(row).execute();
    });
    return row;
  }

  /** A job the caller may see: unknown or expired is AIS.0030, another user's is AIS.0028. */
  async getOwned(projectId: string, userId: string, type: JobType, jobId: string): Promise<ModerationJobsTable> {
    const row = await this.db
      .selectFrom('moderation_jobs')
      .selectAll()
      .where('id', '=', jobId)
      .where('project_id', '=', projectId)
      .where('type', '=', type)
      .executeTakeFirst();
    if (!row || (row.expires_at !== null && Number(row.expires_at) <= Date.now())) throw new ApiError('AIS.0030');
    if (row.user_id !== userId) throw new ApiError('AIS.0028');
    return row;
  }

  async list(
    projectId: string,
    userId: string,
    type: JobType,
    status: JobStatus | undefined,
    offset: number,
    limit: number,
  ) {
    let query = this.db
      .selectFrom('moderation_jobs')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('type', '=', type)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', Date.now())]));
    if (status) query = query.where('status', '=', status);
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute();
    return { total: Number(total), jobs: rows.map(toListedView) };
  }

  async get(jobId: string): Promise<ModerationJobsTable | undefined> {
    return this.db.selectFrom('moderation_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  }

  async cancel(jobId: string): Promise<ModerationJobsTable> {
    const now = Date.now();
    await this.db
      .updateTable('moderation_jobs')
      .set({
        status: 'cancelled',
        updated_at: now,
        finished_at: now,
        expires_at: now + this.limits.retentionMs,
        lease_until: null,
      })
      .where('id', '=', jobId)
      .where('status', 'in', unfinishedStatuses)
      .execute();
    return (await this.get(jobId))!;
  }

  async setCallbackStatus(jobId: string, status: string): Promise<void> {
    await this.db.updateTable('moderation_jobs').set({ callback_status: status }).where('id', '=', jobId).execute();
  }

  /**
   * Finished jobs whose callback was never sent, or was being sent when a server stopped (the last day's): their
   * receivers still wait for them.
   */
  async finishedWithoutCallback(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('moderation_jobs')
      .select('id')
      .where('status', 'in', ['succeeded', 'failed', 'cancelled'])
      .where('callback_url', 'is not', null)
      .where((eb) => eb.or([eb('callback_status', 'is', null), eb('callback_status', '=', 'sending')]))
      .where('finished_at', '>', Date.now() - 24 * 3600 * 1000)
      .execute();
    return rows.map((r) => r.id);
  }
}
