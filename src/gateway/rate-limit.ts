import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors/api-error.js';

/**
 * Per-user, per-API request rate. rate-limiter-flexible's BurstyRateLimiter behaves like a token bucket: a sustained
 * allowance of `perSecond` each second, plus a burst pool of `burst` extra requests refilled over ten seconds.
 * Memory-backed here; the same limiter classes have Redis back ends for several instances.
 */
export class RequestRateLimiter {
  private readonly limiter: BurstyRateLimiter;

  constructor(perSecond: number, burst: number) {
    this.limiter = new BurstyRateLimiter(
      new RateLimiterMemory({ points: Math.max(1, perSecond), duration: 1 }),
      new RateLimiterMemory({ keyPrefix: 'burst', points: Math.max(1, burst), duration: 10 }),
    );
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
