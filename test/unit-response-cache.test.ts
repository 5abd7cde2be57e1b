import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { ResponseCache, responseCacheKey, skipsCache } from '../src/maas/inference/response-cache.js';

/** The memory cache logs nothing; a Redis-backed one logs its outages (see the last test). */
const silent = { warn: () => undefined } as unknown as FastifyBaseLogger;

describe('unit: response cache', () => {
  it('keys a call by project, kind and the exact bytes of its body (stream included)', () => {
    const bytes = (body: unknown) => Buffer.from(JSON.stringify(body));
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi é 你好' }], temperature: 0 };
    const key = responseCacheKey('p1', 'chat', bytes(body));
    assert.equal(responseCacheKey('p1', 'chat', bytes({ ...body })), key, 'the same bytes are the same call');
    assert.notEqual(responseCacheKey('p2', 'chat', bytes(body)), key);
    assert.notEqual(responseCacheKey('p1', 'completion', bytes(body)), key);
    assert.notEqual(responseCacheKey('p1', 'chat', bytes({ ...body, stream: true })), key);
    assert.notEqual(responseCacheKey('p1', 'chat', bytes({ ...body, temperature: 0.1 })), key);
    // Not a canonical form: keys in another order are another entry.
    assert.notEqual(
      responseCacheKey('p1', 'chat', bytes({ temperature: 0, messages: body.messages, model: 'm' })),
      key,
    );
    // Every byte counts, those of multi-byte characters included (one character per byte).
    const other = bytes(body);
    other[other.length - 20]! ^= 1;
    assert.notEqual(responseCacheKey('p1', 'chat', other), key);
    // A body over 4 KiB is keyed by its digest: still every byte counts, and it is not the body itself.
    const long = Buffer.from(JSON.stringify({ ...body, messages: [{ role: 'user', content: 'y'.repeat(5000) }] }));
    const longKey = responseCacheKey('p1', 'chat', long)!;
    assert.ok(longKey.length < 200, longKey);
    assert.equal(responseCacheKey('p1', 'chat', Buffer.from(long)), longKey);
    long[long.length - 10]! ^= 1;
    assert.notEqual(responseCacheKey('p1', 'chat', long), longKey);
    assert.notEqual(responseCacheKey('p2', 'chat', long), responseCacheKey('p1', 'chat', long));
    // A body of a megabyte or more is not cached.
    assert.equal(responseCacheKey('p1', 'chat', Buffer.alloc(1024 * 1024, 0x20)), undefined);
    assert.ok(responseCacheKey('p1', 'chat', Buffer.alloc(1024 * 1024 - 1, 0x20)));
  });

  it('in memory: bounded by bytes, an answer larger than an eighth of the bound is not kept', async () => {
    const cache = new ResponseCache(8000, silent);
    const answer = (chars: number) => ({
      stream: false,
      body: 'x'.repeat(chars),
      promptTokens: 1,
      completionTokens: 1,
      staleAfter: 0,
    });
    await cache.set('big', answer(600), 60);
    assert.equal(cache.get('big'), undefined);
    for (let i = 0; i < 20; i++) await cache.set(`k${i}`, answer(200), 60);
    assert.equal(cache.get('k0'), undefined, 'the oldest was evicted');
    assert.equal((cache.get('k19') as { body: string }).body.length, 200);
    assert.equal(new ResponseCache(0, silent).enabled, false);
  });

  it('in Redis: a failing Redis is a miss, logged once when it goes and once when it is back', async () => {
    const lines: string[] = [];
    const log = {
      warn: (_: object, message: string) => lines.push(`warn ${message}`),
      info: (_: object, message: string) => lines.push(`info ${message}`),
    } as unknown as FastifyBaseLogger;
    let up = false;
    const redis = {
      get: async () => {
        if (!up) throw new Error('connect ECONNREFUSED');
        return null;
      },
      set: async () => {
        if (!up) throw new Error('connect ECONNREFUSED');
        return 'OK';
      },
    } as unknown as Redis;
    const cache = new ResponseCache(8000, log, redis);
    const answer = { stream: false, body: 'x', promptTokens: 1, completionTokens: 1, staleAfter: 0 };
    for (let i = 0; i < 5; i++) {
      assert.equal(await cache.get('k'), undefined);
      await cache.set('k', answer, 60);
    }
    assert.deepEqual(lines, ['warn response cache redis is down; calls are answered as cache misses']);
    up = true;
    assert.equal(await cache.get('k'), undefined);
    await cache.set('k', answer, 60);
    assert.deepEqual(lines.slice(1), ['info response cache redis is back up']);
  });
});
