import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshItems, freshSetOf } from '../scripts/text-functional-fresh.js';

// The fresh evaluation set's shape only (docs/text-fresh-eval.md): no moderator answer is checked here, so that no
// floor ever rests on it.
describe('fresh text evaluation set', () => {
  const items = freshItems();

  it('replays the same items in the same order', () => {
    assert.deepEqual(freshItems(), items);
  });

  it('has unique texts, no unfilled template slot, and a category on every item that should be flagged', () => {
    assert.equal(new Set(items.map((i) => i.text)).size, items.length);
    for (const i of items) {
      assert.doesNotMatch(i.text, /\{[Gg]\}/, i.text);
      assert.equal(i.category !== undefined, i.label, `${i.func}: ${i.text}`);
      assert.equal(i.func.endsWith('_nh'), !i.label, `${i.func}: ${i.text}`);
    }
  });

  it('holds each family at its planned size, labels roughly half and half', () => {
    const minimum: Record<string, number> = {
      'hate-en': 380,
      'hate-emoji': 80,
      'hate-zh': 250,
      'insult-en': 70,
      'insult-zh': 70,
      'spam-en': 90,
      'spam-zh': 70,
    };
    for (const [set, least] of Object.entries(minimum)) {
      const xs = items.filter((i) => freshSetOf(i) === set);
      assert.ok(xs.length >= least, `${set}: ${xs.length} items`);
      const share = xs.filter((i) => i.label).length / xs.length;
      assert.ok(share >= 0.4 && share <= 0.6, `${set}: ${share} flagged`);
    }
  });
});
