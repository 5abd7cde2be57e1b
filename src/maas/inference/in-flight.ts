/**
 * The data plane's calls still running, metering included. At shutdown the server waits for their connections to end
 * (or cuts them at the deadline); a call whose connection was cut still has its last steps to run (the upstream
 * aborted, its usage counted), and the statistics are flushed only after them, so that no call is lost.
 */
export class InFlightCalls {
  private running = 0;
  private waiters: (() => void)[] = [];

  get count(): number {
    return this.running;
  }

  async track<T>(call: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await call();
    } finally {
      if (--this.running === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves when no call is running (true), or after `timeoutMs` with calls still running (false). */
  async settled(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.waiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([idle, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
