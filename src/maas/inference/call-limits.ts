import type { Redis } from 'ioredis';
import { ApiError } from '../../errors/api-error.js';
import { LimitersByPolicy, type RequestRateLimiter } from '../../storage/rate-limiter.js';

/**
 * Calls and tokens per minute (`rpm` → ModelArts.81101, `tpm` → ModelArts.81103, both with Retry-After), per
 * endpoint or per account on a model, in memory or shared through Redis. Tokens are reserved before the call (the
 * prompt's estimate) and the rest charged when the call ends, so that a burst of calls cannot overshoot by much.
 */
export class CallLimits {
  /** One limiter per distinct limit (few distinct values); counted per key. */
  private readonly limiters: LimitersByPolicy;

  constructor(redis?: Redis) {
    this.limiters = new LimitersByPolicy('aisp:maas', redis);
  }

  private limiter(kind: 'rpm' | 'tpm', points: number): RequestRateLimiter {
    return this.limiters.get(`${kind}:${points}`, points, 60);
  }

  async admitCall(key: string, rpm: number | null): Promise<void> {
    if (rpm === null) return;
    const decision = await this.limiter('rpm', rpm).consume(key);
    if (!decision.allowed) throw new ApiError('ModelArts.81101', String(rpm)).retryAfter(decision.retryAfterMs);
  }

  /** Reserves the prompt's tokens; a prompt larger than the whole minute's allowance can never pass. */
  async reserveTokens(key: string, tpm: number | null, tokens: number): Promise<void> {
    if (tpm === null) return;
    const limiter = this.limiter('tpm', tpm);
    const decision = await limiter.consume(key, Math.max(1, tokens));
    if (!decision.allowed) {
      // A refused reservation uses nothing (the counter took the points all the same).
      await limiter.adjust(key, -Math.max(1, tokens));
      throw new ApiError('ModelArts.81103', String(tpm)).retryAfter(tokens > tpm ? 60_000 : decision.retryAfterMs);
    }
  }

  /** Charges what the call used beyond its reservation, or gives back what it did not use. */
  async settleTokens(key: string, tpm: number | null, used: number, reserved: number): Promise<void> {
    if (tpm === null || reserved === 0) return;
    await this.limiter('tpm', tpm).adjust(key, used - Math.max(1, reserved));
  }
}
