import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishInsult, zhInsult } from '../src/moderation/text/insults.js';
import { englishViolentClause, zhGrammar, zhViolentClause } from '../src/moderation/text/threat-grammar.js';

/** The canonical form semantic.ts gives the grammar: lower case, words between spaces, groups as <g>. */
const canon = (s: string) => ` ${s} `;

describe('threat grammar (English, canonical sentences)', () => {
  const threat = (s: string, people = true, group = s.includes('<g>')) => englishViolentClause(canon(s), people, group);

  it('finds the act and its patient in any shape, and whether the patient is a group', () => {
    for (const s of [
      'killing every last one of those <g> would be a favour',
      'time to start hanging <g>',
      'every <g> in this city is getting shot tonight',
      'i want all <g> dead',
      'gas them all , the <g> are ruining this country',
    ])
      assert.equal(threat(s)?.group, true, s);
    for (const s of ["i'll find you and stab you", 'someone should shoot this guy', 'you should be shot'])
      assert.equal(threat(s)?.group, false, s);
  });

  it('gives the span of the act and its patient', () => {
    const s = canon('honestly time to start hanging <g> from the lampposts');
    const hit = englishViolentClause(s, true, true)!;
    assert.equal(s.slice(hit.index, hit.end), 'hanging <g>');
  });

  it('leaves out negation, condemnation, nouns, reports, idioms, oneself and other subjects', () => {
    for (const s of [
      'no one should ever kill a person for their beliefs',
      'killing all those people was a horrific crime',
      'people who shoot their neighbours should go to jail',
      'the killing of <g>',
      'he threatened to kill her',
      'we need to kill the process',
      'this joke kills me',
      "i'll shoot him an email tomorrow",
      "don't burn her letters",
      'smoking kills you slowly',
      'you will get killed if you drive like that',
      '<g> are getting shot by police',
    ])
      assert.equal(threat(s), undefined, s);
    assert.equal(threat('time to kill them all', false, false), undefined, '"them" needs people in the text');
  });
});

describe('threat grammar (Chinese)', () => {
  const g = zhGrammar('黑人|同性恋');
  it('finds act and patient, a modal passive, 把 and norms', () => {
    for (const s of ['迟早砍死你们这帮人', '同性恋都应该被活埋', '把你全家都杀了', '黑人就应该拉出去枪毙'])
      assert.ok(zhViolentClause(s, g), s);
    assert.equal(zhViolentClause('我一定要烧死那些黑人', g)?.group, true);
    assert.equal(zhViolentClause('明天就去干掉他', g)?.group, false);
  });
  it('leaves out negation, reports and idioms', () => {
    for (const s of ['我不会杀你的', '发烧你要多喝水', '他自杀了', '今天秒杀活动', '我被宰了两百块', '扬言要杀死他'])
      assert.equal(zhViolentClause(s, g), undefined, s);
  });
});

describe('insult frames', () => {
  it('finds insults at a person with their strength, the insult words as the span', () => {
    const s = canon('@user you are such a loser');
    const hit = englishInsult(s)!;
    assert.equal(s.slice(hit.index, hit.end), 'loser');
    assert.equal(hit.strong, false);
    assert.equal(englishInsult(canon('you are a complete waste of space'))?.strong, true);
    assert.equal(englishInsult(canon('you stupid worthless idiot'))?.strong, true);
    assert.equal(englishInsult(canon('the referee is an idiot'))?.strong, false);
    assert.equal(zhInsult('你们这些人渣')?.strong, true);
    assert.equal(zhInsult('你真是个废物')?.strong, false);
  });
  it('leaves out oneself, negation, objects of making and compounds', () => {
    for (const s of [
      "i'm such an idiot",
      'you are not stupid',
      'smoking makes you stupid',
      'he is a pig farmer',
      'what a disgusting smell',
    ])
      assert.equal(englishInsult(canon(s)), undefined, s);
    for (const s of ['你不傻', '垃圾桶满了', '我当时都傻眼了', '今天猪肉涨价了'])
      assert.equal(zhInsult(s), undefined, s);
  });
});
