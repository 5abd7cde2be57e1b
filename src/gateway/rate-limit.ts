import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  points: number;
  durationSeconds: number;
  /** An extra pool for bursts above the sustained rate, refilled over its own window. */
  burst?: { points: number; durationSeconds: number };
}

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: how long until the next request would be allowed. */
  retryAfterMs: number;
}

/**
 * Request rates per key (user and API, an endpoint, a key...), with rate-limiter-flexible: in memory by default; with
 * Redis the counts are shared by every instance, and while Redis cannot be reached each instance falls back to
 * counting in its own memory rather than refusing or waving everything through. With a burst pool it behaves like a
 * token bucket: `points` per window sustained, plus `burst.points` extra refilled over `burst.durationSeconds`.
 */
export class RequestRateLimiter {
  private readonly limiter: RateLimiterAbstract | BurstyRateLimiter;

  constructor(policy: RateLimitPolicy, options: { keyPrefix: string; redis?: Redis | undefined }) {
    const store = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const limits = { keyPrefix, points: Math.max(1, points), duration };
      return options.redis
        ? new RateLimiterRedis({
            storeClient: options.redis,
            ...limits,
            insuranceLimiter: new RateLimiterMemory(limits),
          })
        : new RateLimiterMemory(limits);
    };
    const sustained = store(options.keyPrefix, policy.points, policy.durationSeconds);
    this.limiter = policy.burst
      ? new BurstyRateLimiter(
          sustained,
          store(`${options.keyPrefix}:burst`, policy.burst.points, policy.burst.durationSeconds),
        )
      : sustained;
  }

  async consume(key: string, points = 1): Promise<RateLimitDecision> {
    try {
      await this.limiter.consume(key, points);
      return { allowed: true, retryAfterMs: 0 };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { allowed: false, retryAfterMs: error.msBeforeNext };
      throw error;
    }
  }
}
