/**
 * Measures text-moderation quality on the labelled sample the repository ships
 * (test/fixtures/text-moderation-sample.jsonl): per category, recall (labelled texts found with that label) and,
 * on the texts labelled normal, the false-positive rate. Prints a Markdown table (README quotes it).
 *
 *   npm run build && node dist/bench/text-quality.js
 */
import { readFileSync } from 'node:fs';
import { textCategories } from '../src/moderation/text/builtin-lexicon.js';
import { moderateText } from '../src/moderation/text/text-moderator.js';

export interface QualityReport {
  rows: { label: string; samples: number; found: number; recall: number }[];
  normal: { samples: number; flagged: number; falsePositiveRate: number };
}

export function measureTextQuality(file = 'test/fixtures/text-moderation-sample.jsonl'): QualityReport {
  const samples = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { text: string; label: string });
  // Categories without a sample (politics ships no list) are left out rather than reported at zero recall.
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

if (process.argv[1]?.endsWith('text-quality.js')) {
  const report = measureTextQuality();
  console.log('| category | samples | detected | recall |\n| --- | --- | --- | --- |');
  for (const r of report.rows)
    console.log(`| ${r.label} | ${r.samples} | ${r.found} | ${(r.recall * 100).toFixed(1)}% |`);
  console.log(
    `| normal (false positives) | ${report.normal.samples} | ${report.normal.flagged} | FPR ${(report.normal.falsePositiveRate * 100).toFixed(1)}% |`,
  );
}
