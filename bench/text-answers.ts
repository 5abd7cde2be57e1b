/**
 * Answers and cost of the text moderator, for checking that a speed-up changes no answer.
 *
 *   npm run build && node dist/bench/text-answers.js write /tmp/before.jsonl   # every answer, one JSON line per text
 *   node dist/bench/text-answers.js compare /tmp/before.jsonl                 # the same texts again: differences
 *   node dist/bench/text-answers.js cost [ROUNDS]                             # µs per 1 KB text, in-process
 *   node dist/bench/text-answers.js ab OTHER/dist [en|zh]                     # this build against another, alternated
 *
 * The texts: every functional check item (dev, blind, holdout), the normal-text fixtures, the 1 KB texts of the
 * speed figure, and the test and held-out parts of all data sets (../shared/datasets, when present).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * This build and another (its dist folder: a copy of an earlier build) loaded in one process and alternated, 30
 * rounds of 500 calls each: on a busy shared machine only such a comparison means anything. CPU µs per 1 KB text.
 */
async function compareBuilds(otherDist: string, language?: string): Promise<void> {
  const other = (await import(path.resolve(otherDist, 'src/moderation/text/text-moderator.js'))) as {
    moderateText: typeof moderateText;
  };
  const all = kilobyteTexts();
  // kilobyteTexts alternates English (even) and Chinese (odd) texts.
  const texts =
    language === 'en' ? all.filter((_, i) => i % 2 === 0) : language === 'zh' ? all.filter((_, i) => i % 2 === 1) : all;
  const builds = { other: other.moderateText, this: moderateText };
  for (const f of Object.values(builds)) for (let i = 0; i < 3000; i++) f(texts[i % texts.length]!, textCategories);
  const times: Record<string, number[]> = { other: [], this: [] };
  for (let round = 0; round < 30; round++)
    for (const [name, f] of Object.entries(builds)) {
      const used = process.cpuUsage();
      for (let i = 0; i < 500; i++) f(texts[i % texts.length]!, textCategories);
      const spent = process.cpuUsage(used);
      times[name]!.push((spent.user + spent.system) / 500);
    }
  for (const [name, t] of Object.entries(times)) {
    t.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(5)} best ${t[0]!.toFixed(1)}  quarter ${t[7]!.toFixed(1)}  median ${t[15]!.toFixed(1)} CPU µs per 1 KB text`,
    );
  }
}

if (process.argv[1]?.endsWith('text-answers.js')) {
  const [mode, file] = process.argv.slice(2);
  if (mode === 'ab' && file) {
    await compareBuilds(file, process.argv[4]);
  } else if (mode === 'cost') {
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
    console.error('usage: text-answers.js write FILE | compare FILE | cost [ROUNDS] | ab OTHER_DIST [en|zh]');
    process.exitCode = 2;
  }
}
