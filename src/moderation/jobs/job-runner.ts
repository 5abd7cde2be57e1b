import type { FastifyBaseLogger } from 'fastify';
import type { ModerationJobsTable } from '../../storage/schema.js';
import { ApiError, isApiError } from '../../errors/api-error.js';
import type { CallbackSender } from './callbacks.js';
import { type JobStore, type JobType, toJobView } from './job-store.js';

export interface JobContext {
  job: ModerationJobsTable;
  request: any;
  /** Aborted when the job is cancelled (here or on another instance) or the server stops. */
  signal: AbortSignal;
  /** Saves a partial result (long jobs and live streams), readable while the job runs. */
  progress(result: unknown): Promise<void>;
  /** Sends an intermediate callback (a live stream's findings as they happen). */
  notify(event: unknown): Promise<void>;
}

export type JobProcessor = (context: JobContext) => Promise<unknown>;

export interface RunnerOptions {
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
}

/**
 * The embedded job queue: jobs live in the database, workers in this process take them one by one with a lease
 * and renew it while they work. A server that stops hands its jobs back; one that dies leaves leases that run out,
 * and the next sweep (here or on another instance) queues those jobs again. Several instances can share one
 * database: taking a job is a conditional update that only one of them wins.
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();
  private pollTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly store: JobStore,
    private readonly processors: Record<JobType, JobProcessor>,
    private readonly callbacks: CallbackSender,
    private readonly options: RunnerOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.sweepTimer = setInterval(() => void this.sweep(), Math.max(1000, this.options.leaseMs / 2));
    this.pollTimer.unref();
    this.sweepTimer.unref();
    void this.sweep().then(() => this.wake());
  }

  /** Looks for work now (called after a job is created, so that it starts without waiting for the poll). */
  wake(): void {
    if (this.stopped || this.polling) return;
    this.polling = true;
    void this.fill().finally(() => {
      this.polling = false;
    });
  }

  cancelLocal(jobId: string): void {
    this.running.get(jobId)?.abort();
  }

  private async fill(): Promise<void> {
    while (!this.stopped && this.running.size < this.options.concurrency) {
      const job = await this.store.claim(this.options.leaseMs).catch((error) => {
        this.log.error({ err: error }, 'claiming a moderation job failed');
        return undefined;
      });
      if (!job) return;
      void this.run(job);
    }
  }

  private async sweep(): Promise<void> {
    try {
      const requeued = await this.store.requeueAbandoned();
      if (requeued > 0) this.log.warn(`requeued ${requeued} moderation job(s) whose worker stopped`);
      await this.store.deleteExpired();
    } catch (error) {
      this.log.error({ err: error }, 'moderation job sweep failed');
    }
  }

  private async run(job: ModerationJobsTable): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const heartbeat = setInterval(
      () => {
        void this.store
          .renewLease(job.id, this.options.leaseMs)
          .then((stillRunning) => {
            if (!stillRunning) controller.abort();
          })
          .catch(() => undefined);
      },
      Math.max(200, this.options.leaseMs / 3),
    );
    let outcome: { status: 'succeeded' | 'failed'; result?: unknown; error?: ApiError } | undefined;
    try {
      const result = await this.processors[job.type]({
        job,
        request: JSON.parse(job.request),
        signal: controller.signal,
        progress: (partial) => this.store.saveProgress(job.id, partial),
        notify: async (event) => {
          if (job.callback_url) await this.callbacks.send(job.callback_url, { job_id: job.id, type: job.type, event });
        },
      });
      outcome = { status: 'succeeded', result };
    } catch (error) {
      if (!controller.signal.aborted) {
        if (!isApiError(error)) this.log.error({ err: error, jobId: job.id }, 'moderation job failed');
        outcome = { status: 'failed', error: isApiError(error) ? error : new ApiError('AIS.0404') };
      }
    } finally {
      clearInterval(heartbeat);
      this.running.delete(job.id);
    }
    if (outcome && (await this.store.finish(job.id, outcome))) await this.deliver(job.id);
    else if (this.stopped) await this.store.requeueOne(job.id);
    else if ((await this.store.get(job.id))?.status === 'cancelled') await this.deliver(job.id);
    this.wake();
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

  /** Stops taking work and hands running jobs back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.sweepTimer);
    const ids = [...this.running.keys()];
    for (const controller of this.running.values()) controller.abort();
    const deadline = Date.now() + 5000;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const id of ids) await this.store.requeueOne(id);
  }
}
