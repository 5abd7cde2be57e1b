/**
 * Cost of moderating one image in-process, with and without reading its text (OCR), on a photo-like image and on
 * the OCR test images (English and Chinese text), with the OCR engine named (AISP_OCR_ENGINE's values).
 * Run: npm run build && node dist/bench/image-cost.js [calls=12] [engine=paddle]
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { ImageRequestCategory } from '../src/moderation/api-contract.js';
import { NsfwClassifier } from '../src/moderation/image/classifier.js';
import { moderateImage } from '../src/moderation/image/image-moderator.js';
import { type OcrEngineName, OcrReader } from '../src/moderation/image/ocr.js';

const calls = Number(process.argv[2] ?? 12);
const readers = {
  classifier: new NsfwClassifier('MobileNetV2Mid'),
  ocr: new OcrReader({
    engine: (process.argv[3] ?? 'paddle') as OcrEngineName,
    workers: 1,
    timeoutMs: 15_000,
  }),
};
await readers.classifier.warmUp();
await readers.ocr.warmUp();
console.log(`OCR engine: ${readers.ocr.engineName}`);
const limits = { maxBytes: 10e6, minSide: 16, maxSide: 8192 };
const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a6' } })
  .jpeg()
  .toBuffer();
const fixture = (name: string) => readFileSync(`test/fixtures/ocr/${name}`);
const cases: [string, Buffer, ImageRequestCategory[]][] = [
  ['photo 640x480, porn', photo, ['porn']],
  ['photo 640x480, porn + image_text', photo, ['porn', 'image_text']],
  ['English text (ad-en.png), porn + image_text', fixture('ad-en.png'), ['porn', 'image_text']],
  ['Chinese text (ad-zh.png), porn + image_text', fixture('ad-zh.png'), ['porn', 'image_text']],
];
for (const [name, image, categories] of cases) {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await moderateImage(image, limits, readers, categories);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: p50 ${times[Math.floor(calls / 2)]!.toFixed(0)} ms, max ${times[calls - 1]!.toFixed(0)} ms`);
}
await readers.ocr.close();
