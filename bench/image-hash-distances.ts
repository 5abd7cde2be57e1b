/**
 * Hamming distances of the image-library hashes (src/moderation/image-libraries/perceptual-hash.ts) between originals
 * and their copies (resized, JPEG quality 50, grey, bordered, cropped by 5%), and between different images: what
 * `matchDistance` is chosen from. An image has two hashes (whole, and inside its border); two images' distance is the
 * least of the four pairs, as matching takes it. Images: seeded synthetic ones (photo-like, drawings, text, gradients)
 * and any files named on the command line.
 * Run: npx tsc -p tsconfig.json && node dist/bench/image-hash-distances.js [per-kind=25] [files...]
 */
import { readFileSync } from 'node:fs';
import { decodeImage } from '../src/moderation/image/decode.js';
import {
  hammingDistance,
  hashPixels,
  hashToWords,
  matchDistance,
  type HashWords,
} from '../src/moderation/image-libraries/perceptual-hash.js';
import { copyTransformations, syntheticImage, syntheticKinds } from '../test/helpers/synthetic-images.js';

const perKind = Number(process.argv[2] ?? 25);
const files = process.argv.slice(3);
const limits = { maxBytes: 10e6, minSide: 16, maxSide: 8192 };

async function hashesOf(bytes: Buffer): Promise<HashWords[]> {
  const decoded = await decodeImage(bytes, limits, 224);
  const { hash, borderless } = await hashPixels(decoded.pixels, decoded.size, decoded.size);
  return [hashToWords(hash), hashToWords(borderless)];
}
const distance = (a: HashWords[], b: HashWords[]) => Math.min(...a.flatMap((x) => b.map((y) => hammingDistance(x, y))));

const images: { name: string; bytes: Buffer }[] = [];
for (const kind of syntheticKinds) {
  for (let seed = 1; seed <= perKind; seed++)
    images.push({ name: `${kind}-${seed}`, bytes: await syntheticImage(kind, seed) });
}
for (const file of files) images.push({ name: file, bytes: readFileSync(file) });

const originals: HashWords[][] = [];
for (const image of images) originals.push(await hashesOf(image.bytes));
// What matching adds to an image check: its two hashes, from the pixels the classifier's decode made already.
const hashTimes: number[] = [];
for (const image of images.slice(0, 100)) {
  const decoded = await decodeImage(image.bytes, limits, 224);
  const started = performance.now();
  await hashPixels(decoded.pixels, decoded.size, decoded.size);
  hashTimes.push(performance.now() - started);
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `min ${sorted[0]} p50 ${at(0.5)} p95 ${at(0.95)} p99 ${at(0.99)} max ${sorted[sorted.length - 1]}`;
};

console.log(
  `${images.length} images (${perKind} per synthetic kind, ${files.length} files); threshold ${matchDistance}`,
);
let missed = 0;
for (const [name, transform] of Object.entries(copyTransformations)) {
  const distances: number[] = [];
  for (const [i, image] of images.entries()) {
    const d = distance(originals[i]!, await hashesOf(await transform(image.bytes)));
    distances.push(d);
    if (d > matchDistance) {
      missed++;
      console.log(`  over the threshold: ${image.name}, ${name}: ${d}`);
    }
  }
  console.log(`copy, ${name.padEnd(16)} ${summary(distances)}`);
}
const different: number[] = [];
for (let i = 0; i < originals.length; i++) {
  for (let j = i + 1; j < originals.length; j++) {
    const d = distance(originals[i]!, originals[j]!);
    different.push(d);
    if (d <= matchDistance) console.log(`  within the threshold: ${images[i]!.name} and ${images[j]!.name}: ${d}`);
  }
}
const falseMatches = different.filter((d) => d <= matchDistance).length;
console.log(`different images       ${summary(different)} (${different.length} pairs)`);
console.log(
  `hashing one image (224 x 224 pixels, both hashes): ${summary(hashTimes.map((t) => Math.round(t * 100) / 100))} ms`,
);
console.log(`copies missed: ${missed}; different pairs within the threshold: ${falseMatches}`);
