import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fresh3Items, fresh3SetOf } from '../scripts/text-functional-fresh3.js';
import { assertGroupsSpread, assertItemShapes, assertPlannedSizes, assertReplays } from './helpers/fresh-set-shape.js';

// The third fresh evaluation set's shape only (docs/text-fresh3-eval.md): no moderator answer is checked here, so
// that no floor ever rests on it.
describe('third fresh text evaluation set', () => {
  const items = fresh3Items();

  it('replays the same items in the same order', () => {
    assertReplays(fresh3Items, items);
  });

  it('has unique texts, no unfilled group slot, and a category exactly on the items to flag', () => {
    assertItemShapes(items, /\{G\}/, (i) => {
      assert.equal(i.family, 'hate', i.text);
      if (i.label) assert.ok(i.category === 'abuse' || i.category === 'terrorism', `${i.category}: ${i.text}`);
      if (i.lang === 'zh') assert.match(i.text, /\p{Script=Han}/u, i.text);
      if (i.lang === 'emoji') assert.match(i.text, /\p{Extended_Pictographic}/u, i.text);
    });
  });

  it('holds each set at its planned size, labels roughly half and half', () => {
    // Planned least sizes per set (written at 416 / 100 / 336).
    const planned: Record<string, number> = { 'hate-en': 400, 'hate-emoji': 100, 'hate-zh': 330 };
    assert.deepEqual(new Set(items.map(fresh3SetOf)), new Set(Object.keys(planned)));
    assertPlannedSizes(items, (i) => fresh3SetOf(i as Parameters<typeof fresh3SetOf>[0]), planned);
  });

  it('covers every planned function, hateful and contrast', () => {
    const funcs = new Set(items.map((i) => `${i.lang}:${i.func}`));
    for (const f of [
      'en:threat_direct',
      'en:threat_conditional',
      'en:threat_call',
      'en:threat_normative',
      'en:derog_dehumanise',
      'en:derog_implicit',
      'en:i_hate_group',
      'en:negated_positive',
      'en:slur_variant',
      'en:negated_hate_nh',
      'en:counter_quote_nh',
      'en:counter_ref_nh',
      'en:profanity_nh',
      'en:object_abuse_nh',
      'en:nonprotected_nh',
      'en:history_news_nh',
      'zh:zh_pinyin_homophone',
      'zh:zh_split_chars',
      'zh:zh_regional',
      'zh:zh_gender',
      'zh:zh_counter_quote_nh',
      'emoji:emoji_threat',
      'emoji:emoji_counter_nh',
    ])
      assert.ok(funcs.has(f), `missing ${f}`);
  });

  it('spreads the drawn groups over a function (a draw stuck on one group would fail this)', () => {
    assertGroupsSpread(items, ['derog_dehumanise', 'derog_attribute', 'threat_normative'], 'zh_dehumanise');
  });
});
