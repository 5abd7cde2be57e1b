import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors/api-error.js';

/**
 * Per-user, per-API request rate. rate-limiter-flexible's BurstyRateLimiter behaves like a token bucket: a sustained
 * allowance of `perSecond` each second, plus a burst pool of `burst` extra requests refilled over ten seconds.
 * In memory by default; with Redis (AISP_REDIS_URL) the counts are shared by every instance, and while Redis cannot
 * be reached each instance falls back to counting in its own memory rather than refusing or waving everything through.
 */
export class RequestRateLimiter {
  private readonly limiter: BurstyRateLimiter;

  constructor(perSecond: number, burst: number, redis?: Redis) {
    const sustained = { points: Math.max(1, perSecond), duration: 1 };
    const pool = { points: Math.max(1, burst), duration: 10 };
    this.limiter = redis
      ? new BurstyRateLimiter(
          new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: 'aisp:rate',
            ...sustained,
            insuranceLimiter: new RateLimiterMemory(sustained),
          }),
          new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: 'aisp:burst',
            ...pool,
            insuranceLimiter: new RateLimiterMemory(pool),
          }),
        )
      : new BurstyRateLimiter(new RateLimiterMemory(sustained), new RateLimiterMemory({ keyPrefix: 'burst', ...pool }));
  }

  async consume(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new ApiError('APIG.0308');
      throw error;
    }
  }
}
