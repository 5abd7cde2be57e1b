import { parentPort, Worker } from 'node:worker_threads';
import { SandboxFailure } from './sandbox.js';

/** A resident pool's shape: how many workers, what each may use. */
export interface ResidentPoolOptions {
  /** The worker module: it calls serveResident once. */
  script: URL;
  /** Worker threads, each holding what its start loaded (a model): requests beyond them wait in line. */
  size: number;
  /** Each worker's V8 heap (old generation), in MiB: past it the worker ends, never the process. */
  maxHeapMb: number;
}

/** What a worker and the pool say to each other. */
type ToWorker = { id: number; input: unknown };
type FromWorker = { ready: true } | { id: number; output: unknown } | { id: number; error: string };

interface Job {
  id: number;
  input: unknown;
  transfer: ArrayBuffer[];
  resolve: (output: never) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Settles when the worker has loaded what it serves with (rejects if it ended first). */
  started: Promise<void>;
  /** Rejects `started` if it has not settled: the worker is being ended by the pool. */
  abandon: (error: Error) => void;
  job?: Job;
}

/**
 * Worker threads that stay up between requests, for work whose start is expensive (a model to load) and that must not
 * run on the event loop: each worker is started once and serves one request at a time; requests wait in line for a
 * free one. A request has a time limit that runs from when it is asked (waiting included): past it the request fails
 * with SandboxFailure `timeout`, and the worker that was on it is terminated (it may be stuck) and a fresh one started
 * in its place. A worker that dies (its heap limit: `memory`; anything else: `died`) fails only the request it was on,
 * and is replaced on the next request. Unlike runSandboxed, nothing is fresh per request: the worker's code must be
 * trusted to keep no state from one input to the next.
 */
export class ResidentWorkerPool<Input, Output> {
  private readonly slots: (Slot | undefined)[];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ResidentPoolOptions) {
    this.slots = Array.from({ length: options.size }, () => undefined);
  }

  /** Starts every worker that is not up; resolves when all have loaded, rejects with the first that failed to. */
  async start(): Promise<void> {
    if (this.closed) throw new Error('the worker pool is closed');
    await Promise.all(this.slots.map((slot, index) => (slot ?? this.spawn(index)).started));
  }

  /** Whether every worker is up and loaded. */
  get running(): boolean {
    return this.slots.every((slot) => slot?.ready === true);
  }

  /** Runs one request in a worker, within `timeoutMs` from now. */
  run(input: Input, timeoutMs: number, transfer: ArrayBuffer[] = []): Promise<Output> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Output>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        input,
        transfer,
        resolve: resolve as (output: never) => void,
        reject,
        timer: setTimeout(() => this.expire(job, timeoutMs), timeoutMs),
      };
      this.waiting.push(job);
      this.dispatch();
    });
  }

  /** Ends every worker; requests in flight or waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) this.fail(job, new Error('the worker pool is closed'));
    await Promise.all(
      this.slots.map((slot, index) => {
        if (!slot) return undefined;
        this.slots[index] = undefined;
        slot.abandon(new Error('the worker pool is closed'));
        if (slot.job) this.fail(slot.job, new Error('the worker pool is closed'));
        return slot.worker.terminate();
      }),
    );
  }

  /** Hands waiting requests to free workers, starting workers where there are none. */
  private dispatch(): void {
    for (let index = 0; index < this.slots.length && this.waiting.length > 0 && !this.closed; index++) {
      const slot = this.slots[index] ?? this.spawn(index);
      if (!slot.ready || slot.job) continue;
      const job = this.waiting.shift()!;
      slot.job = job;
      job.slot = slot;
      slot.worker.postMessage({ id: job.id, input: job.input } satisfies ToWorker, job.transfer);
    }
  }

  private spawn(index: number): Slot {
    const { maxHeapMb } = this.options;
    const worker = new Worker(this.options.script, {
      resourceLimits: {
        maxOldGenerationSizeMb: maxHeapMb,
        maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(maxHeapMb / 8))),
        stackSizeMb: 4,
      },
      // A library's console output (warnings, a whole bundled source on a crash) is dropped: the log is JSON lines.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let loaded: () => void = () => undefined;
    let notLoaded: (error: Error) => void = () => undefined;
    const started = new Promise<void>((resolve, reject) => {
      loaded = resolve;
      notLoaded = reject;
    });
    // A start that fails is told to whoever awaits start(); with nobody awaiting, it is not an unhandled rejection.
    started.catch(() => undefined);
    const slot: Slot = { worker, ready: false, started, abandon: notLoaded };
    this.slots[index] = slot;
    const current = () => this.slots[index] === slot;
    worker.on('message', (message: FromWorker) => {
      if (!current()) return;
      if ('ready' in message) {
        slot.ready = true;
        loaded();
      } else if (slot.job?.id === message.id) {
        const job = slot.job;
        slot.job = undefined;
        clearTimeout(job.timer);
        if ('error' in message) job.reject(new Error(message.error));
        else job.resolve(message.output as never);
      }
      this.dispatch();
    });
    const ended = (failure: SandboxFailure) => {
      if (!current()) return;
      this.slots[index] = undefined;
      notLoaded(failure);
      if (slot.job) this.fail(slot.job, failure);
      else if (!slot.ready) {
        // It never loaded: the requests waiting would only start it again and again; they fail with its reason.
        for (const job of this.waiting.splice(0)) this.fail(job, failure);
      }
      this.dispatch();
    };
    worker.once('error', (error: Error & { code?: string }) =>
      ended(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new SandboxFailure('memory', `the worker reached its ${maxHeapMb} MiB heap limit`)
          : new SandboxFailure('died', `the worker failed: ${error.message}`),
      ),
    );
    worker.once('exit', (code) => ended(new SandboxFailure('died', `the worker exited (code ${code})`)));
    return slot;
  }

  /** A request past its time: out of the line if it waits, or its worker ended (and replaced) if one is on it. */
  private expire(job: Job, timeoutMs: number): void {
    const failure = new SandboxFailure('timeout', `no answer within ${timeoutMs} ms`);
    const queued = this.waiting.indexOf(job);
    if (queued >= 0) this.waiting.splice(queued, 1);
    const index = job.slot ? this.slots.indexOf(job.slot) : -1;
    if (index >= 0) {
      const slot = this.slots[index]!;
      this.slots[index] = undefined;
      void slot.worker.terminate();
    }
    job.reject(failure);
    this.dispatch();
  }

  private fail(job: Job, error: Error): void {
    clearTimeout(job.timer);
    job.reject(error);
  }
}

/**
 * The worker's side of a ResidentWorkerPool: runs `load` once (a model), says it is ready, then answers each request
 * with `handle`'s output, or its error's message (that request fails; the worker stays). A `load` that throws ends the
 * worker, which fails start().
 */
export async function serveResident<Input, Output>(
  load: () => Promise<(input: Input) => Promise<{ output: Output; transfer?: ArrayBuffer[] }>>,
): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveResident runs in a worker thread');
  const handle = await load();
  port.on('message', (message: ToWorker) => {
    handle(message.input as Input).then(
      ({ output, transfer }) => port.postMessage({ id: message.id, output } satisfies FromWorker, transfer ?? []),
      (error: unknown) =>
        port.postMessage({
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies FromWorker),
    );
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}
