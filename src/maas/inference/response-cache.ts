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
  /**
   * In memory, the moment the answer goes stale (on `performance.now()`'s clock), set by `set` and checked on `get`,
   * so that lru-cache keeps no per-entry TTL of its own (its TTL bookkeeping cost a miss 3 µs, measured). A field of
   * the answer rather than a wrapper around it: every object a kept answer holds is one more for the collector to
   * copy and mark while the answer lives. Not sent to Redis, which expires entries itself.
   */
  staleAfter: number;
}

/** A body of this many bytes or more is never cached (nor hashed): a cache is for the common small call. */
const maxKeyedBodyChars = 1024 * 1024;
const redisPrefix = 'aisp:maas:cache:';

/**
 * JSON with every object's keys sorted: two bodies that differ only in key order are the same request. Strings,
 * numbers and literals as JSON.stringify writes them.
 */
export function canonicalJson(value: unknown): string {
  const sorted = withSortedKeys(value);
  return sorted === oddKey ? slowCanonicalJson(value) : (JSON.stringify(sorted) ?? 'null');
}

/**
 * The key of a call: its project, the endpoint kind and the whole body (the model called, the messages or prompt,
 * `stream` and every parameter) in canonical JSON, hashed. The project is in the key, so two tenants never share an
 * answer; `stream` is in the body, so a streamed answer is replayed only to a streamed call. Undefined for a body too
 * large to be worth caching.
 */
export function responseCacheKey(projectId: string, kind: string, body: Record<string, unknown>): string | undefined {
  // One JSON array of the three, written in one native call and hashed in one: no string built piece by piece.
  const sorted = withSortedKeys(body);
  const text =
    sorted === oddKey
      ? `[${JSON.stringify(projectId)},${JSON.stringify(kind)},${slowCanonicalJson(body)}]`
      : JSON.stringify([projectId, kind, sorted]);
  // The body's own length: the array adds its two brackets, two commas and the two quoted ids (ids need no escapes).
  if (text.length - projectId.length - kind.length - 8 >= maxKeyedBodyChars) return undefined;
  // One-shot hashing of one string: a third of the CPU of a Hash object fed piece by piece (measured, bench/).
  return hash('sha256', text, 'base64url');
}

/** Returned by `withSortedKeys` for a key it cannot place in sorted order (see `placeableKey`). */
const oddKey = Symbol('odd key');

/**
 * A key that keeps its place when assigned in sorted order: not integer-like (objects list those first, in numeric
 * order, whatever the order they were set in) and not `__proto__` (assigning it would set the prototype).
 */
function placeableKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return !(first >= 48 && first <= 57) && key !== '__proto__';
}

/**
 * A parsed JSON value whose objects list their keys sorted, for JSON.stringify to write in one native call (much
 * faster than writing it piece by piece): the value itself where it is sorted already, else copies of the objects out
 * of order (and of the arrays holding them). `oddKey` where a key cannot be placed (then the slow writer does it).
 */
function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = withSortedKeys(item);
      if (sorted === oddKey) return oddKey;
      if (sorted !== item) (copy ??= value.slice())[i] = sorted;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    if (!placeableKey(keys[i]!)) return oddKey;
    if (i > 0 && keys[i - 1]! > keys[i]!) inOrder = false;
  }
  if (!inOrder) sortInPlace(keys);
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = record[key];
    const sorted = withSortedKeys(item);
    if (sorted === oddKey) return oddKey;
    if (copy === undefined && sorted !== item) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy !== undefined) copy[key] = sorted;
  }
  return copy ?? record;
}

/**
 * Keys sorted as `Array.prototype.sort` orders strings (by UTF-16 code units): by insertion for a body's usual few
 * keys (faster there), by the built-in sort beyond (insertion is quadratic: a client could send thousands of keys).
 */
function sortInPlace(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
}

/** Canonical JSON written piece by piece: for the rare body with a key `withSortedKeys` cannot place. */
function slowCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(slowCanonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${slowCanonicalJson(record[key])}`).join(',')}}`;
}

/** `Cache-Control: no-cache` (or `no-store`) from the client: the call skips the lookup (its answer is stored). */
export function skipsCache(headers: IncomingHttpHeaders): boolean {
  const control = headers['cache-control'];
  return typeof control === 'string' && /\bno-(cache|store)\b/i.test(control);
}

/**
 * The MaaS response cache: in this instance's memory (lru-cache bounded by bytes; each entry keeps its own TTL's end), or
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
    if (this.memory) {
      const kept = this.memory.get(key);
      if (kept === undefined) return undefined;
      // As lru-cache's own TTL: stale strictly after the TTL's end, and dropped when found stale.
      if (performance.now() > kept.staleAfter) {
        this.memory.delete(key);
        return undefined;
      }
      return kept;
    }
    return this.redis!.get(redisPrefix + key).then(
      (text) => {
        this.redisState.succeeded();
        return text === null ? undefined : { ...(JSON.parse(text) as Omit<CachedAnswer, 'staleAfter'>), staleAfter: 0 };
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
      answer.staleAfter = performance.now() + ttlSeconds * 1000;
      this.memory.set(key, answer);
      return;
    }
    return this.setInRedis(key, answer, ttlSeconds);
  }

  private async setInRedis(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    try {
      const { staleAfter: _, ...kept } = answer;
      await this.redis!.set(redisPrefix + key, JSON.stringify(kept), 'EX', ttlSeconds);
      this.redisState.succeeded();
    } catch (error) {
      this.redisState.failed(error);
    }
  }
}
