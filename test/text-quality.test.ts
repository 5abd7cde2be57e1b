import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetCases, evaluateCase, measureTextQuality, normalRates } from '../bench/text-quality.js';
import { datasetsAvailable, datasetsDir } from '../scripts/text-datasets.js';

// A regression check on the shipped labelled sample (written alongside the lists, so not an independent measure).
describe('text moderation quality on the shipped sample', () => {
  it('keeps recall at 95% or more per category and flags no normal text', () => {
    const report = measureTextQuality();
    for (const row of report.rows) assert.ok(row.recall >= 0.95, `${row.label}: recall ${row.recall}`);
    assert.equal(report.normal.flagged, 0);
  });

  it('blocks at most 1% and reviews at most 5% of everyday English and Chinese text', () => {
    for (const file of ['test/fixtures/normal-text-en.txt', 'test/fixtures/normal-text-zh.txt']) {
      const r = normalRates(file);
      assert.ok(r.texts >= 200, file);
      assert.ok(r.block <= 0.01, `${file}: block rate ${r.block} (${JSON.stringify(r.flagged)})`);
      assert.ok(r.review <= 0.05, `${file}: review rate ${r.review} (${JSON.stringify(r.flagged)})`);
    }
  });
});

// Floors a couple of points under the figures docs/text-models.md reports, on the TEST parts of the fixed splits
// (which training never sees). Flagged = block or review. No timing here: bench/text-quality.ts measures speed.
// The limits (#22): Davidson F1 >= 95, COLD >= 77, SMS >= 95 must hold whatever else changes.
const floors: Record<string, { f1: number; fpr?: number }> = {
  'Davidson test (hate+offensive vs neither)': { f1: 0.95, fpr: 0.13 },
  'COLD test (offensive vs safe)': { f1: 0.77 },
  'SMS spam test, label ad': { f1: 0.95, fpr: 0.01 },
};

const available = datasetsAvailable();
describe(
  'text moderation quality on the shared data sets',
  { skip: available ? false : `data sets not found in ${datasetsDir()} (set AISP_DATASETS_DIR); skipped` },
  () => {
    for (const c of available ? datasetCases().filter((x) => floors[x.name]) : []) {
      it(`holds its floor on ${c.name}`, () => {
        const floor = floors[c.name]!;
        const f = evaluateCase(c);
        assert.ok(
          f.f1 >= floor.f1,
          `${c.name}: F1 ${f.f1.toFixed(3)} under ${floor.f1} (P ${f.precision.toFixed(3)}, R ${f.recall.toFixed(3)})`,
        );
        if (floor.fpr !== undefined)
          assert.ok(f.fpr <= floor.fpr, `${c.name}: false-positive rate ${f.fpr.toFixed(3)} over ${floor.fpr}`);
      });
    }
  },
);
