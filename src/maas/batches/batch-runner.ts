import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { JobHandler, WorkContext } from '../../queue/worker-pool.js';
import type { QueuedJob } from '../../queue/job-queue.js';
import type { ApiKeyGrant, ApiKeyStore } from '../api-keys/key-store.js';
import type { ApiKeyCaller } from '../inference/api-key-auth.js';
import { type BatchRow, type BatchStore, finalStatuses, type LineRow } from './batch-store.js';
import { lineHeader, type LineCallers } from './line-callers.js';

export interface BatchRunnerSettings {
  /** A batch's lines running at once on this instance. */
  linesAtOnce: number;
  /** Real-time calls in flight on this instance at which batch lines wait for them to go down. */
  yieldAtCalls: number;
}

export interface BatchRunnerDeps {
  store: BatchStore;
  apiKeys: ApiKeyStore;
  lines: LineCallers;
  /** Sends a request into this server (Fastify's inject). */
  inject: FastifyInstance['inject'];
  /** Inference calls in flight on this instance, batch lines included. */
  callsInFlight: () => number;
  log: FastifyBaseLogger;
}

/** How often a running batch looks whether it was cancelled (on any instance), and how long a yielding line waits. */
const statusCheckMs = 250;
const yieldWaitMs = 20;
/** Lines read from the database at a time. */
const linesPerPage = 200;
/** How long a batch's key, as the database has it, is used before it is read again. */
const grantTtlMs = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A batch stopped (the server is stopping): handed back to the queue, its unsaved lines run again on resume. */
class BatchStopped extends Error {}

/**
 * Runs batches taken from the durable job queue (one job per batch). A batch's lines run in input order, at most
 * `linesAtOnce` at a time, each as a request into this server's own data plane (LineCallers) with the key that created
 * the batch, as the key is now: the same model resolution, pools and failover, rpm and tpm, budgets, content guard and
 * metering (`infer_type: batch`) as a client's call, and the answer, success or refusal, is the line's result, saved
 * as the line ends. Lines yield to real-time calls: none starts while this instance has `yieldAtCalls` real-time calls
 * in flight. A stopped server hands the batch back; a restart (or another instance, after the lease) runs only the
 * lines with no saved result. Cancelling stops new lines; the lines that ran are in the output and error files.
 */
export class BatchRunner implements JobHandler {
  /** Batch lines in flight on this instance (all batches). */
  private linesInFlight = 0;

  constructor(
    private readonly deps: BatchRunnerDeps,
    private readonly settings: BatchRunnerSettings,
  ) {}

  async process(job: QueuedJob, { signal }: WorkContext): Promise<unknown> {
    const { store } = this.deps;
    const batch = await store.byId(job.id);
    if (!batch || finalStatuses.includes(batch.status)) return null;
    if (batch.status === 'validating') await store.move(batch.id, ['validating'], 'in_progress');
    const run = new BatchRun(batch, this.deps);
    const running = new Set<Promise<void>>();
    let failure: unknown;
    let after = -1;
    pages: for (;;) {
      const page = await store.pendingLines(batch.id, after, linesPerPage);
      if (page.length === 0) break;
      for (const line of page) {
        after = line.line_no;
        while (running.size >= this.settings.linesAtOnce) await Promise.race(running);
        await this.yieldToRealTime(signal);
        if (signal.aborted || failure !== undefined || (await run.ending())) break pages;
        const line$ = this.runLine(run, line)
          .catch((error: unknown) => {
            failure ??= error;
          })
          .finally(() => running.delete(line$));
        running.add(line$);
      }
    }
    await Promise.all(running);
    if (signal.aborted) throw new BatchStopped('the batch was handed back to the queue');
    if (failure !== undefined) throw failure;
    await this.end(batch);
    return { batch_id: batch.id };
  }

  /** A batch given up by the queue (its worker died on every attempt) or failed: failed, unless it ended already. */
  ended(jobId: string): void {
    this.deps.store
      .fail(jobId, 'internal_error', 'The batch could not be run.')
      .catch((error) => this.deps.log.error({ err: error, batchId: jobId }, 'batch not marked as failed'));
  }

  private async end(batch: BatchRow): Promise<void> {
    const { store } = this.deps;
    const status = await store.statusOf(batch.id);
    if (status === 'cancelling') {
      await store.finish(batch, 'cancelled', { code: 'batch_cancelled', message: 'The batch was cancelled.' });
    } else if (Date.now() >= Number(batch.expires_at)) {
      await store.finish(batch, 'expired', {
        code: 'batch_expired',
        message: 'This request could not be executed before the completion window expired.',
      });
    } else {
      await store.move(batch.id, ['in_progress'], 'finalizing');
      await store.finish(batch, 'completed');
    }
  }

  private async yieldToRealTime(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && this.deps.callsInFlight() - this.linesInFlight >= this.settings.yieldAtCalls) {
      await sleep(yieldWaitMs);
    }
  }

  private async runLine(run: BatchRun, line: LineRow): Promise<void> {
    const { lines, inject, store } = this.deps;
    const caller = await run.caller();
    // A deleted key lodges no caller: the line is answered 401 (ModelArts.81003) as the key itself would be.
    const header = caller ? lines.lodge(caller) : 'none';
    this.linesInFlight++;
    let answer;
    try {
      answer = await inject({
        method: 'POST',
        url: run.batch.endpoint,
        headers: { 'content-type': 'application/json', [lineHeader]: header },
        payload: line.body,
        remoteAddress: run.batch.source_ip || '127.0.0.1',
      });
    } finally {
      this.linesInFlight--;
      lines.drop(header);
    }
    const requestId = answer.headers['x-request-id'];
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = answer.body;
    }
    await store.saveLine(run.batch.id, line.line_no, {
      statusCode: answer.statusCode,
      requestId: typeof requestId === 'string' ? requestId : '',
      response: JSON.stringify(body),
    });
  }
}

/** One run of one batch: its key's caller (read again every second) and whether it should stop starting lines. */
class BatchRun {
  private grant: { value: ApiKeyGrant | null; at: number } | undefined;
  private lastCheck = 0;
  private stopping = false;

  constructor(
    readonly batch: BatchRow,
    private readonly deps: BatchRunnerDeps,
  ) {}

  async caller(): Promise<ApiKeyCaller | undefined> {
    const now = Date.now();
    if (!this.grant || now - this.grant.at > grantTtlMs) {
      this.grant = { value: await this.deps.apiKeys.grantById(this.batch.key_id), at: now };
    }
    const grant = this.grant.value;
    if (!grant) return undefined;
    return {
      kind: 'apiKey',
      grant,
      accountId: grant.accountId,
      rateKey: `batch:${this.batch.id}`,
      clientAddress: this.batch.source_ip,
      batchId: this.batch.id,
      paced: true,
    };
  }

  /** Whether the batch was cancelled (looked up at most every 250 ms) or its completion window has passed. */
  async ending(): Promise<boolean> {
    if (this.stopping) return true;
    const now = Date.now();
    if (now >= Number(this.batch.expires_at)) return (this.stopping = true);
    if (now - this.lastCheck >= statusCheckMs) {
      this.lastCheck = now;
      this.stopping = (await this.deps.store.statusOf(this.batch.id)) === 'cancelling';
    }
    return this.stopping;
  }
}
