/**
 * The labelled data sets in ../shared/datasets (or AISP_DATASETS_DIR) and their fixed splits, shared by the training
 * script, the quality benchmark and the regression test so that all three see the same items:
 *   - Davidson tweets: 80/20 stratified by class (seed 20240601); positive = hate speech or offensive.
 *   - SMS Spam Collection: 80/20 stratified (seed 20240602); positive = spam.
 *   - COLD: train + dev for training, test for testing; positive = label 1.
 * Validation sets (for calibration and thresholds) are carved from the training parts: 12.5% stratified (seed 7).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from './seeded-random.js';

export interface Item {
  text: string;
  /** 1 positive (abusive / spam), 0 negative. */
  label: 0 | 1;
  /** Finer label where the data set has one (Davidson class, COLD fine-grained label on test). */
  fine?: string;
}

export interface Split {
  train: Item[];
  validation: Item[];
  test: Item[];
}

export function datasetsDir(): string {
  return process.env.AISP_DATASETS_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'datasets');
}

export function datasetsAvailable(dir = datasetsDir()): boolean {
  return ['davidson-labeled.csv', 'sms-spam-collection.tsv', 'cold/train.csv', 'cold/dev.csv', 'cold/test.csv'].every(
    (f) => existsSync(path.join(dir, f)),
  );
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(content: string): string[][] {
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (quoted) {
      if (c === '"') {
        if (content[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function table(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** The seeded PRNG splits are drawn with, so they never depend on Math.random. */
export const prng = mulberry32;

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Stratified by `fine ?? label`: returns [rest, held out] with `fraction` of each stratum held out. */
export function stratifiedSplit(items: Item[], fraction: number, seed: number): [Item[], Item[]] {
  const random = prng(seed);
  const strata = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = item.fine ?? String(item.label);
    strata.set(key, [...(strata.get(key) ?? []), i]);
  });
  const held = new Set<number>();
  for (const key of [...strata.keys()].sort()) {
    const indexes = shuffle(strata.get(key)!, random);
    for (const i of indexes.slice(0, Math.round(indexes.length * fraction))) held.add(i);
  }
  return [items.filter((_, i) => !held.has(i)), items.filter((_, i) => held.has(i))];
}

const validationFraction = 0.125;
const validationSeed = 7;

function withValidation(trainPool: Item[], test: Item[]): Split {
  const [train, validation] = stratifiedSplit(trainPool, validationFraction, validationSeed);
  return { train, validation, test };
}

export function loadDavidson(dir = datasetsDir()): Split {
  const items: Item[] = table(path.join(dir, 'davidson-labeled.csv')).map((r) => ({
    text: r.tweet!,
    label: r.class === '2' ? 0 : 1,
    fine: r.class,
  }));
  const [pool, test] = stratifiedSplit(items, 0.2, 20240601);
  return withValidation(pool, test);
}

export function loadSms(dir = datasetsDir()): Split {
  const lines = readFileSync(path.join(dir, 'sms-spam-collection.tsv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.includes('\t'));
  const items: Item[] = lines.map((l) => {
    const tab = l.indexOf('\t');
    return { text: l.slice(tab + 1), label: l.slice(0, tab) === 'spam' ? 1 : 0 };
  });
  const [pool, test] = stratifiedSplit(items, 0.2, 20240602);
  return withValidation(pool, test);
}

export function loadCold(dir = datasetsDir()): Split {
  const read = (name: string, fine: boolean): Item[] =>
    table(path.join(dir, 'cold', name)).map((r) => ({
      text: r.TEXT!,
      label: r.label === '1' ? 1 : 0,
      ...(fine ? { fine: r['fine-grained-label'] } : { fine: `${r.topic}-${r.label}` }),
    }));
  return withValidation([...read('train.csv', false), ...read('dev.csv', false)], read('test.csv', true));
}

/**
 * The nine further sets in ../shared/datasets/more/<name>/data.jsonl (`text`, `label` 1/0). None has a test split of
 * its own: a seeded stratified 20% of each is held out (never trained on) and measured by the benchmark.
 */
export interface MoreSet {
  /** Folder name. */
  name: string;
  /** Which head it trains and measures: abuse (hate, toxicity, sexism) or ad (spam, scam, promotion). */
  task: 'abuse' | 'ad';
  language: 'en' | 'zh';
  licence: string;
}

export const moreSets: MoreSet[] = [
  { name: 'civil_comments_toxic_spans', task: 'abuse', language: 'en', licence: 'CC0 1.0' },
  { name: 'convabuse', task: 'abuse', language: 'en', licence: 'CC BY 4.0' },
  { name: 'hatemoji_build', task: 'abuse', language: 'en', licence: 'CC BY 4.0' },
  { name: 'hatexplain', task: 'abuse', language: 'en', licence: 'MIT' },
  { name: 'implicit_hate_elsherief2021', task: 'abuse', language: 'en', licence: 'CC BY 4.0' },
  { name: 'janitr_x_scam_spam', task: 'ad', language: 'en', licence: 'MIT' },
  { name: 'stormfront_degibert2018', task: 'abuse', language: 'en', licence: 'CC BY-SA 3.0 ES' },
  { name: 'swsr_weibo_sexism_zh', task: 'abuse', language: 'zh', licence: 'MIT' },
  { name: 'toxigen_seed_statements', task: 'abuse', language: 'en', licence: 'MIT + CDLA-Permissive-2.0' },
];

export function moreAvailable(dir = datasetsDir()): boolean {
  return moreSets.every((s) => existsSync(path.join(dir, 'more', s.name, 'data.jsonl')));
}

/** One further set: [training pool, held-out test] (20%, stratified by label, seed fixed per set). */
export function loadMore(set: MoreSet, dir = datasetsDir()): { train: Item[]; test: Item[] } {
  const items: Item[] = readFileSync(path.join(dir, 'more', set.name, 'data.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const row = JSON.parse(l) as { text: string; label: number };
      return { text: row.text, label: row.label === 1 ? 1 : 0 };
    });
  let seed = 20261207;
  for (let i = 0; i < set.name.length; i++) seed = Math.imul(seed ^ set.name.charCodeAt(i), 16777619) >>> 0;
  const [train, test] = stratifiedSplit(items, 0.2, seed);
  return { train, test };
}
