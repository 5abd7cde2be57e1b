import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fresh2Items, fresh2SetOf } from '../scripts/text-functional-fresh2.js';
import { assertGroupsSpread, assertItemShapes, assertPlannedSizes, assertReplays } from './helpers/fresh-set-shape.js';

// The second fresh evaluation set's shape only (docs/text-fresh2-eval.md): no moderator answer is checked here, so
// that no floor ever rests on it.
describe('second fresh text evaluation set', () => {
  const items = fresh2Items();

  it('replays the same items in the same order', () => {
    assertReplays(fresh2Items, items);
  });

  it('has unique texts, no unfilled group slot, and a category exactly on the items to flag', () => {
    assertItemShapes(items, /\{G\}/, (i) => {
      if (i.family === 'spam' && i.label) assert.equal(i.category, 'ad', i.text);
      if (i.family !== 'spam' && i.label) assert.notEqual(i.category, 'ad', i.text);
    });
  });

  it('holds each set at its planned size, labels roughly half and half', () => {
    // Planned least sizes per set (the set was written at 444 / 100 / 311, 109 / 100, 120 / 60).
    const planned: Record<string, number> = {
      'hate-en': 440,
      'hate-emoji': 100,
      'hate-zh': 300,
      'insult-en': 100,
      'insult-zh': 100,
      'spam-en': 120,
      'spam-zh': 60,
    };
    assert.deepEqual(new Set(items.map(fresh2SetOf)), new Set(Object.keys(planned)));
    assertPlannedSizes(items, (i) => fresh2SetOf(i as Parameters<typeof fresh2SetOf>[0]), planned);
  });

  it('spreads the drawn groups over a function (a draw stuck on one group would fail this)', () => {
    assertGroupsSpread(items, ['derog_dehumanise', 'derog_attribute', 'threat_normative'], 'zh_dehumanise');
  });
});
