import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureTextQuality } from '../bench/text-quality.js';

// A regression check on the shipped labelled sample (written alongside the lists, so not an independent measure).
describe('text moderation quality on the shipped sample', () => {
  it('keeps recall at 95% or more per category and flags no normal text', () => {
    const report = measureTextQuality();
    for (const row of report.rows) assert.ok(row.recall >= 0.95, `${row.label}: recall ${row.recall}`);
    assert.equal(report.normal.flagged, 0);
  });
});
