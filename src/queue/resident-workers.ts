import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  /**
   * `thread` (the default): worker threads. `process`: child processes (fork, IPC), for a worker holding a native addon
   * that aborts the whole process when a thread using it is terminated or torn down at exit (onnxruntime-node: a
   * "terminate called after throwing an instance of 'Napi::Error'"); a process can be killed without harm to the server.
   */
  kind?: 'thread' | 'process';
  /** `process` only: a process whose resident set is past this many MiB after an answer is replaced (native memory). */
  maxRssMb?: number;
}

/** What the pool needs of one worker, a thread or a process. */
interface Resident {
  send(message: ToWorker, transfer: ArrayBuffer[]): void;
  /** Ends it (a thread terminated, a process SIGKILLed); resolves when it is gone. */
  kill(): Promise<void>;
}

/** How a worker tells the pool what it says, and that it has ended (and why). */
interface ResidentEvents {
  message(message: Exclude<FromWorker, { failed: string }>): void;
  ended(failure: SandboxFailure): void;
}

/** What a worker and the pool say to each other. */
type ToWorker = { id: number; input: unknown };
/**
 * `rss`: a process's resident set after the request, in bytes (the pool's maxRssMb). `failed`: why a process's load
 * failed, said before it exits (a thread's error carries it).
 */
type FromWorker =
  { ready: true } | { failed: string } | { id: number; output: unknown; rss?: number } | { id: number; error: string };

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
  worker: Resident;
  ready: boolean;
  /** Settles when the worker has loaded what it serves with (rejects if it ended first). */
  started: Promise<void>;
  /** Rejects `started` if it has not settled: the worker is being ended by the pool. */
  abandon: (error: Error) => void;
  job?: Job;
}

/**
 * Workers (threads, or child processes: `kind`) that stay up between requests, for work whose start is expensive (a
 * model to load) and that must not run on the event loop: each worker is started once and serves one request at a time; requests wait in line for a
 * free one. A request has a time limit that runs from when it is asked (waiting included): past it the request fails
 * with SandboxFailure `timeout`, and the worker that was on it is terminated (a process: SIGKILL; it may be stuck) and a
 * fresh one started in its place. A worker that dies (its heap limit: `memory`; anything else: `died`) fails only the request it was on,
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

  /** Runs one request in a worker, within `timeoutMs` from now (`transfer`: threads only; a process gets a copy). */
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
        return slot.worker.kill();
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
      slot.worker.send({ id: job.id, input: job.input } satisfies ToWorker, job.transfer);
    }
  }

  private spawn(index: number): Slot {
    let loaded: () => void = () => undefined;
    let notLoaded: (error: Error) => void = () => undefined;
    const started = new Promise<void>((resolve, reject) => {
      loaded = resolve;
      notLoaded = reject;
    });
    // A start that fails is told to whoever awaits start(); with nobody awaiting, it is not an unhandled rejection.
    started.catch(() => undefined);
    const slot = { ready: false, started, abandon: notLoaded } as Slot;
    this.slots[index] = slot;
    const current = () => this.slots[index] === slot;
    const { maxRssMb } = this.options;
    const events: ResidentEvents = {
      message: (message) => {
        if (!current()) return;
        if ('ready' in message) {
          slot.ready = true;
          loaded();
        } else if (slot.job?.id === message.id) {
          const job = slot.job;
          slot.job = undefined;
          clearTimeout(job.timer);
          if ('error' in message) job.reject(new Error(message.error));
          else {
            job.resolve(message.output as never);
            // Native memory (a model runtime's buffers) is outside the heap limit: a process that grew past its cap
            // is replaced now, between requests, rather than left to the kernel's OOM killer.
            if (maxRssMb !== undefined && message.rss !== undefined && message.rss > maxRssMb * 1024 * 1024) {
              this.slots[index] = undefined;
              void slot.worker.kill();
            }
          }
        }
        this.dispatch();
      },
      ended: (failure) => {
        if (!current()) return;
        this.slots[index] = undefined;
        notLoaded(failure);
        if (slot.job) this.fail(slot.job, failure);
        else if (!slot.ready) {
          // It never loaded: the requests waiting would only start it again and again; they fail with its reason.
          for (const job of this.waiting.splice(0)) this.fail(job, failure);
        }
        this.dispatch();
      },
    };
    slot.worker =
      this.options.kind === 'process'
        ? startProcess(this.options.script, this.options.maxHeapMb, events)
        : startThread(this.options.script, this.options.maxHeapMb, events);
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
      void slot.worker.kill();
    }
    job.reject(failure);
    this.dispatch();
  }

  private fail(job: Job, error: Error): void {
    clearTimeout(job.timer);
    job.reject(error);
  }
}

function startThread(script: URL, maxHeapMb: number, events: ResidentEvents): Resident {
  const worker = new Worker(script, {
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
  worker.on('message', events.message);
  worker.once('error', (error: Error & { code?: string }) =>
    events.ended(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new SandboxFailure('memory', `the worker reached its ${maxHeapMb} MiB heap limit`)
        : new SandboxFailure('died', `the worker failed: ${error.message}`),
    ),
  );
  worker.once('exit', (code) => events.ended(new SandboxFailure('died', `the worker exited (code ${code})`)));
  return {
    send: (message, transfer) => worker.postMessage(message, transfer),
    kill: () => worker.terminate().then(() => undefined),
  };
}

/** What V8 writes on stderr as a process reaches its heap limit (and then aborts). */
const heapLimitMessage = /heap limit|heap out of memory/i;

function startProcess(script: URL, maxHeapMb: number, events: ResidentEvents): Resident {
  const child = fork(fileURLToPath(script), [], {
    // The heap limit only; not the server's own flags (a debugger port, --test's). The advanced serialization carries
    // a Uint8Array as bytes (structured clone), not as JSON.
    execArgv: [`--max-old-space-size=${maxHeapMb}`],
    serialization: 'advanced',
    // Its stdout is dropped (the log is JSON lines); the end of its stderr tells a heap limit from another death.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  let loadFailure: string | undefined;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4096);
  });
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    // 'close' comes after 'exit' and after stderr has been read to its end.
    child.once('close', (code, signal) => {
      gone = true;
      resolve();
      events.ended(
        heapLimitMessage.test(stderrTail)
          ? new SandboxFailure('memory', `the worker reached its ${maxHeapMb} MiB heap limit`)
          : new SandboxFailure(
              'died',
              loadFailure !== undefined
                ? `the worker failed: ${loadFailure}`
                : `the worker exited (${signal ?? `code ${code}`})`,
            ),
      );
    });
  });
  child.once('error', (error) => {
    // It could not be started (or signalled): 'close' may never come.
    if (child.pid === undefined) {
      gone = true;
      events.ended(new SandboxFailure('died', `the worker failed: ${error.message}`));
    }
  });
  child.on('message', (message: FromWorker) => {
    if ('failed' in message) loadFailure = message.failed;
    else events.message(message);
  });
  return {
    send: (message) => {
      // A process that has just ended cannot be sent to: its 'close' fails the request.
      if (child.connected) child.send(message, (error) => error && child.kill('SIGKILL'));
    },
    kill: () => {
      if (gone || child.pid === undefined) return Promise.resolve();
      child.kill('SIGKILL');
      return exited;
    },
  };
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
  const sendToParent = process.send?.bind(process);
  if (!port && !sendToParent) throw new Error('serveResident runs in a worker thread or a forked process');
  if (!port) {
    // The server gone (closed, crashed, or killed with SIGKILL): this process ends too, rather than live on an orphan.
    process.on('disconnect', () => process.exit(0));
  }
  const post = port
    ? (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)
    : (message: FromWorker) => {
        if (process.connected) sendToParent!(message);
      };
  let handle: Awaited<ReturnType<typeof load>>;
  try {
    handle = await load();
  } catch (error) {
    if (port) throw error;
    // A process's exit code says nothing of why: the reason goes to the pool first.
    const failed = error instanceof Error ? error.message : String(error);
    sendToParent!({ failed } satisfies FromWorker, () => process.exit(1));
    return;
  }
  const served = (message: ToWorker) =>
    handle(message.input as Input).then(
      ({ output, transfer }) =>
        post({ id: message.id, output, ...(port ? {} : { rss: process.memoryUsage.rss() }) }, transfer),
      (error: unknown) => post({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  if (port) port.on('message', served);
  else process.on('message', served);
  post({ ready: true });
}
