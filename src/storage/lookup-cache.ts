import { LRUCache } from 'lru-cache';

/**
 * How long a cached database lookup may be stale on another instance. It bounds how long a frozen account, a revoked
 * key or a changed setting keeps its old effect elsewhere; the instance that made the change drops its entry at once.
 */
export const lookupCacheTtlMs = 2000;

/**
 * A read-through cache of database lookups (lru-cache with a time to live). Misses are cached too (as null), so that
 * a flood of unknown keys costs one query per key and window, and the entry count is bounded.
 */
export class LookupCache<V> {
  private readonly entries: LRUCache<string, { value: V | null }>;

  constructor(options: { max?: number; ttlMs?: number } = {}) {
    this.entries = new LRUCache({ max: options.max ?? 50_000, ttl: options.ttlMs ?? lookupCacheTtlMs });
  }

  async get(key: string, load: () => Promise<V | null | undefined>): Promise<V | null> {
    const hit = this.entries.get(key);
    if (hit) return hit.value;
    const value = (await load()) ?? null;
    this.entries.set(key, { value });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
