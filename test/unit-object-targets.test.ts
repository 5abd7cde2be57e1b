import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aimedAtThings, isThingWord } from '../src/moderation/text/object-targets.js';

describe('negative words aimed at things (object-targets.ts)', () => {
  it('reads a thing or a pest, with no person named or addressed, as the target', () => {
    for (const text of [
      'I hate this stupid printer.',
      'Rats are filthy animals.',
      'The traffic this morning was a nightmare.',
      '我讨厌下雨天。',
      '这破手机真是垃圾。',
    ])
      assert.equal(aimedAtThings(text), true, text);
  });

  it('does not when a person is there too, or nothing is a thing', () => {
    for (const text of [
      'You are as useless as this printer.',
      'My boss is a rat.',
      'These people are filthy animals.',
      'Some idiot broke the printer.',
      '你这个破手机一样的废物。',
      '他就是个垃圾。',
      'what a disgusting thing to say',
    ])
      assert.equal(aimedAtThings(text), false, text);
  });

  it('knows single words', () => {
    assert.equal(isThingWord('Printer'), true);
    assert.equal(isThingWord('traffic'), true);
    assert.equal(isThingWord('bitch'), false);
    assert.equal(isThingWord('shit'), false);
  });
});
