import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { StateChangeLog } from '../../ops/state-change-log.js';

/** One cached answer: exactly what the client was sent (the JSON text, or every SSE event up to `[DONE]`). */
export interface CachedAnswer {
  stream: boolean;
  body: string;
  promptTokens: number;
  completionTokens: number;
}

/** A body of this many bytes or more is never cached (nor hashed): a cache is for the common small call. */
const maxKeyedBodyChars = 1024 * 1024;
const redisPrefix = 'aisp:maas:cache:';

/**
 * JSON with every object's keys sorted: two bodies that differ only in key order are the same request. Strings,
 * numbers and literals as JSON.stringify writes them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/**
 * The key of a call: its project, the endpoint kind and the whole body (the model called, the messages or prompt,
 * `stream` and every parameter) in canonical JSON, hashed. The project is in the key, so two tenants never share an
 * answer; `stream` is in the body, so a streamed answer is replayed only to a streamed call. Undefined for a body too
 * large to be worth caching.
 */
export function responseCacheKey(projectId: string, kind: string, body: Record<string, unknown>): string | undefined {
  const canonical = canonicalJson(body);
  if (canonical.length >= maxKeyedBodyChars) return undefined;
  // One-shot hashing of one string: a third of the CPU of a Hash object fed piece by piece (measured, bench/).
  return hash('sha256', `${projectId}\0${kind}\0${canonical}`, 'base64url');
}

/** `Cache-Control: no-cache` (or `no-store`) from the client: the call skips the lookup (its answer is stored). */
export function skipsCache(headers: IncomingHttpHeaders): boolean {
  const control = headers['cache-control'];
  return typeof control === 'string' && /\bno-(cache|store)\b/i.test(control);
}

/**
 * The MaaS response cache: in this instance's memory (lru-cache bounded by bytes, each entry with its own TTL), or
 * in Redis when one is configured (shared by every instance; Redis expires the entries). Failures of Redis are
 * answered as a miss, and logged once when they start and once when they end (not once per call): the cache never
 * fails a call.
 */
export class ResponseCache {
  private readonly memory: LRUCache<string, CachedAnswer> | undefined;
  /** Largest answer kept: an eighth of the memory bound (one answer never evicts the whole cache). */
  readonly maxEntryBytes: number;
  private readonly redisState: StateChangeLog;

  constructor(
    maxBytes: number,
    log: FastifyBaseLogger,
    private readonly redis?: Redis,
  ) {
    this.redisState = new StateChangeLog(log, 'response cache redis', 'calls are answered as cache misses');
    this.maxEntryBytes = Math.max(1, Math.floor(maxBytes / 8));
    if (!redis && maxBytes > 0) {
      this.memory = new LRUCache<string, CachedAnswer>({
        maxSize: maxBytes,
        maxEntrySize: this.maxEntryBytes,
        // Two bytes a character (UTF-16 in memory) and the key and the object around it.
        sizeCalculation: (answer, key) => answer.body.length * 2 + key.length * 2 + 64,
      });
    }
  }

  /** Whether there is anywhere to keep answers (a memory bound of 0 without Redis turns caching off). */
  get enabled(): boolean {
    return this.memory !== undefined || this.redis !== undefined;
  }

  get(key: string): CachedAnswer | undefined | Promise<CachedAnswer | undefined> {
    if (this.memory) return this.memory.get(key);
    return this.redis!.get(redisPrefix + key).then(
      (text) => {
        this.redisState.succeeded();
        return text === null ? undefined : (JSON.parse(text) as CachedAnswer);
      },
      (error: unknown) => {
        this.redisState.failed(error);
        return undefined;
      },
    );
  }

  /** Keeps an answer; in memory at once (no promise, as `get`: a miss's call waits on nothing more). */
  set(key: string, answer: CachedAnswer, ttlSeconds: number): void | Promise<void> {
    if (answer.body.length * 2 > this.maxEntryBytes) return;
    if (this.memory) {
      this.memory.set(key, answer, { ttl: ttlSeconds * 1000 });
      return;
    }
    return this.setInRedis(key, answer, ttlSeconds);
  }

  private async setInRedis(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    try {
      await this.redis!.set(redisPrefix + key, JSON.stringify(answer), 'EX', ttlSeconds);
      this.redisState.succeeded();
    } catch (error) {
      this.redisState.failed(error);
    }
  }
}
