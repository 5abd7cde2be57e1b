import { severity, type Suggestion } from '../suggestion.js';
import { builtinLexicon, categorySuggestion, type TextCategory } from './builtin-lexicon.js';
import { findAdvertising, findFlooding, type PatternFinding } from './detectors.js';
import { type TermMatch, TermMatcher } from './matcher.js';
import { normalizeText } from './normalizer.js';

export type { Suggestion } from '../suggestion.js';
export type TextLabel = TextCategory | 'customized';

export interface Segment {
  segment: string;
  /** UTF-16 [start, end) in the submitted text. */
  position: [number, number];
  glossary_name?: string;
}

export interface Detail {
  suggestion: Exclude<Suggestion, 'pass'>;
  label: TextLabel;
  confidence: number;
  segments: Segment[];
}

export interface TextModerationResult {
  suggestion: Suggestion;
  label: TextLabel | 'normal';
  details: Detail[];
}

export interface CustomList {
  name: string;
  matcher: TermMatcher<string>;
  /**
   * A category lexicon (the operator's or a project's list for, say, `politics`): its hits are reported under that
   * category, as built-in terms are. Without it, hits are the glossary's own: `customized`, with its name.
   */
  label?: Exclude<TextCategory, 'meaningless'>;
}

const confidenceExact = 0.95;
const confidenceObfuscated = 0.85;
const confidencePattern = 0.75;

/** The built-in lists compiled once into one automaton; each term carries its category. */
const builtinMatcher = new TermMatcher<TextCategory>(
  Object.entries(builtinLexicon).flatMap(([category, terms]) =>
    terms.map((term) => ({ term, tag: category as TextCategory })),
  ),
);

function overlapsWhite(match: { start: number; end: number }, white: TermMatch<string>[]): boolean {
  return white.some((w) => match.start >= w.start && match.end <= w.end);
}

export function moderateText(
  text: string,
  categories: readonly TextCategory[],
  black: CustomList[] = [],
  white: CustomList[] = [],
): TextModerationResult {
  const normalized = normalizeText(text);
  const whiteMatches = white.flatMap((list) => list.matcher.match(text, normalized));
  const byLabel = new Map<TextLabel, Detail>();
  const add = (label: TextLabel, suggestion: Detail['suggestion'], confidence: number, segment: Segment) => {
    const detail = byLabel.get(label) ?? { suggestion, label, confidence, segments: [] };
    if (severity[suggestion] > severity[detail.suggestion]) detail.suggestion = suggestion;
    detail.confidence = Math.max(detail.confidence, confidence);
    if (
      !detail.segments.some(
        (s) =>
          s.position[0] === segment.position[0] &&
          s.position[1] === segment.position[1] &&
          s.glossary_name === segment.glossary_name,
      )
    ) {
      detail.segments.push(segment);
    }
    byLabel.set(label, detail);
  };

  const wanted = new Set(categories);
  for (const match of builtinMatcher.match(text, normalized)) {
    if (!wanted.has(match.tag) || overlapsWhite(match, whiteMatches)) continue;
    add(
      match.tag,
      categorySuggestion[match.tag] as Detail['suggestion'],
      match.obfuscated ? confidenceObfuscated : confidenceExact,
      { segment: match.segment, position: [match.start, match.end] },
    );
  }
  for (const list of black) {
    if (list.label && !wanted.has(list.label)) continue;
    for (const match of list.matcher.match(text, normalized)) {
      if (overlapsWhite(match, whiteMatches)) continue;
      const confidence = match.obfuscated ? confidenceObfuscated : confidenceExact;
      const position: [number, number] = [match.start, match.end];
      if (list.label) {
        add(list.label, categorySuggestion[list.label] as Detail['suggestion'], confidence, {
          segment: match.segment,
          position,
        });
      } else {
        add('customized', 'block', confidence, { segment: match.segment, position, glossary_name: list.name });
      }
    }
  }
  const addPatterns = (label: TextCategory, findings: PatternFinding[]) => {
    for (const f of findings) {
      if (!overlapsWhite(f, whiteMatches))
        add(label, 'review', confidencePattern, { segment: f.segment, position: [f.start, f.end] });
    }
  };
  if (wanted.has('ad')) addPatterns('ad', findAdvertising(text));
  if (wanted.has('meaningless')) addPatterns('meaningless', findFlooding(text));

  const details = [...byLabel.values()].sort(
    (a, b) => severity[b.suggestion] - severity[a.suggestion] || b.confidence - a.confidence,
  );
  for (const d of details) d.segments.sort((a, b) => a.position[0] - b.position[0]);
  const top = details[0];
  return top
    ? { suggestion: top.suggestion, label: top.label, details }
    : { suggestion: 'pass', label: 'normal', details: [] };
}
