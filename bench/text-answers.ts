/**
 * Answers and cost of the text moderator, for checking that a speed-up changes no answer.
 *
 *   npm run build && node dist/bench/text-answers.js write /tmp/before.jsonl   # every answer, one JSON line per text
 *   node dist/bench/text-answers.js compare /tmp/before.jsonl                 # the same texts again: differences
 *   node dist/bench/text-answers.js cost [ROUNDS]                             # µs per 1 KB text, in-process
 *
 * The texts: every functional check item (dev, blind, holdout), the normal-text fixtures, the 1 KB texts of the
 * speed figure, and the test and held-out parts of all data sets (../shared/datasets, when present).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { textCategories } from '../src/moderation/text/builtin-lexicon.js';
import { moderateText } from '../src/moderation/text/text-moderator.js';
import { datasetsAvailable } from '../scripts/text-datasets.js';
import { functionalChecks } from '../scripts/text-functional-checks.js';
import { datasetCases, kilobyteTexts, moreCases, readLines } from './text-quality.js';

function allTexts(): string[] {
  const texts = new Set<string>();
  for (const i of functionalChecks()) texts.add(i.text);
  for (const file of ['test/fixtures/normal-text-en.txt', 'test/fixtures/normal-text-zh.txt'])
    for (const l of readLines(file)) texts.add(l);
  for (const t of kilobyteTexts()) texts.add(t);
  if (datasetsAvailable())
    for (const c of [...datasetCases(), ...moreCases()]) for (const i of c.items) texts.add(i.text);
  return [...texts];
}

/**
 * Best of `rounds` rounds of 4,000 calls over the 1 KB texts, after a warm-up (as bench/text-quality.ts measures):
 * wall-clock µs per text, and CPU µs (user + system) per text, which a busy shared machine disturbs less.
 */
export function microsecondsPerKilobyte(rounds = 5): { wall: number; cpu: number } {
  const texts = kilobyteTexts();
  for (let i = 0; i < 2000; i++) moderateText(texts[i % texts.length]!, textCategories);
  let wall = Infinity;
  let cpu = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    const used = process.cpuUsage();
    for (let i = 0; i < 4000; i++) moderateText(texts[i % texts.length]!, textCategories);
    const spent = process.cpuUsage(used);
    wall = Math.min(wall, Number(process.hrtime.bigint() - start) / 1000 / 4000);
    cpu = Math.min(cpu, (spent.user + spent.system) / 4000);
  }
  return { wall, cpu };
}

if (process.argv[1]?.endsWith('text-answers.js')) {
  const [mode, file] = process.argv.slice(2);
  if (mode === 'cost') {
    const { wall, cpu } = microsecondsPerKilobyte(Number(file ?? 5));
    console.log(`moderateText, 1 KB texts, µs per text (best round): wall ${wall.toFixed(1)}, CPU ${cpu.toFixed(1)}`);
  } else if (mode === 'write' && file) {
    const lines = allTexts().map((text) => JSON.stringify({ text, answer: moderateText(text, textCategories) }));
    writeFileSync(file, lines.join('\n') + '\n');
    console.log(`${lines.length} answers written to ${file}`);
  } else if (mode === 'compare' && file) {
    const before = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; answer: unknown });
    let differ = 0;
    for (const { text, answer } of before) {
      const now = JSON.stringify(moderateText(text, textCategories));
      if (now !== JSON.stringify(answer)) {
        if (++differ <= 20)
          console.log(`DIFF ${JSON.stringify(text).slice(0, 160)}\n  was ${JSON.stringify(answer)}\n  now ${now}`);
      }
    }
    console.log(`${before.length} texts compared, ${differ} answers differ`);
    process.exitCode = differ > 0 ? 1 : 0;
  } else {
    console.error('usage: text-answers.js write FILE | compare FILE | cost');
    process.exitCode = 2;
  }
}
