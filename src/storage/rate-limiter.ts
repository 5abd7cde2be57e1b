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
 * Counters per key for one window: in memory, or in Redis shared by every instance with an in-memory stand-in while
 * Redis cannot be reached (rather than refusing or waving everything through).
 */
function counterStore(keyPrefix: string, points: number, duration: number, redis?: Redis): RateLimiterAbstract {
  const limits = { keyPrefix, points: Math.max(1, points), duration };
  return redis
    ? new RateLimiterRedis({ storeClient: redis, ...limits, insuranceLimiter: new RateLimiterMemory(limits) })
    : new RateLimiterMemory(limits);
}

/**
 * Request rates per key (user and API, an endpoint, a key...), with rate-limiter-flexible on counterStore. With a
 * burst pool it behaves like a token bucket: `points` per window sustained, plus `burst.points` extra refilled over
 * `burst.durationSeconds`.
 */
export class RequestRateLimiter {
  private readonly limiter: RateLimiterAbstract | BurstyRateLimiter;

  constructor(policy: RateLimitPolicy, options: { keyPrefix: string; redis?: Redis | undefined }) {
    const sustained = counterStore(options.keyPrefix, policy.points, policy.durationSeconds, options.redis);
    this.limiter = policy.burst
      ? new BurstyRateLimiter(
          sustained,
          counterStore(`${options.keyPrefix}:burst`, policy.burst.points, policy.burst.durationSeconds, options.redis),
        )
      : sustained;
  }

  /**
   * Corrects what the key has used without refusing it: more points when a call turned out to cost more than it
   * reserved (tokens known only after the call), points back when it cost less.
   */
  async adjust(key: string, points: number): Promise<void> {
    const limiter = this.limiter as RateLimiterAbstract;
    if (points > 0) await limiter.penalty(key, points);
    else if (points < 0) await limiter.reward(key, -points);
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

/**
 * Counts failures (wrong passwords, wrong operator keys) per key and locks the key once `failures` are reached within
 * `windowSeconds`, until that window ends; shared through Redis like the request rates.
 */
export class FailureLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly policy: { failures: number; windowSeconds: number },
    options: { keyPrefix: string; redis?: Redis | undefined },
  ) {
    this.limiter = counterStore(options.keyPrefix, policy.failures, policy.windowSeconds, options.redis);
  }

  /** Whether the key may try now; when locked, how long until it may. */
  async check(key: string): Promise<RateLimitDecision> {
    const state = await this.limiter.get(key);
    if (state && state.consumedPoints >= this.policy.failures)
      return { allowed: false, retryAfterMs: state.msBeforeNext };
    return { allowed: true, retryAfterMs: 0 };
  }

  async recordFailure(key: string): Promise<void> {
    await this.limiter.consume(key).catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    });
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/**
 * One limiter per distinct policy, made on first use and kept under `<keyPrefix>:<name>`: rate limits come in few
 * distinct values (an API's documented limit, an endpoint's rpm), each counting many keys. The gateway's per-route
 * limits and the data plane's rpm and tpm share this one map, instead of a copy each.
 */
export class LimitersByPolicy {
  private readonly limiters = new Map<string, RequestRateLimiter>();

  constructor(
    private readonly keyPrefix: string,
    private readonly redis?: Redis,
  ) {}

  /** The limiter of `points` per `durationSeconds`; `name` must be the same for the same policy. */
  get(name: string, points: number, durationSeconds: number): RequestRateLimiter {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = new RequestRateLimiter(
        { points, durationSeconds },
        { keyPrefix: `${this.keyPrefix}:${name}`, redis: this.redis },
      );
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}
