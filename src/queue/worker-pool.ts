import type { FastifyBaseLogger } from 'fastify';

/** The store a worker pool takes jobs from: every state change is a conditional update, so one job has one worker. */
export interface LeasedQueue<J extends { id: string }> {
  /** Takes the oldest waiting job with a lease of `leaseMs`, or nothing. */
  claim(leaseMs: number): Promise<J | undefined>;
  /** Extends a job's lease; false when the job is no longer this worker's (cancelled meanwhile). */
  renewLease(jobId: string, leaseMs: number): Promise<boolean>;
  /**
   * Puts jobs whose lease ran out (their worker died) back in the queue, and ends as failed those that have had
   * `maxAttempts` already (returned, so that their owners hear of it).
   */
  requeueAbandoned(maxAttempts: number): Promise<{ requeued: number; gaveUp: string[] }>;
  /** Hands one job back to the queue (its worker is stopping). */
  requeueOne(jobId: string): Promise<void>;
  /** Clears jobs past their retention. */
  deleteExpired(): Promise<number>;
}

export interface WorkContext {
  /** Aborted when the job is taken away (cancelled here or on another instance) or the pool stops. */
  signal: AbortSignal;
  /** True once the pool is stopping: an aborted job is then handed back rather than ended. */
  stopping(): boolean;
}

export interface WorkerPoolOptions {
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  /** Attempts a job gets when its worker dies under it, before it is given up. */
  maxAttempts: number;
}

/**
 * The embedded background queue: jobs live in the database (SQLite, or the PostgreSQL that several instances share),
 * and the workers of this process take them one by one with a lease that they renew while they work. A server that
 * stops hands its jobs back; one that dies leaves leases that run out, and the next sweep (here or on another
 * instance) queues those jobs again. Taking a job is a conditional update that only one instance wins.
 */
export class WorkerPool<J extends { id: string }> {
  private readonly running = new Map<string, AbortController>();
  private pollTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly queue: LeasedQueue<J>,
    private readonly work: (job: J, context: WorkContext) => Promise<void>,
    private readonly options: WorkerPoolOptions,
    private readonly log: FastifyBaseLogger,
    /** Told of the jobs given up after too many attempts. */
    private readonly onGaveUp: (jobIds: string[]) => Promise<void> = async () => undefined,
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

  /** Aborts a job this process is working on (it was cancelled). */
  abortLocal(jobId: string): void {
    this.running.get(jobId)?.abort();
  }

  private async fill(): Promise<void> {
    while (!this.stopped && this.running.size < this.options.concurrency) {
      const job = await this.queue.claim(this.options.leaseMs).catch((error) => {
        this.log.error({ err: error }, 'claiming a background job failed');
        return undefined;
      });
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
        await this.onGaveUp(gaveUp);
      }
      await this.queue.deleteExpired();
    } catch (error) {
      this.log.error({ err: error }, 'background job sweep failed');
    }
  }

  private async run(job: J): Promise<void> {
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
      await this.work(job, { signal: controller.signal, stopping: () => this.stopped });
    } catch (error) {
      this.log.error({ err: error, jobId: job.id }, 'background job failed unexpectedly');
    } finally {
      clearInterval(heartbeat);
      this.running.delete(job.id);
    }
    this.wake();
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
