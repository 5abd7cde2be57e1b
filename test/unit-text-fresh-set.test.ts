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
    // The sizes the set was planned at, per family: English, emoji, Chinese (no emoji set for insults and spam).
    const planned = { hate: [380, 80, 250], insult: [70, 0, 70], spam: [90, 0, 70] };
    for (const [family, sizes] of Object.entries(planned))
      for (const [lang, least] of ['en', 'emoji', 'zh'].map((l, k) => [l, sizes[k]!] as const)) {
        if (!least) continue;
        const set = `${family}-${lang}`;
        const xs = items.filter((i) => freshSetOf(i) === set);
        assert.ok(xs.length >= least, `${set}: ${xs.length} items`);
        const share = xs.filter((i) => i.label).length / xs.length;
        assert.ok(share >= 0.4 && share <= 0.6, `${set}: ${share} flagged`);
      }
  });
});
