import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HashIndex } from '../src/moderation/image-libraries/hash-index.js';
import { ScopeIndexCache } from '../src/moderation/image-libraries/scope-index-cache.js';

const indexOf = (hashes: number) =>
  new HashIndex(Array.from({ length: hashes }, (_, i) => ({ words: { hi: i * 7919, lo: i * 104_729 }, value: i })));

test("a hash index's size counts its fixed tables (1 MiB) and each hash", () => {
  const empty = indexOf(0).bytes;
  assert.ok(empty >= 4 * 65_537 * 4 && empty < 1.1 * 2 ** 20, String(empty));
  // Per hash: hi and lo (8 bytes), an entry in each of the four tables (16), the item (96).
  assert.equal(indexOf(1000).bytes - empty, 1000 * 120);
});

test('the scope index cache keeps the most recently used scopes within its bytes, and one too large not at all', () => {
  const one = { index: indexOf(10) };
  const cache = new ScopeIndexCache<typeof one>(3.5 * one.index.bytes);
  for (const project of ['a', 'b', 'c']) cache.set(project, 'v1', { index: indexOf(10) });
  assert.equal(cache.size, 3);
  // Using a makes b the least recently used: the fourth scope pushes b out, never more than three are held.
  assert.ok(cache.get('a', 'v1'));
  cache.set('d', 'v1', { index: indexOf(10) });
  assert.equal(cache.size, 3);
  assert.equal(cache.get('b', 'v1'), undefined);
  assert.ok(cache.get('a', 'v1') && cache.get('c', 'v1') && cache.get('d', 'v1'));
  // Many projects later, still three.
  for (let i = 0; i < 100; i++) cache.set(`p${i}`, 'v1', { index: indexOf(10) });
  assert.equal(cache.size, 3);
  // A scope whose libraries changed since its index was built has none until it is built again.
  assert.equal(cache.get('p99', 'v2'), undefined);
  // An index larger than the whole cap is not kept (it would push out every other scope and still not fit).
  cache.set('huge', 'v1', { index: indexOf(200_000) });
  assert.equal(cache.get('huge', 'v1'), undefined);
  assert.ok(cache.get('p99', 'v1'));
  cache.delete('p99');
  assert.equal(cache.get('p99', 'v1'), undefined);
});
