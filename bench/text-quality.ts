/**
 * Text-moderation quality, on outside labelled data and on the shipped sample.
 *
 *   npm run build && node dist/bench/text-quality.js            # everything (data sets in ../shared/datasets)
 *   node dist/bench/text-quality.js --sample                      # only the shipped sample (README's old table)
 *
 * Data sets (AISP_DATASETS_DIR overrides the folder): the TEST parts of the fixed splits of scripts/text-datasets.ts,
 * which training never sees. For each, precision, recall, F1 and false-positive rate (on the negatives), flagged =
 * block or review, for: this project (lists + model, as the API answers), its lists alone, its model alone, and the
 * `obscenity` and `@2toad/profanity` filters on the same items; then µs per text for each. Normal-text files
 * (test/fixtures/normal-text-{en,zh}.txt, written for this purpose) give block and review rates. Last, µs per 1 KB
 * text of the whole moderateText call.
 */
import { readFileSync } from 'node:fs';
import { Profanity } from '@2toad/profanity';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { type TextCategory, textCategories } from '../src/moderation/text/builtin-lexicon.js';
import { shippedModel } from '../src/moderation/text/model/text-model.js';
import { moderateText, moderateTextWith, type TextModerationResult } from '../src/moderation/text/text-moderator.js';
import {
  datasetsAvailable,
  datasetsDir,
  type Item,
  loadCold,
  loadDavidson,
  loadMore,
  loadSms,
  moreAvailable,
  moreSets,
} from '../scripts/text-datasets.js';
import { type FunctionalItem, functionalChecks } from '../scripts/text-functional-checks.js';

export interface QualityReport {
  rows: { label: string; samples: number; found: number; recall: number }[];
  normal: { samples: number; flagged: number; falsePositiveRate: number };
}

/** The shipped sample (test/fixtures/text-moderation-sample.jsonl): recall per category, false positives on normal. */
export function measureTextQuality(file = 'test/fixtures/text-moderation-sample.jsonl'): QualityReport {
  const samples = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { text: string; label: string });
  const rows = textCategories
    .filter((label) => samples.some((s) => s.label === label))
    .map((label) => {
      const mine = samples.filter((s) => s.label === label);
      const found = mine.filter((s) =>
        moderateText(s.text, textCategories).details.some((d) => d.label === label),
      ).length;
      return { label, samples: mine.length, found, recall: mine.length ? found / mine.length : 0 };
    });
  const normal = samples.filter((s) => s.label === 'normal');
  const flagged = normal.filter((s) => moderateText(s.text, textCategories).suggestion !== 'pass').length;
  return { rows, normal: { samples: normal.length, flagged, falsePositiveRate: flagged / normal.length } };
}

export interface Figures {
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function figures(flags: boolean[], labels: number[]): Figures {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  flags.forEach((f, i) => {
    if (labels[i] === 1) {
      if (f) tp++;
      else fn++;
    } else if (f) fp++;
    else tn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    fpr: fp + tn > 0 ? fp / (fp + tn) : 0,
    tp,
    fp,
    fn,
    tn,
  };
}

export interface DatasetCase {
  name: string;
  items: Item[];
  /** Which of our labels count as flagged: any (undefined) or one category. */
  category?: TextCategory;
}

export function datasetCases(dir = datasetsDir()): DatasetCase[] {
  const davidson = loadDavidson(dir).test;
  const cold = loadCold(dir).test;
  const sms = loadSms(dir).test;
  return [
    { name: 'Davidson test (hate+offensive vs neither)', items: davidson },
    { name: 'Davidson test, label abuse only', items: davidson, category: 'abuse' },
    { name: 'COLD test (offensive vs safe)', items: cold },
    { name: 'COLD test, label abuse only', items: cold, category: 'abuse' },
    { name: 'SMS spam test, label ad', items: sms, category: 'ad' },
  ];
}

/** The held-out 20% of each further set (more/*): abuse sets flagged = any label, spam as `ad`. */
export function moreCases(dir = datasetsDir()): DatasetCase[] {
  if (!moreAvailable(dir)) return [];
  return moreSets.map((set) => ({
    name: `${set.name} held-out (${set.task === 'ad' ? 'label ad' : 'any label'})`,
    items: loadMore(set, dir).test,
    ...(set.task === 'ad' ? { category: 'ad' as const } : {}),
  }));
}

export interface FunctionalRow {
  name: string;
  items: number;
  /** Share answered as expected: flagged (block or review) for hateful/spam items, passed for the others. */
  accuracy: number;
  /** Share of label-1 items flagged, of label-0 items left alone. */
  flaggedHateful: number;
  passedBenign: number;
  /** Of the flagged label-1 items, the share under the expected label. */
  rightLabel: number;
}

function functionalRow(name: string, items: FunctionalItem[], flag: (i: FunctionalItem) => string): FunctionalRow {
  const answers = items.map((i) => ({ i, label: flag(i) }));
  const ok = answers.filter(({ i, label }) => (i.label === 1 ? label !== 'pass' : label === 'pass')).length;
  const pos = answers.filter(({ i }) => i.label === 1);
  const neg = answers.filter(({ i }) => i.label === 0);
  const flaggedPos = pos.filter(({ label }) => label !== 'pass');
  return {
    name,
    items: items.length,
    accuracy: ok / Math.max(1, items.length),
    flaggedHateful: pos.length ? flaggedPos.length / pos.length : NaN,
    passedBenign: neg.length ? neg.filter(({ label }) => label === 'pass').length / neg.length : NaN,
    rightLabel: flaggedPos.length
      ? flaggedPos.filter(({ i, label }) => label === i.category).length / flaggedPos.length
      : NaN,
  };
}

/**
 * The generated functional checks (scripts/text-functional-checks.ts) per set and per function. Flagged: for the hate
 * sets, any label other than pass; for the spam sets, an `ad` finding. `flag` answers the label, or 'pass'.
 */
export function functionalRows(flag: (text: string) => TextModerationResult = (t) => moderateText(t, textCategories)): {
  sets: FunctionalRow[];
  functions: FunctionalRow[];
} {
  const items = functionalChecks();
  const label = (i: FunctionalItem): string => {
    const r = flag(i.text);
    if (i.set.startsWith('spam')) return r.details.some((d) => d.label === 'ad') ? 'ad' : 'pass';
    return r.suggestion === 'pass' ? 'pass' : r.label;
  };
  const cache = new Map<FunctionalItem, string>();
  const cached = (i: FunctionalItem) => {
    let l = cache.get(i);
    if (l === undefined) cache.set(i, (l = label(i)));
    return l;
  };
  const sets = [...new Set(items.map((i) => `${i.set}:${i.part}`))].map((k) =>
    functionalRow(
      k,
      items.filter((i) => `${i.set}:${i.part}` === k),
      cached,
    ),
  );
  const keys = [
    ...new Set(items.map((i) => `${i.set.startsWith('spam') ? 'spam' : i.set === 'zh' ? 'zh' : 'en'}:${i.func}`)),
  ];
  const functions = keys.map((k) => {
    const [lang, func] = k.split(':');
    return functionalRow(
      k,
      items.filter(
        (i) => i.func === func && (i.set.startsWith('spam') ? 'spam' : i.set === 'zh' ? 'zh' : 'en') === lang,
      ),
      cached,
    );
  });
  return { sets, functions };
}

/** The detector a functional check exercises, by its function's name (for floors per detector). */
export function detectorFamily(func: string): string {
  if (func.startsWith('threat_') && func.endsWith('_h')) return 'threat';
  if (func.startsWith('spell_')) return 'spelling';
  if (func.startsWith('spam')) return 'spam';
  if (/^(?:negate_neg|counter_)/.test(func)) return 'negation_counter';
  if (/^(?:derog_|negate_pos|phrase_|profanity_h|ref_subs)/.test(func)) return 'group_hate';
  return 'other_benign';
}

/**
 * Accuracy of the functional checks per part, language and detector family ("holdout en threat"): the same
 * answers as functionalRows.
 */
export function functionalFamilyRows(
  flag: (text: string) => TextModerationResult = (t) => moderateText(t, textCategories),
): FunctionalRow[] {
  const items = functionalChecks();
  const keyOf = (i: FunctionalItem) =>
    `${i.part} ${i.set === 'zh' || i.set === 'spam-zh' ? 'zh' : 'en'} ${detectorFamily(i.func)}`;
  const answer = (i: FunctionalItem) => {
    const r = flag(i.text);
    if (i.set.startsWith('spam')) return r.details.some((d) => d.label === 'ad') ? 'ad' : 'pass';
    return r.suggestion === 'pass' ? 'pass' : r.label;
  };
  return [...new Set(items.map(keyOf))].map((k) =>
    functionalRow(
      k,
      items.filter((i) => keyOf(i) === k),
      answer,
    ),
  );
}

const flaggedBy = (r: TextModerationResult, category?: TextCategory) =>
  category ? r.details.some((d) => d.label === category) : r.suggestion !== 'pass';

/** This project's figures on one case (lists + shipped model, as the API answers). */
export function evaluateCase(c: DatasetCase): Figures {
  return figures(
    c.items.map((i) => flaggedBy(moderateText(i.text, textCategories), c.category)),
    c.items.map((i) => i.label),
  );
}

type System = { name: string; flag: (text: string, category?: TextCategory) => boolean };

function systems(): System[] {
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const toadEn = new Profanity({ languages: ['en'] });
  const toadZh = new Profanity({ languages: ['zh'], wholeWord: false });
  const model = shippedModel();
  return [
    { name: 'this project', flag: (t, c) => flaggedBy(moderateText(t, textCategories), c) },
    { name: 'its lists alone', flag: (t, c) => flaggedBy(moderateTextWith(null, t, textCategories), c) },
    {
      name: 'its model alone',
      flag: (t, c) => {
        const s = model.score(t);
        const over = (head: 'abuse' | 'ad') => s[head] >= model.thresholds(head, s.language)!.review;
        return c === 'ad' ? over('ad') : c === 'abuse' ? over('abuse') : over('abuse') || over('ad');
      },
    },
    { name: 'obscenity', flag: (t) => obscenity.hasMatch(t) },
    // Its Chinese list is used on texts with CJK characters only, and without word boundaries (Chinese has none).
    { name: '@2toad/profanity', flag: (t) => toadEn.exists(t) || (/[\u3400-\u9fff]/.test(t) && toadZh.exists(t)) },
  ];
}

const pct = (x: number) => (x * 100).toFixed(1);

function timePerText(flag: (t: string) => boolean, texts: string[]): number {
  for (let i = 0; i < Math.min(200, texts.length); i++) flag(texts[i]!);
  const start = process.hrtime.bigint();
  for (const t of texts) flag(t);
  return Number(process.hrtime.bigint() - start) / 1000 / texts.length;
}

/** 1 KB texts: English and Chinese everyday text, a few with a swear word (as bench/text-moderation.ts). */
export function kilobyteTexts(): string[] {
  const en = readLines('test/fixtures/normal-text-en.txt');
  const zh = readLines('test/fixtures/normal-text-zh.txt');
  const texts: string[] = [];
  for (let seed = 0; seed < 64; seed++) {
    const source = seed % 2 === 0 ? en : zh;
    let text = '';
    for (let i = 0; text.length < 1024; i++)
      text += source[(seed * 7 + i * 13) % source.length] + (seed % 2 === 0 ? ' ' : '');
    text = text.slice(0, 1024);
    if (seed % 4 === 0) text = text.slice(0, 1014) + ' f.u.c.k ';
    // Flat strings, as JSON.parse gives the server (concatenated strings are slower to read).
    texts.push(JSON.parse(JSON.stringify(text)) as string);
  }
  return texts;
}

export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

export function normalRates(file: string): {
  texts: number;
  block: number;
  review: number;
  flagged: { text: string; label: string; suggestion: string }[];
} {
  const lines = readLines(file);
  const results = lines.map((text) => ({ text, r: moderateText(text, textCategories) }));
  const flagged = results
    .filter((x) => x.r.suggestion !== 'pass')
    .map((x) => ({ text: x.text, label: x.r.label, suggestion: x.r.suggestion }));
  return {
    texts: lines.length,
    block: results.filter((x) => x.r.suggestion === 'block').length / lines.length,
    review: results.filter((x) => x.r.suggestion === 'review').length / lines.length,
    flagged,
  };
}

function microsecondsPerKilobyte(): number {
  const texts = kilobyteTexts();
  for (let i = 0; i < 2000; i++) moderateText(texts[i % texts.length]!, textCategories);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 4000; i++) moderateText(texts[i % texts.length]!, textCategories);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / 4000);
  }
  return best;
}

/** The generated functional checks: accuracy per set (dev and blind templates) and per function, with the peers. */
function printFunctional(): void {
  const peers = systems().filter((s) => s.name === 'obscenity' || s.name === '@2toad/profanity');
  const items = functionalChecks();
  console.log(
    '\n## Functional checks (generated by scripts/text-functional-checks.ts; accuracy: hateful or spam flagged, the rest passed)\n',
  );
  console.log(
    `| set | items | this project: accuracy / hateful flagged / benign passed | ${peers.map((p) => `${p.name} accuracy`).join(' | ')} |`,
  );
  console.log(`| --- | --- | --- | ${peers.map(() => '---').join(' | ')} |`);
  const { sets, functions } = functionalRows();
  for (const row of sets) {
    const [set, part] = row.name.split(':');
    const mine = items.filter((i) => i.set === set && i.part === part);
    const peerCells = peers.map((p) => {
      const ok = mine.filter((i) => p.flag(i.text) === (i.label === 1)).length;
      return pct(ok / mine.length);
    });
    console.log(
      `| ${row.name} | ${row.items} | ${pct(row.accuracy)} / ${pctOrDash(row.flaggedHateful)} / ${pctOrDash(row.passedBenign)} | ${peerCells.join(' | ')} |`,
    );
  }
  console.log(
    '\n| function (dev + blind) | items | accuracy | flagged under the expected label |\n| --- | --- | --- | --- |',
  );
  for (const row of functions)
    console.log(`| ${row.name} | ${row.items} | ${pct(row.accuracy)} | ${pctOrDash(row.rightLabel)} |`);
}

const pctOrDash = (x: number) => (Number.isNaN(x) ? '-' : pct(x));

function printSample(): void {
  const report = measureTextQuality();
  console.log('| category | samples | detected | recall |\n| --- | --- | --- | --- |');
  for (const r of report.rows)
    console.log(`| ${r.label} | ${r.samples} | ${r.found} | ${(r.recall * 100).toFixed(1)}% |`);
  console.log(
    `| normal (false positives) | ${report.normal.samples} | ${report.normal.flagged} | FPR ${(report.normal.falsePositiveRate * 100).toFixed(1)}% |`,
  );
}

if (process.argv[1]?.endsWith('text-quality.js')) {
  // Speed first, in a fresh process (texts as flat strings, as JSON.parse gives the server); again at the end.
  const fresh = process.argv.includes('--sample') ? 0 : microsecondsPerKilobyte();
  console.log('## Shipped sample (test/fixtures/text-moderation-sample.jsonl)\n');
  printSample();
  if (!process.argv.includes('--sample')) {
    if (!datasetsAvailable()) {
      console.log(`\n(data sets not found in ${datasetsDir()}: set AISP_DATASETS_DIR to measure on them)`);
    } else {
      const all = systems();
      console.log('\n## Test splits (flagged = block or review; P / R / F1 / FPR in %)\n');
      console.log(`| data set | items | ${all.map((s) => s.name).join(' | ')} |`);
      console.log(`| --- | --- | ${all.map(() => '---').join(' | ')} |`);
      const timing = new Map<string, number[]>();
      const shared = new Set(datasetCases().map((c) => c.name));
      for (const c of [...datasetCases(), ...moreCases()]) {
        const labels = c.items.map((i) => i.label);
        const cells = all.map((s) => {
          const f = figures(
            c.items.map((i) => s.flag(i.text, c.category)),
            labels,
          );
          return `${pct(f.precision)} / ${pct(f.recall)} / **${pct(f.f1)}** / ${pct(f.fpr)}`;
        });
        console.log(`| ${c.name} | ${c.items.length} | ${cells.join(' | ')} |`);
        if (!c.category && shared.has(c.name))
          for (const s of all)
            timing.set(s.name, [
              ...(timing.get(s.name) ?? []),
              timePerText(
                (t) => s.flag(t),
                c.items.map((i) => i.text),
              ),
            ]);
      }
      console.log(
        `| µs per text (Davidson / COLD) | | ${all
          .map((s) =>
            timing
              .get(s.name)!
              .map((x) => x.toFixed(1))
              .join(' / '),
          )
          .join(' | ')} |`,
      );
    }
    printFunctional();
    console.log('\n## Normal text written for this check (block / review rate)\n');
    for (const file of ['test/fixtures/normal-text-en.txt', 'test/fixtures/normal-text-zh.txt']) {
      const r = normalRates(file);
      console.log(`- ${file}: ${r.texts} texts, block ${pct(r.block)}%, review ${pct(r.review)}%`);
      for (const f of r.flagged) console.log(`    ${f.suggestion} ${f.label}: ${f.text}`);
    }
    console.log(
      '\n## Speed\n\nmoderateText, all categories, 1 KB texts (half English, half Chinese, a quarter with a swear word), µs per text:',
    );
    console.log(`- fresh process: ${fresh.toFixed(1)}`);
    console.log(
      `- after the runs above, in the same process (a bigger heap, the peers' code run too): ${microsecondsPerKilobyte().toFixed(1)}`,
    );
  }
}
