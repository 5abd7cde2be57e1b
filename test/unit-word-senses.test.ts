import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ordinarySense } from '../src/moderation/text/word-senses.js';

/** The sense of the first occurrence of `word` in `text`. */
const sense = (text: string, word: string) => {
  const start = text.toLowerCase().indexOf(word);
  assert.ok(start >= 0, `${word} not in ${text}`);
  return ordinarySense(text, start, start + word.length);
};

describe('slur homonyms and reclaimed use (word-senses.ts)', () => {
  it('reads the ordinary sense from the words around the hit', () => {
    assert.equal(sense('Stack the faggots of wood by the hearth.', 'faggots'), true);
    assert.equal(sense('The bitch whelped a litter of nine.', 'bitch'), true);
    assert.equal(sense('Check the tranny fluid before the trip.', 'tranny'), true);
    assert.equal(sense('The floor was spick and span.', 'spick'), true);
    assert.equal(sense('The sea broke through the dyke last winter.', 'dyke'), true);
    assert.equal(sense('As a queer kid in a small town, books saved me.', 'queer'), true);
  });

  it('keeps the slur where nothing selects another sense, or the context is in another sentence', () => {
    assert.equal(sense('Shut up, faggot.', 'faggot'), false);
    assert.equal(sense('You stupid bitch.', 'bitch'), false);
    assert.equal(sense('Get that dyke out of here.', 'dyke'), false);
    assert.equal(sense('We cut wood all day. Then some faggot started yelling.', 'faggot'), false);
    assert.equal(sense('Look at that queer over there.', 'queer'), false);
    assert.equal(sense('Nobody trusts a kike.', 'kike'), false);
  });
});
