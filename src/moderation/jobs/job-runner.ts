import type { FastifyBaseLogger } from 'fastify';
import { ApiError, isApiError } from '../../errors/api-error.js';
import { WorkerPool, type WorkContext, type WorkerPoolOptions } from '../../queue/worker-pool.js';
import type { ModerationJobsTable } from '../../storage/schema.js';
import type { CallbackSender } from './callbacks.js';
import type { JobRequest } from './job-request.js';
import { type JobStore, type JobType, toJobView } from './job-store.js';

export interface JobContext {
  job: ModerationJobsTable;
  request: JobRequest;
  /** Aborted when the job is cancelled (here or on another instance) or the server stops. */
  signal: AbortSignal;
  /** Saves a partial result (long jobs and live streams), readable while the job runs. */
  progress(result: unknown): Promise<void>;
  /** Sends an intermediate callback (a live stream's findings as they happen). */
  notify(event: unknown): Promise<void>;
}

export type JobProcessor = (context: JobContext) => Promise<unknown>;

/**
 * Moderation jobs on the background worker pool: each job goes to the processor of its type, ends succeeded or failed
 * with the catalogue's code, and its callback is sent when it ends (cancelled jobs included).
 */
export class JobRunner {
  private readonly pool: WorkerPool<ModerationJobsTable>;

  constructor(
    private readonly store: JobStore,
    private readonly processors: Record<JobType, JobProcessor>,
    private readonly callbacks: CallbackSender,
    options: WorkerPoolOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.pool = new WorkerPool(
      store,
      (job, context) => this.run(job, context),
      options,
      log,
      async (ids) => {
        for (const id of ids) await this.deliverFinished(id);
      },
    );
  }

  start(): void {
    this.pool.start();
  }

  wake(): void {
    this.pool.wake();
  }

  cancelLocal(jobId: string): void {
    this.pool.abortLocal(jobId);
  }

  stop(): Promise<void> {
    return this.pool.stop();
  }

  private async run(job: ModerationJobsTable, { signal, stopping }: WorkContext): Promise<void> {
    let outcome: { status: 'succeeded' | 'failed'; result?: unknown; error?: ApiError } | undefined;
    try {
      const result = await this.processors[job.type]({
        job,
        request: JSON.parse(job.request) as JobRequest,
        signal,
        progress: (partial) => this.store.saveProgress(job.id, partial),
        notify: async (event) => {
          if (job.callback_url) await this.callbacks.send(job.callback_url, { job_id: job.id, type: job.type, event });
        },
      });
      outcome = { status: 'succeeded', result };
    } catch (error) {
      if (!signal.aborted) {
        if (!isApiError(error)) this.log.error({ err: error, jobId: job.id }, 'moderation job failed');
        outcome = { status: 'failed', error: isApiError(error) ? error : new ApiError('AIS.0404') };
      }
    }
    if (outcome && (await this.store.finish(job.id, outcome))) await this.deliver(job.id);
    else if (!stopping() && (await this.store.get(job.id))?.status === 'cancelled') await this.deliver(job.id);
  }

  /** Sends the callback of a job that ended without a worker (cancelled while queued). */
  async deliverFinished(jobId: string): Promise<void> {
    await this.deliver(jobId).catch((error) => this.log.error({ err: error, jobId }, 'job callback failed'));
  }

  private async deliver(jobId: string): Promise<void> {
    const row = await this.store.get(jobId);
    if (!row?.callback_url) return;
    const view = toJobView(row);
    const status = await this.callbacks.send(row.callback_url, {
      job_id: view.job_id,
      type: view.type,
      status: view.status,
      result: view.result,
      error_code: view.error_code,
      error_msg: view.error_msg,
    });
    await this.store.setCallbackStatus(jobId, status);
  }
}
