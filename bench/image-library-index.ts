/**
 * Matching one image's two hashes against image libraries of 100,000 images (random ones, and the same with clusters
 * of near copies) through the multi-index (src/moderation/image-libraries/hash-index.ts), against a plain scan. A
 * library image is filed under its picture's hash and its crops' (`libraryCrops`, a few bits from it each).
 * Run: npx tsc -p tsconfig.json && node dist/bench/image-library-index.js [images=100000] [queries=2000] [hashes per image=1+crops]
 */
import { mulberry32 } from '../scripts/seeded-random.js';
import { HashIndex } from '../src/moderation/image-libraries/hash-index.js';
import {
  hammingDistance,
  type HashWords,
  libraryCrops,
  matchDistance,
} from '../src/moderation/image-libraries/perceptual-hash.js';

const size = Number(process.argv[2] ?? 100_000);
const queries = Number(process.argv[3] ?? 2000);
const perImage = Number(process.argv[4] ?? 1 + libraryCrops.length);
const random = mulberry32(100);
const randomWords = (): HashWords => ({ hi: (random() * 2 ** 32) | 0, lo: (random() * 2 ** 32) | 0 });
const near = (w: HashWords, bits: number): HashWords => {
  let { hi, lo } = w;
  for (let b = 0; b < bits; b++) {
    const p = Math.floor(random() * 64);
    if (p < 32) hi ^= 1 << p;
    else lo ^= 1 << (p - 32);
  }
  return { hi, lo };
};

for (const shape of ['random', 'clustered'] as const) {
  const bases = Array.from({ length: size / 50 }, randomWords);
  const pictures = Array.from({ length: size }, (_, i) =>
    shape === 'random' ? randomWords() : near(bases[i % bases.length]!, Math.floor(random() * 12)),
  );
  // A crop's hash is 1 to 8 bits from its picture's (bench/image-hash-distances.ts measures them).
  const items = pictures.flatMap((words, value) => [
    { words, value },
    ...Array.from({ length: perImage - 1 }, () => ({ words: near(words, 1 + Math.floor(random() * 8)), value })),
  ]);
  let started = performance.now();
  const index = new HashIndex(items);
  const buildMs = performance.now() - started;
  const asked = Array.from({ length: queries }, (_, i) =>
    i % 2 === 0 ? randomWords() : near(pictures[Math.floor(random() * size)]!, 4),
  );
  let hits = 0;
  started = performance.now();
  // An image is looked up by its two hashes (whole and borderless).
  for (const query of asked)
    hits += index.search(query, matchDistance).length + index.search(near(query, 2), matchDistance).length;
  const indexMs = (performance.now() - started) / queries;
  started = performance.now();
  const scanned = Math.min(queries, 200);
  for (const query of asked.slice(0, scanned)) {
    for (const item of items) if (hammingDistance(item.words, query) <= matchDistance) hits++;
  }
  const scanMs = ((performance.now() - started) / scanned) * 2;
  console.log(
    `${shape.padEnd(9)} ${size} images, ${items.length} hashes: build ${buildMs.toFixed(0)} ms; per image (2 hashes) index ${indexMs.toFixed(3)} ms, scan ${scanMs.toFixed(2)} ms (${hits} hits)`,
  );
}
