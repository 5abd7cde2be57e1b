/**
 * The two OCR engines the service has, each through the service's own OcrReader (its scaling, worker threads and
 * clean-up of the text): tesseract.js (eng + chi_sim) and PaddleOCR (PP-OCRv4, ONNX, in resident workers), on the set
 * scripts/make-ocr-eval-images.ts renders. Per language: character accuracy (1 - CER per image, averaged, case
 * folded) with whitespace ignored and with it counted (a word run into the next is an error: it hides the word from
 * text moderation), and the median ms per image. The engines take turns image by image, so that a machine shared with
 * other work slows both alike. Also each engine's first start (model load) and the process's memory (RSS) it added,
 * and a 2000 x 2000 image (scaled to each engine's longest side) for time and peak memory.
 * Run: npx tsc -p tsconfig.json && node dist/scripts/make-ocr-eval-images.js &&
 * node dist/bench/ocr-compare.js [folder=test-output/ocr-eval] [rounds=3]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { OcrReader, type OcrEngineName } from '../src/moderation/image/ocr.js';

const folder = process.argv[2] ?? 'test-output/ocr-eval';
const rounds = Number(process.argv[3] ?? 3);
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as {
  file: string;
  language: string;
  text: string;
}[];

function editDistance(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const cjk = '\\u3400-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef';
/** Text as compared with spaces counted: case folded, runs of whitespace one space, none between CJK characters. */
function spaced(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`(?<=[${cjk}]) (?=[${cjk}])`, 'g'), '')
    .trim();
}

/** 1 - CER, case folded; whitespace removed, or kept (normalised) when `withSpaces`; 0 at worst. */
function accuracy(truth: string, read: string, withSpaces: boolean): number {
  const chars = (s: string) => [...(withSpaces ? spaced(s) : s.replace(/\s+/g, '').toLowerCase())];
  const expected = chars(truth);
  return Math.max(0, 1 - editDistance(expected, chars(read)) / expected.length);
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

interface Measured {
  reader: OcrReader;
  firstStartMs: number;
  loadedRssMb: number;
  scores: Map<string, { plain: number[]; spaced: number[]; ms: number[] }>;
}

const engines = new Map<OcrEngineName, Measured>();
let peakRss = rssMb();
for (const name of ['tesseract', 'paddle'] as const) {
  // Each engine at its own default longest side (AISP_OCR_MAX_SIDE unset): paddle 1280, tesseract 2000.
  const reader = new OcrReader({ engine: name, workers: 1, timeoutMs: 60_000 });
  const before = rssMb();
  const started = performance.now();
  await reader.warmUp();
  const firstStartMs = performance.now() - started;
  if (reader.engineName !== name) throw new Error(`${name} did not start (${reader.engineName} reads instead)`);
  engines.set(name, { reader, firstStartMs, loadedRssMb: rssMb() - before, scores: new Map() });
}

const images = manifest.map((item) => ({ ...item, bytes: readFileSync(path.join(folder, item.file)) }));
for (let round = 0; round < rounds; round++) {
  for (const item of images) {
    // Alternate which engine goes first, so that neither always meets a cache the other warmed.
    const order = [...engines.entries()];
    if ((round + images.indexOf(item)) % 2) order.reverse();
    for (const [name, engine] of order) {
      const started = performance.now();
      const text = (await engine.reader.read(item.bytes)).text;
      const ms = performance.now() - started;
      peakRss = Math.max(peakRss, rssMb());
      for (const key of [item.language, 'all']) {
        const entry = engine.scores.get(key) ?? { plain: [], spaced: [], ms: [] };
        if (round === 0) {
          entry.plain.push(accuracy(item.text, text, false));
          entry.spaced.push(accuracy(item.text, text, true));
        }
        entry.ms.push(ms);
        engine.scores.set(key, entry);
      }
      if (round === 0) console.log(`${name} ${item.file}: ${ms.toFixed(0)} ms ${JSON.stringify(text)}`);
    }
  }
}

// A large image: a photo-like 2000 x 2000 with two lines of text on it, scaled to each engine's longest side.
const large = await sharp(readFileSync(path.join(folder, 'photo-mixed.png')))
  .resize(2000, 2000, { fit: 'fill' })
  .png()
  .toBuffer();
const largeRows: string[] = [];
for (const [name, engine] of engines) {
  // The memory the read takes on top of what the process held, sampled every 10 ms while it runs.
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 10);
  const started = performance.now();
  await engine.reader.read(large);
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb());
  peakRss = Math.max(peakRss, peak);
  largeRows.push(`| ${name} | ${ms.toFixed(0)} | ${(peak - before).toFixed(0)} |`);
}

console.log(
  '\n| engine | language | images | character accuracy % (whitespace ignored) | ' +
    'character accuracy % (spaces counted) | median ms per image |\n|---|---|---|---|---|---|',
);
for (const [name, engine] of engines) {
  for (const [language, entry] of [...engine.scores.entries()].sort()) {
    console.log(
      `| ${name} | ${language} | ${entry.plain.length} | ${(mean(entry.plain) * 100).toFixed(1)} | ` +
        `${(mean(entry.spaced) * 100).toFixed(1)} | ${median(entry.ms).toFixed(0)} |`,
    );
  }
}
console.log('\n| engine | first start (model load) ms | RSS added by the started engine MiB |\n|---|---|---|');
for (const [name, engine] of engines) {
  console.log(`| ${name} | ${engine.firstStartMs.toFixed(0)} | ${engine.loadedRssMb.toFixed(0)} |`);
}
console.log('\n| engine | 2000 x 2000 image ms | RSS the read added at its peak MiB |\n|---|---|---|');
console.log(largeRows.join('\n'));
console.log(`\npeak RSS of the process (both engines loaded, ${rounds} rounds): ${peakRss.toFixed(0)} MiB`);
for (const engine of engines.values()) await engine.reader.close();
