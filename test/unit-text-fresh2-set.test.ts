import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fresh2Items, fresh2SetOf } from '../scripts/text-functional-fresh2.js';

// The second fresh evaluation set's shape only (docs/text-fresh2-eval.md): no moderator answer is checked here, so
// that no floor ever rests on it.
describe('second fresh text evaluation set', () => {
  const items = fresh2Items();

  it('replays the same items in the same order', () => {
    assert.deepEqual(fresh2Items(), items);
  });

  it('has unique texts, no unfilled group slot, and a category exactly on the items to flag', () => {
    const seen = new Set<string>();
    for (const i of items) {
      assert.ok(!seen.has(i.text), `duplicate: ${i.text}`);
      seen.add(i.text);
      assert.doesNotMatch(i.text, /\{G\}/, i.text);
      assert.equal(i.category !== undefined, i.label, `${i.func}: ${i.text}`);
      assert.equal(i.func.endsWith('_nh'), !i.label, `${i.func}: ${i.text}`);
      if (i.family === 'spam' && i.label) assert.equal(i.category, 'ad', i.text);
      if (i.family !== 'spam' && i.label) assert.notEqual(i.category, 'ad', i.text);
    }
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
    for (const [set, least] of Object.entries(planned)) {
      const xs = items.filter((i) => fresh2SetOf(i) === set);
      assert.ok(xs.length >= least, `${set}: ${xs.length} items`);
      const share = xs.filter((i) => i.label).length / xs.length;
      assert.ok(share >= 0.4 && share <= 0.6, `${set}: ${share} flagged`);
    }
  });

  it('spreads the drawn groups over a function (a draw stuck on one group would fail this)', () => {
    const opening = (func: string) =>
      new Set(items.filter((i) => i.lang === 'en' && i.func === func).map((i) => i.text.split(' ')[0]));
    for (const func of ['derog_dehumanise', 'derog_attribute', 'threat_normative'])
      assert.ok(opening(func).size >= 8, `${func}: lines open with only ${opening(func).size} different words`);
    const zhOpenings = new Set(items.filter((i) => i.func === 'zh_dehumanise').map((i) => i.text.slice(0, 2)));
    assert.ok(zhOpenings.size >= 8, `zh_dehumanise: ${zhOpenings.size} different openings`);
  });
});
