import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinTerms, expandEntry, textCategories } from '../src/moderation/text/builtin-lexicon.js';
import { findAdvertising, findMeaningless } from '../src/moderation/text/detectors.js';
import { TermMatcher } from '../src/moderation/text/matcher.js';
import { normalizeText } from '../src/moderation/text/normalizer.js';
import { moderateTextWith } from '../src/moderation/text/text-moderator.js';

// Lists and detectors alone (no model), so that these checks hold whatever the trained weights are.
const lists = (text: string) => moderateTextWith(null, text, textCategories);
const labels = (text: string) => lists(text).details.map((d) => `${d.label}:${d.suggestion}`);

describe('built-in lists', () => {
  it('expands word forms and catches them as whole words', () => {
    assert.deepEqual(expandEntry('bitch|es|y'), ['bitch', 'bitches', 'bitchy']);
    for (const text of ['these bitches', 'stop bitching', 'what a fucker', 'shitty day', 'you faggots', 'dumb sluts']) {
      assert.deepEqual(labels(text), ['abuse:block'], text);
    }
    assert.deepEqual(labels('the hoes'), ['abuse:review']);
    // Swearing as an exclamation, aimed at no one, is not the lists' to flag (#22, fourth round: it went to review
    // before); aimed at someone it blocks.
    assert.deepEqual(labels('fucking hell'), []);
    assert.deepEqual(labels('holy shit, I passed'), []);
    assert.deepEqual(labels('this is fucking amazing'), []);
    assert.deepEqual(labels('holy shit, you are a fucking idiot'), ['abuse:block']);
    assert.deepEqual(labels('fuck you'), ['abuse:block']);
    assert.deepEqual(labels('assessment of the class'), []);
    assert.deepEqual(labels('Scunthorpe and Essex'), []);
  });

  it('has the renamed categories and an empty politics list', () => {
    assert.ok(
      textCategories.includes('ban') && textCategories.includes('meaningless') && textCategories.includes('politics'),
    );
    assert.ok(
      !(textCategories as readonly string[]).includes('contraband') &&
        !(textCategories as readonly string[]).includes('flood'),
    );
    assert.equal(builtinTerms.filter((t) => t.category === 'politics').length, 0);
    assert.equal(lists('buy cocaine cheap').label, 'ban');
  });

  it('catches Chinese insults, and not inside longer words that mean something else', () => {
    for (const text of ['你这个傻逼', '滚你妈的', '绿茶婊', '你个狗东西', '死全家'])
      assert.equal(lists(text).label, 'abuse', text);
    assert.deepEqual(labels('这次装修遇到了一个大麻烦'), []);
    assert.deepEqual(labels('早餐买了两根大麻花'), []);
    assert.deepEqual(labels('社区开展废物利用活动'), []);
    assert.deepEqual(labels('法国曾经在印度支那殖民'), []);
    assert.equal(lists('出售大麻种子').label, 'ban');
    assert.deepEqual(labels('哪里能买到大麻'), ['ban:review']);
  });

  it('reads history and news as context, not terrorism', () => {
    assert.deepEqual(labels('我们参观了南京大屠杀纪念馆'), []);
    assert.deepEqual(labels('The memorial honours the victims of the massacre'), []);
    assert.deepEqual(labels('police seized two kilos of cocaine'), []);
    assert.deepEqual(labels('they will massacre them all'), ['terrorism:block']);
    assert.deepEqual(labels('制造炸弹的方法'), ['terrorism:block']);
  });

  it('does not read links, "line" or laughter as ads or meaningless', () => {
    assert.deepEqual(labels('Read the guide at https://example.org/docs'), []);
    assert.deepEqual(labels('Please line up at the gate'), []);
    assert.deepEqual(labels('I was online all day'), []);
    assert.deepEqual(
      findAdvertising('line id: shop8888').contacts.map((f) => f.segment),
      ['line id: shop8888'],
    );
    assert.deepEqual(
      findAdvertising('wechat: seller8888 for price').contacts.map((f) => f.segment),
      ['wechat: seller8888'],
    );
    assert.deepEqual(
      findAdvertising('call 13812345678 for discounts').contacts.map((f) => f.segment),
      ['13812345678'],
    );
    for (const text of [
      '哈哈哈哈哈哈哈哈哈哈哈哈',
      'hahahahahahahahahahaha',
      'The weather is soooooooooooo nice',
      'lol lol lol lol lol lol',
      '23333333333333',
    ]) {
      assert.deepEqual(findMeaningless(text), [], text);
    }
    for (const text of [
      '!!!!!!!!!!!!!!!!!!!!!!!!!',
      'spam spam spam spam spam spam spam',
      '顶顶顶顶顶顶顶顶顶顶顶顶',
      'abababababababababababab',
    ]) {
      assert.equal(findMeaningless(text).length, 1, text);
    }
  });
});

describe('term matcher', () => {
  // The containing-word exceptions rely on it: 大麻烦 must be seen as well as the 大麻 inside it.
  it('reports every occurrence of every term, overlapping ones included', () => {
    const matcher = new TermMatcher(['sh', 'she', 'hers', '大麻', '大麻烦'].map((term) => ({ term, tag: term })));
    const text = 'she, hers: 大麻烦';
    const found = matcher.match(text, normalizeText(text)).map((m) => `${m.term}@${m.start}-${m.end}`);
    assert.deepEqual(found.sort(), ['hers@5-9', 'she@0-3', '大麻@11-13', '大麻烦@11-14']);
  });
});
