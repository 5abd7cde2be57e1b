import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshItems, freshSetOf } from '../scripts/text-functional-fresh.js';
import { assertItemShapes, assertPlannedSizes, assertReplays } from './helpers/fresh-set-shape.js';

// The fresh evaluation set's shape only (docs/text-fresh-eval.md): no moderator answer is checked here, so that no
// floor ever rests on it.
describe('fresh text evaluation set', () => {
  const items = freshItems();

  it('replays the same items in the same order', () => {
    assertReplays(freshItems, items);
  });

  it('has unique texts, no unfilled template slot, and a category on every item that should be flagged', () => {
    assertItemShapes(items, /\{[Gg]\}/);
  });

  it('holds each family at its planned size, labels roughly half and half', () => {
    // The sizes the set was planned at, per family: English, emoji, Chinese (no emoji set for insults and spam).
    const planned = { hate: [380, 80, 250], insult: [70, 0, 70], spam: [90, 0, 70] };
    const bySet: Record<string, number> = {};
    for (const [family, sizes] of Object.entries(planned))
      ['en', 'emoji', 'zh'].forEach((lang, k) => {
        if (sizes[k]) bySet[`${family}-${lang}`] = sizes[k];
      });
    assertPlannedSizes(items, (i) => freshSetOf(i as Parameters<typeof freshSetOf>[0]), bySet);
  });
});
