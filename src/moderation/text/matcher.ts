import { Automaton } from './automaton.js';
import { type NormalizedText, normalizeTerm } from './normalizer.js';

export interface Term<Tag> {
  term: string;
  tag: Tag;
}

export interface TermMatch<Tag> {
  tag: Tag;
  term: string;
  /** The original text the match covers, and its UTF-16 [start, end) range. */
  segment: string;
  start: number;
  end: number;
  /** True when normalisation (separators, leetspeak, width, case folding of runs) was needed to see it. */
  obfuscated: boolean;
}

const latinTerm = /^[a-z0-9]+$/;
const wordChar = /[\p{L}\p{N}]/u;

function isWordChar(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  // CJK ideographs are not letters of a Latin word: Chinese chat writes pinyin initials straight after them
  // (女人nmsl, 都是sb), and the Latin term is still a word of its own there.
  if (code >= 0x3400 && code <= 0x9fff) return false;
  return wordChar.test(String.fromCharCode(code));
}

/**
 * A multi-pattern matcher over normalised text (Aho–Corasick, automaton.ts, so the cost does not grow with the list
 * size).
 * Latin terms match whole words only, so that "assessment" does not match "ass"; CJK terms match anywhere.
 * A one-word term matched across whitespace is kept only when every piece between the spaces is one character
 * ("f u c k"), so that "an al" does not read as one word; multi-word terms ("buy now") span spaces by nature.
 */
export class TermMatcher<Tag> {
  private readonly automaton: Automaton | undefined;
  private readonly patternList: string[];
  private readonly entries: Map<string, { term: string; tag: Tag; wholeWord: boolean; multiWord: boolean }[]>;

  constructor(terms: readonly Term<Tag>[]) {
    const byPattern = new Map<string, { term: string; tag: Tag; wholeWord: boolean; multiWord: boolean }[]>();
    for (const { term, tag } of terms) {
      const pattern = normalizeTerm(term);
      // One-character patterns (after folding, "xxx" is "x") would fire on every such letter.
      if ([...pattern].length < 2) continue;
      const list = byPattern.get(pattern) ?? [];
      list.push({ term, tag, wholeWord: latinTerm.test(pattern), multiWord: /\s/.test(term.trim()) });
      byPattern.set(pattern, list);
    }
    this.entries = byPattern;
    this.patternList = [...byPattern.keys()];
    this.automaton = byPattern.size > 0 ? new Automaton(this.patternList) : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  match(original: string, normalized: NormalizedText): TermMatch<Tag>[] {
    if (!this.automaton || normalized.codes.length === 0) return [];
    const found: TermMatch<Tag>[] = [];
    // Hits come as [start, end) in UTF-16 code units of the normalised text, with the pattern's index.
    this.automaton.search(normalized.codes, normalized.codes.length, (p, start, end) =>
      this.collect(original, normalized, start, end, this.patternList[p]!, found),
    );
    return found;
  }

  private collect(
    original: string,
    normalized: NormalizedText,
    hitStart: number,
    hitEnd: number,
    pattern: string,
    found: TermMatch<Tag>[],
  ): void {
    const entries = this.entries.get(pattern)!;
    const start = normalized.origin[hitStart]!;
    const lastIndex = normalized.origin[hitEnd - 1]!;
    const lastCode = original.charCodeAt(lastIndex);
    const end = lastIndex + (lastCode >= 0xd800 && lastCode <= 0xdbff ? 2 : 1);
    // Whole-word terms are decided by their neighbours alone: check that before building anything.
    if (entries[0]!.wholeWord && (isWordChar(original.charCodeAt(start - 1)) || isWordChar(original.charCodeAt(end))))
      return;
    const segment = original.slice(start, end);
    let obfuscated = segment.length !== hitEnd - hitStart;
    for (let k = hitStart; k < hitEnd && !obfuscated; k++) obfuscated = normalized.altered[k] === 1;
    const spaced = /\s/.test(segment);
    const spacedOut = spaced && segment.split(/\s+/).every((piece) => piece.replace(/[^\p{L}\p{N}]/gu, '').length <= 1);
    for (const entry of entries) {
      if (!entry.multiWord && spaced && !spacedOut) continue;
      found.push({ tag: entry.tag, term: entry.term, segment, start, end, obfuscated });
    }
  }
}
