import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import sharpPhash from 'sharp-phash';
import { mulberry32 } from '../scripts/seeded-random.js';
import { HashIndex } from '../src/moderation/image-libraries/hash-index.js';
import {
  bitCount,
  borderlessBox,
  confidenceOf,
  hammingDistance,
  hashLibraryImage,
  hashPixels,
  hashToWords,
  libraryCrops,
  type HashWords,
  matchDistance,
  phashOfSamples,
  trimmed,
  wordsToHash,
} from '../src/moderation/image-libraries/perceptual-hash.js';
import { syntheticImage, syntheticKinds } from './helpers/synthetic-images.js';

const phash = sharpPhash as unknown as typeof sharpPhash.default;

const random = mulberry32(26);
const randomWords = (): HashWords => ({
  hi: Math.floor(random() * 2 ** 32) | 0,
  lo: Math.floor(random() * 2 ** 32) | 0,
});
/** `words` with `bits` distinct bits flipped. */
function flipped(words: HashWords, bits: number): HashWords {
  const positions = new Set<number>();
  while (positions.size < bits) positions.add(Math.floor(random() * 64));
  let { hi, lo } = words;
  for (const p of positions) {
    if (p < 32) hi ^= 1 << p;
    else lo ^= 1 << (p - 32);
  }
  return { hi, lo };
}

test('hashes: hex round trip, popcount and distance', () => {
  for (const hex of ['0000000000000000', 'ffffffffffffffff', '8000000000000001', '0123456789abcdef']) {
    assert.equal(wordsToHash(hashToWords(hex)), hex);
  }
  assert.equal(bitCount(-1), 32);
  assert.equal(bitCount(0x80000001), 2);
  assert.equal(hammingDistance(hashToWords('ffffffffffffffff'), hashToWords('0000000000000000')), 64);
  const a = randomWords();
  assert.equal(hammingDistance(a, flipped(a, 7)), 7);
  assert.equal(confidenceOf(0), 1);
  assert.equal(confidenceOf(matchDistance), 0.5);
});

test('the index finds exactly what a scan finds, at every distance up to the threshold and beyond', () => {
  const items: { words: HashWords; value: number }[] = [];
  const bases = Array.from({ length: 200 }, randomWords);
  for (let i = 0; i < 20_000; i++) {
    // Half near some base (so that queries have neighbours at every distance), half anywhere.
    const words = i % 2 === 0 ? flipped(bases[i % bases.length]!, Math.floor(random() * 16)) : randomWords();
    items.push({ words, value: i });
  }
  const index = new HashIndex(items);
  assert.equal(index.size, items.length);
  for (const maxDistance of [0, 3, matchDistance, 13]) {
    for (let q = 0; q < 150; q++) {
      const query = q % 3 === 0 ? randomWords() : flipped(bases[q % bases.length]!, Math.floor(random() * 6));
      const scan = items
        .map((item) => ({ value: item.value, distance: hammingDistance(item.words, query) }))
        .filter((hit) => hit.distance <= maxDistance)
        .sort((x, y) => x.value - y.value);
      const found = index.search(query, maxDistance).sort((x, y) => x.value - y.value);
      assert.deepEqual(found, scan, `distance ${maxDistance}, query ${q}`);
    }
  }
});

test('an empty index finds nothing', () => {
  assert.deepEqual(new HashIndex([]).search(randomWords(), matchDistance), []);
});

test("the hash is sharp-phash's, bit for bit", async () => {
  for (const kind of syntheticKinds) {
    for (let seed = 1; seed <= 5; seed++) {
      const image = await syntheticImage(kind, seed, 200, 150);
      const samples = await sharp(image).greyscale().resize(32, 32, { fit: 'fill' }).raw().toBuffer();
      const bits = await phash(samples, { raw: { width: 32, height: 32, channels: 1 } });
      const hex = BigInt(`0b${bits}`).toString(16).padStart(16, '0');
      assert.equal(phashOfSamples(samples), hex, `${kind} ${seed}`);
    }
  }
});

test('a trim takes its shares off each side of the box, rounded, never to nothing', () => {
  const box = { left: 10, top: 20, width: 200, height: 100 };
  assert.deepEqual(trimmed(box, [0, 0, 0, 0]), box);
  assert.deepEqual(trimmed(box, [0.05, 0, 0, 0]), { left: 20, top: 20, width: 190, height: 100 });
  assert.deepEqual(trimmed(box, [0.03, 0.03, 0.03, 0.03]), { left: 16, top: 23, width: 188, height: 94 });
  assert.deepEqual(trimmed(box, [0, 0.05, 0.05, 0.05]), { left: 10, top: 25, width: 190, height: 90 });
  assert.deepEqual(trimmed(box, [0.6, 0.6, 0.6, 0.6]), { left: 130, top: 80, width: 1, height: 1 });
});

test("a library image keeps its two hashes and its crops': each the hash of those pixels cut out", async () => {
  for (const kind of syntheticKinds) {
    const image = await syntheticImage(kind, 3, 224, 224);
    const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const library = await hashLibraryImage(data, info.width, info.height);
    const asked = await hashPixels(data, info.width, info.height);
    assert.equal(library.hash, asked.hash, kind);
    assert.equal(library.borderless, asked.borderless, kind);
    assert.ok(library.crops.length > 0 && library.crops.length <= libraryCrops.length, kind);
    // Crops are of the picture inside its border.
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    const grey = await sharp(data, raw).greyscale().raw().toBuffer();
    const picture = borderlessBox(grey, info.width, info.height);
    for (const trim of libraryCrops) {
      const box = trimmed(picture, trim);
      const cut = await sharp(data, raw).extract(box).raw().toBuffer();
      const { hash } = await hashPixels(cut, box.width, box.height);
      assert.ok(library.crops.includes(hash), `${kind} ${trim.join(',')}`);
    }
  }
});
