/**
 * Text normalisation for matching. Produces a compact string in which case, full-width forms, diacritics,
 * leetspeak digits and inserted separators no longer hide a word, with a map from every normalised character back
 * to its position in the original text (so matches report real positions).
 *
 * This runs on every moderated text and was most of the matcher's cost, so it works on UTF-16 code units with
 * lookup tables: one for ASCII, and one for the rest of the Basic Multilingual Plane filled in lazily as characters
 * are first seen (what NFKD folding and the Unicode separator test say about a character never changes).
 */
export interface NormalizedText {
  /** The normalised text as a string (made on first read: the term search reads `codes`). */
  readonly text: string;
  /** The normalised text's UTF-16 code units. */
  codes: Uint16Array;
  /** Original UTF-16 index of each normalised code unit. */
  origin: Int32Array;
  /** 1 where the character was changed (case aside) to get here: leet, width or diacritic folding. */
  altered: Uint8Array;
}

const SEPARATOR = -1;
const UNKNOWN = -2;

/**
 * Leetspeak: the character a digit or symbol stands for. One table for the normaliser (term search) and the model's
 * features (model/features.ts), so both read "h4te" as "hate".
 */
export const leetFolds: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};
const leet = new Int32Array(128).fill(0);
for (const [from, to] of Object.entries(leetFolds)) leet[from.charCodeAt(0)] = to.charCodeAt(0);
/** ASCII: the lower-case letter or digit, or SEPARATOR for punctuation and white space. */
const ascii = new Int32Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 65 && c <= 90) ascii[c] = c + 32;
  else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) ascii[c] = c;
  else ascii[c] = SEPARATOR;
}

/** Non-ASCII BMP characters: the folded code unit, SEPARATOR, or UNKNOWN until first seen. */
const bmp = new Int32Array(0x10000).fill(UNKNOWN);
const unicodeSeparator = /[\s\p{P}\p{S}\u200b-\u200f\u2060\ufeff]/u;

function foldBmp(code: number): number {
  // Full-width ASCII forms and the ideographic space.
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  if (code === 0x3000) return 32;
  const ch = String.fromCharCode(code);
  if (unicodeSeparator.test(ch)) return SEPARATOR;
  // Latin letters with diacritics: decompose and drop the marks when one letter remains.
  if (code < 0x2e80) {
    const stripped = ch
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    if (stripped.length === 1) return stripped.charCodeAt(0);
  }
  return code;
}

/**
 * Folds one non-ASCII BMP code unit as the normaliser does (full width to ASCII, diacritics dropped, case folded):
 * the folded code unit, or -1 for punctuation, symbols and white space. Shared with the model's feature extractor.
 */
export function foldNonAscii(code: number): number {
  let folded = bmp[code]!;
  if (folded === UNKNOWN) folded = bmp[code] = foldBmp(code);
  return folded;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/**
 * A string's UTF-16 code units copied into a reused buffer (valid until the next load). Loops over a typed array
 * run at one speed whatever the string's inner form; `charCodeAt` slows down two to three times once a function has
 * seen strings of several forms (one- and two-byte, sliced, concatenated, the lexicon's terms at start-up).
 */
export class CodeUnits {
  private bytes = Buffer.alloc(4096);
  private view = new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, 2048);

  /**
   * The code units of `text` in [0, text.length), then `padding` zeros (so that a look a few units ahead needs no
   * bounds check: a zero matches no letter, digit or mark, as charCodeAt's NaN past the end did not); the view may
   * be longer still.
   */
  load(text: string): Uint16Array {
    const length = text.length;
    if (this.view.length < length + CodeUnits.padding) {
      this.bytes = Buffer.alloc(length * 4 + CodeUnits.padding * 2);
      this.view = new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, length * 2 + CodeUnits.padding);
    }
    // A 'utf16le' write copies the code units as they are, lone surrogates included.
    this.bytes.write(text, 0, 'utf16le');
    this.view.fill(0, length, length + CodeUnits.padding);
    return this.view;
  }

  static readonly padding = 8;
}

class Normalized implements NormalizedText {
  private asString: string | undefined;

  constructor(
    readonly codes: Uint16Array,
    readonly origin: Int32Array,
    readonly altered: Uint8Array,
  ) {}

  get text(): string {
    this.asString ??= Buffer.from(this.codes.buffer, this.codes.byteOffset, this.codes.length * 2).toString('utf16le');
    return this.asString;
  }
}

const inputUnits = new CodeUnits();
let scratchOut = new Uint16Array(1024);
let scratchOrigin = new Int32Array(1024);
let scratchAltered = new Uint8Array(1024);

/**
 * Normalises `text`. With `reuse`, the result lives in buffers that the next reusing call overwrites (the
 * moderator's hot path: no allocation per text); without, it is the caller's own.
 */
export function normalizeText(text: string, reuse = false): NormalizedText {
  const length = text.length;
  const input = inputUnits.load(text);
  if (reuse && scratchOut.length < length) {
    scratchOut = new Uint16Array(length * 2);
    scratchOrigin = new Int32Array(length * 2);
    scratchAltered = new Uint8Array(length * 2);
  }
  const out = reuse ? scratchOut : new Uint16Array(length);
  const origin = reuse ? scratchOrigin : new Int32Array(length);
  const altered = reuse ? scratchAltered : new Uint8Array(length);
  let n = 0;
  let last = -1;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const raw = input[i]!;
    let code = raw;
    let changed = 0;
    if (raw >= 0xd800 && raw <= 0xdfff) {
      // Astral characters (emoji, rare CJK) are kept as they are, both halves.
      out[n] = raw;
      origin[n] = i;
      altered[n] = 0;
      n++;
      last = -1;
      run = 0;
      continue;
    }
    if (raw >= 0x4e00 && raw <= 0x9fff) {
      // Common CJK ideographs fold to themselves (foldBmp's answer, without its table's cache misses).
      code = raw;
    } else if (raw >= 128) {
      let folded = bmp[raw]!;
      if (folded === UNKNOWN) folded = bmp[raw] = foldBmp(raw);
      if (folded === SEPARATOR) continue;
      if (folded !== raw) changed = 1;
      code = folded;
    }
    if (code < 128) {
      const mapped = ascii[code]!;
      const leetTo = leet[code]!;
      if (leetTo !== 0) {
        // A digit or symbol counts as a letter only inside a word ("h3ll0", "sh!t"), not in "2024" or "$5".
        const prev = i > 0 ? input[i - 1]! : 0;
        const next = i + 1 < length ? input[i + 1]! : 0;
        if (isAsciiLetter(prev) || isAsciiLetter(next)) {
          code = leetTo;
          changed = 1;
        } else if (mapped === SEPARATOR) {
          continue;
        } else {
          code = mapped;
        }
      } else if (mapped === SEPARATOR) {
        continue;
      } else {
        code = mapped;
      }
    }
    // Runs of three or more of one character fold to one: "fuuuuck" matches "fuck".
    if (code === last) {
      run++;
      if (run >= 2) {
        if (run === 2) n--;
        continue;
      }
    } else {
      run = 0;
      last = code;
    }
    out[n] = code;
    origin[n] = i;
    altered[n] = changed;
    n++;
  }
  return new Normalized(out.subarray(0, n), origin.subarray(0, n), altered.subarray(0, n));
}

/** Normalises a dictionary term the same way, so that terms and texts meet in one alphabet. */
export function normalizeTerm(term: string): string {
  return normalizeText(term).text;
}
