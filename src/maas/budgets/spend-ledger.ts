import type { Redis } from 'ioredis';

/**
 * Spend per scope (a project, an API key) and calendar month (UTC), in nano-units, with reservations: a call reserves
 * its estimated cost before it starts, and only when the month's spend and reservations leave room for it; when it
 * ends, the difference to its real cost is settled. The check and the reservation are one atomic step — a Lua script
 * in the Redis shared by every instance (the one tpm's counters use), or one synchronous step in memory — so that
 * concurrent calls never reserve past a budget.
 *
 * The counters start each month at 0 and live as long as their store: in memory, a restart forgets the month's spend
 * (a budget is exact across instances only with Redis).
 */
export interface SpendLedger {
  /** Reserves `amount` when spend + amount stays within `budget`; false (nothing reserved) otherwise. */
  reserve(scope: string, budget: number, amount: number, at: number): Promise<boolean>;
  /** Adds `delta` (negative to give back) to the month's spend, whatever the budget. */
  settle(scope: string, delta: number, at: number): Promise<void>;
  /** The month's spend and reservations so far. */
  spent(scope: string, at: number): Promise<number>;
}

/** The month a call starts in names its counter: `2026-12`. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** Counters outlive their month by a few days (for reads of the month's last calls), then go. */
const counterTtlMs = 35 * 86_400_000;

export class MemorySpendLedger implements SpendLedger {
  private readonly counters = new Map<string, number>();
  private month = '';

  private key(scope: string, at: number): string {
    const month = monthOf(at);
    // A new month starts its own counters; the last month's stay for the calls that started in it and end now,
    // older ones go.
    if (month > this.month) {
      for (const key of this.counters.keys()) if (!key.startsWith(`${this.month}:`)) this.counters.delete(key);
      this.month = month;
    }
    return `${month}:${scope}`;
  }

  async reserve(scope: string, budget: number, amount: number, at: number): Promise<boolean> {
    const key = this.key(scope, at);
    const spent = this.counters.get(key) ?? 0;
    if (spent + amount > budget) return false;
    this.counters.set(key, spent + amount);
    return true;
  }

  async settle(scope: string, delta: number, at: number): Promise<void> {
    const key = this.key(scope, at);
    this.counters.set(key, (this.counters.get(key) ?? 0) + delta);
  }

  async spent(scope: string, at: number): Promise<number> {
    return this.counters.get(this.key(scope, at)) ?? 0;
  }
}

/** Check and reserve in one step: -1 when the amount does not fit, else the new spend. */
const reserveScript = `
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[2])
if spent + amount > tonumber(ARGV[1]) then return -1 end
local total = redis.call('INCRBY', KEYS[1], amount)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return total
`;

/**
 * The ledger in Redis, with an in-memory stand-in while Redis cannot be reached (as the rate limiters have): calls
 * are neither refused nor waved through for want of Redis, and budgets hold per instance meanwhile.
 */
export class RedisSpendLedger implements SpendLedger {
  private readonly standIn = new MemorySpendLedger();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'aisp:maas:spend',
  ) {}

  private key(scope: string, at: number): string {
    return `${this.prefix}:${monthOf(at)}:${scope}`;
  }

  async reserve(scope: string, budget: number, amount: number, at: number): Promise<boolean> {
    try {
      const result = await this.redis.eval(reserveScript, 1, this.key(scope, at), budget, amount, counterTtlMs);
      return Number(result) >= 0;
    } catch {
      return this.standIn.reserve(scope, budget, amount, at);
    }
  }

  async settle(scope: string, delta: number, at: number): Promise<void> {
    if (delta === 0) return;
    const key = this.key(scope, at);
    try {
      await this.redis.multi().incrby(key, delta).pexpire(key, counterTtlMs).exec();
    } catch {
      await this.standIn.settle(scope, delta, at);
    }
  }

  async spent(scope: string, at: number): Promise<number> {
    try {
      return Number((await this.redis.get(this.key(scope, at))) ?? 0);
    } catch {
      return this.standIn.spent(scope, at);
    }
  }
}

export function spendLedger(redis?: Redis): SpendLedger {
  return redis ? new RedisSpendLedger(redis) : new MemorySpendLedger();
}
