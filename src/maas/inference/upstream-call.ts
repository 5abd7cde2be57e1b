import type { Dispatcher } from 'undici';
import { TooLargeError } from '../../net/outbound.js';

/**
 * One call's cancellation: the client left, the stream ran past its time, or the guard blocked the answer. A plain
 * flag with listeners, not an AbortController: the data plane makes one per call, and an AbortSignal with its event
 * target costs several microseconds a call for what is, most of the time, never used.
 */
export class CallCancellation {
  private listeners: (() => void)[] | undefined;
  cancelled = false;

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }

  /** Runs `listener` on cancellation (at once when cancelled already); the returned function removes it. */
  onCancel(listener: () => void): () => void {
    if (this.cancelled) {
      listener();
      return () => undefined;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const at = this.listeners?.indexOf(listener) ?? -1;
      if (at >= 0) this.listeners!.splice(at, 1);
    };
  }

  /** Waits `ms`, or less when cancelled (then rejects with CallCancelledError). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        resolve();
      }, ms);
      const remove = this.onCancel(() => {
        clearTimeout(timer);
        reject(new CallCancelledError());
      });
    });
  }
}

/** The call was cancelled by its own side (the client left, a deadline, the guard): not the upstream's failure. */
export class CallCancelledError extends Error {
  override name = 'AbortError';
  constructor() {
    super('the call was cancelled');
  }
}

/** Largest error body read from an upstream that answered with an error status (for its message). */
const errorBodyBytes = 4096;
/**
 * Bytes a stream may hold unread before the upstream's socket is paused (the client reads slower than it sends).
 * Counted in bytes, not chunks: a burst of small events is taken in one read, not paused after the first few.
 */
const queuedBytesBeforePause = 64 * 1024;

type Settle = { resolve: (answer: UpstreamResponse) => void; reject: (error: unknown) => void };

/**
 * An upstream response read straight from undici's dispatcher callbacks (no Readable stream, no AbortSignal, no
 * promise per chunk unless the reader waits): the status and headers when they arrive, then the body either whole
 * (`text()`, capped) or chunk by chunk (`chunks()`, pausing the upstream's socket while the reader falls behind).
 * `cancel()` ends it whatever state it is in.
 */
export class UpstreamResponse implements Dispatcher.DispatchHandlers {
  statusCode = 0;
  /** Header values by lower-case name (undici's raw list, decoded once). */
  readonly headers: Record<string, string> = {};
  private abortConnection: ((error: Error) => void) | undefined;
  private resumeSocket: (() => void) | undefined;
  private settle: Settle | undefined;
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private ended = false;
  private failure: unknown;
  /** The reader waiting for the next chunk or the end. */
  private wake: (() => void) | undefined;
  private paused = false;
  private readonly removeCancel: () => void;

  constructor(
    settle: Settle,
    private readonly maxBodyBytes: number,
    private readonly cancellation: CallCancellation,
  ) {
    this.settle = settle;
    this.removeCancel = cancellation.onCancel(() => this.fail(new CallCancelledError()));
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortConnection = abort as (error: Error) => void;
    if (this.failure !== undefined) abort(this.failure as Error);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null, resume: () => void): boolean {
    this.statusCode = statusCode;
    this.resumeSocket = resume;
    if (rawHeaders) {
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i]!.toString().toLowerCase();
        // Repeated headers: the first wins (the ones read here, length, type, retry-after, are single-valued).
        this.headers[name] ??= rawHeaders[i + 1]!.toString();
      }
    }
    // A 2xx answer is handed over now, its body to follow; an error status is read (a little) for its message.
    if (statusCode >= 200 && statusCode < 300) this.handOver();
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.queuedBytes += chunk.length;
    this.queue.push(chunk);
    if (this.settle) {
      // An error status: its first few KB are enough for the message; the rest is not read.
      if (this.queuedBytes > errorBodyBytes) {
        this.handOver();
        this.fail(new TooLargeError(errorBodyBytes));
        return false;
      }
      return true;
    }
    if (this.collecting && this.queuedBytes > this.maxBodyBytes) {
      this.fail(new TooLargeError(this.maxBodyBytes));
      return false;
    }
    this.wakeReader();
    if (!this.collecting && this.queuedBytes >= queuedBytesBeforePause) {
      this.paused = true;
      return false;
    }
    return true;
  }

  onComplete(): void {
    this.ended = true;
    this.removeCancel();
    if (this.settle) this.handOver();
    this.wakeReader();
  }

  onError(error: Error): void {
    this.removeCancel();
    if (this.failure === undefined) this.failure = error;
    const settle = this.settle;
    this.settle = undefined;
    settle?.reject(this.failure);
    this.wakeReader();
  }

  /** Cancels the call: the upstream's connection for it is dropped, and a reader sees `error`. */
  private fail(error: unknown): void {
    if (this.failure !== undefined || this.ended) return;
    this.failure = error;
    if (this.abortConnection) this.abortConnection(error as Error);
    else this.onError(error as Error);
  }

  cancel(): void {
    this.fail(new CallCancelledError());
  }

  private handOver(): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.resolve(this);
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Whether body bytes have arrived that nobody has read yet. */
  get hasQueuedData(): boolean {
    return this.queue.length > 0;
  }

  /** Whether the whole body has arrived and been read: the chunk just read was the last. */
  get complete(): boolean {
    return this.ended && this.queue.length === 0;
  }

  /** Set while `text()` gathers the whole body (the cap applies to all of it, and nothing pauses). */
  private collecting = false;

  /** The whole body as text, once it has all arrived; past `maxBodyBytes` it is cut off with TooLargeError. */
  async text(): Promise<string> {
    this.collecting = true;
    if (this.paused) this.resume();
    while (!this.ended && this.failure === undefined) await new Promise<void>((wake) => (this.wake = wake));
    if (this.failure !== undefined) throw this.failure;
    const body = this.queue.length === 1 ? this.queue[0]!.toString('utf8') : Buffer.concat(this.queue).toString('utf8');
    this.queue.length = 0;
    return body;
  }

  /**
   * The body as it arrives, everything queued since the last read in one piece; the upstream's socket is paused
   * while the reader lags. One piece, not one per upstream write: an upstream writes each event on its own (a chunk
   * of the chunked encoding each), and they arrive by the dozen in one socket read, which then costs the reader one
   * decode, one scan and one write to the client instead of one each (and one HTTP chunk instead of dozens).
   */
  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.queue.length > 0) {
        const chunk = this.queue.length === 1 ? this.queue[0]! : Buffer.concat(this.queue, this.queuedBytes);
        this.queue.length = 0;
        this.queuedBytes = 0;
        if (this.paused) this.resume();
        yield chunk;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((wake) => (this.wake = wake));
    }
  }

  private resume(): void {
    this.paused = false;
    this.resumeSocket?.();
  }

  /** The body of an error status (its first few KB), once read, for the error's message. */
  errorText(): string {
    return Buffer.concat(this.queue).toString('utf8');
  }
}
