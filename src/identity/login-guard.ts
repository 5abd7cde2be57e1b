import type { Redis } from 'ioredis';
import { ApiError } from '../errors/api-error.js';
import { FailureLimiter, RequestRateLimiter } from '../storage/rate-limiter.js';

export interface LoginLimits {
  loginsPerMinutePerAddress: number;
  failedLoginsBeforeLockout: number;
  lockoutSeconds: number;
}

/**
 * Password logins are slow on purpose (scrypt), so they are rationed: each address may try so many per minute (one
 * client cannot queue up the CPU for everyone else), and a user with too many wrong passwords is locked for a while
 * (guessing one user's password from many addresses is as slow as from one). Counts are shared through Redis.
 */
export class LoginGuard {
  private readonly perAddress: RequestRateLimiter;
  private readonly failures: FailureLimiter;

  constructor(limits: LoginLimits, redis?: Redis) {
    this.perAddress = new RequestRateLimiter(
      { points: limits.loginsPerMinutePerAddress, durationSeconds: 60 },
      { keyPrefix: 'aisp:login', redis },
    );
    this.failures = new FailureLimiter(
      { failures: limits.failedLoginsBeforeLockout, windowSeconds: limits.lockoutSeconds },
      { keyPrefix: 'aisp:login-fail', redis },
    );
  }

  /** Before the password is checked: APIG.0308 for a too busy address, IAM.0007 for a locked user. */
  async admit(address: string, userKey: string): Promise<void> {
    const rate = await this.perAddress.consume(address);
    if (!rate.allowed) throw new ApiError('APIG.0308').retryAfter(rate.retryAfterMs);
    const lock = await this.failures.check(userKey);
    if (!lock.allowed) {
      throw new ApiError('IAM.0007', String(Math.ceil(lock.retryAfterMs / 1000))).retryAfter(lock.retryAfterMs);
    }
  }

  async failed(userKey: string): Promise<void> {
    await this.failures.recordFailure(userKey);
  }

  async succeeded(userKey: string): Promise<void> {
    await this.failures.reset(userKey);
  }
}
