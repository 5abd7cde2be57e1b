/**
 * Feature extraction for the text models: hashed word unigrams and bigrams, character n-grams inside Latin words
 * (3 to 5, with word-boundary marks, fastText style) and character 1- to 3-grams over runs of CJK characters.
 *
 * It runs on every moderated text, so it allocates nothing per text: one pass folds the text into a scratch buffer
 * of code units (case, full width, diacritics and leetspeak folded; runs of 3+ of one letter folded to one; mentions,
 * HTML entities and links dropped, a link leaving a `<url>` token), a second pass rolls FNV-style hashes over that
 * buffer and writes bucket indexes into a shared Int32Array. Training (scripts/train-text-models.ts) uses this very
 * function, so the model sees at run time exactly the features it was trained on.
 */
import { CodeUnits, foldNonAscii, leetFolds } from '../normalizer.js';

/** Number of hash buckets is 1 << bits. */
export interface FeatureResult {
  /** How many bucket indexes were written to `features`. */
  count: number;
  /** CJK characters and Latin letters seen, for the language switch. */
  cjk: number;
  latin: number;
}

const SEP = 0; // separator in the folded buffer
const URL_TOKEN = 4; // stands for a link, as a one-character word
const NUMBER_TOKEN = 5; // with the run's length: the shape of a number (a 5-digit short code, an 11-digit phone)
const CURRENCY_TOKEN = 6; // £ € ¥ $, as a one-character word

const SEED_WORD = 0x2f0b3c1d;
const SEED_BIGRAM = 0x51ed270b;
const SEED_CHAR = 0x7a3f9e21;
const SEED_CJK = 0x1b873593;

/** Per ASCII code unit: 1 letter, 2 digit, 0 other. */
const asciiClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) asciiClass[c] = 1;
  else if (c >= 48 && c <= 57) asciiClass[c] = 2;
}
const leet = new Uint16Array(128);
for (const [from, to] of Object.entries(leetFolds)) leet[from.charCodeAt(0)] = to.charCodeAt(0);

export function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

function isLetterAt(text: Uint16Array, length: number, i: number): boolean {
  if (i < 0 || i >= length) return false;
  const c = text[i]!;
  return c < 128 ? asciiClass[c] === 1 : false;
}

/** Which n-grams are extracted; stored in the model file so that training and scoring agree. */
export interface FeatureConfig {
  /** Character n-gram lengths inside Latin words (with boundary marks), from..to. */
  charMin: number;
  charMax: number;
  /** CJK character n-gram lengths, 1..cjkMax. */
  cjkMax: number;
  /** Feature values are count / sqrt(max(feature count, normFloor)): long texts are normalised, short ones not blown up. */
  normFloor: number;
  /** Emoji (astral characters) as words of their own, not separators: 🐀 and 🔪 carry meaning in emoji-based hate. */
  emoji?: boolean;
  /** Each bucket counted once per text (presence, not counts); the norm uses the number of distinct buckets. */
  binary?: boolean;
}

export const defaultFeatureConfig: FeatureConfig = { charMin: 3, charMax: 5, cjkMax: 3, normFloor: 1 };

let folded = new Uint16Array(4096);
let out = new Int32Array(16384);

/** The bucket indexes written by the last extractFeatures call (valid up to result.count). */
export function featureBuffer(): Int32Array {
  return out;
}

let emojiWords = false;

/** Folds the text into the scratch buffer; returns its length and the language counts. */
const textUnits = new CodeUnits();

function fold(input: string, counts: { cjk: number; latin: number }): number {
  const length = input.length;
  // Read from a typed array (see CodeUnits); it has zeros past the end, where the link test may look.
  const text = textUnits.load(input);
  if (folded.length < length * 3 + 4) folded = new Uint16Array(length * 3 + 4);
  folded[0] = SEP;
  let n = 1;
  let last = -1;
  let run = 0;
  let cjk = 0;
  let latin = 0;
  for (let i = 0; i < length; i++) {
    let c = text[i]!;
    // Fast paths (same results as the general ones below): lower-case letters, spaces, common CJK.
    if (c >= 97 && c <= 122) {
      if ((c === 104 || c === 119) && folded[n - 1] === SEP && isLinkAt(text, i)) {
        while (i + 1 < length && !isSpace(text[i + 1]!)) i++;
        folded[n++] = URL_TOKEN;
        folded[n++] = SEP;
        last = -1;
        continue;
      }
      latin++;
    } else if (c === 32) {
      if (folded[n - 1] !== SEP) folded[n++] = SEP;
      last = -1;
      continue;
    } else if (c >= 0x4e00 && c <= 0x9fff) {
      cjk++;
    } else if (c < 128) {
      const cls = asciiClass[c]!;
      const atWordStart = n === 0 || folded[n - 1] === SEP;
      if (cls === 0) {
        // Mentions (@name) go entirely; "@ss" style leet is left to the lexicon.
        if (c === 64 && atWordStart && i + 1 < length && asciiClass[text[i + 1]!] !== 0) {
          i++;
          while (i + 1 < length && (text[i + 1]! < 128 ? asciiClass[text[i + 1]!] !== 0 || text[i + 1]! === 95 : false))
            i++;
          continue;
        }
        // HTML entities (&amp; &#128514;) go.
        if (c === 38) {
          let j = i + 1;
          if (j < length && text[j]! === 35) j++;
          const from = j;
          while (j < length && j - from < 8 && text[j]! < 128 && asciiClass[text[j]!] !== 0) j++;
          if (j > from && j < length && text[j]! === 59) {
            i = j;
            if (n > 0 && folded[n - 1] !== SEP) folded[n++] = SEP;
            last = -1;
            continue;
          }
        }
        // Apostrophes inside a word join it ("don't" -> "dont").
        if (c === 39 && isLetterAt(text, length, i - 1) && isLetterAt(text, length, i + 1)) continue;
        const l = leet[c]!;
        if (l !== 0 && c !== 64 && isLetterAt(text, length, i - 1) && isLetterAt(text, length, i + 1)) {
          c = l;
        } else if (c === 36) {
          n = currency(n);
          last = -1;
          continue;
        } else {
          if (n > 0 && folded[n - 1] !== SEP) folded[n++] = SEP;
          last = -1;
          continue;
        }
      } else if (cls === 1) {
        if (c <= 90) c += 32;
        // Links: http(s)://... or www.... become one <url> token.
        if (atWordStart && (c === 104 || c === 119) && isLinkAt(text, i)) {
          while (i + 1 < length && !isSpace(text[i + 1]!)) i++;
          folded[n++] = URL_TOKEN;
          folded[n++] = SEP;
          last = -1;
          continue;
        }
        latin++;
      } else {
        // A digit between two letters is a letter ("sh1t"); elsewhere a digit ("150p", "2day", "covid19").
        const l = leet[c]!;
        if (l !== 0 && isLetterAt(text, length, i - 1) && isLetterAt(text, length, i + 1)) {
          c = l;
          latin++;
        }
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // Emoji and other astral characters: separators, or (emoji on) each a word of its own; skin tones go.
      if (n > 0 && folded[n - 1] !== SEP) folded[n++] = SEP;
      last = -1;
      if (emojiWords && c <= 0xdbff && i + 1 < length) {
        const low = text[i + 1]!;
        i++;
        if (c === 0xd83c && low >= 0xdffb && low <= 0xdfff) continue;
        folded[n++] = c;
        folded[n++] = low;
        folded[n++] = SEP;
      }
      continue;
    } else {
      if (c === 0x2019 && isLetterAt(text, length, i - 1) && isLetterAt(text, length, i + 1)) continue;
      if (c === 0xa3 || c === 0x20ac || c === 0xa5 || c === 0xffe5) {
        n = currency(n);
        last = -1;
        continue;
      }
      const f = foldNonAscii(c);
      if (f < 0) {
        if (n > 0 && folded[n - 1] !== SEP) folded[n++] = SEP;
        last = -1;
        continue;
      }
      c = f;
      if (c < 128) {
        if (asciiClass[c] === 0) {
          if (n > 0 && folded[n - 1] !== SEP) folded[n++] = SEP;
          last = -1;
          continue;
        }
        if (c <= 90 && c >= 65) c += 32;
        if (asciiClass[c] === 1) latin++;
      } else if (isCjk(c)) {
        cjk++;
      } else {
        latin++;
      }
    }
    // Runs of three or more of one character fold to one ("sooooo" -> "so", "fuuuck" -> "fuck").
    if (c === last && (c < 48 || c > 57)) {
      run++;
      if (run >= 2) {
        if (run === 2) n--;
        continue;
      }
    } else {
      run = 0;
      last = c;
    }
    folded[n++] = c;
  }
  if (folded[n - 1] !== SEP) folded[n++] = SEP;
  counts.cjk = cjk;
  counts.latin = latin;
  return n;
}

/** Writes a currency token as its own word; returns the new length. */
function currency(n: number): number {
  if (n > 0 && folded[n - 1] !== SEP) folded[n++] = SEP;
  folded[n++] = CURRENCY_TOKEN;
  folded[n++] = SEP;
  return n;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0x3000;
}

function isLinkAt(text: Uint16Array, i: number): boolean {
  const c = text[i]! | 32;
  if (c === 104) {
    // http:// or https://
    if ((text[i + 1]! | 32) !== 116 || (text[i + 2]! | 32) !== 116 || (text[i + 3]! | 32) !== 112) return false;
    let j = i + 4;
    if ((text[j]! | 32) === 115) j++;
    return text[j]! === 58 && text[j + 1]! === 47 && text[j + 2]! === 47;
  }
  return (text[i + 1]! | 32) === 119 && (text[i + 2]! | 32) === 119 && text[i + 3]! === 46;
}

const counts = { cjk: 0, latin: 0 };

/** Sums of the two heads' weights over the features of the last scoreFeatures call. */
export const headSums = new Float64Array(2);

/**
 * Writes the bucket index (0 .. 2^bits - 1) of every feature of `text` into featureBuffer(); duplicates are kept
 * (term counts). Deterministic: a pure function of the text, `bits` and `config`.
 */
export function extractFeatures(
  text: string,
  bits: number,
  config: FeatureConfig = defaultFeatureConfig,
): FeatureResult {
  return run(text, bits, config, null);
}

/**
 * The same features, summed straight into `headSums` from an interleaved two-head weight table (weights[2b], [2b+1])
 * instead of being written out: what scoring uses.
 */
export function scoreFeatures(text: string, bits: number, config: FeatureConfig, weights: Int16Array): FeatureResult {
  return run(text, bits, config, weights);
}

let seenBits = new Int32Array(0);

const GOLDEN = 0x9e3779b1;
const FNV = 16777619;

function run(text: string, bits: number, config: FeatureConfig, weights: Int16Array | null): FeatureResult {
  emojiWords = config.emoji === true;
  const n = fold(text, counts);
  // Binary features: each bucket once per text, so that a text repeated ten times reads as the text once.
  let seen: Int32Array | null = null;
  if (config.binary) {
    // One bit per bucket (32 KB for 18 bits), cleared for each text: a byte per bucket with a stamp, cleared every
    // 255 texts, took 256 KB of the cache that the weight look-ups need.
    const words = Math.ceil((1 << bits) / 32);
    if (seenBits.length !== words) seenBits = new Int32Array(words);
    else seenBits.fill(0);
    seen = seenBits;
  }
  // Bucket = the top `bits` bits of (hash * golden ratio): one multiply, and every input bit reaches the top.
  const shift = 32 - bits;
  const { charMin, charMax, cjkMax } = config;
  if (!weights && out.length < n * 6 + 16) out = new Int32Array(n * 6 + 16);
  const buf = folded;
  let k = 0;
  let s0 = 0;
  let s1 = 0;
  // 1 for a bucket not yet counted in this text (always, without the binary option), else 0: counted as a factor,
  // not tested by a branch, for a quarter of a text's features repeat and the processor could not guess which.
  let fresh = 1;
  let prevWord = 0;
  let i = 1; // folded[0] is a separator, and so is folded[n]
  while (i < n) {
    let c = buf[i]!;
    if (c === SEP) {
      i++;
      continue;
    }
    if (c >= 0x3400 && isCjk(c)) {
      // A run of CJK characters: 1- to cjkMax-grams.
      const start = i;
      while (i < n && isCjk(buf[i]!)) i++;
      for (let s = start; s < i; s++) {
        let h = SEED_CJK;
        const end = s + cjkMax < i ? s + cjkMax : i;
        for (let e = s; e < end; e++) {
          h = Math.imul(h ^ buf[e]!, FNV);
          const b = Math.imul(h, GOLDEN) >>> shift;
          fresh = seen === null ? 1 : ((seen[b >>> 5]! >>> (b & 31)) & 1) ^ 1;
          if (seen !== null) seen[b >>> 5]! |= 1 << (b & 31);
          if (weights) {
            s0 += weights[b << 1]! * fresh;
            s1 += weights[(b << 1) + 1]! * fresh;
          } else out[k] = b;
          k += fresh;
        }
      }
      prevWord = 0;
      continue;
    }
    // A Latin (or other alphabet) word: up to the next separator or CJK character.
    const start = i;
    let allDigits = true;
    let wordHash = SEED_WORD;
    while (i < n) {
      c = buf[i]!;
      if (c === SEP || (c >= 0x3400 && isCjk(c))) break;
      if (c < 48 || c > 57) allDigits = false;
      wordHash = Math.imul(wordHash ^ c, FNV);
      i++;
    }
    let b = Math.imul(wordHash, GOLDEN) >>> shift;
    fresh = seen === null ? 1 : ((seen[b >>> 5]! >>> (b & 31)) & 1) ^ 1;
    if (seen !== null) seen[b >>> 5]! |= 1 << (b & 31);
    if (weights) {
      s0 += weights[b << 1]! * fresh;
      s1 += weights[(b << 1) + 1]! * fresh;
    } else out[k] = b;
    k += fresh;
    if (allDigits) {
      // The number itself (above) and its shape; bigrams see the shape ("call <11 digits>").
      wordHash = Math.imul(SEED_WORD ^ (NUMBER_TOKEN + Math.min(i - start, 12) * 16), FNV);
      b = Math.imul(wordHash, GOLDEN) >>> shift;
      fresh = seen === null ? 1 : ((seen[b >>> 5]! >>> (b & 31)) & 1) ^ 1;
      if (seen !== null) seen[b >>> 5]! |= 1 << (b & 31);
      if (weights) {
        s0 += weights[b << 1]! * fresh;
        s1 += weights[(b << 1) + 1]! * fresh;
      } else out[k] = b;
      k += fresh;
    }
    if (prevWord !== 0) {
      b = Math.imul(Math.imul(prevWord ^ SEED_BIGRAM, 0x85ebca6b) ^ wordHash, GOLDEN) >>> shift;
      fresh = seen === null ? 1 : ((seen[b >>> 5]! >>> (b & 31)) & 1) ^ 1;
      if (seen !== null) seen[b >>> 5]! |= 1 << (b & 31);
      if (weights) {
        s0 += weights[b << 1]! * fresh;
        s1 += weights[(b << 1) + 1]! * fresh;
      } else out[k] = b;
      k += fresh;
    }
    prevWord = wordHash;
    if (allDigits || (i - start === 1 && buf[start]! < 8)) continue;
    // Character n-grams (charMin..charMax) of the word with the characters on either side (a separator, or a CJK
    // character) as its boundary marks: " ass" and "ass " differ, as "<ass" and "ass>" would.
    const last = i; // the boundary after the word
    for (let s = start - 1; s <= last + 1 - charMin; s++) {
      let h = SEED_CHAR;
      const end = s + charMax - 1 < last ? s + charMax - 1 : last;
      for (let e = s; e <= end; e++) {
        h = Math.imul(h ^ buf[e]!, FNV);
        if (e - s + 1 >= charMin) {
          b = Math.imul(h, GOLDEN) >>> shift;
          fresh = seen === null ? 1 : ((seen[b >>> 5]! >>> (b & 31)) & 1) ^ 1;
          if (seen !== null) seen[b >>> 5]! |= 1 << (b & 31);
          if (weights) {
            s0 += weights[b << 1]! * fresh;
            s1 += weights[(b << 1) + 1]! * fresh;
          } else out[k] = b;
          k += fresh;
        }
      }
    }
  }
  headSums[0] = s0;
  headSums[1] = s1;
  return { count: k, cjk: counts.cjk, latin: counts.latin };
}
