import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue, QueuedJob } from '../../queue/job-queue.js';
import { WorkerPool, type WorkerPoolOptions } from '../../queue/worker-pool.js';
import type { ModerationMetrics } from '../moderation-metrics.js';
import type { CallbackSender } from './callbacks.js';
import type { JobRequest } from './job-request.js';
import type { JobStore, JobType } from './job-store.js';
import { leadingView, toQueryView } from './job-views.js';

export interface JobContext {
  job: QueuedJob;
  request: JobRequest;
  /** Aborted when the job is cancelled or stopped (here or on another instance) or the server stops. */
  signal: AbortSignal;
  /** Saves a partial result (long jobs and live streams), readable while the job runs and kept if it is stopped. */
  progress(result: unknown): Promise<void>;
  /** Calls back while the job runs (a live stream's flagged segments as they happen), with this partial result. */
  notify(result: unknown): Promise<void>;
}

export type JobProcessor = (context: JobContext) => Promise<unknown>;

/**
 * A callback body: the job's query body. Audio streams carry `request_params` inside `result`, as the cloud's SDK
 * example of an audio-stream callback shows.
 */
function callbackBody(type: JobType, view: Record<string, unknown>): Record<string, unknown> {
  if (type === 'audio_stream' && view.result !== undefined) {
    const { request_params, ...rest } = view;
    return { ...rest, result: { ...(view.result as object), request_params } };
  }
  return view;
}

/**
 * Moderation jobs on the background worker pool (`queue/`, which owns leases, claiming, attempts and how a job
 * ends): each job goes to the processor of its type. Its callback is sent when it ends (cancelled and stopped jobs
 * included), in the background so that a slow receiver holds no worker; callbacks a stopped server did not finish
 * are sent on start.
 */
export class JobRunner {
  private readonly pool: WorkerPool;
  private readonly deliveries = new Set<Promise<void>>();

  constructor(
    private readonly store: JobStore,
    private readonly queue: JobQueue,
    private readonly processors: Record<JobType, JobProcessor>,
    private readonly callbacks: CallbackSender,
    options: WorkerPoolOptions,
    private readonly log: FastifyBaseLogger,
    /** Where each finished job is counted as a moderation call (absent: not counted). */
    private readonly metrics?: ModerationMetrics,
  ) {
    this.pool = new WorkerPool(
      queue,
      { process: (job, { signal }) => this.process(job, signal), ended: (id) => this.deliverFinished(id) },
      options,
      log,
    );
  }

  start(): void {
    this.pool.start();
    void this.store
      .finishedWithoutCallback()
      .then((ids) => ids.forEach((id) => this.deliverFinished(id)))
      .catch((error) => this.log.error({ err: error }, 'resuming job callbacks failed'));
  }

  wake(): void {
    this.pool.wake();
  }

  cancelLocal(jobId: string): void {
    this.pool.abortLocal(jobId);
  }

  /** Stops the workers (their jobs go back to the queue) and waits a little for callbacks under way. */
  async stop(): Promise<void> {
    await this.pool.stop();
    await Promise.race([Promise.allSettled([...this.deliveries]), new Promise((r) => setTimeout(r, 3000))]);
  }

  private process(job: QueuedJob, signal: AbortSignal): Promise<unknown> {
    const request = job.request as JobRequest;
    // This runner's queue claims moderation's types only (JobQueueOptions.types).
    const type = job.type as JobType;
    const counted = (result: unknown) => {
      const suggestion = (result as { suggestion?: unknown } | null)?.suggestion;
      this.metrics?.call(type, typeof suggestion === 'string' ? suggestion : 'none');
      return result;
    };
    return this.processors[type]({
      job,
      request,
      signal,
      progress: (partial) => this.queue.saveProgress(job.id, partial),
      notify: async (partial) => {
        if (!job.callbackUrl) return;
        const body = callbackBody(type, { ...leadingView({ ...job, request }, 'running'), result: partial });
        await this.callbacks.send(job.callbackUrl, body, request.seed);
      },
    }).then(counted);
  }

  /** Sends a finished job's callback in the background (and keeps its outcome on the job). */
  deliverFinished(jobId: string): void {
    const delivery = this.deliver(jobId)
      .catch((error) => this.log.error({ err: error, jobId }, 'job callback failed'))
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  private async deliver(jobId: string): Promise<void> {
    const row = await this.store.get(jobId);
    if (!row?.callback_url) return;
    const request = JSON.parse(row.request) as JobRequest;
    await this.store.setCallbackStatus(jobId, 'sending');
    const status = await this.callbacks.send(
      row.callback_url,
      callbackBody(row.type as JobType, toQueryView(row)),
      request.seed,
    );
    await this.store.setCallbackStatus(jobId, status);
  }
}
