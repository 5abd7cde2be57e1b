/**
 * Hamming distances of the image-library hashes (src/moderation/image-libraries/perceptual-hash.ts) between originals
 * and their copies (resized, JPEG quality 50, grey, bordered, cropped by 5%), and between different images: what
 * `matchDistance` and `libraryCrops` are chosen from. An image asked about has two hashes (whole, and inside its
 * border), a library image those and its crops'; their distance is the least of all pairs, as matching takes it. Images: seeded synthetic ones (photo-like, drawings, text, gradients)
 * and any files named on the command line.
 * Run: npx tsc -p tsconfig.json && node dist/bench/image-hash-distances.js [per-kind=25] [files...]
 */
import { readFileSync } from 'node:fs';
import { decodeImage } from '../src/moderation/image/decode.js';
import {
  hammingDistance,
  hashPixels,
  hashPixelsWithCrops,
  hashToWords,
  cropPenalty,
  libraryCrops,
  matchDistance,
  type HashWords,
  type Trim,
} from '../src/moderation/image-libraries/perceptual-hash.js';
import { copyTransformations, syntheticImage, syntheticKinds } from '../test/helpers/synthetic-images.js';

const perKind = Number(process.argv[2] ?? 25);
const files = process.argv.slice(3);
const limits = { maxBytes: 10e6, minSide: 16, maxSide: 8192 };

// CROPS="l,t,r,b;l,t,r,b;..." tries other crops than the library's; CROPS= none (the two hashes alone).
const crops: readonly Trim[] =
  process.env.CROPS === undefined
    ? libraryCrops
    : process.env.CROPS.split(';')
        .filter(Boolean)
        .map((t) => t.split(',').map(Number) as unknown as Trim);

/** An image's hashes as a query (its two) and as a library image (those, and its crops' apart). */
interface Hashes {
  query: HashWords[];
  crops: HashWords[];
}
async function hashesOf(bytes: Buffer): Promise<Hashes> {
  const decoded = await decodeImage(bytes, limits, 224);
  const {
    hash,
    borderless,
    crops: cropped,
  } = await hashPixelsWithCrops(decoded.pixels, decoded.size, decoded.size, crops);
  return { query: [hashToWords(hash), hashToWords(borderless)], crops: cropped.map(hashToWords) };
}
const least = (a: HashWords[], b: HashWords[]) =>
  Math.min(Infinity, ...a.flatMap((x) => b.map((y) => hammingDistance(x, y))));
/** A query's distance to a library image as matching takes it: the least of all pairs, a crop's `penalty` farther. */
const distance = (query: HashWords[], library: Hashes, penalty = cropPenalty) =>
  Math.min(least(query, library.query), least(query, library.crops) + penalty);
// CROP_PENALTY=n tries another penalty than the library's.
const penalty = Number(process.env.CROP_PENALTY ?? cropPenalty);
/** Copies and pairs of different images, kept to tell how other penalties would do. */
const copies: { query: HashWords[]; library: Hashes }[] = [];
const pairs: [Hashes, Hashes][] = [];
const images: { name: string; bytes: Buffer }[] = [];
for (const kind of syntheticKinds) {
  for (let seed = 1; seed <= perKind; seed++)
    images.push({ name: `${kind}-${seed}`, bytes: await syntheticImage(kind, seed) });
}
for (const file of files) images.push({ name: file, bytes: readFileSync(file) });

const originals: Hashes[] = [];
for (const image of images) originals.push(await hashesOf(image.bytes));
// What matching adds to an image check (its two hashes, from the pixels the classifier's decode made already), and
// what adding an image to a library takes (those and its crops').
const hashTimes: number[] = [];
const libraryTimes: number[] = [];
for (const image of images.slice(0, 100)) {
  const decoded = await decodeImage(image.bytes, limits, 224);
  let started = performance.now();
  await hashPixels(decoded.pixels, decoded.size, decoded.size);
  hashTimes.push(performance.now() - started);
  started = performance.now();
  await hashPixelsWithCrops(decoded.pixels, decoded.size, decoded.size, crops);
  libraryTimes.push(performance.now() - started);
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `min ${sorted[0]} p50 ${at(0.5)} p95 ${at(0.95)} p99 ${at(0.99)} max ${sorted[sorted.length - 1]}`;
};

console.log(
  `${images.length} images (${perKind} per synthetic kind, ${files.length} files); threshold ${matchDistance}; ${crops.length} crops kept per library image`,
);
let missed = 0;
for (const [name, transform] of Object.entries(copyTransformations)) {
  const distances: number[] = [];
  for (const [i, image] of images.entries()) {
    const query = (await hashesOf(await transform(image.bytes))).query;
    copies.push({ query, library: originals[i]! });
    const d = distance(query, originals[i]!, penalty);
    distances.push(d);
    if (d > matchDistance) {
      missed++;
      if (process.env.VERBOSE) console.log(`  over the threshold: ${image.name}, ${name}: ${d}`);
    }
  }
  const over = distances.filter((d) => d > matchDistance).length;
  console.log(
    `copy, ${name.padEnd(24)} ${summary(distances)}; missed ${over} (${((100 * over) / distances.length).toFixed(1)}%)`,
  );
}
// Two different images match when either, asked, finds the other as a library image.
const different: number[] = [];
for (let i = 0; i < originals.length; i++) {
  for (let j = i + 1; j < originals.length; j++) {
    pairs.push([originals[i]!, originals[j]!]);
    const d = Math.min(
      distance(originals[i]!.query, originals[j]!, penalty),
      distance(originals[j]!.query, originals[i]!, penalty),
    );
    different.push(d);
    if (d <= matchDistance) console.log(`  within the threshold: ${images[i]!.name} and ${images[j]!.name}: ${d}`);
  }
}
const falseMatches = different.filter((d) => d <= matchDistance).length;
const ms = (times: number[]) => summary(times.map((t) => Math.round(t * 100) / 100));
console.log(`different images               ${summary(different)} (${different.length} pairs)`);
console.log(`hashing one image to match it (224 x 224 pixels, two hashes): ${ms(hashTimes)} ms`);
console.log(`hashing one library image (two hashes and ${crops.length} crops): ${ms(libraryTimes)} ms`);
console.log(`copies missed: ${missed}; different pairs within the threshold: ${falseMatches}`);
for (let p = 0; p <= 4; p++) {
  const missedAt = copies.filter(({ query, library }) => distance(query, library, p) > matchDistance).length;
  const falseAt = pairs.filter(
    ([a, b]) => Math.min(distance(a.query, b, p), distance(b.query, a, p)) <= matchDistance,
  ).length;
  console.log(`  with a crop ${p} bits farther: copies missed ${missedAt}, different pairs within ${falseAt}`);
}
