/**
 * How many retries a deployment may spend: at most `percent` of its calls over the last ten seconds, plus a few
 * always (so that a quiet deployment can still retry). It stops retries from multiplying the load on upstreams that
 * are already failing, which is when retries are most tempting.
 */
export class RetryBudget {
  private windowStart = 0;
  private calls = 0;
  private retries = 0;
  private previousCalls = 0;
  private previousRetries = 0;

  constructor(
    private readonly percent: number,
    private readonly minimum = 3,
    private readonly windowMs = 10_000,
  ) {}

  private roll(now: number): void {
    if (now - this.windowStart < this.windowMs) return;
    const stale = now - this.windowStart >= 2 * this.windowMs;
    this.previousCalls = stale ? 0 : this.calls;
    this.previousRetries = stale ? 0 : this.retries;
    this.calls = 0;
    this.retries = 0;
    this.windowStart = now;
  }

  call(now = Date.now()): void {
    this.roll(now);
    this.calls++;
  }

  /** Takes one retry from the budget, or says there is none left. */
  tryRetry(now = Date.now()): boolean {
    this.roll(now);
    const calls = this.calls + this.previousCalls;
    const retries = this.retries + this.previousRetries;
    if (retries >= this.minimum + (calls * this.percent) / 100) return false;
    this.retries++;
    return true;
  }
}
