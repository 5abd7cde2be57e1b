import AhoCorasick from 'modern-ahocorasick';
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

/**
 * A multi-pattern matcher over normalised text (Aho–Corasick, so the cost does not grow with the list size).
 * Latin terms match whole words only, so that "assessment" does not match "ass"; CJK terms match anywhere.
 * A match that spans whitespace is kept only when every piece between the spaces is one character ("f u c k"),
 * so that "an al" does not read as one word.
 */
export class TermMatcher<Tag> {
  private readonly automaton: AhoCorasick | undefined;
  private readonly entries: { term: string; tag: Tag; wholeWord: boolean }[][] = [];

  constructor(terms: readonly Term<Tag>[]) {
    const byPattern = new Map<string, { term: string; tag: Tag; wholeWord: boolean }[]>();
    for (const { term, tag } of terms) {
      const pattern = normalizeTerm(term);
      if (pattern === '') continue;
      const list = byPattern.get(pattern) ?? [];
      list.push({ term, tag, wholeWord: latinTerm.test(pattern) });
      byPattern.set(pattern, list);
    }
    const patterns = [...byPattern.keys()];
    this.entries = patterns.map((p) => byPattern.get(p)!);
    this.automaton = patterns.length > 0 ? new AhoCorasick(patterns) : undefined;
  }

  get size(): number {
    return this.entries.length;
  }

  match(original: string, normalized: NormalizedText): TermMatch<Tag>[] {
    if (!this.automaton || normalized.text.length === 0) return [];
    const found: TermMatch<Tag>[] = [];
    for (const hit of this.automaton.search(normalized.text)) {
      const start = normalized.origin[hit.start]!;
      const lastIndex = normalized.origin[hit.end - 1]!;
      const lastCode = original.charCodeAt(lastIndex);
      const end = lastIndex + (lastCode >= 0xd800 && lastCode <= 0xdbff ? 2 : 1);
      const segment = original.slice(start, end);
      let obfuscated = segment.length !== hit.end - hit.start;
      for (let k = hit.start; k < hit.end && !obfuscated; k++) obfuscated = normalized.altered[k] === 1;
      if (/\s/.test(segment) && !segment.split(/\s+/).every((piece) => piece.replace(/[^\p{L}\p{N}]/gu, '').length <= 1)) continue;
      for (const entry of this.entries[hit.patternIndex]!) {
        if (entry.wholeWord && (wordChar.test(original[start - 1] ?? '') || wordChar.test(original[end] ?? ''))) continue;
        found.push({ tag: entry.tag, term: entry.term, segment, start, end, obfuscated });
      }
    }
    return found;
  }
}
