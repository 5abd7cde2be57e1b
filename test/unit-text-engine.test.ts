import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Automaton } from '../src/moderation/text/automaton.js';
import {
  defaultFeatureConfig,
  extractFeatures,
  featureBuffer,
  headSums,
  scoreFeatures,
} from '../src/moderation/text/model/features.js';
import { CodeUnits, foldNonAscii, normalizeText } from '../src/moderation/text/normalizer.js';

// The text engine's inner parts against plain references: the code-unit copy, the normaliser's CJK shortcut, the
// term automaton (both table widths, and a search from inside a callback) and the model features' once-per-text rule.

/** A small deterministic generator, so that a failure replays. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomWord(next: () => number, alphabet: string, min: number, max: number): string {
  const length = min + Math.floor(next() * (max - min + 1));
  let w = '';
  for (let i = 0; i < length; i++) w += alphabet[Math.floor(next() * alphabet.length)];
  return w;
}

/** Code units one by one (a string's iterator would go by code points). */
function codesOf(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

/** Every occurrence of every pattern, by brute force: "pattern:start:end", sorted. */
function naiveHits(patterns: string[], text: string): string[] {
  const hits: string[] = [];
  patterns.forEach((p, k) => {
    for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) hits.push(`${k}:${i}:${i + p.length}`);
  });
  return hits.sort();
}

function automatonHits(automaton: Automaton, text: string): string[] {
  const hits: string[] = [];
  const codes = codesOf(text);
  automaton.search(codes, codes.length, (p, start, end) => hits.push(`${p}:${start}:${end}`));
  return hits.sort();
}

describe('CodeUnits', () => {
  it('copies every code unit as it is, lone surrogates included, with zeros after the text', () => {
    const units = new CodeUnits();
    const text = 'a\ud800b\udc00é😀中\u0000';
    const view = units.load(text);
    assert.deepEqual([...view.subarray(0, text.length)], [...codesOf(text)]);
    assert.deepEqual([...view.subarray(text.length, text.length + CodeUnits.padding)], new Array(8).fill(0));
  });

  it("grows for a long text, and pads a shorter text that follows with zeros, not the longer text's units", () => {
    const units = new CodeUnits();
    const long = 'x'.repeat(10_000) + '中';
    assert.equal(units.load(long)[10_000], '中'.charCodeAt(0));
    const short = 'hello';
    const view = units.load(short);
    assert.equal(String.fromCharCode(...view.subarray(0, 5)), 'hello');
    assert.deepEqual([...view.subarray(5, 5 + CodeUnits.padding)], new Array(8).fill(0));
  });
});

describe('normaliser', () => {
  it('folds every common CJK ideograph to itself, as its fold table says (the shortcut skips the table)', () => {
    for (let c = 0x4e00; c <= 0x9fff; c++) assert.equal(foldNonAscii(c), c, `U+${c.toString(16)}`);
  });

  it('gives the same result with and without the reused buffers, and its string is its code units', () => {
    const texts = ['F.u.c.k 你 好！Ｆｕｃｋ', 'h3ll0 wörld 2024 $5 sh!t', 'a😀b\ud800', ''];
    for (const text of texts) {
      const own = normalizeText(text);
      const ownCopy = { text: own.text, codes: [...own.codes], origin: [...own.origin], altered: [...own.altered] };
      const reused = normalizeText(text, true);
      assert.deepEqual(
        { text: reused.text, codes: [...reused.codes], origin: [...reused.origin], altered: [...reused.altered] },
        ownCopy,
      );
      assert.equal(own.text, String.fromCharCode(...own.codes));
    }
    assert.equal(normalizeText('Ｆ.Ｕ.Ｃ.Ｋ 你好').text, 'fuck你好');
  });
});

describe('term automaton', () => {
  it('finds what a brute-force search finds (16-bit transition table)', () => {
    const next = generator(7);
    const alphabet = 'abcde中文字';
    const patterns = [...new Set(Array.from({ length: 300 }, () => randomWord(next, alphabet, 1, 6)))];
    const automaton = new Automaton(patterns);
    for (let round = 0; round < 50; round++) {
      const text = randomWord(next, alphabet + 'xyz ', 0, 300);
      assert.deepEqual(automatonHits(automaton, text), naiveHits(patterns, text));
    }
  });

  it('finds what a brute-force search finds with more than 65,536 states (32-bit transition table)', () => {
    const next = generator(11);
    const alphabet = 'abcdefghij';
    const patterns = [...new Set(Array.from({ length: 3000 }, () => randomWord(next, alphabet, 28, 30)))];
    const automaton = new Automaton(patterns);
    // Texts made of pieces of the patterns, so that deep states (numbered past 65,535) are reached and matched.
    for (let round = 0; round < 40; round++) {
      let text = '';
      while (text.length < 400) {
        const p = patterns[Math.floor(next() * patterns.length)]!;
        text += next() < 0.5 ? p : p.slice(0, Math.floor(next() * p.length)) + randomWord(next, alphabet, 0, 3);
      }
      const hits = naiveHits(patterns, text);
      assert.ok(hits.length > 0);
      assert.deepEqual(automatonHits(automaton, text), hits);
    }
  });

  it('lets a callback search again without spoiling the hits still to come', () => {
    const patterns = ['ab', 'bc', 'abc', 'c'];
    const automaton = new Automaton(patterns);
    const outer = 'xabcabcx';
    const inner = 'bcbc';
    const seen: string[] = [];
    let nested: string[] = [];
    const codes = codesOf(outer);
    automaton.search(codes, codes.length, (p, start, end) => {
      seen.push(`${p}:${start}:${end}`);
      nested = automatonHits(automaton, inner);
    });
    assert.deepEqual(seen.sort(), naiveHits(patterns, outer));
    assert.deepEqual(nested, naiveHits(patterns, inner));
  });
});

describe('model features', () => {
  const config = { charMin: 3, charMax: 4, cjkMax: 2, normFloor: 60, emoji: true, binary: true };
  const bits = 18;
  const texts = [
    'The the THE the: you are a stupid stupid idiot, call 13800138000 now www.example.com 😀😀',
    '你们这些人真是垃圾垃圾垃圾，关注我的频道。你们这些人真是垃圾',
    'short',
    'x'.repeat(3000) + ' hello hello world',
    'again the the',
  ];

  it('counts each bucket once per text (binary), in order of first appearance, text after text', () => {
    let repeated = 0;
    for (const text of texts) {
      const all = extractFeatures(text, bits, { ...config, binary: false });
      const distinct = [...new Set(featureBuffer().subarray(0, all.count))];
      const once = extractFeatures(text, bits, config);
      assert.deepEqual([...featureBuffer().subarray(0, once.count)], distinct, text.slice(0, 40));
      repeated += all.count - distinct.length;
    }
    assert.ok(repeated > 0, 'the texts repeat features');
  });

  it('sums the weights of the distinct buckets when scoring', () => {
    const next = generator(5);
    const weights = Int16Array.from({ length: 2 << bits }, () => Math.floor(next() * 2001) - 1000);
    for (const text of texts) {
      const once = extractFeatures(text, bits, config);
      const buckets = [...featureBuffer().subarray(0, once.count)];
      const scored = scoreFeatures(text, bits, config, weights);
      assert.equal(scored.count, once.count);
      assert.equal(
        headSums[0],
        buckets.reduce((s, b) => s + weights[b * 2]!, 0),
      );
      assert.equal(
        headSums[1],
        buckets.reduce((s, b) => s + weights[b * 2 + 1]!, 0),
      );
    }
  });

  it('still counts duplicates without the binary option', () => {
    const text = 'spam spam spam spam';
    const { count } = extractFeatures(text, bits, defaultFeatureConfig);
    const buckets = [...featureBuffer().subarray(0, count)];
    assert.ok(new Set(buckets).size < buckets.length);
  });
});
