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

/** A body of this many bytes or more is never cached: a cache is for the common small call. */
const maxKeyedBodyBytes = 1024 * 1024;
const redisPrefix = 'aisp:maas:cache:';

/** Bodies up to this many bytes are their own key; longer ones are keyed by their digest (see `responseCacheKey`). */
const maxLiteralKeyBytes = 4096;

/**
 * The key of a call: its project, the endpoint kind and the exact bytes of its body (the model called, the messages
 * or prompt, `stream` and every parameter, as the client sent them). The project is in the key, so two tenants never
 * share an answer; `stream` is in the body, so a streamed answer is replayed only to a streamed call. Undefined for a
 * body too large to be worth caching.
 *
 * The bytes, not a canonical form: a canonical JSON key and its sha256 were most of what a miss cost over a plain
 * call (profiled). A client repeating a call sends the same bytes (each SDK writes a request's fields in a fixed order
 * and layout); two bodies whose keys are in another order or spaced otherwise are two entries. A body of up to 4 KiB
 * is its own key (`latin1`: one character per byte), which the map compares whole, so no collision can share an
 * answer and no digest is paid. A longer body is keyed by its sha256 instead: V8 hashes a string over 16,383
 * characters by its length alone, so long keys of one length would share a bucket and each lookup would compare them
 * all.
 */
export function responseCacheKey(projectId: string, kind: string, rawBody: Buffer): string | undefined {
  if (rawBody.length >= maxKeyedBodyBytes) return undefined;
  // Neither a project id nor a kind holds a newline, so the parts cannot run into one another; a digest (43
  // characters of base64url) cannot be taken for a body (JSON starts with `{`).
  const body = rawBody.length <= maxLiteralKeyBytes ? rawBody.toString('latin1') : hash('sha256', rawBody, 'base64url');
  return `${projectId}\n${kind}\n${body}`;
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
    return this.redis!.get(redisKey(key)).then(
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
      await this.redis!.set(redisKey(key), JSON.stringify(kept), 'EX', ttlSeconds);
      this.redisState.succeeded();
    } catch (error) {
      this.redisState.failed(error);
    }
  }
}

/** In Redis, a digest of the key (a key there may be a whole body): sha256, whose collisions nobody can make. */
function redisKey(key: string): string {
  return redisPrefix + hash('sha256', key, 'base64url');
}
