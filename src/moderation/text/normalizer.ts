/**
 * Text normalisation for matching. Produces a compact string in which case, full-width forms, diacritics,
 * leetspeak digits and inserted separators no longer hide a word, with a map from every normalised character back
 * to its position in the original text (so matches report real positions).
 *
 * One pass, a lookup table for ASCII: this runs on every moderated text and is most of the matcher's cost.
 */
export interface NormalizedText {
  text: string;
  /** Original UTF-16 index of each normalised character. */
  origin: Int32Array;
  /** 1 where the character was changed (case aside) to get here: leet, width or diacritic folding. */
  altered: Uint8Array;
}

const enum Kind { Keep = 0, Separator = 1, Leet = 2 }

const asciiKind = new Uint8Array(128);
const leetLetter: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i', '|': 'l' };
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (leetLetter[ch] !== undefined) asciiKind[c] = Kind.Leet;
  else if (!/[A-Za-z0-9]/.test(ch)) asciiKind[c] = Kind.Separator;
}

/** Whitespace and punctuation outside ASCII, including CJK punctuation and zero-width characters. */
const unicodeSeparator = /[\s\p{P}\p{S}\u200b-\u200f\u2060\ufeff]/u;

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function foldNonAscii(ch: string): string {
  const code = ch.codePointAt(0)!;
  // Full-width ASCII forms and the ideographic space.
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code === 0x3000) return ' ';
  // Latin letters with diacritics: decompose and drop the marks.
  if (code < 0x2e80) {
    const stripped = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    if (stripped !== '') return stripped;
  }
  return ch;
}

export function normalizeText(input: string): NormalizedText {
  const out: string[] = [];
  const origin = new Int32Array(input.length);
  const altered = new Uint8Array(input.length);
  let n = 0;
  let last = '';
  let run = 0;
  for (let i = 0; i < input.length; i++) {
    let code = input.charCodeAt(i);
    let ch: string;
    let changed = 0;
    let width = 1;
    if (code < 128) {
      ch = input[i]!;
    } else {
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < input.length) width = 2;
      const raw = input.slice(i, i + width);
      const folded = foldNonAscii(raw);
      changed = folded !== raw ? 1 : 0;
      ch = folded.length === 1 ? folded : raw;
      code = ch.charCodeAt(0);
      if (code >= 128 && unicodeSeparator.test(ch)) {
        i += width - 1;
        continue;
      }
    }
    if (code < 128) {
      const kind = asciiKind[code];
      if (kind === Kind.Separator) continue;
      if (kind === Kind.Leet) {
        // A digit or symbol counts as a letter only inside a word ("h3ll0", "sh!t"), not in "2024" or "$5".
        const prev = i > 0 ? input.charCodeAt(i - 1) : 0;
        const next = i + width < input.length ? input.charCodeAt(i + width) : 0;
        if (isAsciiLetter(prev) || isAsciiLetter(next)) {
          ch = leetLetter[ch]!;
          changed = 1;
        } else if (!/[0-9]/.test(ch)) {
          continue;
        }
      } else if (code >= 65 && code <= 90) {
        ch = String.fromCharCode(code + 32);
      }
    }
    // Runs of three or more of one character fold to one: "fuuuuck" matches "fuck".
    if (ch === last) {
      run++;
      if (run >= 2) {
        if (run === 2) n--; // the second copy goes too once the run reaches three
        i += width - 1;
        continue;
      }
    } else {
      run = 0;
      last = ch;
    }
    out[n] = ch;
    origin[n] = i;
    altered[n] = changed;
    n++;
    i += width - 1;
  }
  out.length = n;
  return { text: out.join(''), origin: origin.subarray(0, n), altered: altered.subarray(0, n) };
}

/** Normalises a dictionary term the same way, so that terms and texts meet in one alphabet. */
export function normalizeTerm(term: string): string {
  return normalizeText(term).text;
}
