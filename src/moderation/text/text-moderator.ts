import { severity, type Suggestion } from '../suggestion.js';
import {
  builtinTerms,
  categorySuggestion,
  containingWords,
  type LexiconCategory,
  type LexiconTier,
  newsContextTerms,
  type TextCategory,
} from './builtin-lexicon.js';
import { findAdvertising, type PatternFinding, scanText } from './detectors.js';
import { type TermMatch, TermMatcher } from './matcher.js';
import { type ModelHeadName, type TextModel, shippedModel } from './model/text-model.js';
import { normalizeText } from './normalizer.js';
import { findMeaning, type SemanticResult } from './semantic.js';
import { aimedAtThings, isThingWord } from './object-targets.js';
import { ordinarySense } from './word-senses.js';
import { positiveEvaluation } from './evaluative-words.js';
import { isDatedReport } from './history-frame.js';
import { insultOrProfanity, opinionTarget } from './opinion-targets.js';

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
  /** Empty when the model, not a keyword, found it. */
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
const confidenceReview = 0.75;
const confidencePattern = 0.75;

type BuiltinTag =
  { kind: 'term'; category: LexiconCategory; tier: LexiconTier } | { kind: 'except' } | { kind: 'news' };

/** The built-in lists, the containing-word exceptions and the news markers compiled once into one automaton. */
const builtinMatcher = new TermMatcher<BuiltinTag>([
  ...builtinTerms.map(({ term, category, tier }) => ({ term, tag: { kind: 'term', category, tier } as BuiltinTag })),
  ...containingWords.map((term) => ({ term, tag: { kind: 'except' } as BuiltinTag })),
  ...newsContextTerms.map((term) => ({ term, tag: { kind: 'news' } as BuiltinTag })),
]);

function inside(match: { start: number; end: number }, spans: { start: number; end: number }[]): boolean {
  for (const s of spans) if (match.start >= s.start && match.end <= s.end) return true;
  return false;
}

function blankOut(text: string, spans: { start: number; end: number }[]): string {
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const s of ordered) {
    if (s.end <= at) continue;
    const from = Math.max(at, s.start);
    result += text.slice(at, from) + ' '.repeat(s.end - from);
    at = s.end;
  }
  return result + text.slice(at);
}

/**
 * Swearing as an exclamation, not an insult: a profane word in an exclamation frame ("holy shit", "oh fuck",
 * "fucking hell", "shit!", "what the fuck"), not "shit happens" or "fucker".
 */
function isExclamationProfanity(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (first >= 0x3400 && first <= 0x9fff) return isChineseExclamation(text, start, end);
  if (!isSwearWord(text, start, end)) return false;
  const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
  const after = text.slice(end, end + 10).toLowerCase();
  return (
    /(?:^|\W)(?:holy|oh+|ah+|aw+|wow|well|yeah|what the|wth|ffs|for)\W*$/.test(before) ||
    // "I don't give a shit", "who gives a damn": an idiom of not caring.
    /\b(?:give|gives|giving|gave|care) an?\s*$/.test(before) ||
    /^\W*(?:hell|yeah|yes|me|sake|that was|[!,]|$)/.test(after) ||
    // "Shit happens"; "fuck this printer", "damn this traffic": cursing a thing, not a person.
    /^\s+happens\b/.test(after) ||
    cursedThing(text.slice(end, end + 40)) ||
    praisedStuff(text.slice(end, end + 40)) ||
    intensifiesPraise(after)
  );
}

/** A swear word that can be an exclamation or an intensifier (not "fuckface", "shithead", "fuckers"). */
function isSwearWord(text: string, start: number, end: number): boolean {
  const word = text
    .slice(start, end)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return (
    /^(?:fuck|fuk|fck|fucc|phuck|fking|shit|bullshit|horseshit|damn|goddamn|crap|bloody|hell|wtf|omfg)/.test(word) &&
    !/(?:face|head|wit|tard|bag|hole|ers?$)/.test(word)
  );
}

/** Words of praise an intensifying swear word may come before ("fucking amazing", "damn good"). */
const PRAISE =
  'amazing|awesome|great|good|brilliant|beautiful|gorgeous|incredible|hilarious|delicious|fantastic|perfect|epic|legendary|cool|funny|best';
const praiseOrDescriptionAfter = new RegExp(
  `^\\s+(?:${PRAISE}|insane|love|loved|cold|hot|tired|finally|excited|proud)\\b`,
);
const praiseAfter = new RegExp(`^\\s+(?:${PRAISE})\\b`);

/** An intensifier before a word of praise or plain description: "fucking amazing", "damn good", "so fucking tired". */
function intensifiesPraise(after: string): boolean {
  return praiseOrDescriptionAfter.test(after);
}

/**
 * Praise intensified where someone is named ("this is fucking amazing, thank you!", "you look damn good"): only
 * words that praise, not a feeling that may be about the one named ("so fucking tired of <g>", "fucking love it").
 */
function intensifiesPraiseOf(before: string, after: string): boolean {
  return !/(?:\bnot|n't|\bnever)\s+$/.test(before) && praiseAfter.test(after);
}

/** "this shit is so good", "that shit was amazing": the profane word for stuff, praised (AFINN positive words). */
function praisedStuff(after: string): boolean {
  const m =
    /^\s+(?:is|was|tastes|looks|sounds|smells) (?:so |really |pretty |fucking |damn |bloody |just )?([a-z]+)/i.exec(
      after,
    );
  return m !== null && positiveEvaluation.has(m[1]!.toLowerCase());
}

/** News and history in English without a marker word of the lexicon (history-frame.ts); Chinese has its markers. */
function historyReported(text: string): boolean {
  return text.charCodeAt(0) < 0x3400 && isDatedReport(text);
}

/** "my car is a", "this keyboard was such": a thing as the subject of what follows (object-targets.ts). */
function thingSubject(before: string): boolean {
  const m =
    /\b(?:my|this|that|the|our|these|those|his|her|their) ([a-z-]+) (?:is|was|are|were|looks|seems|is just|was just)(?: (?:a|an|such|total|complete|absolute|utter|real|fucking|bloody|damn|piece|of|pile|load|heap)){0,4} ?$/i.exec(
      before,
    );
  return m !== null && isThingWord(m[1]!);
}

/** Times and events that people curse, beside object-targets' things: "what a fucking day". */
const cursedTimes =
  /^(?:day|days|night|week|weekend|morning|evening|year|month|mess|match|game|time|shift|flight|wait)$/i;

/** "the fucking bus", "what a fucking day": a curse as an adjective of a thing or a time. */
function cursedNoun(before: string, after: string): boolean {
  if (!/(?:^|\W)(?:the|this|that|my|our|what an?|such an?)\s+$/i.test(before)) return false;
  const m = /^\s+([a-z-]+)\b/i.exec(after);
  return m !== null && (isThingWord(m[1]!) || cursedTimes.test(m[1]!));
}

/** "this printer", "the traffic", "my stupid laptop" right after the curse: a thing (object-targets.ts). */
function cursedThing(after: string): boolean {
  const m =
    /^\s+(?:this|that|these|those|the|my|stupid|damn|bloody) (?:(?:stupid|damn|fucking|bloody|old|new) )?([a-z-]+)/i.exec(
      after,
    );
  return m !== null && isThingWord(m[1]!);
}

/** 卧槽, 我靠, 妈的 ... opening a sentence and followed by a pause: an exclamation, not an insult. */
function isChineseExclamation(text: string, start: number, end: number): boolean {
  if (!/^(?:卧槽|我靠|我操|我草|我擦|妈的|他妈的|特么的?|靠|尼玛|我去)$/.test(text.slice(start, end))) return false;
  const before = text.slice(Math.max(0, start - 2), start);
  return /(?:^|[。！？!?.，,\s])$/.test(before) && /^(?:[，,！!。.\s…~]|$)/.test(text.slice(end, end + 1));
}

export function moderateText(
  text: string,
  categories: readonly TextCategory[],
  black: CustomList[] = [],
  white: CustomList[] = [],
): TextModerationResult {
  return moderateTextWith(shippedModel(), text, categories, black, white);
}

/**
 * moderateText with a given model (null: lists and detectors alone), for training and benchmarks.
 * Lists and detectors first: a keyword hit carries its segment; then the model for abuse and ad: a calibrated
 * probability at or above the head's block (review) threshold blocks (reviews) with that probability as confidence,
 * with no segment of its own (ad findings show the links and contacts found, if any).
 */
export function moderateTextWith(
  model: TextModel | null,
  text: string,
  categories: readonly TextCategory[],
  black: CustomList[] = [],
  white: CustomList[] = [],
): TextModerationResult {
  // Reused buffers: the normalised text is only read within this call.
  const normalized = normalizeText(text, true);
  const whiteMatches = white.flatMap((list) => list.matcher.match(text, normalized));
  const byLabel = new Map<TextLabel, Detail>();
  const add = (
    label: TextLabel,
    suggestion: Detail['suggestion'],
    confidence: number,
    segment: Segment | undefined,
  ) => {
    let detail = byLabel.get(label);
    if (!detail) {
      detail = { suggestion, label, confidence, segments: [] };
      byLabel.set(label, detail);
    }
    if (severity[suggestion] > severity[detail.suggestion]) detail.suggestion = suggestion;
    detail.confidence = Math.max(detail.confidence, confidence);
    if (
      segment &&
      !detail.segments.some(
        (s) =>
          s.position[0] === segment.position[0] &&
          s.position[1] === segment.position[1] &&
          s.glossary_name === segment.glossary_name,
      )
    ) {
      detail.segments.push(segment);
    }
  };

  const wanted = new Set(categories);
  const wantAbuse = wanted.has('abuse');
  const wantAd = wanted.has('ad');
  const wantTerrorism = wanted.has('terrorism');
  // Meaning first: quoted or reported hate (counter-speech) is not the writer's own, so list hits inside it go.
  const meaning: SemanticResult | undefined =
    wantAbuse || wantAd || wantTerrorism ? findMeaning(text, wantAd) : undefined;
  const quoted = meaning?.quoted ?? [];
  const matches = builtinMatcher.match(text, normalized);
  // Slurs in an ordinary sense or reclaimed in-group (word-senses.ts, Latin words only): not flagged, and blanked
  // for the model.
  const ordinary: { start: number; end: number }[] = [];
  for (const m of matches)
    if (
      m.tag.kind === 'term' &&
      m.tag.category === 'abuse' &&
      text.charCodeAt(m.start) < 128 &&
      ordinarySense(text, m.start, m.end)
    )
      ordinary.push(m);
  // Swearing as an exclamation only (no insult, no one named): at most review, whatever the model says.
  let exclaimed = false;
  let insulted = false;
  let news = false;
  let historyFrame: boolean | undefined;
  // Round 8: the text's target, where no protected group nor "you" is named: a group no trait defines, an animal or a
  // thing (opinion-targets.ts). Read only when a list hit, a finding or the model would flag.
  let opinion: ReturnType<typeof opinionTarget> | undefined;
  const opinionOnly = () =>
    meaning !== undefined && !meaning.targeted && !slurred() ? (opinion ??= opinionTarget(text)) : null;
  // A slur or other abusive term beside the insults and profanity: the text is not only an opinion of a group.
  const slurred = () =>
    matches.some((m) => m.tag.kind === 'term' && m.tag.category === 'abuse' && !insultOrProfanity(m.segment));
  if (matches.length > 0) {
    const exceptions: TermMatch<BuiltinTag>[] = [];
    for (const m of matches) {
      if (m.tag.kind === 'except') exceptions.push(m);
      else if (m.tag.kind === 'news') news = true;
    }
    for (const match of matches) {
      const tag = match.tag;
      if (tag.kind !== 'term' || !wanted.has(tag.category)) continue;
      // A context term in a news or history text; the history frame is read only for such a term (history-frame.ts).
      if (tag.tier === 'context' && (news || (historyFrame ??= historyReported(text)))) continue;
      if (inside(match, exceptions) || inside(match, whiteMatches) || inside(match, ordinary)) continue;
      if ((tag.category === 'abuse' || tag.category === 'terrorism') && inside(match, quoted)) continue;
      const segment: Segment = { segment: match.segment, position: [match.start, match.end] };
      // Profanity aimed at no one (no group, no "you"): as an exclamation ("holy shit", "fucking hell", 卧槽) or said
      // of a thing ("my car is a piece of shit", "the fucking bus is late"). Not a finding; the model's score alone
      // can then only review the text.
      const aimedAtNoOne =
        tag.category === 'abuse' &&
        meaning !== undefined &&
        (meaning.targeted
          ? isSwearWord(text, match.start, match.end) &&
            intensifiesPraiseOf(
              text.slice(Math.max(0, match.start - 8), match.start).toLowerCase(),
              text.slice(match.end, match.end + 12).toLowerCase(),
            )
          : isExclamationProfanity(text, match.start, match.end) ||
            thingSubject(text.slice(Math.max(0, match.start - 48), match.start)) ||
            cursedNoun(text.slice(Math.max(0, match.start - 12), match.start), text.slice(match.end, match.end + 24)));
      if (aimedAtNoOne) {
        exclaimed = true;
        continue;
      }
      // An insult word or profanity said of a group no trait defines ("lawyers are scum", "fuck lawyers"), or of
      // animals and things: an opinion, aimed at no person and at no protected group (opinion-targets.ts).
      if (tag.category === 'abuse' && insultOrProfanity(match.segment) && opinionOnly()) continue;
      if (tag.tier === 'block') {
        if (tag.category === 'abuse') insulted = true;
        add(
          tag.category,
          categorySuggestion[tag.category] as Detail['suggestion'],
          match.obfuscated ? confidenceObfuscated : confidenceExact,
          segment,
        );
      } else {
        add(tag.category, 'review', confidenceReview, segment);
      }
    }
  }
  for (const list of black) {
    if (list.label && !wanted.has(list.label)) continue;
    for (const match of list.matcher.match(text, normalized)) {
      if (inside(match, whiteMatches)) continue;
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
  const toSegments = (findings: PatternFinding[]): Segment[] =>
    findings.filter((f) => !inside(f, whiteMatches)).map((f) => ({ segment: f.segment, position: [f.start, f.end] }));

  const scan = wanted.has('ad') || wanted.has('meaningless') ? scanText(text) : undefined;
  if (wanted.has('ad'))
    for (const s of toSegments(findAdvertising(text, { links: false, scan }).contacts))
      add('ad', 'review', confidencePattern, s);
  if (wanted.has('meaningless'))
    for (const s of toSegments(scan!.meaningless)) add('meaningless', 'review', confidencePattern, s);

  if (meaning) {
    for (const f of meaning.findings) {
      if (inside(f, whiteMatches)) continue;
      // A finding that rests on a word read in its ordinary sense ("the faggots of wood ... to the fire").
      if (ordinary.some((o) => o.start >= f.start && o.end <= f.end)) continue;
      // An insult at a group no trait defines, or at animals and things (not a threat): an opinion.
      if (f.kind === 'insult' && opinionOnly()) continue;
      // A threat at animals or things ("mosquitoes deserve to die", "kill every wasp"): pest control, not a threat.
      if (f.kind === 'threat' && opinionOnly() === 'thing') continue;
      const label = f.label === 'terrorism' && !wantTerrorism ? 'abuse' : f.label;
      if (!wanted.has(label)) continue;
      const confidence = f.suggestion === 'block' ? confidenceObfuscated : confidencePattern;
      add(label, f.suggestion, confidence, { segment: f.segment, position: [f.start, f.end] });
    }
  }
  // A list or pattern finding of abuse or terrorism, before the model is read.
  const found = byLabel.has('abuse') || byLabel.has('terrorism');
  // Negation or counter-speech with nothing hateful outside it: the model's score alone does not flag it.
  const benign = meaning?.benignFrame === true && !found;
  // News and history (a marker such as "police", 法院, 纪念馆) with no list or pattern finding: the abuse model's
  // crime and violence vocabulary is what such text is about, so only a score over the block threshold counts, and
  // then for review. The history frame without a list hit is read only when the model's score would flag the text
  // (rarely: no cost on the rest).
  const isReported = () => !found && (news || (historyFrame ??= historyReported(text)));
  if (model && (wantAbuse || wantAd)) {
    // White-glossary words are not the model's to judge either: it reads the text with them blanked out.
    const unread = ordinary.length > 0 ? [...whiteMatches, ...ordinary] : whiteMatches;
    const scores = model.score(unread.length > 0 ? blankOut(text, unread) : text);
    const apply = (head: ModelHeadName, probability: number) => {
      const t = model.thresholds(head, scores.language);
      if (!t || probability < t.review) return;
      if (head === 'abuse' && probability < t.block && isReported()) return;
      // Negative words at a thing, no person named or addressed, nothing else found: the model alone is not enough.
      if (head === 'abuse' && !found && meaning?.targeted === false && (aimedAtThings(text) || opinionOnly())) return;
      // Swearing as an exclamation aimed at no one, and nothing else found: the model's score is the swear word's,
      // so only a score over the block threshold counts, and then for review (as for news).
      const exclamationOnly = head === 'abuse' && exclaimed && !insulted && !found;
      if (exclamationOnly && probability < t.block) return;
      const capped = head === 'abuse' && ((exclaimed && !insulted && !byLabel.has('terrorism')) || isReported());
      const suggestion = probability >= t.block && !capped ? 'block' : 'review';
      const confidence = Math.round(probability * 1000) / 1000;
      add(head, suggestion, confidence, undefined);
      // An ad the model found shows the links and numbers in the text, if any.
      if (head === 'ad')
        for (const s of toSegments(findAdvertising(text, { scan }).links)) add(head, suggestion, confidence, s);
    };
    if (wantAbuse && !benign) apply('abuse', scores.abuse);
    if (wantAd) apply('ad', scores.ad);
  }

  if (byLabel.size === 0) return { suggestion: 'pass', label: 'normal', details: [] };
  const details = [...byLabel.values()].sort(
    (a, b) => severity[b.suggestion] - severity[a.suggestion] || b.confidence - a.confidence,
  );
  for (const d of details) d.segments.sort((a, b) => a.position[0] - b.position[0]);
  const top = details[0]!;
  return { suggestion: top.suggestion, label: top.label, details };
}
