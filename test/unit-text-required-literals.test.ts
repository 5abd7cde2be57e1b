import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiteralGate, requiredLiterals } from '../src/moderation/text/required-literals.js';

/** The clauses as sorted lists, for comparing without caring about order. */
const sorted = (clauses: string[][]) => clauses.map((c) => [...c].sort()).sort();

describe('required literals of a pattern', () => {
  it('joins adjacent characters, keeps what every alternative needs, drops what may be absent', () => {
    assert.deepEqual(sorted(requiredLiterals(/\bput a bullet (?:in|into) <g>/)), [[' <g>'], ['put a bullet ']]);
    // Each alternative gives its best clause (the fewest literals); they make one clause together.
    assert.deepEqual(sorted(requiredLiterals(/\b(?:kill|murder) (?:all )?<g>|(?:they|<g>) must die/)), [
      [' must die', '<g>'],
    ]);
    // Optional parts, classes, \w and negative lookarounds require nothing.
    assert.deepEqual(requiredLiterals(/(?:foo)?[a-z]+\w*(?!bar)/), []);
    // A positive lookahead's text is in the sentence too.
    assert.deepEqual(sorted(requiredLiterals(/^(?=[^.]*<g>)[^.]*?\bgun\b/)), [['<g>'], ['gun']]);
    // A zero-width assertion between characters keeps them one literal.
    assert.deepEqual(requiredLiterals(/wall(?! street)s? down/), [['wall'], [' down']]);
    // A repeated character is no longer next to what follows ("byee now"): "bye now" is not required.
    assert.deepEqual(sorted(requiredLiterals(/goodbye+ now/)), [[' now'], ['goodby']]);
  });

  it('gives nothing it cannot vouch for: short literals, case folding, back-references', () => {
    assert.deepEqual(requiredLiterals(/(?:a|b) c/), []);
    assert.deepEqual(requiredLiterals(/(?:is|are) dead/), [[' dead']]);
    assert.deepEqual(requiredLiterals(/kill them/i), []);
    assert.deepEqual(requiredLiterals(/(kill) \1/), []);
  });

  it('never rules out a sentence the pattern matches', () => {
    const patterns = [
      /\b(?:i|we)(?: \w+){0,2} (?:will|gonna) (?:\w+ ){0,3}(?:kill|shoot|<kill>) (?:\w+ ){0,4}<g>(?! (?:food|music)\b)/,
      /(?<!\bnot )(?:(?:all|the) )*<g> (?:\w+ ){0,2}(?:should|must) (?:be (?:killed|shot)|die)(?![a-z])/,
      /\b(?:if|when)\b[^.]{0,80}?<g>[^.]{0,60}? (?:they|them all)(?: all)? (?:hang|die)(?![a-z])/,
      /<g>(?: \w+){0,4} (?:is|are) (?:the )?(?:first|next)? ?(?:up )?against the wall\b|\btime for (?:a )?second holocaust\b/,
    ];
    const sentences = [
      ' i will kill all the <g> ',
      ' we gonna go and shoot those <g> food ',
      ' all the <g> should be killed ',
      ' not all <g> must die ',
      ' if more <g> come here they all hang ',
      ' <g> are first up against the wall ',
      ' time for a second holocaust ',
      ' the bomb was a hit , i will kill it on stage ',
      ' shoot a few photos by the lake ',
    ];
    const gate = new LiteralGate(patterns);
    let matched = 0;
    for (const s of sentences) {
      gate.load(s);
      patterns.forEach((re, p) => {
        if (re.test(s)) {
          matched++;
          assert.ok(gate.mayMatch(p), `${re.source} matches "${s}" but was ruled out`);
        }
      });
    }
    assert.ok(matched >= 6);
    // And it does rule out sentences that lack a needed word.
    gate.load(' shoot a few photos by the lake ');
    assert.equal(
      patterns.filter((_, p) => gate.mayMatch(p)).length,
      0,
      'no pattern can match a sentence without <g> or "holocaust"',
    );
  });
});
