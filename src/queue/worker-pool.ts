import type { FastifyBaseLogger } from 'fastify';
import { isApiError } from '../errors/api-error.js';
import { StateChangeLog } from '../ops/state-change-log.js';
import type { JobOutcome, JobQueue, JobType, QueuedJob } from './job-queue.js';
import { isSandboxFailure } from './sandbox.js';

export interface WorkContext {
  /** Aborted when the job is taken away (cancelled here or on another instance) or the pool stops. */
  signal: AbortSignal;
}

/** What the domain that queued the jobs does with them. */
export interface JobHandler {
  /** Does the job: its result, or an `ApiError` that ends it as failed (a cap that was hit is final, not retried). */
  process(job: QueuedJob, context: WorkContext): Promise<unknown>;
  /** Told when a job has ended (succeeded, failed, cancelled, or given up after its attempts). */
  ended(jobId: string): void;
}

export interface WorkerPoolOptions {
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  /** Attempts a job gets when its worker dies under it, before it is given up. */
  maxAttempts: number;
  /** Told how long each job took from its claim to its end (succeeded, failed, cancelled), for the metrics. */
  observeDuration?: (kind: JobType, outcome: string, seconds: number) => void;
}

/**
 * The embedded background queue: jobs live in the database (SQLite, or the PostgreSQL that several instances share),
 * and the workers of this process take them one by one with a lease that they renew while they work. A server that
 * stops hands its jobs back; one that dies leaves leases that run out, and the next sweep (here or on another
 * instance) queues those jobs again, so a restart resumes them. A job whose parse worker died gets the same
 * attempts; one that still dies after them fails with the queue's internal error.
 */
export class WorkerPool {
  private readonly running = new Map<string, AbortController>();
  private pollTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;
  /** The queue's database as the polls and sweeps find it (they retry every second while it is away). */
  private readonly databaseState: StateChangeLog;

  constructor(
    private readonly queue: JobQueue,
    private readonly handler: JobHandler,
    private readonly options: WorkerPoolOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.databaseState = new StateChangeLog(log, 'database', 'background jobs wait');
  }

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

  /** Aborts a job this process is working on (it was cancelled). */
  abortLocal(jobId: string): void {
    this.running.get(jobId)?.abort();
  }

  private async fill(): Promise<void> {
    while (!this.stopped && this.running.size < this.options.concurrency) {
      const job = await this.queue.claim(this.options.leaseMs).then(
        (claimed) => {
          this.databaseState.succeeded();
          return claimed;
        },
        (error) => {
          this.databaseState.failed(error, '', { during: 'claiming a background job' });
          return undefined;
        },
      );
      if (!job) return;
      void this.run(job);
    }
  }

  private async sweep(): Promise<void> {
    try {
      const { requeued, gaveUp } = await this.queue.requeueAbandoned(this.options.maxAttempts);
      if (requeued > 0) this.log.warn(`requeued ${requeued} background job(s) whose worker stopped`);
      if (gaveUp.length > 0) {
        this.log.warn(
          { jobIds: gaveUp },
          `gave up ${gaveUp.length} background job(s) after ${this.options.maxAttempts} attempts`,
        );
        for (const id of gaveUp) this.handler.ended(id);
      }
      await this.queue.deleteExpired();
      this.databaseState.succeeded();
    } catch (error) {
      this.databaseState.failed(error, '', { during: 'background job sweep' });
    }
  }

  private async run(job: QueuedJob): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const heartbeat = setInterval(
      () => {
        void this.queue
          .renewLease(job.id, this.options.leaseMs)
          .then((stillOurs) => {
            if (!stillOurs) controller.abort();
          })
          .catch(() => undefined);
      },
      Math.max(200, this.options.leaseMs / 3),
    );
    try {
      await this.settle(job, controller.signal);
    } catch (error) {
      this.log.error({ err: error, jobId: job.id }, 'background job failed unexpectedly');
    } finally {
      clearInterval(heartbeat);
      this.running.delete(job.id);
    }
    this.wake();
  }

  /** Runs one job and records how it ended; an aborted job is left as it is (cancelled, or handed back on stop). */
  private async settle(job: QueuedJob, signal: AbortSignal): Promise<void> {
    let outcome: JobOutcome | undefined;
    try {
      outcome = { status: 'succeeded', result: await this.handler.process(job, { signal }) };
    } catch (error) {
      // A parse worker that died for no cap of its own (a cap hit is an ApiError, final) may have met a passing
      // fault: the job is queued again, as when the server dies under it, within the same attempts.
      if (!signal.aborted && isSandboxFailure(error, 'died') && job.attempts < this.options.maxAttempts) {
        this.log.warn({ err: error, jobId: job.id, attempt: job.attempts }, 'background job worker died; queued again');
        await this.queue.requeueOne(job.id);
        return;
      }
      if (!signal.aborted) {
        if (!isApiError(error)) this.log.error({ err: error, jobId: job.id }, 'background job failed');
        outcome = { status: 'failed', error: isApiError(error) ? error : this.queue.options.internalError() };
      }
    }
    const seconds = (Date.now() - job.updatedAt) / 1000;
    if (outcome && (await this.queue.finish(job.id, outcome))) {
      this.options.observeDuration?.(job.type, outcome.status, seconds);
      this.handler.ended(job.id);
    } else if (!this.stopped && (await this.queue.statusOf(job.id)) === 'cancelled') {
      this.options.observeDuration?.(job.type, 'cancelled', seconds);
      this.handler.ended(job.id);
    }
  }

  /** Stops taking work, aborts what runs and hands it back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.sweepTimer);
    const ids = [...this.running.keys()];
    for (const controller of this.running.values()) controller.abort();
    const deadline = Date.now() + 5000;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const id of ids) await this.queue.requeueOne(id);
  }
}
