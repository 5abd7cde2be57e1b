import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fresh4Items, fresh4SetOf } from '../scripts/text-functional-fresh4.js';
import { assertGroupsSpread, assertItemShapes, assertPlannedSizes, assertReplays } from './helpers/fresh-set-shape.js';

// The fourth fresh evaluation set's shape only (docs/text-fresh4-eval.md): no moderator answer is checked here, so
// that no floor ever rests on it.
describe('fourth fresh text evaluation set', () => {
  const items = fresh4Items();

  it('replays the same items in the same order', () => {
    assertReplays(fresh4Items, items);
  });

  it('has unique texts, no unfilled slot, and a category exactly on the items to flag', () => {
    // Slots of this set: {G} (group), {g} and {ag} (one person, with its article), {E} (a group written as emoji).
    assertItemShapes(items, /\{(G|g|ag|E)\}/, (i) => {
      assert.equal(i.family, 'hate', i.text);
      if (i.label) assert.ok(i.category === 'abuse' || i.category === 'terrorism', `${i.category}: ${i.text}`);
      if (i.lang === 'zh') assert.match(i.text, /\p{Script=Han}/u, i.text);
      if (i.lang === 'emoji') assert.match(i.text, /\p{Extended_Pictographic}/u, i.text);
    });
  });

  it('gives threats against a group `terrorism` and derogation `abuse`', () => {
    for (const i of items.filter((x) => x.label && x.func.includes('threat')))
      assert.equal(i.category, 'terrorism', i.text);
    for (const i of items.filter((x) => /derog|dehumanise|slur$/.test(x.func)))
      assert.equal(i.category, 'abuse', i.text);
  });

  it('holds each set at its planned size, labels roughly half and half, hateful a little over half in all', () => {
    // Planned least sizes per set (written at 421 / 100 / 378).
    const planned: Record<string, number> = { 'hate-en': 420, 'hate-emoji': 100, 'hate-zh': 370 };
    assert.deepEqual(new Set(items.map(fresh4SetOf)), new Set(Object.keys(planned)));
    assertPlannedSizes(items, (i) => fresh4SetOf(i as Parameters<typeof fresh4SetOf>[0]), planned);
    const share = items.filter((i) => i.label).length / items.length;
    assert.ok(share >= 0.55 && share <= 0.6, `${share} hateful overall`);
  });

  it('covers every planned function, hateful and contrast', () => {
    const funcs = new Set(items.map((i) => `${i.lang}:${i.func}`));
    for (const f of [
      'en:derog_emotion',
      'en:derog_attribute',
      'en:derog_dehumanise',
      'en:derog_implicit',
      'en:threat_direct',
      'en:threat_normative',
      'en:threat_conditional',
      'en:threat_call',
      'en:slur',
      'en:profanity_hate',
      'en:pronoun_clause',
      'en:pronoun_sentence',
      'en:negated_positive',
      'en:question',
      'en:opinion',
      'en:spell_char_swap',
      'en:spell_char_delete',
      'en:spell_missing_space',
      'en:spell_added_space',
      'en:spell_leet',
      'en:negated_hate_nh',
      'en:identity_neutral_nh',
      'en:identity_positive_nh',
      'en:counter_quote_nh',
      'en:counter_ref_nh',
      'en:object_abuse_nh',
      'en:nonprotected_nh',
      'en:individual_nh',
      'en:slur_homonym_nh',
      'en:slur_reclaimed_nh',
      'en:profanity_nh',
      'en:news_violence_nh',
      'en:history_nh',
      'emoji:emoji_threat',
      'emoji:emoji_dehumanise',
      'emoji:emoji_identity_swap',
      'emoji:emoji_counter_nh',
      'emoji:emoji_object_nh',
      'emoji:emoji_homonym_nh',
      'zh:zh_threat_call',
      'zh:zh_dehumanise',
      'zh:zh_pinyin',
      'zh:zh_initials',
      'zh:zh_homophone',
      'zh:zh_split_chars',
      'zh:zh_symbols',
      'zh:zh_regional',
      'zh:zh_counter_quote_nh',
      'zh:zh_reclaimed_nh',
      'zh:zh_variant_neutral_nh',
    ])
      assert.ok(funcs.has(f), `missing ${f}`);
  });

  it('spreads the drawn groups over a function (a draw stuck on one group would fail this)', () => {
    assertGroupsSpread(items, ['derog_dehumanise', 'derog_attribute', 'threat_normative'], 'zh_dehumanise');
  });
});
