import type { FastifyBaseLogger } from 'fastify';
import { ApiError, isApiError } from '../../errors/api-error.js';
import { isSandboxFailure } from '../../queue/sandbox.js';
import { WorkerPool, type WorkContext, type WorkerPoolOptions } from '../../queue/worker-pool.js';
import type { ModerationJobsTable } from '../../storage/schema.js';
import type { CallbackSender } from './callbacks.js';
import type { JobRequest } from './job-request.js';
import type { JobStore, JobType } from './job-store.js';
import { toQueryView } from './job-views.js';

export interface JobContext {
  job: ModerationJobsTable;
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
function callbackBody(
  row: ModerationJobsTable,
  override?: { status: string; result: unknown },
): Record<string, unknown> {
  const view: Record<string, unknown> = { ...toQueryView(row), ...(override ?? {}) };
  if (row.type === 'audio_stream' && view.result !== undefined) {
    const { request_params, ...rest } = view;
    return { ...rest, result: { ...(view.result as object), request_params } };
  }
  return view;
}

/**
 * Moderation jobs on the background worker pool: each job goes to the processor of its type and ends succeeded or
 * failed with the catalogue's code. Its callback is sent when it ends (cancelled and stopped jobs included), in the
 * background so that a slow receiver holds no worker; callbacks a stopped server did not finish are sent on start.
 */
export class JobRunner {
  private readonly pool: WorkerPool<ModerationJobsTable>;
  private readonly deliveries = new Set<Promise<void>>();

  constructor(
    private readonly store: JobStore,
    private readonly processors: Record<JobType, JobProcessor>,
    private readonly callbacks: CallbackSender,
    private readonly options: WorkerPoolOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.pool = new WorkerPool(
      store,
      (job, context) => this.run(job, context),
      options,
      log,
      async (ids) => {
        for (const id of ids) this.deliverFinished(id);
      },
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

  private async run(job: ModerationJobsTable, { signal, stopping }: WorkContext): Promise<void> {
    let outcome: { status: 'succeeded' | 'failed'; result?: unknown; error?: ApiError } | undefined;
    const request = JSON.parse(job.request) as JobRequest;
    try {
      const result = await this.processors[job.type]({
        job,
        request,
        signal,
        progress: (partial) => this.store.saveProgress(job.id, partial),
        notify: async (partial) => {
          if (!job.callback_url) return;
          const body = callbackBody(job, { status: 'running', result: partial });
          await this.callbacks.send(job.callback_url, body, request.seed);
        },
      });
      outcome = { status: 'succeeded', result };
    } catch (error) {
      // A parse worker that died for no cap of its own (a cap hit is an ApiError, final) may have met a passing
      // fault: the job is queued again, as when the server dies under it, within the same attempts.
      if (!signal.aborted && isSandboxFailure(error, 'died') && job.attempts < this.options.maxAttempts) {
        this.log.warn({ err: error, jobId: job.id, attempt: job.attempts }, 'moderation job worker died; queued again');
        await this.store.requeueOne(job.id);
        return;
      }
      if (!signal.aborted) {
        if (!isApiError(error)) this.log.error({ err: error, jobId: job.id }, 'moderation job failed');
        outcome = { status: 'failed', error: isApiError(error) ? error : new ApiError('AIS.0404') };
      }
    }
    if (outcome && (await this.store.finish(job.id, outcome))) this.deliverFinished(job.id);
    else if (!stopping() && (await this.store.get(job.id))?.status === 'cancelled') this.deliverFinished(job.id);
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
    const status = await this.callbacks.send(row.callback_url, callbackBody(row), request.seed);
    await this.store.setCallbackStatus(jobId, status);
  }
}
