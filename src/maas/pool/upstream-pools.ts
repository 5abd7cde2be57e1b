import type { FastifyBaseLogger } from 'fastify';
import { LRUCache } from 'lru-cache';
import { type Dispatcher, request } from 'undici';
import { type BreakerSettings, type Replica, ReplicaPool, type ReplicaSpec } from './replica-pool.js';
import { StateChangeLog } from '../../ops/state-change-log.js';
import { RetryBudget } from './retry-budget.js';

export interface PoolSettings extends BreakerSettings {
  /** Attempts per call on one deployment, the first included. */
  maxAttempts: number;
  /** Retries a deployment may spend, as a share of its calls (see RetryBudget). */
  retryBudgetPercent: number;
  /** First backoff before a retry; doubles per retry, with full jitter. */
  retryBackoffMs: number;
  /** Active health checks of recently used replicas (GET {url}/models); 0 turns them off. */
  healthCheckIntervalMs: number;
  healthCheckTimeoutMs: number;
}

/** Told when a replica enters or leaves rotation (metrics, logs). */
export type ReplicaWatcher = (deployment: string, replica: Replica) => void;

/** Pools unused this long are no longer health-checked, and forgotten when the cache needs room. */
const activeForMs = 5 * 60_000;

/**
 * The replica pools of every deployment in use, by deployment id: their live state (calls in flight, breakers,
 * retry budgets) is per instance and kept in memory only; a pool is rebuilt from the deployment's replica list on
 * first use and follows changes to it.
 */
export class UpstreamPools {
  private readonly pools = new LRUCache<string, { pool: ReplicaPool; budget: RetryBudget }>({
    max: 10_000,
    ttl: 60 * 60_000,
    updateAgeOnGet: true,
  });
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  /** Replicas out of rotation (ejected), by deployment and replica: a line each way. */
  private readonly replicaStates: StateChangeLog;

  constructor(
    readonly settings: PoolSettings,
    private readonly watch: ReplicaWatcher,
    log: FastifyBaseLogger,
  ) {
    this.replicaStates = new StateChangeLog(log, 'upstream replica', 'out of rotation until a probe succeeds');
  }

  /** The pool of a deployment, in step with its replica list. */
  get(id: string, deployment: string, specs: readonly ReplicaSpec[]): { pool: ReplicaPool; budget: RetryBudget } {
    let entry = this.pools.get(id);
    if (!entry) {
      entry = {
        pool: new ReplicaPool(deployment, this.settings, (pool, replica) => {
          const part = `${pool.deployment} ${replica.label}`;
          const fields = { deployment: pool.deployment, replica: replica.label, rotation: replica.state };
          if (replica.up) this.replicaStates.succeeded(part, fields);
          else this.replicaStates.failed(undefined, part, fields);
          this.watch(pool.deployment, replica);
        }),
        budget: new RetryBudget(this.settings.retryBudgetPercent),
      };
      this.pools.set(id, entry);
    }
    entry.pool.sync(specs);
    entry.pool.lastUsed = Date.now();
    return entry;
  }

  /** Starts the active health checks, sending them through the given (guarded) connection pool. */
  start(dispatcher: Dispatcher): void {
    if (this.settings.healthCheckIntervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.checkAll(dispatcher), this.settings.healthCheckIntervalMs);
    this.timer.unref();
  }

  /** One round of health checks over the replicas of pools used lately; any answer below 500 counts as alive. */
  async checkAll(dispatcher: Dispatcher): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const now = Date.now();
      const replicas = [...this.pools.values()]
        .filter(({ pool }) => now - pool.lastUsed < activeForMs)
        .flatMap(({ pool }) => pool.replicas);
      await Promise.all(replicas.map((replica) => this.check(dispatcher, replica)));
    } finally {
      this.checking = false;
    }
  }

  private async check(dispatcher: Dispatcher, replica: Replica): Promise<void> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (replica.spec.apiKey) headers.authorization = `Bearer ${replica.spec.apiKey}`;
    let alive = false;
    try {
      const answer = await request(`${replica.spec.baseUrl}/models`, {
        dispatcher,
        headers,
        signal: AbortSignal.timeout(this.settings.healthCheckTimeoutMs),
      });
      await answer.body.dump();
      alive = answer.statusCode < 500;
    } catch {
      alive = false;
    }
    if (alive) replica.succeeded();
    else replica.failed(Date.now());
  }

  /** Every known replica's calls outstanding (for the metrics, read at scrape time). */
  *outstanding(): Generator<{ deployment: string; replica: string; calls: number }> {
    for (const { pool } of this.pools.values()) {
      for (const replica of pool.replicas) {
        yield { deployment: pool.deployment, replica: replica.label, calls: replica.outstanding };
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
