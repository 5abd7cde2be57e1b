import type { Redis } from 'ioredis';

/**
 * Spend per scope (a project, an API key) and calendar month (UTC), in nano-units, with reservations: a call reserves
 * its estimated cost before it starts, and only when the month's spend and reservations leave room for it; when it
 * ends, the difference to its real cost is settled. The check and the reservation are one atomic step — a Lua script
 * in the Redis shared by every instance (the one tpm's counters use), or one synchronous step in memory — so that
 * concurrent calls never reserve past a budget.
 *
 * A scope's counter for a month starts from its `seed`: the month's spend so far as the call statistics hold it (the
 * cost stored per call), read once when the counter does not exist yet. So a restart of an instance that keeps its
 * counters in memory does not give a key its month's budget back; in Redis a counter is seeded only while it is
 * absent, atomically (SET NX), so the spend Redis already holds is never counted twice.
 */
export interface SpendLedger {
  /** Reserves `amount` when spend + amount stays within `budget`; false (nothing reserved) otherwise. */
  reserve(scope: string, budget: number, amount: number, at: number, seed?: MonthToDate): Promise<boolean>;
  /** Adds `delta` (negative to give back) to the month's spend, whatever the budget. */
  settle(scope: string, delta: number, at: number): Promise<void>;
  /** The month's spend and reservations so far. */
  spent(scope: string, at: number, seed?: MonthToDate): Promise<number>;
}

/** The spend of a scope since `monthStartMs` (the month's first instant, UTC) as recorded elsewhere, in nano-units. */
export type MonthToDate = (monthStartMs: number) => Promise<number>;

/** The month a call starts in names its counter: `2026-12`. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The first instant (UTC) of the month `at` falls in. */
export function monthStart(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Counters outlive their month by a few days (for reads of the month's last calls), then go. */
const counterTtlMs = 35 * 86_400_000;

export class MemorySpendLedger implements SpendLedger {
  private readonly counters = new Map<string, number>();
  /** Seeds being read, one per counter, so that concurrent first calls read the statistics once. */
  private readonly seeding = new Map<string, Promise<void>>();
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

  /** Starts a counter not yet counting at its seed; a counter that exists (or no seed) is left as it is. */
  private async seed(key: string, at: number, seed: MonthToDate | undefined): Promise<void> {
    if (seed === undefined || this.counters.has(key)) return;
    let pending = this.seeding.get(key);
    if (pending === undefined) {
      pending = seed(monthStart(at))
        .then((amount) => {
          if (!this.counters.has(key)) this.counters.set(key, amount);
        })
        .finally(() => this.seeding.delete(key));
      this.seeding.set(key, pending);
    }
    await pending;
  }

  async reserve(scope: string, budget: number, amount: number, at: number, seed?: MonthToDate): Promise<boolean> {
    const key = this.key(scope, at);
    await this.seed(key, at, seed);
    // From here to the set, no await: the check and the reservation are one step.
    const spent = this.counters.get(key) ?? 0;
    if (spent + amount > budget) return false;
    this.counters.set(key, spent + amount);
    return true;
  }

  async settle(scope: string, delta: number, at: number): Promise<void> {
    const key = this.key(scope, at);
    this.counters.set(key, (this.counters.get(key) ?? 0) + delta);
  }

  async spent(scope: string, at: number, seed?: MonthToDate): Promise<number> {
    const key = this.key(scope, at);
    await this.seed(key, at, seed);
    return this.counters.get(key) ?? 0;
  }
}

/**
 * Check and reserve in one step: -1 when the amount does not fit, -2 when the counter is absent and must be seeded
 * first (ARGV[4] = '1'), else the new spend.
 */
const reserveScript = `
local spent = redis.call('GET', KEYS[1])
if not spent and ARGV[4] == '1' then return -2 end
local amount = tonumber(ARGV[2])
if tonumber(spent or '0') + amount > tonumber(ARGV[1]) then return -1 end
local total = redis.call('INCRBY', KEYS[1], amount)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return total
`;

/**
 * Settle onto a counter that exists: one that is gone (Redis lost it) is seeded again from the statistics, which
 * hold this call's cost, when next used.
 */
const settleScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** The scripts as commands of the client: ioredis sends EVALSHA, and the script itself once when Redis lacks it. */
interface SpendCommands {
  aispSpendReserve(key: string, budget: number, amount: number, ttlMs: number, seeded: '0' | '1'): Promise<number>;
  aispSpendSettle(key: string, delta: number, ttlMs: number): Promise<number>;
}

function withSpendCommands(redis: Redis): Redis & SpendCommands {
  const client = redis as Redis & Partial<SpendCommands>;
  if (client.aispSpendReserve === undefined) {
    redis.defineCommand('aispSpendReserve', { numberOfKeys: 1, lua: reserveScript });
    redis.defineCommand('aispSpendSettle', { numberOfKeys: 1, lua: settleScript });
  }
  return client as Redis & SpendCommands;
}

/** Tries to seed an absent counter this many times before it counts from 0 (Redis dropping it again and again). */
const seedAttempts = 3;

/**
 * The ledger in Redis, with an in-memory stand-in while Redis cannot be reached (as the rate limiters have): calls
 * are neither refused nor waved through for want of Redis, and budgets hold per instance meanwhile.
 */
export class RedisSpendLedger implements SpendLedger {
  private readonly standIn = new MemorySpendLedger();
  private readonly redis: Redis & SpendCommands;

  constructor(
    redis: Redis,
    private readonly prefix = 'aisp:maas:spend',
  ) {
    this.redis = withSpendCommands(redis);
  }

  private key(scope: string, at: number): string {
    return `${this.prefix}:${monthOf(at)}:${scope}`;
  }

  /** Sets an absent counter to the month's spend so far; a counter another call set meanwhile wins (NX). */
  private async seed(key: string, at: number, seed: MonthToDate): Promise<void> {
    await this.redis.set(key, await seed(monthStart(at)), 'PX', counterTtlMs, 'NX');
  }

  async reserve(scope: string, budget: number, amount: number, at: number, seed?: MonthToDate): Promise<boolean> {
    const key = this.key(scope, at);
    try {
      for (let attempt = 1; ; attempt++) {
        const seeded = seed !== undefined && attempt <= seedAttempts ? '1' : '0';
        const result = Number(await this.redis.aispSpendReserve(key, budget, amount, counterTtlMs, seeded));
        if (result !== -2) return result >= 0;
        await this.seed(key, at, seed!);
      }
    } catch {
      return this.standIn.reserve(scope, budget, amount, at, seed);
    }
  }

  async settle(scope: string, delta: number, at: number): Promise<void> {
    if (delta === 0) return;
    try {
      await this.redis.aispSpendSettle(this.key(scope, at), delta, counterTtlMs);
    } catch {
      await this.standIn.settle(scope, delta, at);
    }
  }

  async spent(scope: string, at: number, seed?: MonthToDate): Promise<number> {
    const key = this.key(scope, at);
    try {
      let value = await this.redis.get(key);
      if (value === null && seed !== undefined) {
        await this.seed(key, at, seed);
        value = await this.redis.get(key);
      }
      return Number(value ?? 0);
    } catch {
      return this.standIn.spent(scope, at, seed);
    }
  }
}

export function spendLedger(redis?: Redis): SpendLedger {
  return redis ? new RedisSpendLedger(redis) : new MemorySpendLedger();
}
