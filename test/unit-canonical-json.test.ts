import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, responseCacheKey } from '../src/maas/inference/response-cache.js';

/** The plain definition: every object's keys sorted, written piece by piece (what the fast writer must equal). */
function reference(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(reference).join(',') + ']';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const members = Object.entries(value)
    .filter((entry) => entry[1] !== undefined)
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map((entry) => JSON.stringify(entry[0]) + ':' + reference(entry[1]));
  return '{' + members.join(',') + '}';
}

/** A deterministic pseudo-random JSON value (a small linear congruential generator: the same cases every run). */
function randomValue(next: () => number, depth: number): unknown {
  const pick = next() % (depth > 3 ? 4 : 6);
  if (pick === 0) return next() % 1000;
  if (pick === 1) return `s${next() % 50}\u00e9"\n`;
  if (pick === 2) return next() % 2 === 0 ? null : true;
  if (pick === 3) return -next() / 7;
  if (pick === 4) return Array.from({ length: next() % 4 }, () => randomValue(next, depth + 1));
  const names = ['b', 'a', 'content', 'role', 'model', 'messages', '10', '9', '__proto__', 'Z', 'é', ''];
  const record: Record<string, unknown> = {};
  for (let i = next() % 6; i > 0; i--) {
    Object.defineProperty(record, names[next() % names.length]!, {
      value: randomValue(next, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return record;
}

describe('unit: canonical JSON of a request body', () => {
  it('equals the piece-by-piece definition, integer-like and __proto__ keys included', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 3000; i++) {
      const value = JSON.parse(JSON.stringify(randomValue(next, 0))) as unknown;
      assert.equal(canonicalJson(value), reference(value));
    }
  });

  it('sorts objects of many keys, leaves undefined out, keeps an already sorted body as it is', () => {
    const many: Record<string, number> = {};
    for (let i = 0; i < 200; i++) many[`k${(i * 7919) % 200}`] = i;
    assert.equal(canonicalJson({ many }), reference({ many }));
    assert.equal(canonicalJson({ b: [{ y: 1, x: undefined }], a: undefined }), '{"b":[{"y":1}]}');
    assert.equal(canonicalJson({ a: 1, b: [1, 'x'] }), '{"a":1,"b":[1,"x"]}');
    assert.equal(canonicalJson([undefined]), '[null]');
  });

  it('keys one body the same whatever its key order, odd keys or not, and bounds the body by its length', () => {
    const body = { model: 'm', 1: 'one', messages: [{ role: 'user', content: 'hi' }] };
    const reordered = { messages: [{ content: 'hi', role: 'user' }], 1: 'one', model: 'm' };
    assert.equal(responseCacheKey('p', 'chat', body), responseCacheKey('p', 'chat', reordered));
    assert.notEqual(responseCacheKey('p', 'chat', body), responseCacheKey('p', 'chat', { ...body, 1: 'two' }));
    // The bound is on the body's canonical JSON, not on the project and kind around it.
    const fill = (chars: number) => ({ p: 'x'.repeat(chars - 8) }); // {"p":"…"} is 8 characters more
    assert.notEqual(responseCacheKey('project', 'chat', fill(1024 * 1024 - 1)), undefined);
    assert.equal(responseCacheKey('project', 'chat', fill(1024 * 1024)), undefined);
  });
});
