import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { canonicalJson, ResponseCache, responseCacheKey, skipsCache } from '../src/maas/inference/response-cache.js';

/** The cache logs only Redis failures, which these tests never reach. */
const silent = { warn: () => undefined } as unknown as FastifyBaseLogger;

describe('unit: response cache', () => {
  it('writes canonical JSON: keys sorted at every depth, arrays in order, undefined left out', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' }, u: undefined }),
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
    assert.equal(canonicalJson('a"b'), '"a\\"b"');
  });

  it('keys a call by project, kind and body (stream included), never the key order', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };
    const key = responseCacheKey('p1', 'chat', body);
    assert.equal(responseCacheKey('p1', 'chat', { temperature: 0, messages: body.messages, model: 'm' }), key);
    assert.notEqual(responseCacheKey('p2', 'chat', body), key);
    assert.notEqual(responseCacheKey('p1', 'completion', body), key);
    assert.notEqual(responseCacheKey('p1', 'chat', { ...body, stream: true }), key);
    assert.notEqual(responseCacheKey('p1', 'chat', { ...body, temperature: 0.1 }), key);
    // A body of a megabyte or more is not cached.
    assert.equal(responseCacheKey('p1', 'chat', { ...body, prompt: 'x'.repeat(1024 * 1024) }), undefined);
  });

  it('skips the lookup for Cache-Control no-cache or no-store only', () => {
    assert.equal(skipsCache({ 'cache-control': 'no-cache' }), true);
    assert.equal(skipsCache({ 'cache-control': 'max-age=0, No-Store' }), true);
    assert.equal(skipsCache({ 'cache-control': 'max-age=60' }), false);
    assert.equal(skipsCache({}), false);
  });

  it('in memory: bounded by bytes, an answer larger than an eighth of the bound is not kept', async () => {
    const cache = new ResponseCache(8000, silent);
    const answer = (chars: number) => ({
      stream: false,
      body: 'x'.repeat(chars),
      promptTokens: 1,
      completionTokens: 1,
    });
    await cache.set('big', answer(600), 60);
    assert.equal(cache.get('big'), undefined);
    for (let i = 0; i < 20; i++) await cache.set(`k${i}`, answer(200), 60);
    assert.equal(cache.get('k0'), undefined, 'the oldest was evicted');
    assert.equal((cache.get('k19') as { body: string }).body.length, 200);
    assert.equal(new ResponseCache(0, silent).enabled, false);
  });
});
