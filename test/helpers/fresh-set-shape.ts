import assert from 'node:assert/strict';
import type { FreshSetItem } from '../../scripts/fresh-set-eval.js';

/**
 * Shape checks shared by the fresh evaluation sets' tests (no moderator answer is checked: no floor may rest on a
 * fresh set). Each set's test adds what is its own.
 */

/** The set is deterministic: a second call gives the same items in the same order. */
export function assertReplays(make: () => FreshSetItem[], items: FreshSetItem[]): void {
  assert.deepEqual(make(), items);
}

/**
 * Unique texts, no unfilled group slot (`{G}`, or `{g}` where `slot` says so), a category exactly on the items to
 * flag and `_nh` exactly on the contrasts; `more` checks what else a set asks of each item.
 */
export function assertItemShapes(
  items: FreshSetItem[],
  slot: RegExp = /\{G\}/,
  more: (item: FreshSetItem) => void = () => {},
): void {
  const seen = new Set<string>();
  for (const i of items) {
    assert.ok(!seen.has(i.text), `duplicate: ${i.text}`);
    seen.add(i.text);
    assert.doesNotMatch(i.text, slot, i.text);
    assert.equal(i.category !== undefined, i.label, `${i.func}: ${i.text}`);
    assert.equal(i.func.endsWith('_nh'), !i.label, `${i.func}: ${i.text}`);
    more(i);
  }
}

/** Each named set holds at least its planned number of items, 40–60% of them to flag. */
export function assertPlannedSizes(
  items: FreshSetItem[],
  setOf: (item: FreshSetItem) => string,
  planned: Record<string, number>,
): void {
  for (const [set, least] of Object.entries(planned)) {
    const xs = items.filter((i) => setOf(i) === set);
    assert.ok(xs.length >= least, `${set}: ${xs.length} items`);
    const share = xs.filter((i) => i.label).length / xs.length;
    assert.ok(share >= 0.4 && share <= 0.6, `${set}: ${share} flagged`);
  }
}

/** The seeded group draw is spread: English lines of these functions open with 8 or more different words, and so
 * do the lines of `zhFunc` with 8 or more different two-character openings (a draw stuck on one group fails). */
export function assertGroupsSpread(items: FreshSetItem[], enFuncs: string[], zhFunc: string): void {
  const opening = (func: string) =>
    new Set(items.filter((i) => i.lang === 'en' && i.func === func).map((i) => i.text.split(' ')[0]));
  for (const func of enFuncs)
    assert.ok(opening(func).size >= 8, `${func}: lines open with only ${opening(func).size} different words`);
  const zhOpenings = new Set(items.filter((i) => i.func === zhFunc).map((i) => i.text.slice(0, 2)));
  assert.ok(zhOpenings.size >= 8, `${zhFunc}: ${zhOpenings.size} different openings`);
}
