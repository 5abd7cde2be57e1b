import { Worker } from 'node:worker_threads';

/** What one sandboxed run may use; past either, the worker is terminated. */
export interface SandboxLimits {
  /** Wall-clock time from the start of the worker to its answer. */
  timeoutMs: number;
  /** The worker's V8 heap (old generation), in MiB. */
  maxHeapMb: number;
}

/**
 * Why a sandboxed run gave no answer: `timeout` and `memory` are its limits (the same input would hit them again, so
 * they are final), `died` is anything else that ended the worker (an uncaught error, an exit): worth one more try.
 */
export type SandboxFailureReason = 'timeout' | 'memory' | 'died';

export class SandboxFailure extends Error {
  constructor(
    readonly reason: SandboxFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxFailure';
  }
}

export function isSandboxFailure(value: unknown, reason?: SandboxFailureReason): value is SandboxFailure {
  return value instanceof SandboxFailure && (reason === undefined || value.reason === reason);
}

/**
 * Runs `script` (a worker module that reads `workerData` and posts exactly one message) in a worker thread of its own,
 * so that parsing a file from outside never blocks the event loop nor grows the server's heap: the worker has a heap
 * limit (V8 ends it when it is reached, never the process), and it is terminated at the time limit or when `signal`
 * aborts. A fresh worker per run: nothing a hostile file did survives it. Resolves with the posted message.
 */
export function runSandboxed<Output>(
  script: URL,
  input: unknown,
  limits: SandboxLimits,
  options: { signal?: AbortSignal; transfer?: ArrayBuffer[] } = {},
): Promise<Output> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<Output>((resolve, reject) => {
    const worker = new Worker(script, {
      workerData: input,
      ...(options.transfer ? { transferList: options.transfer } : {}),
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxHeapMb,
        // The young generation is part of the heap too; V8's default grows with the old one, this keeps it small.
        maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(limits.maxHeapMb / 8))),
        // Deep recursion in a parser (nested PDF objects, XML) ends as a RangeError inside the worker.
        stackSizeMb: 4,
      },
      // The worker's console output (a library's warnings) is dropped: the server's log is JSON lines only.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() => reject(new SandboxFailure('timeout', `the worker did not answer within ${limits.timeoutMs} ms`))),
      limits.timeoutMs,
    );
    const onAbort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (message: Output) => settle(() => resolve(message)));
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new SandboxFailure('memory', `the worker reached its ${limits.maxHeapMb} MiB heap limit`)
            : new SandboxFailure('died', `the worker failed: ${error.message}`),
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new SandboxFailure('died', `the worker exited (code ${code}) without an answer`))),
    );
  });
}
