/**
 * Detectors of meaning that word lists and a bag-of-n-grams model miss, in English (emoji included) and Chinese:
 *   - threats and incitement of violence: future tense ("I am going to kill ..."), wishes ("I want to ..."),
 *     norms ("... should be executed", "... deserve to die"), conditionals ("if ..., I will stab them") and calls to
 *     others ("let's ...", "someone should ...", 大家一起去打死 ...), and where none of those constructions matches,
 *     the grammar of threat-grammar.ts (a violent act whose patient is a person or a group, in any shape). Aimed at
 *     a group, or with weapons or attacks: `terrorism`; at a person: `abuse`;
 *   - insults aimed at a person (insults.ts): "you are such a loser", "he is an idiot", 你这个蠢货: `abuse`;
 *   - identity-directed hate: a protected group (the groups lexicon below, both languages, emoji for people) with
 *     hate ("I hate ..."), derogation ("... are disgusting"), dehumanisation ("... are vermin", 🐀), exclusion
 *     ("... belong in a zoo") or negated praise ("... are never any good"): `abuse`;
 *   - what must pass although it carries the same words: negation ("I don't hate ...", 我不恨 ...) and counter-speech
 *     (hate quoted or reported to criticise it: 'saying "..." is hateful', 说“...”的人才是歧视) — a hate or threat
 *     pattern inside such a frame is not reported, and the moderator does not let the model's score alone flag it;
 *   - comment spam and self-promotion (`ad`): calls to visit, subscribe, follow, like, buy or vote with a channel,
 *     handle, link or contact ("check out my channel", "sub to me", 求关注, 点击链接领取), or a bare shop/vote link.
 * Spelling attacks are undone first: leetspeak, runs of a letter, letters spaced out, one letter swapped, dropped or
 * doubled in the words that carry the meaning; Chinese pinyin, homophones and split characters (laji, 垃鸡, 歹匕).
 *
 * Everything works on a canonical token string (words lower-cased and repaired, groups replaced by `<g>`, emoji by
 * what they stand for), so the patterns are plain regular expressions; each token remembers its place in the text,
 * which gives the segments. Cost: one pass to tokenise, then regular expressions only when a trigger word is there.
 */
import { haterInsulted, hateDenied, hitDenied, mentionedNames } from './opinion-targets.js';
import {
  criticisedOutside,
  endorsedReport,
  moreReportFrames,
  questionedReport,
  quotedReport,
  reportedAndCriticised,
  singleQuoteSpans,
} from './counter-speech.js';
import { implicitHateRules, verdictAfterGroup } from './implicit-hate.js';
import { type PatternFinding } from './detectors.js';
import { CodeUnits, leetFolds } from './normalizer.js';
import { foldZhVariants } from './zh-variants.js';
import {
  ZH_AVERSION,
  ZH_BAD_CHAR,
  ZH_BAD_WORD,
  ZH_CALL_ACT,
  ZH_DEGREE,
  ZH_DISGUST,
  ZH_LOW_TRAIT,
  ZH_MORE_NOUNS,
  zhMoreGroups,
} from './zh-lexicon.js';
import {
  zhAgainstHateAround,
  zhMoreCritics,
  zhMoreReports,
  zhNoOneDeserves,
  zhNotAllBefore,
  zhSpeakerAfter,
} from './zh-frames.js';
import { englishInsult, englishInsultWords, zhInsult, zhInsultWords } from './insults.js';
import {
  englishActWords,
  englishNarrativeMarkers,
  englishPatientWords,
  englishViolentClause,
  zhActWords,
  zhGrammar,
  zhNarrativeMarkers,
  zhViolentClause,
} from './threat-grammar.js';
import { englishPhrasalTriggers } from './threat-phrasal.js';
import {
  conditionsAfterPerson,
  groupAdjectives,
  groupAfterThe,
  groupNouns,
  groupPhraseHeads,
  personNouns,
  thingAfterGroup,
} from './group-lexicon.js';
import { deniedPraise, linkedDerogation, negativeEvaluation } from './evaluative-words.js';
import {
  JoinedWords,
  SpellingVariants,
  endOfSpacedWord,
  leetOnes,
  letterMask,
  splitRunTogether,
} from './spelling-variants.js';
import { LiteralGate } from './required-literals.js';
import { topLevelBranches, withoutLookarounds } from './regex-source.js';

export interface SemanticFinding extends PatternFinding {
  label: 'abuse' | 'terrorism' | 'ad';
  suggestion: 'block' | 'review';
  /** What it found (threat, hate, spam), for tests and reports. */
  kind: 'threat' | 'hate' | 'spam' | 'insult';
}

export interface SemanticResult {
  findings: SemanticFinding[];
  /** Negation of hate or counter-speech seen (and no hate outside it): the model alone should not flag the text. */
  benignFrame: boolean;
  /** Spans of quoted or reported hate inside counter-speech: list hits there are not the writer's own words. */
  quoted: { start: number; end: number }[];
  /** A protected group, or "you", is named: profanity without it reads as an exclamation. */
  targeted: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// English: groups, key words and the spelling repairs.

/** Words whose meaning matters, for the spelling repair (a token one edit away from one of these becomes it). */
const keyWords = [
  'hate',
  'despise',
  'detest',
  'loathe',
  'disgusting',
  'disgust',
  'repulsive',
  'worthless',
  'kill',
  'murder',
  'shoot',
  'stab',
  'slaughter',
  'exterminate',
  'execute',
  'executed',
  'vermin',
  'parasites',
  'cockroaches',
  'animals',
  'subhuman',
  'scum',
  'trash',
  'garbage',
  'filthy',
  'inferior',
  'stupid',
  'pathetic',
  'subscribe',
  'channel',
  'women',
  'muslims',
  'immigrants',
  'refugees',
  'people',
];

const NEG_ADJ =
  '(?:disgusting|vile|gross|repulsive|revolting|sickening|stupid|dumb|idiots|idiotic|moronic|retarded|worthless|useless|pathetic|evil|wicked|dirty|filthy|lazy|dishonest|liars|criminals|rapists|terrorists|thugs|savages|savage|barbaric|primitive|inferior|subhuman|sub-human|ugly|trash|garbage|rubbish|scum|filth|a disgrace|a disease|a plague|a cancer|a virus|a burden|a menace|a threat|dangerous|violent|degenerate|degenerates|perverts|perverted|sick|mentally ill|freaks|abominations|an abomination|unnatural|not normal|less than human|less intelligent|genetically inferior|the worst(?! (?:affected|hit|off|paid|treated|served|[a-z]+ed\\b))|horrible|awful|nasty|stinky|smelly|ignorant|backwards|brainless|no good|good for nothing|a waste of space|a waste|a joke|a drain on \\w+|a drain|losers|pigs|apes|monkeys|dogs|rats|thieves|crooks|frauds|cowards|uncivilized|uncivilised|lesser beings|lesser|second-class|beneath us)';
const DEHUM =
  '(?:vermin|rats|rodents|cockroaches|roaches|insects|bugs|parasites|leeches|lice|maggots|worms|pests|animals|beasts|creatures|apes|monkeys|gorillas|baboons|pigs|swine|dogs|mongrels|snakes|vipers|cattle|livestock|subhumans|sub-humans|savages|filth|trash|garbage|scum|a cancer|cancer|a plague|a disease|diseases|a virus|viruses|an infestation|a pest|a parasite|vermins|a tumour|a tumor|locusts|termites|hyenas|jackals|vultures|germs|bacteria|demons|monsters|brutes|barbarians|neanderthals|cavemen|primates|orcs|goblins|mutts|curs|hogs|rabid dogs|a swarm|swarms|a horde|hordes|a scourge|a blight|a pestilence|an invasive species|invasive species|<dehum>)';
const BE = "(?:are|r|is|were|be|become|remain|'re|re)";
const GROUP =
  '(?:(?:all|the|those|these|every|any|some|most|many|such|of|them|fucking|damn|bloody|stupid|filthy|dirty) )*<g>';
const KILL =
  '(?:kill|murder|shoot|stab|hang|lynch|burn|slaughter|butcher|exterminate|behead|decapitate|gas|bomb|nuke|beat|beat up|hurt|rape|strangle|choke|slit|slice|cut|hunt down|hunt|massacre|execute|torture|drown|eliminate|wipe out|destroy|annihilate|eradicate|genocide|skin|crush|smash|punch|attack|run over|poison|castrate|bash|<kill>|<dead>|<fire>)';
const KILLED =
  '(?:killed|murdered|shot|stabbed|hanged|hung|lynched|burned|burnt|slaughtered|butchered|exterminated|beheaded|gassed|bombed|nuked|beaten|raped|strangled|massacred|executed|tortured|drowned|eliminated|wiped out|destroyed|annihilated|eradicated|put down|euthanized|euthanised|sterilized|sterilised|castrated|locked up|deported|thrown out|kicked out|removed|banned|caged|jailed|shot dead|burned alive|burnt alive|dead|<dead>|lined up against (?:a|the) wall|put against (?:a|the) wall|run over|hunted(?: down| like (?:animals|dogs|rats|vermin|deer))?|(?:beaten|stoned|burned|burnt|hacked|kicked|tortured|starved|stabbed|whipped) to death|thrown (?:into|in|to) the (?:sea|ocean|river|fire|flames|ovens?|sharks)|strung up|hunted down|gunned down|mowed down|burned at the stake|burnt at the stake|fed to the \\w+|thrown off (?:\\w+ )?(?:roofs|roof|buildings|bridges|cliffs)|shot on sight)';
const FUTURE =
  "(?:am going to|'m going to|m going to|im going to|are going to|'re going to|re going to|going to|gonna|will|'ll|ll|shall|want to|wanna|would love to|'d love to|d love to|would like to|am about to|'m about to|plan to|intend to|am gonna|'m gonna|m gonna|can't wait to|cant wait to|cannot wait to|am coming to|'m coming to|will come and)";
const WEAPONS =
  /\b(?:gun|guns|rifle|rifles|bomb|bombs|bullet|bullets|knife|knives|machete|grenade|explosives?|shoot|shot|nuke|gas|gassed|massacre|mass|terror|terrorist|jihad|attack|ak47|ar15|ak-47|ar-15)\b|<kill>|<dead>|🔫|💣|🧨/;

const englishTargets =
  '(?:you|u|ya|yall|you all|him|her|them|your family|your kids|ur family|every one of you|each of you|all of you)(?! (?:an?|the|some|my|our) (?:email|e-mail|mail|message|text|line|note|dm|pm|link|call|invite|invitation|update|reminder|picture|photo|pic|look|smile|question|quick))';

function expandTokens(words: string[]): Set<string> {
  return new Set(words);
}
const groupNounSet = expandTokens(groupNouns);
const groupAdjectiveSet = expandTokens(groupAdjectives);
const personNounSet = expandTokens(personNouns);

/** What a canonical word is, as bits: one map lookup per token instead of one set lookup per kind. */
const F_GROUP_NOUN = 1;
const F_GROUP_ADJECTIVE = 2;
const F_PERSON_NOUN = 4;
const F_THREAT = 8;
const F_PLAIN_THREAT = 16;
const F_SPAM = 32;
const F_SPAM_CALL = 64;
const F_SELF = 128;
const F_YOU = 256;
/** The `<g>` token (a group named). */
const F_GROUP = 512;
const F_URL = 1024;
/** A word of an insult frame (insults.ts). */
const F_INSULT = 2048;
/** A word that can be a violent act's patient (threat-grammar.ts): him, them, everyone, bitch ... */
const F_PATIENT = 4096;
/**
 * A word that completes a phrasal act or names a weapon or a place (threat-phrasal.ts: wall, ground, earth, rifle):
 * everyday words, so they wake only the grammar, not every threat pattern.
 */
const F_PHRASAL = 8192;
/** The first word of a group written as two words ("puerto ricans", "non binary"): group-lexicon.ts. */
const F_GROUP_HEAD = 16384;

const keyWordSet = new Set(keyWords);
/** Real words one deletion away from a key word that must stay what they are. */
const notTypos = new Set([
  'hat',
  'hae',
  'ate',
  'kil',
  'ill',
  'shot',
  'soot',
  'hoot',
  'tab',
  'sab',
  'scu',
  'rash',
  'peope',
  'people',
  'animal',
  'channe',
  'women',
  'woman',
  'omen',
  'wmen',
  'stupi',
  'despie',
  'stub',
  'stake',
  'state',
  'shout',
  'shoots',
  'killer',
  'skill',
  'kills',
  // The past and -s forms of a key act stay themselves (threats read "should be exterminated" as a norm).
  'exterminated',
  'exterminates',
  'trashy',
  'hates',
  'hated',
  'hater',
  'haters',
  'muslim',
  'refugee',
  'immigrant',
  'execut',
]);

/** Repairs one word: a key word one letter away (swapped, dropped, doubled or added), or the word itself. */
const shortRepairs: Record<string, string> = {
  hte: 'hate',
  h8: 'hate',
  h8te: 'hate',
  h8t: 'hate',
  kil: 'kill',
  kll: 'kill',
};

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
const keyMasks = keyWords.map(letterMask);

/** `short` is `long` with one character taken out. */
function isDeletion(long: string, short: string): boolean {
  let i = 0;
  while (i < short.length && long.charCodeAt(i) === short.charCodeAt(i)) i++;
  for (let j = i; j < short.length; j++) if (long.charCodeAt(j + 1) !== short.charCodeAt(j)) return false;
  return true;
}
function isTransposition(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i + 1 >= a.length || a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Repairs one word: a key word one letter away (swapped, dropped, doubled or added), or the word itself. A letter
 * mask comparison rules out almost every word before any string work.
 */
interface WordInfo {
  /** The word repaired. */
  word: string;
  /** What the repaired word is (wordFlags). */
  flags: number;
}
/** One lookup per token: the repair and what the repaired word is, cached (words repeat; the cache is bounded). */
const infoCache = new Map<string, WordInfo>();

/** The answer for a word that is nothing and repairs to itself (read at once by the caller, never kept). */
const plainWord: WordInfo = { word: '', flags: 0 };

/**
 * Letter sets (letterMask) of every word that may matter: the flagged words, the short repairs and every set one
 * letter away from a key word's (what repairUncached can turn into a key word). A word whose set is not here is
 * nothing and repairs to itself, so it needs no map lookup (hashing a fresh string is most of a lookup's cost).
 * Kept as a 2^17-bit table of hashed sets (16 KB, which stays in the fastest cache; 2^20 bits, 128 KB, did not, and
 * every word paid for it): about 1,400 sets of these and about 8,700 of the spelling variants' (spelling-variants.ts:
 * a target's letters, or less one letter) are in it, so about 7% of other words collide, and a collision only costs
 * the lookup it would have saved.
 */
const maskBits = new Uint32Array(1 << 12);
const maskSlot = (mask: number) => Math.imul(mask, 0x9e3779b1) >>> 15;
function addMask(mask: number): void {
  const slot = maskSlot(mask);
  maskBits[slot >>> 5]! |= 1 << (slot & 31);
}
function mayMatter(word: string): boolean {
  return maskMayMatter(letterMask(word));
}
function maskMayMatter(mask: number): boolean {
  const slot = maskSlot(mask);
  return (maskBits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
}
/**
 * In a token's flags before tokenize's last step: the word was found to be nothing that repairs to itself
 * (mayMatter false) while it was read, from the letters in hand, so that no second pass over the word is needed.
 */
const F_NOTHING = 1 << 30;

function wordInfo(word: string): WordInfo {
  if (!mayMatter(word)) {
    plainWord.word = word;
    return plainWord;
  }
  let r = infoCache.get(word);
  if (r === undefined) {
    if (infoCache.size > 20000) infoCache.clear();
    const fixed = repairUncached(word);
    infoCache.set(word, (r = { word: fixed, flags: wordFlags.get(fixed) ?? 0 }));
  }
  return r;
}

function repairWord(word: string): string {
  return wordInfo(word).word;
}

function repairUncached(word: string): string {
  const short = shortRepairs[word];
  if (short) return short;
  if (word.length < 4 || word.length > 13 || keyWordSet.has(word)) return word;
  if (notTypos.has(word)) return wordFlags.has(word) ? word : (spellingVariants.lookup(word) ?? word);
  const mask = letterMask(word);
  for (let k = 0; k < keyWords.length; k++) {
    const key = keyWords[k]!;
    const diff = word.length - key.length;
    if (diff > 1 || diff < -1 || popcount(mask ^ keyMasks[k]!) > 1) continue;
    if (diff === -1 ? isDeletion(key, word) : diff === 1 ? isDeletion(word, key) : isTransposition(word, key))
      return key;
  }
  // A group name or a hateful word misspelt (spelling-variants.ts); words the engine knows stay themselves.
  return wordFlags.has(word) ? word : (spellingVariants.lookup(word) ?? word);
}

/** Emoji that stand for people of a group (a person with a skin tone counts too), or for a meaning. */
const emojiGroups = new Set([
  '👩',
  '👧',
  '♀️',
  '♀',
  '👭',
  '👬',
  '👩‍❤️‍👩',
  '👨‍❤️‍👨',
  '♿',
  '🦽',
  '🦼',
  '🏳️‍🌈',
  '🏳‍🌈',
  '🌈',
  '🏳️‍⚧️',
  '🏳‍⚧',
  '⚧️',
  '⚧',
  '✡️',
  '✡',
  '☪️',
  '☪',
  '🧕',
  '👳',
  '👲',
  '🕌',
  '🕍',
  // Belief and disability, as the groups' own symbols: a cross, the Om, the dharma wheel, a deaf person, an ear with
  // a hearing aid, a white cane (with a person before it as a joined sequence, read by its first character too).
  '✝️',
  '✝',
  '☦️',
  '☦',
  '🕉️',
  '🕉',
  '☸️',
  '☸',
  '🛐',
  '🧏',
  '🦻',
  '🦯',
  '🧑‍🦯',
  '👨‍🦯',
  '👩‍🦯',
  '🧑‍🦼',
  '👨‍🦼',
  '👩‍🦼',
  '🧑‍🦽',
  '👨‍🦽',
  '👩‍🦽',
]);
const emojiMeaning: Record<string, string> = {
  '🔪': '<kill>',
  '🗡️': '<kill>',
  '🗡': '<kill>',
  '🔫': '<kill>',
  '💣': '<kill>',
  '🧨': '<kill>',
  '🪓': '<kill>',
  '⚰️': '<dead>',
  '⚰': '<dead>',
  '💀': '<dead>',
  '☠️': '<dead>',
  '☠': '<dead>',
  '🐀': '<dehum>',
  '🐁': '<dehum>',
  '🐍': '<dehum>',
  '🐷': '<dehum>',
  '🐖': '<dehum>',
  '🐒': '<dehum>',
  '🐵': '<dehum>',
  '🦍': '<dehum>',
  '🪳': '<dehum>',
  '🦠': '<dehum>',
  '🐛': '<dehum>',
  '🐜': '<dehum>',
  '🦟': '<dehum>',
  '🐕': '<dehum>',
  '🐶': '<dehum>',
  '💩': '<dehum>',
  '🗑️': '<dehum>',
  '🗑': '<dehum>',
  '🦧': '<dehum>',
  '🦨': '<dehum>',
  '🐗': '<dehum>',
  '🐽': '<dehum>',
  '🦗': '<dehum>',
  '🪱': '<dehum>',
  '🧟': '<dehum>',
  '👹': '<dehum>',
  '👺': '<dehum>',
  '🦂': '<dehum>',
  '🤮': 'disgusting',
  '🤢': 'disgusting',
  '👎': 'no good',
  '🖕': 'fuck',
  // A swearing or pouting face in the verb's place ("I 🤬 <g>", "I 😡 <g>") stands for hating; fire after a modal
  // ("must 🔥") for burning (fire as praise, "<g> squad is 🔥", has no modal and stays a plain word).
  '🤬': 'hate',
  // An arrow between a group and a coffin or a weapon ("🧕 ➡️ ⚰️") says where the group should go.
  '➡️': '->',
  '➡': '->',
  '😡': 'hate',
  '🔥': '<fire>',
};
const skinTone = /[\u{1F3FB}-\u{1F3FF}]/u;
const personEmoji =
  /^[\u{1F466}-\u{1F469}\u{1F474}-\u{1F478}\u{1F471}\u{1F472}\u{1F473}\u{1F9D1}-\u{1F9D4}\u{1F64B}\u{1F64D}\u{1F64E}\u{1F481}\u{1F486}\u{1F487}\u{1F645}\u{1F646}\u{1F647}\u{1F926}\u{1F937}\u{1F91A}\u{270A}-\u{270D}\u{1F44A}-\u{1F450}\u{1F590}\u{1F595}\u{1F596}\u{1F64C}\u{1F64F}\u{1F932}]/u;

interface Token {
  /** Canonical form. */
  word: string;
  start: number;
  end: number;
  /**
   * What the canonical form is (wordFlags), set by tokenize's last step. Created as 0 with every token, so that all
   * tokens share one shape (adding the field later changed each token's hidden class, a cost per token).
   */
  flags: number;
}

/** The emoji grapheme at `i`: a character, its skin tone, variation selector, and what zero-width joiners join. */
function emojiAt(text: string, i: number): string {
  let j = i;
  for (;;) {
    const c = text.charCodeAt(j);
    j += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    // Skin tone (U+1F3FB..1F3FF), variation selector 16, tag characters of flags.
    for (;;) {
      const d = text.charCodeAt(j);
      if (d === 0xfe0f) j++;
      else if (d === 0xd83c && text.charCodeAt(j + 1) >= 0xdffb && text.charCodeAt(j + 1) <= 0xdfff) j += 2;
      else if (d === 0xdb40) j += 2;
      else break;
    }
    if (text.charCodeAt(j) === 0x200d && j + 1 < text.length) j++;
    else break;
  }
  return text.slice(i, j);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLatinLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * Tokens of the Latin (and emoji) part of a text: words lower-cased, leet inside words folded, runs of three or more
 * of a letter folded to one, letters spaced out joined ("h a t e"), key words repaired, groups as `<g>`, emoji as
 * their meaning; sentence punctuation as "."; quotes as `"`.
 */
function tokenize(text: string, units: Uint16Array): Token[] {
  const raw: Token[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = units[i]!;
    if (c === 60 && text.startsWith('<url>', i)) {
      raw.push({ word: '<url>', start: i, end: i + 5, flags: 0 });
      i += 5;
      continue;
    }
    if (
      isLatinLetter(c) ||
      (c >= 48 && c <= 57) ||
      ((c === 64 || c === 36) && i + 1 < length && isLatinLetter(units[i + 1]!))
    ) {
      const start = i;
      const linkEnd = mayBeLink(units, length, i) ? endOfLink(text, i) : -1;
      if (linkEnd > 0) {
        raw.push({ word: '<url>', start, end: linkEnd, flags: 0 });
        i = linkEnd;
        continue;
      }
      if (c === 64) {
        // A mention (@name): addressing, not words.
        i++;
        while (i < length && (isLatinLetter(units[i]!) || isDigit(units[i]!) || units[i]! === 95)) i++;
        continue;
      }
      // Fast path: letters only, no run of three: the lower-cased slice.
      let j = i;
      let plain = true;
      let upper = false;
      let mask = 0; // letterMask of the lower-cased word
      while (j < length) {
        const d = units[j]!;
        if (isLatinLetter(d)) {
          if (d < 97) upper = true;
          mask |= 1 << ((d | 32) - 97);
          if (j - start >= 2 && (d | 32) === (units[j - 1]! | 32) && (d | 32) === (units[j - 2]! | 32)) plain = false;
          j++;
        } else if (d === 39 && j + 1 < length && isLatinLetter(units[j + 1]!) && j > start) j++;
        else {
          if ((d >= 48 && d <= 57) || d === 64 || d === 36 || d === 33 || d === 0x2019) plain = false;
          break;
        }
      }
      if (plain && j > start) {
        const slice = text.slice(start, j);
        const flags = maskMayMatter(mask) ? 0 : F_NOTHING;
        raw.push({ word: upper ? slice.toLowerCase() : slice, start, end: j, flags });
        i = j;
        continue;
      }
      let word = '';
      let last = '';
      let run = 0;
      let ones: number[] | undefined;
      while (i < length) {
        const d = units[i]!;
        let ch: string;
        if (isLatinLetter(d)) ch = String.fromCharCode(d | 32);
        else if ((d >= 48 && d <= 57) || d === 64 || d === 36 || d === 33) {
          // A digit or symbol between letters is a letter ("h4te", "k1ll"); else a digit stays.
          const prev = i > start ? units[i - 1]! : 0;
          const next = i + 1 < length ? units[i + 1]! : 0;
          const leet = leetFolds[String.fromCharCode(d)];
          // "8" after letters is "ate", as chat writes it (h8, gr8, l8r): not a letter of its own.
          if (d === 56 && isLatinLetter(prev) && !(next >= 48 && next <= 57)) ch = 'ate';
          // "!" ends a sentence unless a letter follows ("sh!t"): "I hate jews!" is not "jewsi".
          else if (d === 33 && !isLatinLetter(next)) break;
          else if (leet && (isLatinLetter(prev) || isLatinLetter(next)) && (isLatinLetter(next) || isLatinLetter(prev)))
            ch = leet;
          else if (d >= 48 && d <= 57) ch = String.fromCharCode(d);
          else break;
        } else if ((d === 39 || d === 0x2019) && i > start && i + 1 < length && isLatinLetter(units[i + 1]!)) {
          ch = "'";
        } else break;
        if (ch === last) {
          run++;
          if (run >= 2) {
            i++;
            continue;
          }
        } else {
          run = 0;
          last = ch;
        }
        if (d === 49 && ch === 'i') (ones ??= []).push(word.length);
        word += ch;
        i++;
      }
      // "1" is "l" as often as "i" ("b1ack", "a11"): the reading the engine knows (spelling-variants.ts).
      if (ones) word = leetOnes(word, ones, knownOrVariant);
      raw.push({ word, start, end: i, flags: 0 });
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 34 || c === 0x201c || c === 0x201d || c === 0x300c || c === 0x300d) {
      raw.push({ word: '"', start: i, end: i + 1, flags: 0 });
      i++;
      continue;
    }
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 0x3002 || c === 0xff01 || c === 0xff1f) {
      raw.push({ word: '.', start: i, end: i + 1, flags: 0 });
      i++;
      continue;
    }
    if ((c >= 0xd800 && c <= 0xdbff) || (c >= 0x2600 && c <= 0x27bf)) {
      // An emoji (a whole grapheme: skin tones and joiners included).
      const g = emojiAt(text, i);
      if (c < 0x3000 || c >= 0xd800) {
        const meaning = emojiMeaning[g] ?? emojiMeaning[g.replace(/\uFE0F/g, '')];
        if (meaning) raw.push({ word: meaning, start: i, end: i + g.length, flags: 0 });
        else if (
          emojiGroups.has(g) ||
          (skinTone.test(g) && personEmoji.test(g)) ||
          /^\u{1F3F3}/u.test(g) ||
          emojiGroups.has(String.fromCodePoint(g.codePointAt(0)!))
        )
          raw.push({
            // A group emoji with a skin tone, a gender sign or a joiner (🧕🏻, 👳‍♂️) is still the group.
            word:
              emojiGroups.has(g) ||
              /^\u{1F3F3}/u.test(g) ||
              skinTone.test(g) ||
              emojiGroups.has(String.fromCodePoint(g.codePointAt(0)!))
                ? '<g>'
                : g,
            start: i,
            end: i + g.length,
            flags: 0,
          });
      }
      i += g.length;
      continue;
    }
    if (c === 44 || c === 58 || c === 0xff0c || c === 0x3001) {
      raw.push({ word: ',', start: i, end: i + 1, flags: 0 });
      i++;
      continue;
    }
    i++;
  }
  // Letters spaced out ("h a t e", "k i l l"): three or more one-letter words in a row are one word.
  let spaced = false;
  for (let t = 0, run = 0; t < raw.length && !spaced; t++) {
    run = raw[t]!.word.length === 1 && isLatinLetter(raw[t]!.word.charCodeAt(0)) ? run + 1 : 0;
    if (run >= 3) spaced = true;
  }
  let joined: Token[] = spaced ? [] : raw;
  for (let t = 0; spaced && t < raw.length; t++) {
    let u = t;
    while (u < raw.length && raw[u]!.word.length === 1 && isLatinLetter(raw[u]!.word.charCodeAt(0))) u++;
    if (u - t >= 3) {
      // Spaced out word by word ("g a y  p e o p l e"): a wider gap ends a word (spelling-variants.ts).
      for (let v = t, w = t; v < u; v = w) {
        w = endOfSpacedWord(raw, v, u);
        const word = raw
          .slice(v, w)
          .map((x) => x.word)
          .join('');
        // "i h a t e" joins to "ihate": a leading "i" of a key word stays its own word.
        if (word.startsWith('i') && keyWordSet.has(word.slice(1))) {
          joined.push({ word: 'i', start: raw[v]!.start, end: raw[v]!.end, flags: 0 });
          joined.push({ word: word.slice(1), start: raw[v + 1]!.start, end: raw[w - 1]!.end, flags: 0 });
        } else joined.push(w - v === 1 ? raw[v]! : { word, start: raw[v]!.start, end: raw[w - 1]!.end, flags: 0 });
      }
      t = u - 1;
    } else joined.push(raw[t]!);
  }
  // Words run together ("hatejews", "alltrans people"): their pieces (spelling-variants.ts).
  joined = splitRunTogether(joined, joinedWords, unsplit, pieceToken);
  // Repairs, words run together ("ihate"), groups.
  const out: Token[] = [];
  for (let t = 0; t < joined.length; t++) {
    const tok = joined[t]!;
    let word = tok.word;
    let flags: number;
    const first = word.charCodeAt(0);
    if (word.length > 1 && first >= 97 && first <= 122) {
      if ((first === 105 || word.startsWith('we')) && word.length >= 5 && !keyWordSet.has(word)) {
        const head = word.startsWith('i') ? 'i' : 'we';
        const rest = wordInfo(word.slice(head.length));
        if (keyWordSet.has(rest.word) && rest.word.length >= 4) {
          out.push({ word: head, start: tok.start, end: tok.start + head.length, flags: wordFlags.get(head) ?? 0 });
          out.push({ word: rest.word, start: tok.start + head.length, end: tok.end, flags: rest.flags });
          continue;
        }
      }
      if (tok.flags === F_NOTHING) flags = 0;
      else {
        const info = wordInfo(word);
        word = info.word;
        flags = info.flags;
      }
    } else flags = tok.flags !== F_NOTHING && mayMatter(word) ? (wordFlags.get(word) ?? 0) : 0;
    // A group written as two words ("puerto ricans", "non binary people") is read as the joined word.
    let end = tok.end;
    if (flags & F_GROUP_HEAD && joined[t + 1] && groupPhraseHeads.get(word)!.includes(joined[t + 1]!.word)) {
      const whole = word + joined[t + 1]!.word;
      const wholeFlags = wordFlags.get(whole) ?? 0;
      if (wholeFlags & (F_GROUP_NOUN | F_GROUP_ADJECTIVE)) {
        word = whole;
        flags = wholeFlags;
        end = joined[t + 1]!.end;
        t++;
      }
    }
    if (flags & (F_GROUP_NOUN | F_GROUP_ADJECTIVE)) {
      const next = joined[t + 1];
      if (next && next.flags !== F_NOTHING && wordInfo(next.word).flags & F_PERSON_NOUN) {
        out.push({ word: '<g>', start: tok.start, end: next.end, flags: F_GROUP });
        t++;
        continue;
      }
      // "Chinese food", "Indian Ocean", "Muslim haters": the word modifies a thing (group-lexicon.ts).
      if (flags & F_GROUP_NOUN && !(next && thingAfterGroup.has(next.word))) {
        out.push({ word: '<g>', start: tok.start, end, flags: F_GROUP });
        continue;
      }
    }
    // "People with disabilities", "people of colour", "people in wheelchairs".
    if (flags & F_PERSON_NOUN) {
      const taken = conditionAfter(joined, t);
      if (taken > 0) {
        out.push({ word: '<g>', start: tok.start, end: joined[t + taken]!.end, flags: F_GROUP });
        t += taken;
        continue;
      }
    }
    // "The deaf", "the French" (not "the French government", nor "the French people": that is read next).
    if (word === 'the' && joined[t + 1] && groupAfterThe.has(joined[t + 1]!.word)) {
      const after = joined[t + 2];
      if (!(after && (thingAfterGroup.has(after.word) || wordInfo(after.word).flags & F_PERSON_NOUN))) {
        out.push({ word: '<g>', start: tok.start, end: joined[t + 1]!.end, flags: F_GROUP });
        t++;
        continue;
      }
    }
    // The token object is reused: tokens of `joined` are read ahead (t + 1) by word (and F_NOTHING) only, never
    // written before.
    tok.word = word;
    tok.flags = flags;
    // A two-word group read as one ends where its second word does (it was skipped above).
    tok.end = end;
    out.push(tok);
  }
  return out;
}

/**
 * How many tokens after a person noun at `t` name a condition that makes the phrase a group ("people with autism",
 * "men of colour", "kids in wheelchairs": group-lexicon.ts), or 0.
 */
function conditionAfter(tokens: Token[], t: number): number {
  const preposition = tokens[t + 1];
  const conditions =
    preposition && Object.hasOwn(conditionsAfterPerson, preposition.word)
      ? conditionsAfterPerson[preposition.word]
      : undefined;
  if (!conditions) return 0;
  for (const words of conditions) {
    let k = 0;
    while (k < words.length && tokens[t + 2 + k]?.word === words[k]) k++;
    if (k === words.length) return words.length + 1;
  }
  return 0;
}

/**
 * The canonical string of the tokens, " w1 w2 ... wn ", and where each token starts in it: one join over a packed
 * array (pushed, not preallocated with holes: join's fast path) gives a flat string; appending word by word built a
 * rope that the first slice then flattened. (Writing the words as bytes and decoding once was faster on English
 * texts alone but slower on a mix: the words of a Chinese text are two-byte strings.)
 */
let startsBuffer = new Int32Array(256);

/** `starts` is a reused buffer (findMeaning reads it before it canonicalises another text), valid to tokens.length. */
function canonical(tokens: Token[]): { text: string; starts: Int32Array } {
  if (startsBuffer.length < tokens.length + 1) startsBuffer = new Int32Array((tokens.length + 1) * 2);
  const starts = startsBuffer;
  const words: string[] = [''];
  let at = 1;
  for (let t = 0; t < tokens.length; t++) {
    const word = tokens[t]!.word;
    starts[t] = at;
    words.push(word);
    at += word.length + 1;
  }
  words.push('');
  starts[tokens.length] = at;
  return { text: words.join(' '), starts };
}

function spanOf(tokens: Token[], starts: Int32Array, from: number, to: number): { start: number; end: number } {
  let first = -1;
  let last = -1;
  for (let t = 0; t < tokens.length; t++) {
    const s = starts[t]!;
    const e = s + tokens[t]!.word.length;
    if (e > from && s < to) {
      if (first < 0) first = t;
      last = t;
    }
  }
  if (first < 0) return { start: 0, end: 0 };
  return { start: tokens[first]!.start, end: tokens[last]!.end };
}

const NOT_BEFORE =
  "(?<!\\b(?:not|never|n't|dont|don't|doesn't|doesnt|didn't|didnt|wouldn't|wouldnt|won't|wont|no|nobody|noone|cannot|can't|cant|stop|quit) (?:\\w+ )?)";

/**
 * A group with only the determiners that pick its members out ("round up all the <g>", "teach those <g> a lesson"):
 * narrower than `GROUP` (no quantifiers such as "some", no insults), as the fifth round's rules were written.
 */
const PICKED_GROUP = '(?:all |every |each |the |those |these )*<g>';

/**
 * After a group word: it does not modify a thing ("the best <g> restaurant", "<g> food"), so the group's members
 * are the patient.
 */
const NOT_A_THING =
  '(?! (?:restaurants?|food|cuisine|dishes|recipes?|snacks|music|movies?|films?|shows?|songs?|art|culture|language|flags?|places?|shops?|stores?|markets?|bakery|cafe|takeaway|takeout|dinner|lunch|breakfast|team|teams|history|holidays?|festivals?|parades?|recipes)\\b)';

/** `needsGroup`: every alternative names a group, so a sentence without one is not tried. */
const englishThreats: { re: RegExp; group: boolean; plain?: boolean; needsGroup?: boolean }[] = [
  // Violence meant without a violent verb, aimed at a group: round <g> up, deal with <g> once and for all, teach <g>
  // a lesson, make <g> regret being born, <g> better watch their backs, <g> should be 🔥 (an emoji as the verb).
  {
    re: new RegExp(
      `\\bround (?:up ${PICKED_GROUP}|${PICKED_GROUP} up)(?! (?:for|to) (?:the |a |our |my |their )?(?:\\w+ ){0,2}(?:photo|picture|pic|meeting|party|game|match|trip|dinner|lunch|class|event|prayers?|service|tour|celebration|festival|show|vote|survey|drinks)\\b)|\\b(?:deal with|take care of|get rid of) ${PICKED_GROUP}(?: people)? (?:once and for all|for good|permanently)|\\bteach ${PICKED_GROUP}(?: people)? a lesson(?! (?:in|on|about|of|at)\\b)|\\bmake ${PICKED_GROUP}(?: people)? (?:regret (?:being born|ever|the day|existing|living|coming)|suffer|bleed|beg for)|<g> (?:had |'d |d )?better (?:watch (?:their|your|ur) (?:backs?|step)|run|hide|sleep with one eye open|start running)\\b|<g> (?:should|must|need to|needs to|deserve to|ought to) (?:all )?(?:be |get )?(?:<fire>|<kill>|<dead>)`,
    ),
    group: true,
    needsGroup: true,
  },
  // I / we will ... (future, wish, plan), aimed at a group, at "you", or at everyone of a kind.
  {
    re: new RegExp(
      `\\b(?:i|we|i'm|im|we're|were|ima|imma|i'ma|gonna)(?: \\w+){0,2} ${FUTURE} (?:\\w+ ){0,2}${KILL}(?: and ${KILL})? (?:(?:up|down|all|every|each|some|the|those|these|any|of|next|single|more|off|a|few|couple|more|lot|bunch|dozen|hundred|thousand|million|fucking|damn|dirty|filthy) )*(?:<g>|${englishTargets}\\b|(?:one|person|guy|kid|child|bitch|man|woman)\\b)`,
    ),
    group: false,
  },
  {
    re: new RegExp(`\\b(?:i|we)(?: \\w+){0,2} ${FUTURE} (?:\\w+ ){0,3}${KILL} (?:\\w+ ){0,4}<g>${NOT_A_THING}`),
    group: true,
  },
  // Norms: <g> should / must / deserve to / need to be killed, all <g> must die.
  {
    re: new RegExp(
      `(?<!\\b(?:against|towards|toward|of|for|about|on|with|to) (?:the |all |those |these )?)${GROUP} (?:\\w+ ){0,2}(?:should|must|need to|needs to|ought to|deserve to|deserves to|have to|has to|shall|will|are going to|gonna)(?: all| really| just| simply)? (?:be (?:all )?(?:\\w+ (?:\\w+ )?and )?${KILLED}|be wiped (?:off|from) (?:the face of )?(?:the )?(?:earth|map|planet)|die|${KILL}|burn|<fire>|rot|hang|suffer|be put (?:down|to death|in (?:camps|ovens|gas chambers))|be sent (?:back )?to (?:the )?(?:gas chambers|camps|ovens))(?![a-z])`,
    ),
    group: true,
  },
  // The world would be better if they were dead, it would be great if someone shot all <g>; <g> deserve ☠️ / a bullet.
  {
    re: new RegExp(
      `(?:world|country|earth|planet|everyone|we|life|it|things|society|america|europe|this place) (?:would be|will be|'d be|d be|is|was) (?:so much |much |a lot |far |a whole lot |such )?(?:better|safer|great|nice|good|awesome|wonderful|amazing|perfect|a better place|a safer place|an? (?:good|great|happy|beautiful) day) (?:off )?(?:if|when|once) (?:(?:all |the |those |these |every |each |some )*<g> (?:(?:were|was|are|is|got|get) (?:all )?(?:dead|gone for good|${KILLED})|(?:all )?(?:died|dropped dead|perished|caught fire|burned|burnt))|(?:someone|somebody|we|people|they|you|the army|the government) (?:\\w+ )?(?:${KILLED}|${KILL}|blew up|burned down|burnt down|torched|firebombed|shot up) (?:(?:all|every|each|the|those|these|of|some|last|single|one|their) )*(?:<g>|(?:\\w+ )?(?:mosques?|synagogues?|temples?|gurdwaras?)(?![a-z])))|${GROUP} (?:\\w+ ){0,2}(?:deserve|deserves|need|needs|should get|should all get|all need|all deserve) (?:nothing but |only |nothing less than )?(?:an? |the )?(?:<dead>|<kill>|<fire>|death|bullet|bullets|rope|noose|gallows|firing squad|gas chamber|death penalty|to be <dead>)(?: each| in (?:the|their) (?:head|heads|skull))?(?![a-z])`,
    ),
    group: true,
  },
  // Subjectless future, as in chat: "gonna 🔫 every ...", "going to shoot the ... next door".
  {
    re: new RegExp(
      `^ (?:gonna|going to|gon|finna|about to|will|wanna|want to) (?:\\w+ ){0,1}${KILL} (?:(?:all|every|each|some|the|those|these|any|of|a|few|fucking|damn|dirty|filthy) )*<g>`,
    ),
    group: true,
  },
  // Calls to arms where a group is named.
  {
    re: new RegExp(
      `\\b(?:arm yourselves|take up arms|grab your (?:guns|rifles|weapons|knives))\\b[^.]{0,60}<g>|<g>[^.]{0,60}\\b(?:arm yourselves|take up arms)\\b`,
    ),
    group: true,
  },
  {
    re: new RegExp(
      `(?:deserve|deserves) to (?:die|be ${KILLED}|burn|hang|suffer)|(?:^| )(?:death to|kill all|gas all|gas the|hang all|shoot all|nuke all|exterminate all|exterminate the) (?:\\w+ ){0,2}<g>`,
    ),
    // Aimed at a group only when the match names one (the label then reads the <g>).
    group: false,
  },
  // Calls to others: let's / someone should / go / grab your guns and ...
  {
    re: new RegExp(
      `(?:let's|lets|let us|someone should|somebody should|someone needs to|somebody needs to|we should|we need to|we must|you should|you guys should|everyone should|go and|go|time to|it's time to|its time to|we have to|i say we|get out there and|grab your (?:guns|knives|rifles|weapons) and(?: go)?) (?:\\w+ ){0,3}${KILL} (?:(?:up|down|all|every|each|some|the|those|these|any|of|next|single|more|a|few|couple|lot|bunch|fucking|damn|dirty|filthy) )*(?:<g>|${englishTargets}\\b|(?:this|that) (?:guy|man|woman|bitch|bastard|idiot|kid|one)\\b)`,
    ),
    group: false,
  },
  {
    re: new RegExp(
      `(?:put|putting) a bullet (?:in|into|through) (?:\\w+ ){0,3}(?:<g>|${englishTargets}\\b)|(?:slit|cut) (?:their|your|his|her) throats?`,
    ),
    group: false,
  },
  // Conditionals: if ..., I will stab them.
  {
    re: new RegExp(
      `\\bif\\b[^.]{0,80}(?:i|we)(?: \\w+){0,1} ${FUTURE} (?:\\w+ ){0,2}${KILL} (?:${englishTargets}|<g>)\\b`,
    ),
    group: false,
  },
  // Conditionals without "if": "one more <g> here and I start shooting", "another word and I'll stab you".
  {
    re: new RegExp(
      `\\b(?:one more|another|any more)\\b[^.]{0,50}? (?:and|,) (?:then )?(?:i|we|i'll|ill|we'll)(?: \\w+){0,2} (?:(?:${FUTURE}|start|begin|will start) )?(?:\\w+ )?(?:${KILL}|shooting|stabbing|killing|burning|cutting|swinging)(?![a-z])`,
    ),
    group: false,
    plain: true,
  },
  // The next one to do something gets hurt: "the next <g> who talks back gets a knife in the ribs", "any <g> I see
  // near my house gets a bullet", "if another <g> moves in he gets a knife" (a condition, then its consequence).
  {
    re: new RegExp(
      `\\b(?:next|first|any|every|another|one more|(?:if|when|once|the day|the moment|the minute|the second|let|should) (?:a|an|another|any|one|some|those|these|the|more|single)) (?:\\w+ ){0,2}(?:<g>|one|person|guy|man|woman|kid|bitch|idiot)(?![a-z])[^.]{0,50}? (?:(?:(?:he|she|they|it|that one) )?(?:gets|get|is getting|will get|'ll get|gonna get|is gonna get|is going to get|will be getting|is|will be)|(?:he's|hes|she's|shes|they're|theyre|he'll|she'll|they'll) (?:getting|gonna get|going to get|get)) (?:(?:a|an|the|his|her|their|some) )?(?:bullet|bullets|knife|blade|beating|beat down|bat|axe|stabbed|shot|killed|<kill>|<dead>|dead|a dead man|hanged|lynched|curb stomped|buried)(?![a-z])`,
    ),
    group: false,
  },
  // Conditionals with a contracted future and any patient: "if another <g> moves in, I swear I'll burn their house".
  {
    re: new RegExp(
      `\\bif\\b[^.]{0,80}?\\b(?:i'll|ill|we'll|i'd|we'd|i will|we will|i would|i'm going to|im going to|i am going to|i'm gonna|im gonna|we're going to|we are going to)(?: \\w+)? (?:${KILL}) (?:(?:up|down|all|every|the|those|these) )*(?:${englishTargets}|<g>|their|his|her|your|ur|its)(?![a-z])`,
    ),
    group: false,
  },
  // A condition on a group whose consequence is their death: "if those <g> keep coming, they will all hang".
  {
    re: new RegExp(
      `\\b(?:if|when|once|the day|the moment|should)\\b[^.]{0,80}?<g>[^.]{0,60}? (?:they|they'll|theyll|them all|every one of them|each of them)(?: all)?(?: (?:will|shall|are going to|are gonna|gonna|'re going to))?(?: all)? (?:hang|die|burn|bleed|rot|pay with their lives|be ${KILLED})(?![a-z])`,
    ),
    group: true,
    needsGroup: true,
  },
  // A conditional whose consequence is bloodshed: "if <g> keep coming here, there will be blood".
  {
    re: /\b(?:if|or|otherwise|else|when|once|next time|the day|the moment|one more|another)\b[^.]{0,80}?\b(?:there will be|there'll be|there is going to be|there's going to be|there's gonna be|theres gonna be|there is gonna be) (?:blood|bloodshed|violence|bodies|a massacre|a bloodbath|a war|war)\b/,
    group: false,
    plain: true,
  },
  // Making someone suffer: "I will make sure every <g> suffers", "we'll make them pay".
  {
    re: new RegExp(
      `\\b(?:i|we|i'll|ill|we'll|im|i'm)(?: \\w+){0,2} (?:(?:${FUTURE}) )?make (?:(?:sure|certain) (?:that )?(?:\\w+ ){0,3}(?:<g>|you|u|they|them|he|she)(?![a-z])[^.]{0,30}?|(?:(?:all|the|those|these|every|single|one|of|each|last|fucking|damn) )*(?:<g>|you|u|them|him|her) )(?:suffers?|dies?|pays?|bleeds?|burns?|never walks? again|disappears?)(?![a-z])`,
    ),
    group: false,
    plain: true,
  },
  // Paying with lives, wiping off the earth: "<g> will pay with their lives", "we will wipe <g> off the map".
  {
    re: new RegExp(
      `\\bpay (?:for (?:this|it|that) )?(?:with (?:their|your|his|her) (?:lives|life|blood)|in blood)\\b|\\b(?:i|we)(?: \\w+){0,2} ${FUTURE} (?:\\w+ )?wipe (?:(?:all|the|those|these|every|of) )*(?:<g>|you|them)[^.]{0,12}?(?:off|from) (?:the face of )?(?:the )?(?:earth|map|planet)\\b`,
    ),
    group: false,
    plain: true,
  },
  // Readying a weapon as the consequence or a call, where a group or its place is named: "if I see a <g> at my kid's
  // school, I'm bringing my gun", "the day <g> take over, I'm loading my rifle", "let's grab our guns and pay the
  // mosque a visit" (hunting and the range are their own topics).
  {
    re: /^(?=[^.]*(?:<g>|\b(?:mosques?|synagogues?|temples?|gurdwaras?|pride)\b))[^.]*?\b(?:i'm|im|i am|i'll|ill|i will|we're|we are|we'll|we will|gonna|going to|i'd|we'd|let's|lets|let us|time to|we should|we need to|everyone|everybody)(?: \w+)? (?:bringing|bring|loading|load|grabbing|grab|getting|get|taking|take|pulling out|pull out|reaching for|cocking|cock|racking|rack) (?:out )?(?:my|our|the|a) (?:\w+ )?(?:gun|guns|rifle|rifles|shotgun|pistol|glock|ar 15|ar15|ak 47|ak47|machete|piece|9mm)\b(?![^.]*\b(?:hunt|hunting|range|deer|target practice|season|duck|clay|safari)\b)/,
    group: true,
  },
  // Wishes for a group's death and the places of death a group is said to belong in: "I wish all <g> would just die",
  // "<g> belong in ovens".
  {
    re: new RegExp(
      `\\b(?:wish|hope|pray) (?:that )?(?:(?:all|the|those|these|every|each|of) )*<g> (?:would |will |could |might )?(?:all |just |finally |simply )*(?:die|drop dead|burn|rot|get ${KILLED}|be ${KILLED}|were dead|was dead)(?![a-z])|<g> (?:\\w+ )?(?:belong|belongs) (?:in|to) (?:the |a )?(?:ovens?|gas chambers?|graves?|mass graves?|coffins?|body bags|concentration camps|death camps|the ground|six feet under|the gallows|a noose|front of a firing squad)(?![a-z])`,
    ),
    group: true,
    needsGroup: true,
  },
  // Hunting people as game, and the old means of killing brought back: "open season on <g>", "go hunting for <g>
  // this weekend", "bring back lynching for <g>" (the group must end its phrase: "hunting for <g> snacks" is food).
  {
    re: /\b(?:open season (?:on|for)|(?:go|going|gonna go|time to go|let's go|lets go) hunting(?: for)?) (?:(?:all|the|those|these|some|any|more|illegal|\w+) )?<g>(?= (?:,|this|tonight|today|tomorrow|now|in|at|on|with|and|or|boys|lads|guys|lol|again|next)(?= |$)| ?$)|\bbring back (?:the )?(?:lynching|lynchings|lynch mobs|the gallows|gallows|the ovens|ovens|gas chambers|the camps|public hangings|the noose|the rope|the klan|the kkk)\b(?=[^.]*<g>)/,
    group: true,
    needsGroup: true,
  },
  // A group's place in the line to be shot, the only answer for a group, a second holocaust.
  {
    re: /<g>(?: \w+){0,4} (?:is|are|will be|'ll be|goes|go|will go|gonna be) (?:the )?(?:first|next)? ?(?:up )?against the wall\b|\b(?:only|final|best|real|one|true) (?:solution|answer|cure|fix|remedy) (?:for|to) (?:the |all |those |these )?(?:\w+ )?<g>(?: \w+)? (?:is|are|would be) (?:an? |the )?(?:firing squads?|bullets?|gas|gassing|genocide|extermination|death|ropes?|nooses?|gallows|ovens?|gas chambers?|mass graves?|bombs?|nukes?|<kill>|<dead>)(?![a-z])|\b(?:time for|we need|bring on|start|ready for|let's have|lets have) (?:a |the )?(?:second|another|new|next|final|real) (?:holocaust|genocide|final solution|kristallnacht|pogrom)\b/,
    group: true,
    plain: true,
  },
  // Leaving in a body bag: "come to my door and you'll leave in a body bag".
  {
    re: /\b(?:you'll|youll|you will|you're going to|youre going to|you are going to|you're gonna|youre gonna|they'll|theyll|they will|they're going to|they're gonna|theyre gonna) (?:\w+ )?(?:leave|go home|end up|come back|be carried out|be going home|be sent home|go back) in (?:a |the )?(?:body bags?|coffins?|pine box|casket|box)\b/,
    group: false,
    plain: true,
  },
  // Consequences that promise violence without an act verb: "... and see how many go home alive", "we will be
  // waiting with guns".
  {
    re: /\b(?:see|watch|find out) how (?:many|much|long|few)(?: of (?:them|you|us))? (?:\w+ )?(?:go|goes|make it|get|gets|walk|walks|come|comes|leave|leaves|survive|survives|stay|stays) (?:(?:home|back|out|away) )?alive\b|\b(?:will be|'ll be|ll be|we're|were|we are|i'm|im|i am|be) (?:\w+ )?waiting (?:for (?:them|you|<g>|\w+) )?with (?:(?:my|our|loaded|the|some|a|few|couple|of|big) )*(?:guns|rifles|knives|bats|machetes|pitchforks|torches|ropes|nooses|shotguns|a gun|a rifle|a knife|a bat|a machete|a rope|a noose|a shotgun)\b/,
    group: false,
    plain: true,
  },
  // Emoji for the group next to weapon emoji (🧕🔪🔪, 🔪🏳️‍🌈), and the only good <g> is a dead one.
  {
    re: /(?:^| )<g>(?: <g>)* <kill> <kill>|(?:^| )<kill> (?:<kill> )*(?:(?:on|at|for|in|to|into) )?(?:(?:every|all|the|those|these|each|their|some|your|ur) )?<g>(?= |$)|(?:^| )<g>(?: \w+)? -> (?:<dead>|<kill>)|(?:^| )(?:<dead>|<kill>) to (?:all |the |every |those |these )*<g>(?= |$)|\b(?:if|when|once|the day|next|any|another|one more)\b[^.]{0,60}<g>[^.]{0,40}? <kill>(?= |$)|\bthe only good <g> (?:is|are) (?:an? |the )?(?:dead|<dead>)(?! (?:end|battery|phone|language|link|zone|giveaway|heat|serious|tired))/,
    group: true,
    needsGroup: true,
  },
  // Threats to a person, plainly: you're dead, you will die, I know where you live.
  {
    re: /\b(?:you're|youre|you are|ur|u r|you) (?:so |already )?(?:dead meat|dead|a dead man|gonna die|going to die|will die)\b|\bi know where you live\b|\b(?:break|smash|crush|snap) (?:your|his|her|their|ur) (?:legs|leg|neck|arms|arm|bones|face|jaw|skull|head|teeth|knees)\b|\b(?:kick|kicking|bash|bashing|smash|smashing|cave|caving|beat|beating) (?:some|their|his|her|your|those|the|a few) (?:\S+ )?(?:heads|head|skulls|skull|faces|face|teeth) in\b|\bwatch your back\b|\byou will not see tomorrow\b|\byou won't see tomorrow\b|\b(?:beat|kick|stab|choke|strangle|stomp) (?:you|u|him|her|them|ya) to death\b|\bput (?:you|u|ya|him|her) (?:six feet under|(?:in|into|under) (?:the |a )?(?:ground|grave|hospital|coffin|body bag))\b|\bsleep with one eye open\b|\b(?:i'm|im|i am) coming for (?:you|u|ya)\b/,
    group: false,
    plain: true,
  },
];

/**
 * Verbs and phrases of antipathy after "I"/"we" ("I hate <g>", "I can't stand <g>", "I'm disgusted by <g>", "I will
 * never stop hating <g>"): the lexicon of the "I hate <group>" structure.
 */
const ANTIPATHY =
  "(?:hate|despise|detest|loathe|abhor|abominate|dislike|resent|can ?not stand|cannot stand|can't stand|cant stand|can ?not bear|can't bear|cant bear|can ?not tolerate|can't tolerate|cant tolerate|can ?not stomach|can't stomach|cant stomach|(?:am |are |'m |m )?(?:disgusted|repulsed|sickened|revolted|nauseated|grossed out) by|am sick of|'m sick of|m sick of|(?:will )?never stop (?:hating|despising|loathing)|(?:can't|cant|cannot) stop (?:hating|despising|loathing)|have (?:nothing but|only|such) (?:contempt|hatred|disdain) for|have (?:no|zero) respect for)";
/**
 * What the speaker refuses to do with any member of a group ("I would never hire a <g>", "we won't rent to <g>"):
 * discrimination declared, in the negated-praise rule.
 */
const REFUSED_RELATION =
  '(?:respect|accept|trust|tolerate|like|forgive|hire|employ|date|marry|befriend|rent to|sell to|serve|vote for|work with|work for|sit next to|live next to|live near|shake hands with|let my (?:\\w+ )?(?:date|marry))';

/** What a group is said to do to the speaker's body or temper ("makes my blood boil", "turns my stomach"). */
const CAUSED_EMOTION =
  '(?:(?:make|makes|made) me (?:feel )?(?:so |physically )?(?:sick|ill|nauseous|disgusted)|(?:make|makes|made) me (?:want to |wanna )?(?:puke|vomit|throw up|gag|disgusting)|(?:make|makes|made) my (?:skin crawl|blood boil|stomach turn|stomach churn)|(?:turn|turns) my stomach)';
/** Seeing or thinking of a group, as the cause of that emotion ("seeing <g> ...", "every time I see <g> ..."). */
/**
 * The words between a group and the emotion it is said to cause, unless one says what is done to the group ("seeing
 * <g> mocked makes me sick", "<g> being attacked makes my blood boil"): then the emotion is sympathy, not hate.
 */
const GAP_NO_HARM = '(?:(?![a-z]+ed |being |getting |get |suffer|treated |beaten |hurt |bullied )\\w+ ){0,2}';
/** After "when I see <g>": the same guard on what follows the group. */
const NO_HARM_AFTER = '(?! (?:\\w+ )?(?:[a-z]+ed|being|getting|suffer\\w*|treated|beaten|hurt|bullied)\\b)';
const WHEN_SEEING =
  '(?:looking at|seeing|the sight of|being around|the thought of|thinking about|thinking of|hearing|being near|when i see|whenever i see|every time i see|everytime i see|when i look at|when i hear)';

const englishHate: { re: RegExp; strong: boolean }[] = [
  // I hate / despise / can't stand <g>.
  {
    re: new RegExp(
      `\\b(?:i|we|everyone|everybody|i'm|im|we're)(?: (?:really|just|truly|honestly|fucking|freaking|so|absolutely|totally|genuinely|still|all|do|and|always|will|will always|forever|deeply|seriously|literally|personally|secretly|openly|also|kinda|bloody|damn))* ${ANTIPATHY} (?:being |to be )?(?:(?:around|near|with|the sight of|the smell of|looking at|seeing|living with|living near|working with) )?(?:all |the |those |these |every |every single |most |fucking |damn )*(?:<g>|one of (?:them|those) <g>)`,
    ),
    strong: false,
  },
  {
    re: new RegExp(
      `${GROUP} ${GAP_NO_HARM}(?:disgust|disgusts|sicken|sickens|repulse|repulses|revolt|revolts|nauseate|nauseates|${CAUSED_EMOTION}|fills? me with (?:disgust|hatred|hate|rage|contempt|revulsion|loathing))(?![a-z])`,
    ),
    strong: false,
  },
  // Disgust at the sight or thought of a group: "just looking at <g> makes me want to throw up".
  {
    re: new RegExp(
      `\\b${WHEN_SEEING} (?:(?:all|the|those|these|a|an|any|so many) )*<g> ${GAP_NO_HARM}(?:${CAUSED_EMOTION}|(?:make|makes|made) me (?:cringe|furious|rage)|i (?:feel|get|felt|got) (?:so |physically |instantly )*(?:sick|ill|nauseous|disgusted))(?![a-z])|\\b${CAUSED_EMOTION} (?:when|whenever|every time|everytime|to see|seeing|to look at|looking at) (?:i (?:see|look at|hear|think about|think of) )?(?:(?:all|the|those|these|a|an|any|so many) )*<g>${NO_HARM_AFTER}|\\bi (?:feel|get|felt|got) (?:so |physically |instantly )*(?:sick|ill|nauseous|disgusted) (?:when|whenever|every time|everytime) i (?:see|look at|hear|think about|think of) (?:(?:all|the|those|these|a|an|any|so many) )*<g>${NO_HARM_AFTER}`,
    ),
    strong: false,
  },
  // Hatred as a noun: I have so much hatred for / my contempt for <g>.
  {
    re: new RegExp(
      `\\b(?:i|we|my|our)(?: \\w+){0,3} (?:hatred|hate|contempt|disgust|loathing|disdain) (?:for|of|towards|toward|against) (?:all |the |those |these |every )*<g>`,
    ),
    strong: false,
  },
  // Profanity aimed at a group: fuck / screw / to hell with all <g>.
  {
    re: new RegExp(
      `(?:^ |\\b)(?:fuck|fck|fuk|screw|damn|to hell with|(?<!\\b(?:get|gets|getting|got|go|goes|going|went|come|comes|coming|came|be|been|being|is|am|are|was|were|'m|'re|'s|im|totally|so) )down with|death to) (?:all |the |those |these |every |you |fucking |stupid |dirty )*<g>`,
    ),
    strong: false,
  },
  // Telegraphic (emoji style): <g> disgusting, <g> = trash.
  {
    re: /(?:^ |\. )<g> (?:= |== )?(?:so |just |fucking )?(?:disgusting|vile|gross|repulsive|trash|garbage|filth|scum|no good)(?![a-z])/,
    strong: false,
  },
  // A quantified subject with a relative clause: every <g> I have met was lazy and dirty.
  {
    re: new RegExp(
      `\\b(?:every|each|all|most|any|all the) <g> (?:\\w+ ){1,4}(?:is|are|was|were|has been|have been) (?:(?:so|just|really|always|all|such|a bunch of|complete|total) )*(?:${NEG_ADJ}|${DEHUM})(?![a-z])`,
    ),
    strong: false,
  },
  // Invasion and ruin: <g> are infesting / ruining / taking over our ...; <g> are the problem.
  {
    re: new RegExp(
      `<g> (?:are|is|keep|keeps|have been|has been|will keep) (?:\\w+ )?(?:ruining|destroying|invading|infesting|polluting|poisoning|taking over|overrunning|infecting|breeding like)\\b|<g> (?:are|is) (?:the problem|to blame|the reason (?:\\w+ ){0,4}(?:is|are) (?:going downhill|ruined|falling apart|going to hell|so bad|broken))`,
    ),
    strong: false,
  },
  // Insinuation and stereotype without a bad word (you know what <g> are like, <g> can't help themselves), respect
  // denied (no <g> deserves respect), and weariness of a group (I'm sick of <g>).
  {
    re: /\byou know what (?:all |the |those |these )*<g> (?:are|is) like\b|<g> (?:just |simply )?(?:can't|cant|cannot|can not) help themselves\b|\bno <g> (?:\w+ )?deserves? (?:any )?(?:respect|rights|love|kindness|dignity|sympathy|compassion|happiness|a chance|to be (?:happy|loved|respected|free|treated equally))\b|\b(?:i'm|im|i am|we're|we are) (?:so |really |just |fucking |getting |so fucking )*(?:sick|tired|sick and tired|fed up) (?:of|with) (?:all |the |those |these |fucking )*<g>/,
    strong: false,
  },
  // <g> are disgusting / stupid / vermin.
  {
    re: new RegExp(
      `${NOT_BEFORE}${GROUP} (?:(?:are|r|is|were|'re|re|being) )(?:(?:all|so|just|really|truly|such|nothing but|simply|basically|always|fucking|literally|like|a bunch of|a pack of|a herd of|the|total|complete|absolute|utter|disgusting|filthy|dirty|dumb|stupid|worthless|these|some|more|even|still|mostly|too) )*(?:${NEG_ADJ}|${DEHUM})(?![a-z])`,
    ),
    strong: false,
  },
  // Dehumanisation by comparison: <g> = 🐀, <g> like rats, <g> and other vermin.
  {
    re: new RegExp(
      `${GROUP} (?:(?:=|==|like|as|and other|or other|r|are|is|were|just|nothing but|no better than|nothing more than|worse than|breed like|multiply like|act like|behave like|live like|spread like) )*(?:fucking |filthy |dirty )?${DEHUM}(?![a-z])`,
    ),
    strong: true,
  },
  {
    re: new RegExp(
      `\\b(?:those|these|the|dirty|filthy|fucking) (?:\\w+ )?${DEHUM} (?:called |known as )?<g>|<g> ${DEHUM}`,
    ),
    strong: true,
  },
  // Exclusion and implicit derogation.
  {
    re: new RegExp(
      `${GROUP} (?:\\w+ ){0,2}(?:belong|belongs) (?:in|to) (?:a |the )?(?:zoo|cage|cages|jungle|trash|garbage|gutter|sewer|oven|ovens|gas chamber|gas chambers|camps|hell|prison)|${GROUP} (?:should|must|need to|needs to|ought to) (?:all )?(?:be )?(?:go back|get out|leave|be banned|be deported|be sent back|be removed|be locked up|be caged|be sterilized|be sterilised|not be allowed|not exist|never have been born|stay in the kitchen|be segregated|be kicked out|be thrown out|disappear|be wiped out)`,
    ),
    strong: false,
  },
  {
    re: new RegExp(
      `\\b(?:get rid of|wipe out|exterminate|eradicate|eliminate|purge|remove|deport|ban|kick out|throw out|cleanse (?:our country|the country|the world|europe|america) of) (?:all |the |those |these |every )*<g>`,
    ),
    strong: false,
  },
  // Exclusion: keep <g> out, no <g> allowed, why can't <g> just disappear, don't want <g> near.
  {
    re: new RegExp(
      `\\bkeep (?:all |the |those |these |any )*<g> (?:out|away)\\b(?! from (?:harm|danger|bullies|bullying|abusers|predators|violence|hate|attackers|extremists|traffickers|poverty)\\b)|\\bno <g> (?:allowed|wanted|welcome)\\b|\\bwhy (?:can't|cant|cannot|can not|don't|dont|do not|won't|wont) (?:all |the |those |these )*<g> (?:just )?(?:disappear|go back|leave|die|go away|get out|stay (?:home|away|out)|vanish)\\b|\\b(?:don't|dont|do not) want (?:any |those |these |the )*<g> (?:anywhere )?(?:near|around|in (?:my|our))\\b`,
    ),
    strong: false,
  },
  // Negated praise with a modal: <g> will never be equal to us; I will never respect <g>; nothing good about <g>.
  {
    re: new RegExp(
      `${GROUP} (?:(?:will|can|could|would|shall) (?:never|not)|cannot|can't|cant|couldn't|could never|won't|wont) (?:ever )?(?:be )?(?:equal|our equals|as good as|smart|intelligent|trusted|trustworthy|honest|loyal|decent|civilized|civilised|educated|one of us|human|normal|good (?:enough|leaders|parents|people)|capable|accepted|welcome|worth)|\\b(?:i|we|i'd|we'd|i'll|we'll) (?:(?:(?:will|would|could|can) )?never|wouldn't|would not|won't|will not|refuse to) (?:ever )?(?:again )?${REFUSED_RELATION} (?:all |the |those |these |any |an? )*<g>|\\bnothing (?:good|right|decent|positive|worthwhile|of value) (?:about|in|from|with) (?:all |the |those |these |any )*<g>`,
    ),
    strong: false,
  },
  {
    re: new RegExp(
      `${NOT_BEFORE}(?:never|can't|cannot|can not|don't|dont|do not|shouldn't) (?:ever )?trust (?:a |any |the |those |these )?<g>|${GROUP} can(?:not|'t| never| not) (?:ever )?be trusted`,
    ),
    strong: false,
  },
  // Negated praise: <g> are never any good, no <g> is worth anything, <g> are not human.
  {
    re: new RegExp(
      `${GROUP} (?:(?:are|is|r|were) (?:never|not|no)|aren't|arent|isn't|isnt|ain't|aint|weren't|werent) (?:(?:ever|even|really|truly|fully|real|proper) )*(?:any good|good for anything|worth anything|worth it|human beings|humans|human|people|real people|persons|real women|real men|women|men|welcome|intelligent|smart|capable|equal|normal|to be trusted|trustworthy|worth (?:saving|respecting|our time))|\\bno <g> (?:\\w+ ){0,2}(?:is|are|has ever been|have ever been|was ever|will ever be|deserves to (?:live|exist)|is worth|ever did anything good|can be trusted)|${GROUP} (?:has|have) never (?:done|contributed|achieved) anything|${GROUP} (?:are|is|r) (?:\\w+ )?incapable of\\b|${GROUP} (?:lack|lacks) (?:any |basic |all )?(?:morals|intelligence|decency|humanity|brains|empathy|honesty)\\b|${GROUP} (?:are|is) (?:a |the )?(?:plague|cancer|disease|virus|burden|curse|blight) (?:on|to|of|for)`,
    ),
    strong: false,
  },
  {
    re: new RegExp(
      `\\bwhy (?:are|is|do) (?:all |so many |so much |most )?<g> (?:so |always |all |such )*(?:${NEG_ADJ}|${DEHUM})`,
    ),
    strong: false,
  },
  {
    re: new RegExp(
      `<g>[^.]{0,60}\\b(?:i|we) (?:hate|despise|detest|loathe) (?:every|each|all)(?: single)? (?:one|of them)`,
    ),
    strong: false,
  },
  { re: /\b(?:typical|fucking|dirty|filthy|stupid) <g>(?![a-z])(?! (?:rights|history|culture))/, strong: false },
  // Stereotypes stated as fact: what a group "only knows how to" do, what it always does, what it ruins.
  {
    re: new RegExp(
      `${GROUP} (?:(?:only|just|all|really|simply) )*(?:know how to|knows how to|want to|wants to|care about|cares about|are good for|are good at) (?:(?:is|nothing but|is to) )?(?:cause trouble|causing trouble|make trouble|steal|stealing|lie|lying|cheat|cheating|complain|complaining|breed|breeding|sponge|leech|scam|rob|whine|beg|take|taking|destroy|ruin|kill|rape|commit crimes|live off|mooch)(?![a-z])|${GROUP} (?:\\w+ )?(?:ruin|ruins|ruined|destroy|destroys|wreck|wrecks|pollute|pollutes|infest|infests|spoil|spoils|drag down|drags down|bring down|brings down|dirty|dirties) (?:every|everything|our|the|this|any|all|whatever)(?![a-z])|${GROUP} (?:are |is |r )?(?:always|constantly|forever|only ever|all) (?:stealing|lying|cheating|complaining|begging|whining|scamming|causing trouble|breeding|leeching|mooching|sponging|committing crimes|playing the victim|raping|robbing)(?![a-z])`,
    ),
    strong: false,
  },
  // Ability denied as a trait: "<g> are naturally worse at science", "<g> are just bad at everything".
  {
    re: new RegExp(
      `${GROUP} (?:are|is|r) (?:(?:naturally|genetically|biologically|inherently|just|simply|all|always|born|by nature) )*(?:worse|bad|terrible|awful|useless|hopeless|incompetent|inferior|dumber|stupider) (?:at|in|with) (?:\\w+ )?(?:everything|anything|science|math|maths|thinking|driving|leading|logic|work|business|sports|technology|engineering|jobs?)(?![a-z])`,
    ),
    strong: false,
  },
  // Sending a group back: "<g> should go back to where they came from", "send <g> back".
  {
    re: new RegExp(
      `<g>[^.]{0,30}\\bgo back (?:to )?(?:where (?:they|you) came from|(?:their|your) (?:own )?(?:country|countries|homeland|homelands|jungle|jungles|desert|caves?|shithole))|\\bsend (?:(?:all|the|those|these|every|them) )*<g> (?:all )?back\\b`,
    ),
    strong: false,
  },
  // Implicit derogation as predicates of a group: not belonging, their place, control of the world, sameness,
  // taking what is ours, smell, unfitness, and keeping one's family from them.
  {
    re: new RegExp(
      `<g> (?:don't|do not|dont|doesn't|does not) belong (?:here|in (?:this|our|my) \\w+|with us|among us)|<g> (?:need|needs|should|must|have|has|ought) to (?:be put in|know|learn|remember|stay in) their place|\\bput (?:all |the |those |these )*<g> (?:back )?in their place|<g> (?:secretly )?(?:control|controls|run|runs|own|owns) (?:the |all the |our )?(?:banks|media|world|government|governments|money|hollywood|everything)\\b|<g> (?:are|r) all the same\\b|<g> (?:are |keep |will |just )?(?:taking|stealing|steal|steals|take|takes|took|stole) (?:(?:our|all the|all our) (?:jobs|money|benefits|houses|homes|women|country|land)\\b|everything (?:we|from us)\\b)|<g> (?:all )?(?:smell|stink|reek)(?: (?:bad|awful|terrible|horrible|disgusting|like \\w+))?(?= \\.| ,| and|\\s*$)|<g> (?:are|is) (?:just |simply |all )?too (?:emotional|stupid|dumb|lazy|weak|primitive|violent|irrational) to\\b|\\b(?:never|wouldn't|would not|won't|will not|don't|do not) let (?:my|our) (?:\\w+ )?(?:daughter|daughters|son|sons|kids|children|sister|brother|child) (?:date|marry|play with|be friends with|go near|near) (?:an? |any )?<g>`,
    ),
    strong: false,
  },
];

/**
 * The derogation structures whose predicate slot is read from a lexicon (evaluative-words.ts): "<g> are/seem
 * <negative>" and praise denied ("<g> will never be as <positive> as ...", "<g> don't deserve <positive>").
 */
const negatedAtEnd = new RegExp(`${NOT_BEFORE.slice('(?<!'.length, -1)}$`);
const englishLexicalHate = [
  linkedDerogation(negatedAtEnd),
  deniedPraise(negatedAtEnd),
  // Each behind a literal test: their patterns open with the negation lookbehind, tried at every position.
  (sentence: string) => (sentence.includes(' many ') ? tooManyHere.exec(sentence) : null),
  (sentence: string) => (declineWords.test(sentence) ? declineBecauseOfGroup.exec(sentence) : null),
  // Round 8 (implicit-hate.ts): exclusion, confinement, identity denied, worthlessness, undesirability, questions.
  ...implicitHateRules(negatedAtEnd),
];

/**
 * A group as the cause of a place's decline: "the neighbourhood went downhill when <g> moved in", "since <g> came,
 * this town has gone to hell", "<g> moved in and property values dropped".
 */
const DECLINE =
  '(?:(?:went|goes|going|gone|has gone|have gone|is going) (?:to hell|to shit|to crap|to the dogs|to ruin|to pot|downhill|down the drain|down the toilet)|(?:property |house )?(?:values|prices) (?:dropped|fell|plummeted|crashed|tanked)|(?:was|is|got) ruined)';
/** A word every DECLINE has, for a cheap test before the pattern. */
const declineWords = /downhill| to (?:hell|shit|crap|the dogs|ruin|pot) | down the | values | prices | ruined/;
const declineBecauseOfGroup = new RegExp(
  `${NOT_BEFORE}\\b(?:since|ever since|when|once|after|as soon as) (?:(?:all|the|those|these|some|a|an|more|so many) )*<g> (?:\\w+ ){0,3}?(?:moved|move|moves|came|come|arrived|arrive|showed up|took over|settled|got here)\\b[^.]{0,50}?${DECLINE}|${DECLINE} (?:\\w+ ){0,2}(?:since|ever since|when|once|after|as soon as) (?:(?:all|the|those|these|some|a|an|more|so many) )*<g> (?:\\w+ ){0,3}?(?:moved|move|moves|came|come|arrived|showed up|took over|settled|got here)\\b|<g> (?:moved|came|arrived|showed up) (?:\\w+ ){0,3}?and (?:\\w+ ){0,4}?${DECLINE}`,
);

/**
 * The presence of a group as the complaint: "too many <g> around here", "far too many <g> in our town these days".
 * A place or a time must follow (not "too many <g> died", "too many <g> live in poverty").
 */
const tooManyHere = new RegExp(
  `${NOT_BEFORE}\\b(?:too many|way too many|far too many|so many damn|so many fucking) (?:of )?(?:these |those |the )?<g> (?:(?:\\w+ )?(?:around|here|everywhere|in (?:my|our|this) \\w+)|(?:now|nowadays|these days) ?(?:\\.|$))`,
);

/** A group member in a role, refused: "a <g> as a doctor? no thanks", "<g> as teachers? hell no". */
const refusedRole =
  /(?:^| )(?:an? )?<g> (?:as|for) (?:an? |our |my |the |your )?(?:\w+ )?\w+ \. (?:no thanks|no thank you|no way|hell no|never|not a chance|not in my|yeah right|over my dead body)\b/;

/** Negation and counter-speech frames: a hate pattern inside one is not the writer's own. */
const englishCounterMarkers =
  /\b(?:hateful|hurtful|dehumanising|dehumanizing|degrading|demeaning|stereotypes?|(?:makes?|made) me (?:sick|furious|angry|mad)|(?:makes?|made) my blood boil|racist|racism|sexist|sexism|bigot|bigots|bigoted|bigotry|homophobic|homophobia|transphobic|islamophobic|antisemitic|anti-semitic|xenophobic|discriminat\w*|prejudice\w*|not ok|not okay|isn't ok|isnt ok|is wrong|so wrong|unacceptable|disgraceful|shameful|offensive|hate speech|cruel|vile to|ashamed|condemn\w*|denounce\w*|the problem|stop|never say|shouldn't say|should not say|don't say|dont say|do not say|shouldn't call|should not call|is not acceptable|are not acceptable|ignorant|banned|suspended|arrested|jailed|convicted|reported|report it|report them|report him|report her|stand up against|speak out against|fight against|educate themselves|educate yourself|i was wrong|was wrong|are wrong|is wrong|a lie|lies|debunked|false|not true|untrue|a myth|nonsense|an idiot|a moron|ignorant)\b/;
const englishReportFrames =
  /\b(?:(?:the|this|that|a|an) (?:\w+ )?(?:stereotype|idea|myth|lie|claim|notion|belief|trope|narrative|assumption|rhetoric|misconception) that|who (?:claim|claims|claimed|insist|insists|pretend|pretends|tell|tells|told|write|writes|wrote|spread|spreads|believe|believes)|(?:was|were|am|are|being|get|got|gets) told|(?:people|they|some|others|folks|many) (?:claim|insist|believe|assume)|someone say|somebody say|statements? like|words like|phrases? like|comments? like|people who say|those who say|anyone who says|if you say|when you say|when people say|saying that|saying|to say that|to say|claiming that|claims that|the idea that|the myth that|the lie that|stop saying|stop calling|calling|to call|called|who call|who calls|who say|who says|who said|who think|who thinks|someone says|somebody says|someone said|people say|they say|he wrote|she wrote|wrote|posted|tweeted|shouted|chanted|yelled|said|says|used to think|used to believe|the claim that|claim that|believe that|believes that|thinks that|think that)\b/;
const englishNegation = new RegExp(
  `\\b(?:i|we)(?: \\w+)? (?:do not|don't|dont|never|would never|will never|could never|wouldn't|won't|did not|didn't|no longer) (?:\\w+ )?(?:hate|despise|hurt|harm|kill|attack|discriminate)\\b|\\b(?:it is not true|it's not true|its not true|nonsense) that\\b|<g> (?:are|is|were) (?:not|never) (?:\\w+ )?(?:${NEG_ADJ.slice(3, -1)}|${DEHUM.slice(3, -1)})(?![a-z])`,
);
/**
 * A negated opinion or report ("I don't think ...", "I would never say that ..."): its scope is the clause after it,
 * so a hate or threat pattern there, in the same sentence, is what the writer denies.
 */
const englishOpinionNegation =
  /\b(?:i|we)(?: \w+)? (?:do not|don't|dont|never|would never|will never|could never|wouldn't|won't|did not|didn't|no longer|cannot|can't|cant) (?:ever )?(?:think|thought|believe|believed|feel|felt|say|said|agree|claim|accept|pretend|suggest|find|found|consider|considered|call|called|see|saw)(?: that)?\b(?! of anything| of anyone| of a (?:single|worse))|\b(?:it is not true|it's not true|its not true|it isn't true|it is a lie|it's a lie|it is a myth|it's a myth|it is false|it's false|nobody should say|no one should say|noone should say|nobody should think|no one should think|you can't say|you cannot say|you shouldn't say|never say|stop saying)(?: that)?\b|\b(?:no one|nobody|noone)(?= deserves? to )|\b(?:no one|nobody|noone) (?:really |seriously |actually )?(?:believes|thinks|says|claims)(?: that)?\b|\b(?:don't|dont|do not|never) let (?:anyone|anybody|them|people|someone) tell (?:you|me|us)(?: that)?\b/g;

// ---------------------------------------------------------------------------------------------------------------
// Chinese.

/**
 * Whether (where) a string contains one of a set of words: words by their first character, longest first, so the
 * scan is one table read per character instead of a regular expression's alternation. `test` remembers its last
 * string: the same text is asked about more than once (before and after the Chinese view is built).
 */
const pairHash = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 16;

/** Per BMP code unit: one bit for every scanner (at most eight) one of whose words starts with it. */
const scannerFirsts = new Uint8Array(0x10000);
let scanners = 0;

/**
 * Where in the last text asked about a word of any scanner may start, with the scanners' bits: seven scanners read
 * each Chinese text, several of them more than once, and each read every character; now one pass serves them all
 * and each visits only its own places (a fifth of a Chinese text's cost was these scans).
 */
let indexedText: string | undefined;
/** The indexed text's code units (see CodeUnits): it is often a string built by concatenation, slow to read. */
const indexedUnits = new CodeUnits();
let indexed: Uint16Array = new Uint16Array(0);
let candidateAt = new Int32Array(1024);
let candidateBits = new Uint8Array(1024);
let candidates = 0;

function indexText(s: string): void {
  if (s === indexedText) return;
  if (candidateAt.length < s.length) {
    candidateAt = new Int32Array(s.length * 2);
    candidateBits = new Uint8Array(s.length * 2);
  }
  const units = (indexed = indexedUnits.load(s));
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const bits = scannerFirsts[units[i]!]!;
    if (bits !== 0) {
      candidateAt[n] = i;
      candidateBits[n++] = bits;
    }
  }
  candidates = n;
  indexedText = s;
}

class LiteralScanner {
  private readonly lists: string[][] = [[]];
  private readonly first = new Uint16Array(0x10000);
  /** This scanner's bit in scannerFirsts. */
  private readonly bit: number;
  /** First characters that are a whole word, and (hashed) first two characters of the longer words. */
  private readonly singleBits = new Uint32Array(0x800);
  private readonly pairBits = new Uint32Array(0x800);
  private lastText: string | undefined;
  private lastAnswer = false;

  constructor(words: readonly string[]) {
    if (scanners === 8) throw new Error('LiteralScanner: at most eight (one bit each in scannerFirsts)');
    this.bit = 1 << scanners++;
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      const c = w.charCodeAt(0);
      if (w.length === 1) this.singleBits[c >>> 5]! |= 1 << (c & 31);
      else {
        const pair = pairHash(c, w.charCodeAt(1));
        this.pairBits[pair >>> 5]! |= 1 << (pair & 31);
      }
      if (this.first[c] === 0) {
        scannerFirsts[c]! |= this.bit;
        this.first[c] = this.lists.length;
        this.lists.push([]);
      }
      this.lists[this.first[c]!]!.push(w);
    }
  }

  indexIn(s: string, from = 0): number {
    indexText(s);
    const first = this.first;
    const bit = this.bit;
    const units = indexed;
    // The first candidate at or after `from` (callers resume after their last find).
    let k = 0;
    let hi = candidates;
    while (k < hi) {
      const mid = (k + hi) >>> 1;
      if (candidateAt[mid]! < from) k = mid + 1;
      else hi = mid;
    }
    for (; k < candidates; k++) {
      if ((candidateBits[k]! & bit) === 0) continue;
      const i = candidateAt[k]!;
      const c = units[i]!;
      if ((this.singleBits[c >>> 5]! & (1 << (c & 31))) !== 0) return i;
      // Past the end, the padding's 0: pairHash reads it as it read charCodeAt's NaN (Math.imul takes both as 0).
      const pair = pairHash(c, units[i + 1]!);
      if ((this.pairBits[pair >>> 5]! & (1 << (pair & 31))) === 0) continue;
      const list = this.lists[first[c]!]!;
      for (let w = 0; w < list.length; w++) if (s.startsWith(list[w]!, i)) return i;
    }
    return -1;
  }

  /** Every place where one of the words starts. */
  startsIn(s: string): number[] {
    const at: number[] = [];
    for (let i = this.indexIn(s); i >= 0; i = this.indexIn(s, i + 1)) at.push(i);
    return at;
  }

  test(s: string): boolean {
    if (s !== this.lastText) {
      this.lastAnswer = this.indexIn(s) >= 0;
      this.lastText = s;
    }
    return this.lastAnswer;
  }
}

const zhGroups =
  '女人|女的|女性|女生|女孩|妇女|娘们|娘们儿|婆娘|女拳|女权|黑人|黑鬼|非洲人|黑蛆|同性恋|同志|基佬|男同|女同|拉拉|跨性别者|跨性别|变性人|穆斯林|回民|绿绿|伊斯兰教徒|残疾人|残废|瘸子|聋子|瞎子|智障|农村人|乡下人|农民工|河南人|东北人|外地人|上海人|北京人|广东人|新疆人|维吾尔族人|维族人|藏人|少数民族|犹太人|日本人|韩国人|棒子|印度人|阿三|外国人|老外|艾滋病人|艾滋病患者|精神病人|穷人|老人|胖子|娘炮'
    .split('|')
    .concat(zhMoreGroups)
    .filter((g, i, all) => all.indexOf(g) === i);
const ZH_G = `(?:所有的?|这些|那些|这帮|那帮|这群|那群|全部|全体|一切)?(?:${zhGroups.join('|')})`;
const ZH_NOUN = `(?:垃圾|畜生|畜牲|废物|蛆|寄生虫|蟑螂|败类|人渣|猪|狗|禽兽|劣等|低等|下等|贱|杂种|害虫|病毒|瘟疫|癌症|毒瘤|渣滓|蠢货|傻逼|臭虫|老鼠|猴子|猩猩|乐色|贱人|婊子|贱货|蝗虫|白眼狼|下贱|恶心|肮脏|低贱|低人一等|劣等民族|不是人|不配做人|没有人性|牲口|动物|野兽|野蛮人|魔鬼|恶魔|癌|智障|脑残|弱智|${ZH_MORE_NOUNS})`;
/** Pinyin, homophones and split characters, to what they hide. */
const zhSpelling: [RegExp, string][] = [
  [/la ?ji|垃鸡|拉圾|辣鸡|乐色|垃几|土立土及/gi, '垃圾'],
  [/畜牲|触生/g, '畜生'],
  [/歹匕/g, '死'],
  [/该(?:si|s|4|屎|鼠)(?![a-z])/gi, '该死'],
  [/去(?:si|s|4|屎|鼠)(?![a-z])/gi, '去死'],
  // Before sb: dsb (大傻逼) holds it.
  [/(?<![a-z])dsb(?![a-z])/g, '傻逼'],
  [/sha ?bi|煞笔|傻b|沙比|傻比|sb(?![a-z])/gi, '傻逼'],
  [/([该去要])sha/gi, '$1杀'],
  [/zhi ?zhang|智zhang|弱zhi/gi, '智障'],
  [/fei ?wu|费物|废勿/gi, '废物'],
  [/ren ?zha|人杂/gi, '人渣'],
  [/gun ?chu ?qu|滚粗去/gi, '滚出去'],
  [/nv ?ren|女银/gi, '女人'],
  // Pinyin initials, as chat writes them beside characters (都是lj, <g>nmsl): only as whole Latin words.
  [/(?<![a-z])lj(?![a-z])/g, '垃圾'],
  [/(?<![a-z])zz(?![a-z])/g, '智障'],
  [/(?<![a-z])nc(?![a-z])/g, '脑残'],
  [/(?<![a-z])fw(?![a-z])/g, '废物'],
  [/(?<![a-z])rz(?![a-z])/g, '人渣'],
  [/(?<![a-z])jr(?![a-z])/g, '贱人'],
  [/(?<![a-z])sjb(?![a-z])/g, '神经病'],
  [/(?<![a-z])nmsl(?![a-z])|尼玛死了/g, '你妈死了'],
  [/(?<![a-z])w?cnm(?![a-z])|草泥马|操尼玛|艹你妈/g, '操你妈'],
  // Split characters: a character written as its parts (犭者 for 猪, 贝戋 for 贱).
  [/犭者/g, '猪'],
  [/犭句/g, '狗'],
  [/贝戋/g, '贱'],
  [/女表/g, '婊'],
  [/[乂㐅]木/g, '杀'],
  [/傻[xX叉]/g, '傻逼'],
  [/hei ?ren|嘿人/gi, '黑人'],
  [/tong ?xing ?lian|同xing恋|童性恋/gi, '同性恋'],
  // More pinyin (tone marks are folded by zh-variants.ts) and homophones, as whole Latin words.
  [/(?<![a-z])le ?se(?![a-z])|拉基|垃极|拉鸡|腊鸡|垃级/g, '垃圾'],
  [/(?<![a-z])mu ?si ?lin(?![a-z])|木斯林|穆丝林/g, '穆斯林'],
  [/(?<![a-z])ji ?lao(?![a-z])|鸡佬/g, '基佬'],
  [/(?<![a-z])hei ?gui(?![a-z])/g, '黑鬼'],
  [/(?<![a-z])nv ?quan(?![a-z])|女圈/g, '女权'],
  [/(?<![a-z])pian ?zi(?![a-z])|骗zi/g, '骗子'],
  [/(?<![a-z])chu ?sheng(?![a-z])/g, '畜生'],
  [/(?<![a-z])bai ?chi(?![a-z])/g, '白痴'],
  [/(?<![a-z])nao ?can(?![a-z])/g, '脑残'],
  [/(?<![a-z])bian ?tai(?![a-z])/g, '变态'],
  [/(?<![a-z])exin(?![a-z])/g, '恶心'],
  [/(?<![a-z])gai ?si(?![a-z])/g, '该死'],
  [/(?<![a-z])qu ?si(?![a-z])/g, '去死'],
  [/(?<![a-z])niang ?pao(?![a-z])/g, '娘炮'],
  [/(?<![a-z])gui ?zi(?![a-z])/g, '鬼子'],
  [/(?<![a-z])txl(?![a-z])/g, '同性恋'],
];
const zhThreats: { re: RegExp; group: boolean }[] = [
  {
    re: new RegExp(
      `(?:杀光|杀死|杀了|杀掉|弄死|打死|砍死|烧死|枪毙|宰了|灭了|屠杀|消灭|清除|赶尽杀绝|砍了|毒死|炸死|炸了|灭绝|处死|绞死|活埋|干掉|砍|杀)(?:所有的?|这些|那些|全部|光|掉|绝)?${ZH_G}`,
    ),
    group: true,
  },
  {
    re: new RegExp(
      `${ZH_G}(?:都|全|全都|就|统统|全部|通通)?(?:该死|去死|死光|死绝|应该(?:被|全部|都)?(?:枪毙|杀|处死|消灭|烧死|杀光|砍死|打死|灭绝|清除|赶尽杀绝)|(?:都|全)?该(?:被)?(?:枪毙|杀|处死|消灭|烧死|杀光|拉去|死)|(?:都|全)?该被(?:打|揍|暴打|痛打|收拾|教训)|统统拉去|不配活|活该被|早该死|应该死|应该去死|就该死|都得死|必须死|下地狱)`,
    ),
    group: true,
  },
  {
    re: new RegExp(`(?:见|来|看到|碰到|遇到|抓到)一个${ZH_G}?(?:我就|就)?(?:杀|砍|打|揍|弄死|宰|收拾)一个`),
    group: true,
  },
  // A condition on a group, then a threat without a violent verb (让他们好看, 别怪我们不客气, 血债血偿): only where a
  // group is named, for 别怪我不客气 said to a pupil or a child is no threat.
  {
    re: new RegExp(
      `(?:要是|如果|若是|假如|只要|万一|再有|哪个|谁敢|敢)[^。！？]{0,20}?(?:让(?:他|她|他们|她们|你们|你)(?:好看|后悔|付出代价|吃不了兜着走|见血)|别怪(?:我|我们|老子|咱们)不客气|血债血偿)`,
    ),
    group: true,
  },
  // Settling scores later with a group: 早晚收拾<g>, 迟早弄死<g>.
  {
    re: new RegExp(`(?:早晚|迟早|总有一天|改天)(?:我|我们|老子)?(?:要|会|得|一定)?(?:收拾|弄死|干掉|灭了|教训)${ZH_G}`),
    group: true,
  },
  // The 把 construction (object before the verb): 把<g>都杀了, 把<g>全部宰了.
  {
    re: new RegExp(
      `把${ZH_G}(?:都|全|全都|全部|统统|通通|一个个|一个不留地?|给)*(?:杀|杀了|杀光|杀掉|弄死|打死|砍死|宰了|宰|灭了|烧死|枪毙|消灭|干掉|炸死|毒死|埋了|活埋|往死里打)`,
    ),
    group: true,
  },
  // Whenever: 看见<g>就往死里打, 见到<g>就杀.
  {
    re: new RegExp(
      `(?:看见|看到|见到|遇到|碰到|遇见|谁看见|谁见到)(?:一个)?${ZH_G}(?:就|便)(?:往死里)?(?:打|杀|砍|揍|弄死|打死|砍死|宰|捅)|${ZH_G}[^。！？]{0,8}往死里(?:打|揍|砍|踢)`,
    ),
    group: true,
  },
  { re: /打断(?:你|你们|他|她)的?(?:腿|手|狗腿|脊梁|骨头|鼻梁)/, group: false },
  {
    re: /(?:我|我们|老子|爷)(?:一定|迟早|早晚|今晚|明天|马上|现在|就|会|要|想|准备|打算)+(?:去)?(?:杀了|杀死|弄死|打死|砍死|宰了|捅死|烧死|炸死|干掉|砍|捅|杀)(?:你|他|她|他们|她们|你们|全家|你全家)/,
    group: false,
  },
  {
    re: /(?:弄死|打死|砍死|杀了|宰了|捅死)(?:你|你们|你全家)|等着被(?:砍|杀|打)|(?:你|你们)(?:死定了|等着瞧|活不过)/,
    group: false,
  },
  {
    re: new RegExp(
      `(?:大家|我们|兄弟们|一起)(?:一起)?(?:去|上)?(?:打死|杀|砍|烧|炸|弄死|灭了|消灭)(?:那些|这些|所有)?${ZH_G}`,
    ),
    group: true,
  },
  {
    re: new RegExp(`(?:要是|如果|若是|敢)[^。！？]{0,20}(?:我就|老子就|我们就)(?:弄死|杀了|打死|砍死|宰了|烧死)`),
    group: false,
  },
  // Conditionals in any wording: a condition (要是, 如果, 只要, 再有, 哪个...敢), then the writer's violence in the
  // same or the next clause (我就打断他的腿, 非弄死他不可, 我们就放火烧了...).
  {
    re: new RegExp(
      `(?:要是|如果|若是|假如|只要|万一|再有|再让我|哪个|谁敢|敢)[^。！？]{0,20}?(?:(?:我|老子|我们|咱们)(?:就|一定|肯定|立马|马上|直接)+|非)(?:要)?(?:把[^。！？，,]{0,8})?(?:弄死|杀了|打死|砍死|宰了|烧死|打断|放火|烧了|砍了|捅了|揍死|打残|废了)`,
    ),
    group: false,
  },
  // Calls to others in any wording: who is called (大家, 谁, 兄弟们, 号召), then 把<g> and the act, or the act and <g>
  // (谁去把<g>收拾一下, 号召大家去打<g>, 我们一起去教训<g>).
  {
    re: new RegExp(
      `(?:大家|谁|我们|咱们|兄弟们|各位|一起|号召|组织)[^。！？，,]{0,6}?把${ZH_G}(?:都|全|全部|统统|通通|一个个|给|狠狠地?)*${ZH_CALL_ACT}|(?:大家|谁|我们|咱们|兄弟们|各位|一起|号召|组织)[^。！？，,]{0,6}?(?:去|来|上)?(?:狠狠地?)?${ZH_CALL_ACT}(?:一下|一顿)?${ZH_G}`,
    ),
    group: true,
  },
  // Time for it (该动手清理<g>了, 是时候收拾<g>了, <g>该收拾了).
  {
    re: new RegExp(
      `(?:该|是时候|早该|得)(?:动手|出手|好好)?(?:收拾|清理|清除|教训|铲除|处理掉|解决掉|赶走)(?:一下|掉)?${ZH_G}|${ZH_G}(?:都|全|就)?(?:该|得|早该)(?:被)?(?:好好)?(?:收拾|清理|教训|铲除|处理掉|解决掉)(?:一下)?了`,
    ),
    group: true,
  },
];
const zhHate: { re: RegExp; strong: boolean }[] = [
  // A reaction of disgust at the sight of a group: 看到<g>就想吐.
  {
    re: new RegExp(
      `(?:看到|看见|见到|想到|一看到|一见到|一想到)${ZH_G}(?:(?!被|受|遭|挨|欺负|歧视|受苦)[^，,。！？]){0,6}?(?:就|都|便)(?:想吐|恶心|作呕|反胃|烦|来气|火大|想打人|浑身难受|犯恶心|膈应|不舒服)`,
    ),
    strong: false,
  },
  // 又X又Y with two bad qualities: <g>又脏又懒.
  {
    re: new RegExp(
      `${ZH_G}(?:都|全|全都|个个|一个个|就|根本|真是|真)*又(?:脏|懒|蠢|笨|臭|丑|坏|贱|穷|馋|坏|恶心)又(?:脏|懒|蠢|笨|臭|丑|坏|贱|穷|馋|恶心)`,
    ),
    strong: false,
  },
  // Keeping a group out: 别让<g>进我们小区, 禁止<g>入内.
  {
    re: new RegExp(`(?:别让|不让|不许|禁止|不准|不能让)${ZH_G}(?:进|进入|住进|入内|来|靠近|踏进)`),
    strong: false,
  },
  {
    re: new RegExp(
      `我(?:永远不会停止|不会停止|一直|永远|始终|从小就|打心底里?|发自内心地?|实在|真|很|最|特别|非常|就是|真的|超级)*(?:恨|讨厌|厌恶|憎恨|憎恶|仇视|看不起|瞧不起|鄙视|痛恨|反感|嫌弃|排斥|${ZH_AVERSION})(?:死)?${ZH_G}|${ZH_AVERSION}${ZH_G}|(?:我|我们)对${ZH_G}(?:就是|真的|一直|实在|向来|从来)?(?:没好感|没有好感|(?:很|特别|非常)?反感|恶心|厌恶)|${ZH_G}(?:真|太|实在|就是|真的|总是)*(?:让人|令人|叫人|让我|令我)(?:感到|觉得|很|真|特别)?${ZH_DISGUST}`,
    ),
    strong: false,
  },
  {
    re: new RegExp(
      `${ZH_G}(?:都|全|全都|就|根本|简直|真|真的|全是|果然|统统|个个|一个个)*(?:是|就是|都是|像|跟|和|如同)(?:一群|一帮|一堆|一些|群|帮|些)?(?:\\S{0,3}一样的?)?${ZH_NOUN}`,
    ),
    strong: true,
  },
  {
    re: new RegExp(
      `${ZH_G}(?:都|全|全都|就|根本|简直|真|个个|一个个)*(?:又蠢又懒|又懒又蠢|没一个好东西|没有一个好东西|没一个好人|没有一个好人|没有好东西|从来就?没有一个好人|从来没一个好|不配活|不配做人|不配活在|滚出|滚回|恶心|真恶心|脑残|低人一等|下贱|肮脏)`,
    ),
    strong: false,
  },
  {
    re: new RegExp(
      `${ZH_G}(?:全部|都|统统|通通)?(?:赶出去|赶出(?:中国|国门|我们|这个|这里|城市|小区|学校|国家)|赶走|滚出去|驱逐|关起来|隔离起来|消灭掉|清理掉|全部清除)`,
    ),
    strong: false,
  },
  { re: new RegExp(`${ZH_G}(?:就)?不配(?:活|做人|当人|存在|生孩子)`), strong: false },
  // Bad qualities (zh-lexicon.ts): <g>天生就懒, <g>都很暴力, <g>都爱偷东西, <g>智商就是低.
  {
    re: new RegExp(`${ZH_G}(?:${ZH_DEGREE}+${ZH_BAD_CHAR}|${ZH_DEGREE}*${ZH_BAD_WORD}|${ZH_LOW_TRAIT})`),
    strong: false,
  },
  // Called by a degrading noun: 把<g>当成蝗虫 (counter-speech when it is criticised: semantic frames below).
  {
    re: new RegExp(`把${ZH_G}(?:叫做|叫作|叫成|称为|称作|说成|骂成|当成|看作|视为|比作)${ZH_NOUN}`),
    strong: false,
  },
  // Negated humanity and worth (<g>根本不是人, <g>算不上人, <g>永远不配和我们平起平坐, 我永远不会信任<g>) and a group
  // cursed (<g>nmsl, 操你妈的<g>): one expression, so that a sentence with a group is scanned once for both.
  {
    re: new RegExp(
      `${ZH_G}(?:都|全|全都|就|根本|简直|压根|压根儿|本来就|从来|永远|一辈子|也|统统)*(?:不是人|算不上人|不算人|称不上人|不配(?:被|当|做|为|活|存在|拥有|享有|有|和|跟|与|同|得到|读书|上学|工作|结婚|生|投票|说话|住|进|来|用|吃|穿|在)|不值得(?:尊重|信任|同情|活)|(?:没|没有)资格|(?:不可能|不会|没法|无法)(?:正常|融入|文明|变好|进化|改好|有出息)|融入不了|没(?:有)?(?:为|给)?[^，,。！？]{0,10}?(?:贡献|做过好事|干过好事|干过一件好事)|你妈死了|死全家|全家死光|操你妈)|(?:永远|绝对|绝不|决不|从来|这辈子|一辈子)(?:都|也)?(?:不会|不可能|没法|无法|不能|不)?(?:信任|相信|尊重|接受|原谅|认可|尊敬)${ZH_G}|(?:不可能|没法|无法|没办法)(?:信任|相信|尊重|尊敬)${ZH_G}|操你妈的?${ZH_G}`,
    ),
    strong: false,
  },
  // 地域黑 and stereotypes without a bad noun: <g>就是素质低, <g>都一个样, <g>的都懂, 离<g>远点; conduct denied
  // (<g>从来不干人事) and weariness (烦死<g>了, 受够<g>了).
  {
    re: new RegExp(
      `${ZH_G}(?:都|全|全都|就|个个|一个个|果然|真是|就是|都是|是|从来|从|向来|根本|压根)*(?:一个样|一个德行|一个德性|一路货色|一丘之貉|素质(?:低|差|太低|太差|极低|极差|不行)|没素质|不干人事|不办人事|不做人事)|${ZH_G}的?[，,]?(?:你|大家)?(?:都懂|懂的都懂)|离${ZH_G}远(?:一)?点|(?:烦死|受够(?:了)?)${ZH_G}(?:了)?`,
    ),
    strong: false,
  },
  // Worth nothing, a burden on society, abnormal: <g>什么都不是, <g>是社会的累赘, <g>都是变态.
  {
    re: new RegExp(
      `${ZH_G}(?:都|全|全都|根本|就|简直|统统)*(?:什么都不是|一无是处|一文不值|(?:都是|就是|是)(?:社会|国家|我们|中国)?的?(?:累赘|负担|毒瘤|蛀虫|寄生虫|耻辱|败类|包袱|祸害)|(?:都是|就是|是)(?:变态|精神病|神经病)|不正常)`,
    ),
    strong: false,
  },
];
/**
 * The literal words one of which starts every match of a branch (看到|看见 ..., 我, 把), or null when a branch can
 * start anywhere (an optional or repeated first part).
 */
function leadWords(branch: string): string[] | null {
  const literal = (part: string) => /^[\u4e00-\u9fff]+/.exec(part.replace(/[\u4e00-\u9fff][?*{].*$/, ''))?.[0] ?? '';
  if (!branch.startsWith('(?:')) {
    const word = literal(branch);
    return word ? [word] : null;
  }
  let depth = 0;
  let end = -1;
  for (let i = 0; i < branch.length && end < 0; i++) {
    if (branch[i] === '\\') i++;
    else if (branch[i] === '(') depth++;
    else if (branch[i] === ')' && --depth === 0) end = i;
  }
  if (end < 0 || /^[?*{]/.test(branch.slice(end + 1))) return null;
  const words = topLevelBranches(branch.slice(3, end)).map(literal);
  return words.every((w) => w.length > 0) ? words : null;
}
/**
 * zhHate for the scan. An expression tried by the engine at every position of every sentence was most of the cost
 * of a Chinese text once the group list grew; so the alternatives that open with a group are tried only where a
 * group starts, and those that open with fixed words (看到, 我, 把 ...) only where one of those words is (sticky
 * expressions run at those few places). What opens with neither stays an ordinary expression.
 */
const zhHateRules = zhHate.map(({ re, strong }) => {
  const branches = topLevelBranches(re.source);
  const atGroup = branches.filter((b) => b.startsWith(ZH_G)).map((b) => b.slice(ZH_G.length));
  const rest = branches.filter((b) => !b.startsWith(ZH_G));
  const leads = rest.map(leadWords);
  const led = leads.every((l) => l !== null);
  return {
    strong,
    atGroup: atGroup.length > 0 ? new RegExp(`(?:${zhGroups.join('|')})(?:${atGroup.join('|')})`, 'y') : null,
    elsewhere: rest.length > 0 ? new RegExp(rest.join('|'), led ? 'y' : '') : null,
    leads: led ? [...new Set(leads.flat() as string[])] : null,
  };
});

/** The leftmost match of a sticky expression tried where one of `leads` starts in `sentence`. */
function matchAtLeads(sentence: string, re: RegExp, leads: readonly string[]): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  for (const word of leads)
    for (
      let i = sentence.indexOf(word);
      i >= 0 && (best === null || i < best.index);
      i = sentence.indexOf(word, i + 1)
    ) {
      re.lastIndex = i;
      const m = re.exec(sentence);
      if (m) {
        best = m;
        break;
      }
    }
  return best;
}
const zhCounterMarkers =
  /歧视|恶毒|反对|不对|错误|可耻|不能接受|偏见|仇恨言论|仇恨|不应该|不该这么说|太过分|过分|伤人|伤害|冒犯|种族主义|性别歧视|谴责|抵制|无知|反省|检讨|道歉|举报|被封|封号|被抓|被拘|寒心|心寒|难过|气愤|愤怒|悲哀|可悲|丢人|丢脸|没素质|素质低|刺耳|难听|荒谬|胡说|胡扯|谬论|站不住脚|不文明|不尊重|地域黑|地图炮|刻板印象|污名|网暴|霸凌/;
const zhReportFrames =
  /说[“"「]|[“"「][^”"」]{1,40}[”"」]|这种话|这样的话|这种言论|这种说法|这样的言论|这种论调|有人说|有人喊|那些说|声称|说出|宣扬|鼓吹|散布|叫嚣|(?:说|骂|称|叫|喊)[^。！？，,]{1,20}的人|把[^。！？]{1,20}(?:叫做|叫作|叫成|称为|称作|说成|骂成|当成|看作|视为|比作)|(?:不要|别|不能|不该|不应该)再?(?:说|叫|骂|称)|(?:歧视|侮辱|贬低|攻击|嘲笑|看不起|辱骂)[^。！？，,]{0,12}的人/;
/** Negated hate, for the model: 我不恨, 不歧视, 不是垃圾 (narrower than zhNegation, which only cancels a pattern). */
const zhHateNegation =
  /我(?:并|从来|从)?(?:不|没有|没|绝不|决不)(?:恨|讨厌|歧视|看不起|瞧不起)|(?:不是|并不是|并非)(?:垃圾|畜生|废物)/;
/**
 * The fourth round's benign frames around a named group, for the model: a denied opinion or feeling before it
 * (我从不认为<g> ..., 我从来没有看不起<g>), a bad quality denied after it (<g>一点也不恶心, <g>并不比别人差), and
 * speaking against what is said of it (把<g>叫做垃圾 (是不对的), 歧视<g>的人, 不要再说<g>是 ...). Read only around
 * the places where a group starts (a few per text): a group alternation tried at every position of every Chinese
 * text cost a tenth of its time.
 */
const zhGroupSticky = new RegExp(`(?:${zhGroups.join('|')})`, 'y');
const ZH_DETERMINER = '(?:所有的?|这些|那些|这帮|那帮|这群|那群|全部|全体|一切)?';
const zhDeniedBefore = new RegExp(
  `我(?:并|从来|从|一直|向来|也)?(?:不|没有|没|绝不|决不|从不|从没有?|从来没有?)(?:会|曾)?(?:鄙视|嫌弃|排斥|看不起|瞧不起|认为|觉得|说过|说)${ZH_DETERMINER}$`,
);
const zhDeniedAfter = new RegExp(
  `^(?:一点也不|一点都不|一点儿也不|并不|并没有|根本不|完全不|丝毫不|毫不)(?:恶心|脏|差|低|坏|蠢|懒|笨|可怕|讨厌|低人一等|比别人差|逊色)|^(?:也|都)?(?:并不比|不比)[^。！？]{0,8}?(?:差|低|坏|笨|蠢|弱|懒|傻)|^(?:都|也)?(?:不是|并不是|并非|绝不是|根本不是|从来不是|绝对不是)${ZH_NOUN}`,
);
const zhScornBefore = new RegExp(`(?:歧视|侮辱|贬低|攻击|嘲笑|看不起|辱骂|骂)${ZH_DETERMINER}$`);
const zhForbidBefore = new RegExp(`(?:不要|别|不能|不该|不应该)再?(?:说|叫|骂|称)${ZH_DETERMINER}$`);
const zhCalledBefore = new RegExp(`把${ZH_DETERMINER}$`);
const zhCalledAfter = /^(?:叫做|叫作|叫成|称为|称作|说成|骂成|当成|看作|视为|比作)/;

/** Whether a benign frame (above) holds around one of the groups that start at `groupAt` in `s`. */
function zhGroupFrame(s: string, groupAt: number[]): boolean {
  let against = false;
  for (const g of groupAt) {
    zhGroupSticky.lastIndex = g;
    const m = zhGroupSticky.exec(s);
    if (!m) continue;
    const before = s.slice(Math.max(0, g - 12), g);
    const after = s.slice(g + m[0].length, g + m[0].length + 14);
    if (zhDeniedBefore.test(before) || zhDeniedAfter.test(after)) return true;
    if (
      (zhScornBefore.test(before) && /^(?:是[^。！？，,]{0,8})?的人/.test(after)) ||
      zhForbidBefore.test(before) ||
      (zhCalledBefore.test(before) && zhCalledAfter.test(after))
    )
      against = true;
  }
  return against && zhCounterMarkers.test(s);
}
/** Whether counter-speech (zh-frames.ts) stands around one of the groups that start at `groupAt` in `s`. */
function zhAgainstHateAt(s: string, groupAt: number[]): boolean {
  for (const g of groupAt) {
    zhGroupSticky.lastIndex = g;
    const m = zhGroupSticky.exec(s);
    if (!m) continue;
    const end = g + m[0].length;
    if (zhAgainstHateAround(s.slice(Math.max(0, g - 16), g), s.slice(end, end + 24))) return true;
  }
  return false;
}
/** A speech verb under a prohibition, and what it names up to the clause's end: 别再叫他们黑鬼, 不要用“娘炮”骂人. */
const ZH_FORBIDDEN_SPEECH = '(?:不要|别|不能|不该|不应该|停止|不许|不准|请勿|拒绝)再?(?:说|叫|骂|称|喊|用|使用|称呼)';
const zhForbiddenName = new RegExp(`${ZH_FORBIDDEN_SPEECH}([^。！？，,]{1,12})`, 'g');
const zhQuotedWords = /[“"「]([^”"」]{1,20})[”"」]/g;
const zhMentionHint = new RegExp(`[“"「]|${ZH_FORBIDDEN_SPEECH}`);
/** Spans of words mentioned (not used) in `s`: after a forbidden speech verb, or in quotation marks beside a critic word. */
function zhMentions(s: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of s.matchAll(zhForbiddenName)) out.push([m.index + m[0].length - m[1]!.length, m.index + m[0].length]);
  if (zhCounterMarkers.test(s) || zhMoreCritics.test(s))
    for (const m of s.matchAll(zhQuotedWords)) out.push([m.index + 1, m.index + 1 + m[1]!.length]);
  return out;
}
/** Whether a denial over a whole group (不是每个, 并非所有) stands right before position `at` of `s`. */
const zhNotAllAt = (s: string, at: number) => zhNotAllBefore.test(s.slice(Math.max(0, at - 8), at));
/** Whether such a denial stands right before one of the groups at `groupAt`. */
const zhNotAllAround = (s: string, groupAt: number[]) => groupAt.some((g) => zhNotAllAt(s, g));
const zhNegation =
  /我(?:并|从来|从)?(?:不|没有|没|绝不|决不)(?:会|觉得|认为|恨|讨厌|歧视|看不起)|(?:不是|并不是|并非)(?:垃圾|畜生|废物|低人一等)/;

const zhSpellingAt = new RegExp(zhSpelling.map(([re]) => re.source).join('|'), 'iy');
/**
 * How every alternative of zhSpelling starts (the text is lower-cased by then): no spelling attack can start
 * anywhere else, so the expression runs from the first of them, and not at all without one.
 */
const zhSpellingStarts = new LiteralScanner(
  'la 垃鸡 拉圾 辣鸡 乐色 垃几 土立土及 畜牲 触生 歹匕 该s 该4 该屎 该鼠 去s 去4 去屎 去鼠 要s sha 煞笔 傻b 沙比 傻比 sb zhi 智z 弱z fei 费物 废勿 ren 人杂 gun 滚粗去 nv 女银 hei 嘿人 tong 同x 童性恋 lj dsb zz nc fw rz jr sjb nmsl 尼玛死 cnm wcnm 草泥马 操尼玛 艹你妈 犭者 犭句 贝戋 女表 乂木 㐅木 傻x 傻叉 le 拉基 垃极 拉鸡 腊鸡 垃级 mu 木斯 穆丝 ji 鸡佬 nv 女圈 pian 骗z chu bai nao bian ex gai qu niang gui txl'.split(
    ' ',
  ),
);
function hasSpellingAttack(s: string): boolean {
  return firstMatchAt(s, zhSpellingStarts, zhSpellingAt) !== null;
}
const zhDropped = /[ \u3000*_\-.·]/;

/**
 * The Chinese view of a text: lower case, spaces and filler symbols between characters gone (垃 圾, 垃*圾), pinyin,
 * homophones and split characters replaced by what they hide; `origin` maps back to the text (null: the same).
 */
/** An origin map for a text whose lower-cased form changed length (rare): positions clamp to the text. */
function identity(length: number, textLength: number): Int32Array {
  const o = new Int32Array(length + 1);
  for (let k = 0; k <= length; k++) o[k] = Math.min(k, textLength);
  return o;
}

function zhCanonical(text: string): { text: string; origin: Int32Array | null } | undefined {
  if (!/[\u4e00-\u9fff]/.test(text)) return undefined;
  // Traditional characters, full-width letters and tone marks folded, and symbols between two characters (黑❤人,
  // 垃/圾) turned into spaces, which go below with the other fillers (the same length: positions hold).
  const lower = text.toLowerCase();
  let s = foldZhVariants(lower);
  let origin: Int32Array | null = null;
  const filled = s !== lower;
  // Nothing to look for without a group, a person addressed, a violent word or a spelling attack: skip the copy.
  // A group hidden by pinyin (hei ren, 同xing恋) is looked for only in a text with Latin letters; the rest of the
  // spelling attacks matter where something else is relevant, and are undone below.
  const relevant =
    filled ||
    zhGroupRe.test(s) ||
    zhThreatTrigger.test(s) ||
    /你|妳|他们|她们/.test(s) ||
    (/[a-z]/.test(s) && hasSpellingAttack(s));
  if (!relevant) return { text: s, origin: s.length === text.length ? null : identity(s.length, text.length) };
  if (s.length === text.length && zhDropped.test(s)) {
    // The common case: the lower-cased text keeps its length, so kept runs are copied as slices of it and the
    // origins go straight into a typed array (a character at a time, with a lower-casing each, cost 10% of a call).
    const o = new Int32Array(s.length + 1);
    let out = '';
    let n = 0;
    let runStart = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 0x3000 || c === 42 || c === 95 || c === 45 || c === 46 || c === 0xb7) {
        if (i > runStart) out += s.slice(runStart, i);
        runStart = i + 1;
        continue;
      }
      o[n++] = i;
    }
    if (runStart < s.length) out += s.slice(runStart);
    o[n] = text.length;
    s = out;
    origin = o.subarray(0, n + 1);
  } else if (s.length !== text.length) {
    let out = '';
    const o: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === ' ' || c === '\u3000' || c === '*' || c === '_' || c === '-' || c === '.' || c === '·') continue;
      out += c.toLowerCase();
      o.push(i);
    }
    o.push(text.length);
    s = out;
    origin = Int32Array.from(o);
  }
  // A spelling attack can hide the group itself (hei ren, 同xing恋), so any one is undone.
  if (!hasSpellingAttack(s)) return { text: s, origin };
  let originArr = origin ?? Int32Array.from({ length: s.length + 1 }, (_, k) => k);
  for (const [re, to] of zhSpelling) {
    re.lastIndex = 0;
    if (!re.test(s)) continue;
    re.lastIndex = 0;
    let out = '';
    const o: number[] = [];
    let at = 0;
    for (const m of s.matchAll(re)) {
      const from = m.index;
      for (let k = at; k < from; k++) {
        out += s[k];
        o.push(originArr[k]!);
      }
      const replacement = to.includes('$1') ? to.replace('$1', m[1] ?? '') : to;
      for (let k = 0; k < replacement.length; k++) {
        out += replacement[k];
        o.push(originArr[from + Math.min(k, m[0].length - 1)]!);
      }
      at = from + m[0].length;
    }
    for (let k = at; k < s.length; k++) {
      out += s[k];
      o.push(originArr[k]!);
    }
    o.push(text.length);
    s = out;
    originArr = Int32Array.from(o);
  }
  return { text: s, origin: originArr };
}

// ---------------------------------------------------------------------------------------------------------------
// Comment spam and self-promotion.

const englishSpam: RegExp[] = [
  // Shares and growth requests as YouTube comment spam has them.
  /\bcheck out this (?:video|channel|vid|song|link|site|website|page) (?:on|at|from) (?:youtube|my|<url>)|\b(?:help me|trying to|try to|want to|wanna) (?:get|reach|hit|make it to) (?:\d+|a (?:hundred|thousand)|one (?:hundred|thousand)|1k|10k|100k) (?:subs|subscribers|views|likes|followers)\b|\b(?:please|pls|plz) (?:\w+ )?(?:check|listen to|watch|view) (?:it|them) out\b/,
  /\b(?:check out|checkout|check|visit|go to|come to|come check|look at|watch|see|subscribe to|sub to|subscribe|follow|like|add|join|support|listen to|share|go check)\b(?: \w+){0,3} (?:my|our|me on|me at|us on|us at)(?: \w+){0,3} (?:channel|chanel|channels|page|video|videos|vids|vid|vlog|vlogs|music|song|songs|account|profile|insta|instagram|ig|twitter|tiktok|facebook|fb|blog|website|site|shop|store|youtube|yt|stream|streams|playlist|cover|covers|mixtape|album|soundcloud|twitch|podcast|art|artwork|work|remix|beats|page)\b/,
  /\b(?:subscribe|sub|subs|subscribers)\b(?: \w+){0,2} (?:to me|to my|back|4 sub|for sub|4 subs|for subs|pls|plz|please|me)\b|\bsub ?4 ?sub\b|\bsub ?for ?sub\b|\bf ?4 ?f\b|\bl ?4 ?l\b|\bfollow ?4 ?follow\b|\blike ?4 ?like\b/,
  /\b(?:please|pls|plz|pleasee)(?: \w+){0,1} (?:like|subscribe|sub|share|follow|check|view|vote|support|visit|watch)\b(?: \w+){0,4} (?:my|me|our|us|this comment|the link|link)\b/,
  /\b(?:follow me|follow us|add me|add us|hit me up|dm me|message me|inbox me|contact me|msg me)\b(?: \w+){0,3} (?:on|at|@|for|if|to)\b/,
  /\b(?:like|thumbs up|upvote)(?: \w+){0,1} (?:this|my) comment\b|\blike this comment so\b|\bfollow on (?:insta|instagram|ig|twitter|tiktok|twitch|youtube|snapchat|snap|facebook|fb)\b/,
  /\b(?:vote for|vote|voting for) (?:me|my|us|our|him|her)\b/,
  // Self-promotion as a person: my music / channel with a request (give it a listen, check it out, it would mean a
  // lot, you'll love it), "I'm a 16 year old rapper", a promo noun before a colon, a new upload announced.
  /\b(?:my|our) (?:own |small |little |new |first |latest |youtube |music |gaming |cooking |art )*(?:channel|chanel|music|song|songs|video|videos|vids|page|mixtape|album|track|tracks|art|stream|streams|vlog|vlogs|podcast|beats|covers?)\b[^.]{0,80}\b(?:give (?:it|them|my \w+|us) (?:a |some )?(?:listen|look|chance|try|watch|view|shot)|check (?:it|them) out|checked (?:it|them) out|(?:would|will|it'd|itd|it would) mean (?:a lot|so much|the world)|(?:you'll|youll|you will|you'd|you would|you might|u will|u'll) (?:like|love|enjoy)|appreciate (?:it|any|the|a)|support (?:me|us|it))\b|\b(?:you'll|youll|you will|you'd|you would|you might|u will|u'll) (?:\w+ )?(?:like|love|enjoy) (?:my|our) (?:\w+ )?(?:channel|chanel|music|songs?|videos?|vids|page|mixtape|album|tracks?|art|streams?|vlogs?|podcast|beats|covers?)\b|\bi (?:just )?(?:started|made|created|launched|opened) (?:a|my|our) (?:\w+ ){0,2}(?:channel|page|podcast|blog|shop|store|vlog)\b[^.]{0,80}\b(?:mean a lot|check|checked|subscribe|support|give it|visit|watch)\b|\b(?:i'm|im|i am) an? (?:\d+ (?:year|yr) old |young |upcoming |up and coming |aspiring |independent |new |small )+(?:rapper|singer|artist|producer|youtuber|gamer|musician|songwriter|dancer|streamer|vlogger|creator|band)\b/,
  /\bmy (?:\w+ )?(?:channel|chanel|page|insta|instagram|ig|twitter|tiktok|soundcloud|youtube|shop|store|website|site|twitch|spotify|bandcamp|onlyfans) ,|\b(?:new|latest) (?:video|vid|song|track|episode|vlog|cover|music video)s? (?:is |are |just )?(?:up|out|posted|live|uploaded) on (?:my|our) \w+|^ (?:please |pls |plz |pleasee )?(?:subscribe|sub|subscribe to me|sub to me)(?: (?:please|pls|plz|guys|everyone|now|thanks|thank you|and like|and share))* $|\b(?:need|want|get me|help me get|looking for|could use) (?:more |some |new |a few )?(?:subscribers|subs|views|followers|likes)\b/,
  /\b(?:i (?:just )?(?:made|uploaded|posted|started|created)|just uploaded|new video|new song|my new)\b(?: \w+){0,4} (?:channel|video|song|cover|vlog|track|music video)\b(?: \w+){0,6} (?:check|watch|see|subscribe|link|please|pls|<url>)/,
  /\b(?:make|earn|making|earning|made|earned) (?:money|cash|\$ ?\d+|\d+k?|\d+ dollars|\d+ bucks)(?: \w+){0,4} (?:online|from home|a day|per day|a week|per week|a month|per month|daily|weekly|fast|easy|working from home)\b|\b(?:work from home|free followers|free subscribers|cheap followers|buy followers|buy views|buy subscribers|real views|free gift cards?|free iphone|free robux|free v-?bucks|click here|click the link|click my|link in (?:my )?bio)\b/,
  /\b(?:buy|get|order|shop|visit|click|free|cheap|discount|sale|win|vote|download|join|sign up|register|claim|check)\b[^.]{0,60}<url>|<url>[^.]{0,60}\b(?:buy|cheap|discount|sale|free|win|vote|order|shop|gift|offer|deal|deals|promo|coupon|subscribe|check out|followers|money)\b/,
];
const zhSpam = new RegExp(
  [
    /(?:关注|订阅|点赞|收藏|转发|支持)(?:一下|一波)?(?:我|我的|本)(?:的)?(?:频道|账号|主页|抖音|快手|b站|微博|公众号|直播间|视频|号)|求关注|求点赞|求订阅|求转发|求三连|互粉|互赞|互关|回关|关注我|关注一下我|订阅我/
      .source,
    /点击(?:链接|下方|这里|主页)|(?:领取|领)(?:红包|优惠券|福利|奖品)|进店|店铺链接|私信我|私聊我|加我(?:微信|qq|好友|v)|来我的?直播间|直播间|扫码|日赚|兼职|代购|低价出售|优惠券|免费领|包邮|刷单|返利|投票(?:吧|链接|给)|帮我(?:女儿|儿子|孩子|朋友)?投(?:一)?票|抽奖送|(?:帮我|帮忙|给我)点(?:个|一下|下)?赞|求(?:大家|各位|你们)(?:帮我|帮忙)?(?:点赞|点个赞|关注|转发|投票|订阅)|私我|(?:来|进|逛|去)(?:一下|一趟)?(?:我|我们)的?(?:小店|店铺|网店|橱窗|主页|频道|直播间|店)|(?:我|本人)的?主页(?:有|看|里有|见)|互关(?!系|联)|喜欢的(?:话|朋友|小伙伴|宝宝|姐妹)?(?:们)?(?:可以|请|记得|就)?(?:点个?)?(?:关注|订阅|点赞|收藏|三连)|记得(?:点个?)?(?:关注|订阅|三连|点赞)|(?:点个|求个|给个)关注/
      .source,
  ].join('|'),
);

const topLevel = new Set(
  'com net org cn io xyz top shop vip club site online biz info ly gl me tv co uk de ru jp be gg app store link live'.split(
    ' ',
  ),
);

/** A letter, digit or hyphen: what a domain label is made of. */
function isLabelChar(c: number): boolean {
  return isLatinLetter(c) || isDigit(c) || c === 45;
}

/** Whether a link may start at `i`: http, www, or a run of letters and digits followed by a dot and a letter. */
function mayBeLink(units: Uint16Array, length: number, i: number): boolean {
  const c = units[i]! | 32;
  if (c === 104 || c === 119) return true;
  let k = i;
  while (k < length && isLabelChar(units[k]!)) k++;
  // Past the end, the zero padding of CodeUnits: neither a dot nor a letter.
  return units[k] === 46 && isLatinLetter(units[k + 1]!);
}

/** The end of a link starting at `i` (http(s)://..., www...., a bare domain with a known ending), or -1. */
function endOfLink(text: string, i: number): number {
  const c = text.charCodeAt(i) | 32;
  let j = i;
  if (
    (c === 104 && /^https?:\/\//i.test(text.slice(i, i + 8))) ||
    (c === 119 && (text.charCodeAt(i + 1) | 32) === 119 && (text.charCodeAt(i + 2) | 32) === 119 && text[i + 3] === '.')
  ) {
    j = i + 4;
  } else {
    // A bare domain: labels of letters, digits and hyphens joined by dots, the last a known ending.
    let k = i;
    let labels = 0;
    let lastStart = i;
    for (;;) {
      const from = k;
      while (k < text.length && isLabelChar(text.charCodeAt(k))) k++;
      if (k === from) return -1;
      labels++;
      lastStart = from;
      if (text[k] === '.' && k + 1 < text.length && isLatinLetter(text.charCodeAt(k + 1))) k++;
      else break;
    }
    if (labels < 2 || !topLevel.has(text.slice(lastStart, k).toLowerCase())) return -1;
    if (k < text.length && text[k] !== '/' && !/[\s,!?;:)）。，！？"']/.test(text[k]!) && text[k] !== '.') return -1;
    j = k;
  }
  while (j < text.length && !/\s/.test(text[j]!)) j++;
  while (j > i && /[.,!?;:)）。，！？"']/.test(text[j - 1]!)) j--;
  return j;
}

// ---------------------------------------------------------------------------------------------------------------

/** Words of a threat's verb or frame: a sentence without one is not tried against the threat patterns. */
const alternatives = (pattern: string) =>
  pattern
    .replace(/^\(\?:|\)$/g, '')
    .split('|')
    .map((w) => w.split(' ')[0]!);
/** Everyday words among the verbs' first words ("run over", "put down", "cut"): not triggers on their own. */
const everyday = new Set([
  ...['run', 'put', 'cut', 'skin', 'hunt', 'locked', 'thrown', 'kicked', 'removed', 'banned'],
  ...['take', 'taken', 'open', 'opened', 'ethnically', 'curb'],
]);
/** An everyday word that starts an act of threat-grammar.ts ("run over", "put a bullet in", "take up arms"). */
const everydayActStart = new RegExp(` (?:${[...everyday].filter((w) => englishActWords.includes(w)).join('|')}) `);
const threatWords = new Set(
  [
    ...alternatives(KILL),
    ...'killed murdered stabbed slaughtered exterminated executed gassed lynched die dies dying dead death deaths bullet bullets throat throats gun guns shot shoot shooting stabbing knife knives bloodshed beating blew'.split(
      ' ',
    ),
    ...englishActWords,
  ].filter((w) => !everyday.has(w)),
);
/**
 * Words of the plain threats to a person ("I know where you live", "watch your back", "break your legs") and of the
 * fourth round's constructions ("there will be blood", "make you suffer", "pay with their lives"): everyday words,
 * so they wake only the expressions marked `plain`, not every threat pattern.
 */
const plainThreatWords = new Set(
  'live back tomorrow meat dead die break smash crush snap death ground grave coffin eye coming blood suffer suffers lives alive holocaust bag bags'.split(
    ' ',
  ),
);
/** Words that make a sentence worth the spam patterns on their own... */
const spamWords = new Set(
  'daily dollars bucks rapper singer producer youtuber musician songwriter mixtape soundcloud subscribe subscribed sub subs subscribers subscriber channel chanel comment follow vote voting dm inbox msg upvote money earn earning sub4sub f4f l4l follow4follow like4like <url> link bio giveaway followers views cash robux'.split(
    ' ',
  ),
);
/** ...and words that do together with a word about oneself (my, me, our, us). */
const spamCalls = new Set(
  'check checkout visit like add join support listen share watch buy order shop click free cheap please pls plz message contact uploaded posted started created help give appreciate mean'.split(
    ' ',
  ),
);
const selfWords = new Set(['my', 'me', 'our', 'us', 'mine']);
const youWords = new Set(['you', 'u', 'your', 'ur', 'youre', "you're", 'ya', 'yall']);

const wordFlags = new Map<string, number>();
for (const [words, flag] of [
  [groupNounSet, F_GROUP_NOUN],
  [groupAdjectiveSet, F_GROUP_ADJECTIVE],
  [personNounSet, F_PERSON_NOUN],
  [threatWords, F_THREAT],
  [plainThreatWords, F_PLAIN_THREAT],
  [spamWords, F_SPAM],
  [spamCalls, F_SPAM_CALL],
  [selfWords, F_SELF],
  [youWords, F_YOU],
  [['<g>'], F_GROUP],
  [['<url>'], F_URL],
  [englishInsultWords, F_INSULT],
  [englishPatientWords, F_PATIENT],
  [englishPhrasalTriggers, F_PHRASAL],
  [groupPhraseHeads.keys(), F_GROUP_HEAD],
] as const)
  for (const w of words) wordFlags.set(w, (wordFlags.get(w) ?? 0) | flag);
for (const w of [...wordFlags.keys(), ...Object.keys(shortRepairs)]) addMask(letterMask(w));
for (const key of keyMasks) {
  addMask(key);
  for (let bit = 0; bit < 26; bit++) addMask(key ^ (1 << bit));
}

/** Single words of a pattern's top-level alternatives ("disgusting", not "a disgrace" nor "the worst(?! ...)"). */
const singleWords = (pattern: string) => topLevelBranches(pattern.slice(3, -1)).filter((w) => /^[a-z]+$/.test(w));
/**
 * Hateful words: predicates, dehumanising nouns, antipathy and violent verbs (the words of four letters or more of
 * their phrases too: "stand" of "can't stand", "exterminated").
 */
const hatefulWords = [
  ...new Set(
    [NEG_ADJ, DEHUM, KILL, KILLED, ANTIPATHY]
      .flatMap(singleWords)
      .concat([...negativeEvaluation])
      .concat(
        [NEG_ADJ, DEHUM, KILL, KILLED, ANTIPATHY].flatMap(
          (p) => withoutLookarounds(p).match(/(?<![\\?])\b[a-z]{4,}\b/g) ?? [],
        ),
      ),
  ),
];
/** The words of the hate and threat patterns ("belong", "deserve", "trust", "nothing"): misspelt or run together too. */
const patternWords = [
  ...new Set(
    [...englishThreats, ...englishHate]
      .flatMap(({ re }) => re.source.replace(/\\[a-zA-Z]/g, ' ').match(/[a-z]{2,}/g) ?? [])
      .concat([ANTIPATHY, REFUSED_RELATION, CAUSED_EMOTION].flatMap((p) => p.match(/[a-z]{2,}/g) ?? [])),
  ),
];
/** The words whose misspellings are read as them (spelling-variants.ts): groups, people, hateful words. */
export const englishSpellingTargets: readonly string[] = [
  ...new Set([
    ...groupNouns,
    ...groupAdjectives,
    ...personNouns.filter((w) => w.length >= 4),
    ...hatefulWords,
    ...patternWords.filter((w) => w.length >= 4),
  ]),
];
const spellingVariants = new SpellingVariants(englishSpellingTargets);
for (const mask of spellingVariants.masks) addMask(mask);
/** Words that may be run together with a group's name ("hatejews", "alltrans"): what hate statements are made of. */
const joinableWords =
  'we you they them those these the all every each any some many most are is were was be been so such just and or of to for with from than like not no never should must will can deserve deserves need needs want go die get rid back me see next nothing but same make makes my our your their his her very too really fucking fuckin damn bloody dirty filthy stupid typical'.split(
    ' ',
  );
export const joinedWords = new JoinedWords(
  // Pattern words of three letters or more: shorter ones are fragments of the expressions ("ed" of "[a-z]+ed").
  [...joinableWords, ...personNouns, ...patternWords.filter((w) => w.length >= 3)],
  [...hatefulWords.filter((w) => w.length >= 4), ...personNouns.filter((w) => w.length >= 5)],
  [...groupNouns, ...groupAdjectives].filter((w) => w.length >= 3),
);
/** A word the engine reads as itself: never a misspelling nor words run together. */
const spellingKnownWord = (word: string) => wordFlags.has(word) || keyWordSet.has(word);
/** A word the tokenizer does not split: one the engine knows, or a misspelling of one ("imigrants"). */
const unsplit = (word: string) => spellingKnownWord(word) || wordInfo(word).word !== word;
const pieceToken = (word: string, start: number, end: number): Token => ({ word, start, end, flags: 0 });
/** A word the engine knows or reads as a misspelling of one. */
const knownOrVariant = (word: string) =>
  spellingKnownWord(word) || spellingVariants.has(word) || spellingVariants.lookup(word) !== undefined;

/** Sentences of the canonical string: [start, end) in it, at the "." tokens. */
function sentences(tokens: Token[], starts: Int32Array): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  let first = 0;
  for (let t = 0; t <= tokens.length; t++) {
    if (t === tokens.length || tokens[t]!.word === '.') {
      if (t > first) out.push([first, t, starts[first]! - 1, starts[t]!]);
      first = t + 1;
    }
  }
  return out;
}

const zhThreatTrigger = new LiteralScanner(
  '杀 砍 宰 毙 灭 烧死 炸死 炸了 毒死 埋了 捅 打死 打残 清除 干掉 弄死 去死 该死 死光 死绝 死定 往死 打断 打一个 揍一个 早晚收拾 迟早收拾 揍 收拾 教训 打一顿 清理 铲除 放火 暴打 痛打 殴打 围殴 赶出去 赶走 驱逐 处理掉 解决掉 号召 去打 来打 该被打 该被揍 抵制 封杀 好看 后悔 付出代价 兜着走 不客气 血债'.split(
    ' ',
  ),
);
/** The acts of the grammar (threat-grammar.ts): some (烧, 炸) are everyday words, so they do not wake the rules above. */
const zhActTrigger = new LiteralScanner(zhActWords);
const zhInsultTrigger = new LiteralScanner(zhInsultWords);
/**
 * The first two characters of every alternative of zhSpam: no match can start anywhere else, so the expression runs
 * from the first of them, and not at all without one.
 */
const zhSpamStarts = new LiteralScanner(
  '关注 订阅 点赞 收藏 转发 支持 求关 求点 求订 求转 求三 互粉 互赞 互关 回关 点击 领取 领红 领优 领福 领奖 进店 店铺 私信 私聊 加我 来我 直播 扫码 日赚 兼职 代购 低价 优惠 免费 包邮 刷单 返利 投票 帮我 抽奖 帮忙 给我 求大 求各 求你 私我 来我 进我 逛我 去我 来一 进一 逛一 去一 本人 我的 我主 互关 喜欢 记得 点个 求个 给个'.split(
    ' ',
  ),
);
const zhSpamAt = new RegExp(zhSpam.source, 'y');

/**
 * The leftmost match of a sticky expression whose matches can only start where `starts` finds a word: tried at
 * those places only, instead of the engine trying every position of a long text.
 */
function firstMatchAt(s: string, starts: LiteralScanner, sticky: RegExp): RegExpExecArray | null {
  for (let i = starts.indexIn(s); i >= 0; i = starts.indexIn(s, i + 1)) {
    sticky.lastIndex = i;
    const m = sticky.exec(s);
    if (m) return m;
  }
  return null;
}
/**
 * A character of the comment-spam words one of which must be there too (a cheap scan first: one bitmap read per
 * character, where a character-class expression cost 1% of a call). It leaves out 关 and 互,
 * so 互关 ("follow each other") alone, as in 相互关系, is not enough.
 */
const zhSpamHint = new LiteralScanner([...'粉赞订链领店私扫赚兼购售优免邮刷返投抽注播互页连藏']);
const zhGroupRe = new LiteralScanner(zhGroups);
const zhViolence = zhGrammar(zhGroups.join('|'));
/**
 * Chinese sentences are the runs between 。！？!?；; and line breaks (what /[^。！？!?；;\n]+/g matches), found by
 * hand: matchAll clones the expression and allocates a match per sentence on every text.
 */
function isSentenceMark(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 33 || c === 63 || c === 0xff1b || c === 59 || c === 10;
}
/** The end (exclusive) of the sentence that holds `i`. */
function endOfSentence(units: Uint16Array, length: number, i: number): number {
  while (i < length && !isSentenceMark(units[i]!)) i++;
  return i;
}
/** The Chinese canonical text's code units, for the sentence scan. */
const zhUnits = new CodeUnits();
const noUnits = new Uint16Array(0);

const textUnits = new CodeUnits();

/**
 * The literals each pattern needs (required-literals.ts), tested before it runs: a sentence is tried on every
 * threat pattern once it holds any violent word, and most such sentences are everyday ones ("the bomb", "shoot a few
 * photos") that lack what a pattern needs (<g>, "wall", "bullet").
 */
const englishGate = new LiteralGate([
  ...englishThreats.map(({ re }) => re),
  ...englishHate.map(({ re }) => re),
  ...englishSpam,
]);
const HATE_GATE = englishThreats.length;
const SPAM_GATE = HATE_GATE + englishHate.length;

interface Hit {
  start: number;
  end: number;
  label: 'abuse' | 'terrorism';
  kind: 'threat' | 'hate' | 'insult';
  strong: boolean;
  cs: number;
  ce: number;
}

/**
 * Finds threats, identity-directed hate and comment spam in `text` (both languages). Patterns run per sentence,
 * and only on sentences with a word that can start one (a violent verb, a group, a call to subscribe...).
 */
export function findMeaning(text: string, wantAd: boolean): SemanticResult {
  const findings: SemanticFinding[] = [];
  const quoted: { start: number; end: number }[] = [];
  let benignFrame = false;
  let targeted = false;

  // English (and emoji): tokens, groups, patterns. The text is read as code units (see CodeUnits).
  const units = textUnits.load(text);
  let latinOrEmoji = false;
  for (let i = 0; i < text.length; i++) {
    const c = units[i]!;
    if (isLatinLetter(c) || (c >= 0xd83c && c <= 0xd83e) || (c >= 0x2600 && c <= 0x27bf)) {
      latinOrEmoji = true;
      break;
    }
  }
  if (latinOrEmoji) {
    const tokens = tokenize(text, units);
    const { text: canon, starts } = canonical(tokens);
    let hasGroup = false;
    let hasUrl = false;
    let hasPerson = false;
    for (const t of tokens) {
      const f = t.flags!;
      if (f & F_PERSON_NOUN) hasPerson = true;
      if (f & F_GROUP) hasGroup = true;
      else if (f & F_URL) hasUrl = true;
      else if (f & F_YOU) targeted = true;
    }
    if (hasGroup) targeted = true;
    const hits: Hit[] = [];
    let spam = false;
    let narrative: boolean | undefined;
    // Hate by later reference: a group named in one sentence and "they" opening a later one ("I saw some <g> at the
    // station. They are animals."; "<g>? They should all be locked up.") reads the later one with the group in the
    // pronoun's place. Only a sentence-initial "they": one mid-sentence refers to anyone.
    let groupNamed = false;
    for (const [a, b, from, to] of sentences(tokens, starts)) {
      let threat = false;
      let plain = false;
      let group = false;
      let promo = false;
      let call = false;
      let self = false;
      let insult = false;
      let patient = false;
      let phrasal = false;
      for (let t = a; t < b; t++) {
        const f = tokens[t]!.flags!;
        if (f & F_PHRASAL) phrasal = true;
        if (f & F_INSULT) insult = true;
        if (f & (F_PATIENT | F_YOU | F_PERSON_NOUN | F_GROUP_ADJECTIVE)) patient = true;
        if (f & F_GROUP) group = true;
        else if (f & F_THREAT) threat = true;
        else if (f & F_PLAIN_THREAT) plain = true;
        if (wantAd) {
          if (f & F_SPAM) promo = true;
          else if (f & F_SPAM_CALL) call = true;
          else if (f & F_SELF) self = true;
        }
      }
      if (call && self) promo = true;
      const referred = !group && groupNamed && tokens[a]!.word === 'they';
      if (group) groupNamed = true;
      else if (referred) group = true;
      // Round 8 (implicit-hate.ts): a short verdict on the people a sentence before named ("Disgusting people.").
      if (!group && groupNamed && !referred) {
        const v = verdictAfterGroup(canon.slice(from, to));
        if (v) {
          const cs = from + v.index;
          const ce = cs + v[0].length;
          hits.push({ ...spanOf(tokens, starts, cs, ce), cs, ce, label: 'abuse', kind: 'hate', strong: false });
        }
      }
      if (!threat && !group && !promo && !plain && !insult && !phrasal) continue;
      // " they ..." read as " <g> ...": one character shorter, so offsets past the pronoun move on by one.
      const sentence = referred ? ' <g>' + canon.slice(from + 5, to) : canon.slice(from, to);
      const canonAt = (i: number) => from + i + (referred && i >= 4 ? 1 : 0);
      const found = (m: RegExpExecArray) => {
        const cs = canonAt(m.index);
        const ce = canonAt(m.index + m[0].length);
        return { ...spanOf(tokens, starts, cs, ce), cs, ce };
      };
      const threatsBefore = hits.length;
      englishGate.load(sentence);
      if (threat || group || plain)
        for (let r = 0; r < englishThreats.length; r++) {
          const { re, group: aimed, plain: plainOnly, needsGroup } = englishThreats[r]!;
          if ((!threat && !group && !plainOnly) || (needsGroup && !group)) continue;
          if (!englishGate.mayMatch(r)) continue;
          const m = re.exec(sentence);
          if (!m) continue;
          const at = found(m);
          const weapon = WEAPONS.test(m[0]) || /🔫|💣/.test(text.slice(at.start, at.end));
          hits.push({
            ...at,
            // A threat in a sentence that names a group is aimed at its members ("if I catch a <g> near my
            // daughter, I will break his neck"), even where the threat's own words do not name it.
            label: aimed || group || weapon ? 'terrorism' : 'abuse',
            kind: 'threat',
            strong: true,
          });
        }
      // The grammar of violent acts (threat-grammar.ts), where no fixed construction matched, outside narratives.
      if (
        (threat || phrasal) &&
        (patient || group) &&
        hits.length === threatsBefore &&
        (narrative ??= englishNarrativeMarkers.test(canon)) === false
      ) {
        // The act shapes need an act word: a violent one, or an everyday one that starts an act ("run over").
        const actWords = threat || group || everydayActStart.test(sentence);
        const g = englishViolentClause(sentence, hasGroup || hasPerson, hasGroup, actWords);
        if (g) {
          const cs = canonAt(g.index);
          const ce = canonAt(g.end);
          const at = { ...spanOf(tokens, starts, cs, ce), cs, ce };
          const weapon = WEAPONS.test(canon.slice(cs, ce));
          hits.push({ ...at, label: g.group || weapon ? 'terrorism' : 'abuse', kind: 'threat', strong: true });
        }
      }
      if (group) {
        for (let r = 0; r < englishHate.length; r++) {
          const { re, strong } = englishHate[r]!;
          if (!englishGate.mayMatch(HATE_GATE + r)) continue;
          const m = re.exec(sentence);
          if (m) hits.push({ ...found(m), label: 'abuse', kind: 'hate', strong });
        }
        for (const rule of englishLexicalHate) {
          const m = rule(sentence);
          if (m) hits.push({ ...found(m), label: 'abuse', kind: 'hate', strong: false });
        }
      }
      // A member of a group in a role, asked and refused: "a <g> as a doctor? no thanks" (the answer is the next
      // sentence, so this reads on from the question).
      if (group && !referred && canon.charCodeAt(to) === 46) {
        const m = refusedRole.exec(canon.slice(from, to + 40));
        if (m) hits.push({ ...found(m), label: 'abuse', kind: 'hate', strong: false });
      }
      // An insult aimed at a person (insults.ts), where nothing graver was found in the sentence.
      if (insult && hits.length === threatsBefore) {
        const h = englishInsult(sentence);
        if (h) {
          const cs = from + h.index;
          const ce = from + h.end;
          hits.push({ ...spanOf(tokens, starts, cs, ce), cs, ce, label: 'abuse', kind: 'insult', strong: h.strong });
        }
      }
      if (promo && !spam)
        for (let r = 0; r < englishSpam.length && !spam; r++)
          if (englishGate.mayMatch(SPAM_GATE + r) && englishSpam[r]!.test(sentence)) spam = true;
    }
    if (hits.length > 0 || hasGroup) {
      // Counter-speech: the hit is quoted, or reported ("saying that ...", "calling ... "), with a criticism.
      // Round 8 (opinion-targets.ts): an insult at whoever says the hate criticises it too.
      const haterAt = haterInsulted(canon);
      const critic = englishCounterMarkers.test(canon) || haterAt !== null;
      if (haterAt) quoted.push(spanOf(tokens, starts, haterAt[0], haterAt[1]));
      const report = englishReportFrames.exec(canon);
      // Round 7 (counter-speech.ts): more report verbs, single quotation marks, criticism read outside the hate.
      const moreReport = hits.length > 0 ? moreReportFrames.exec(canon) : null;
      const reportAt = Math.min(report?.index ?? Infinity, moreReport?.index ?? Infinity);
      const endorsed = hits.length > 0 && endorsedReport.test(canon);
      const singleQuotes = hits.length > 0 ? singleQuoteSpans(text) : [];
      const quotes: [number, number][] = [];
      let open = -1;
      for (let q = canon.indexOf('"'); q >= 0; q = canon.indexOf('"', q + 1)) {
        if (open < 0) open = q;
        else {
          quotes.push([open, q]);
          open = -1;
        }
      }
      const denied: [number, number][] = [];
      if (hits.length > 0) {
        englishOpinionNegation.lastIndex = 0;
        for (let m = englishOpinionNegation.exec(canon); m; m = englishOpinionNegation.exec(canon))
          denied.push([m.index, m.index + m[0].length]);
      }
      for (const h of hits) {
        const insideHaterInsult = haterAt !== null && h.cs >= haterAt[0] && h.ce <= haterAt[1];
        if (
          denied.some(([a, b]) => b <= h.cs && !canon.slice(a, h.cs).includes(' . ')) ||
          insideHaterInsult ||
          hitDenied(canon, h.cs, h.ce)
        ) {
          quoted.push({ start: h.start, end: h.end });
          benignFrame = true;
          continue;
        }
        const inQuote =
          quotes.some(([a, b]) => h.cs > a && h.ce <= b + 1) || singleQuotes.some(([a, b]) => h.start > a && h.end < b);
        const judged = critic || criticisedOutside(canon, h.cs, h.ce);
        const reported =
          !endorsed && reportAt <= h.cs && (judged || questionedReport(canon, reportAt, h.cs, text, h.end));
        if ((inQuote && !endorsed && (judged || report !== null || quotedReport(moreReport))) || reported) {
          quoted.push({ start: h.start, end: h.end });
          benignFrame = true;
          continue;
        }
        findings.push({
          segment: text.slice(h.start, h.end),
          start: h.start,
          end: h.end,
          label: h.label,
          suggestion: h.kind === 'threat' || h.strong ? 'block' : 'review',
          kind: h.kind,
        });
      }
      if (hits.length === 0 && (englishNegation.test(canon) || hateDenied(canon) || (critic && report !== null)))
        benignFrame = true;
      // A group named in a report the text criticises ("comparing <g> to rats is disgusting"), no pattern found.
      if (hits.length === 0 && !benignFrame && reportedAndCriticised(canon)) benignFrame = true;
      if (hits.length === 0 && !benignFrame) {
        // "I don't think <g> are ...": a denied opinion about a group, with no hate pattern outside it.
        englishOpinionNegation.lastIndex = 0;
        for (let m = englishOpinionNegation.exec(canon); m && !benignFrame; m = englishOpinionNegation.exec(canon)) {
          const after = canon.slice(m.index + m[0].length);
          const g = after.indexOf('<g>');
          if (g >= 0 && !after.slice(0, g).includes(' . ')) benignFrame = true;
        }
      }
      if (hits.length === 0 && critic && quotes.some(([a, b]) => canon.slice(a, b).includes('<g>'))) {
        benignFrame = true;
        for (const [a, b] of quotes) quoted.push(spanOf(tokens, starts, a, b + 1));
      }
    }
    // Names mentioned under a forbidden verb of calling ("stop calling <g> <slur>"): not the writer's own words.
    const mentioned = mentionedNames(canon);
    for (const [a, b] of mentioned.spans) quoted.push(spanOf(tokens, starts, a, b));
    if (mentioned.framed && findings.length === 0) benignFrame = true;
    if (wantAd && (spam || hasUrl)) {
      // A bare link (a shop, a vote page, a video): the link and at most three words.
      let words = 0;
      for (const t of tokens) {
        const first = t.word.charCodeAt(0);
        if (first >= 97 && first <= 122) words++; // a word, not <url> nor a number
      }
      if (spam || words <= 3) {
        const links = tokens.filter((t) => t.word === '<url>');
        const segs = links.length > 0 ? links : [{ start: 0, end: text.length }];
        for (const l of segs)
          findings.push({
            segment: text.slice(l.start, l.end),
            start: l.start,
            end: l.end,
            label: 'ad',
            suggestion: 'review',
            kind: 'spam',
          });
      }
    }
  }

  // Chinese.
  const zh = zhCanonical(text);
  if (zh) {
    const s = zh.text;
    const at = (i: number) => (zh.origin ? zh.origin[i]! : i);
    const hits: {
      from: number;
      to: number;
      label: 'abuse' | 'terrorism';
      kind: 'threat' | 'hate' | 'insult';
      strong: boolean;
    }[] = [];
    const anyGroup = zhGroupRe.test(s);
    const anyViolence = zhThreatTrigger.test(s);
    const anyAct = zhActTrigger.test(s);
    // Where groups and violent words start, found once: no word holds a sentence mark, so a sentence has one when
    // one starts inside it (no second scan per sentence).
    const groupAt = anyGroup ? zhGroupRe.startsIn(s) : [];
    const violenceAt = anyViolence ? zhThreatTrigger.startsIn(s) : [];
    // The next act word at or after the sentence in hand (sentences come in order: one scan over the text in all).
    let nextAct = anyAct ? zhActTrigger.indexIn(s) : -1;
    let zhNarrative: boolean | undefined;
    let sentenceEnd = 0;
    // Only sentences where a group, a violent word or an act starts are read (nothing any rule below looks for is in
    // the others), found from those starts: back and on to the sentence marks around one (no word holds a mark), so
    // the characters of the other sentences are never scanned. In code units (see CodeUnits).
    const su = anyGroup || anyViolence || anyAct ? zhUnits.load(s) : noUnits;
    let nextGroup = 0;
    let nextViolence = 0;
    for (;;) {
      while (nextGroup < groupAt.length && groupAt[nextGroup]! < sentenceEnd) nextGroup++;
      while (nextViolence < violenceAt.length && violenceAt[nextViolence]! < sentenceEnd) nextViolence++;
      while (nextAct >= 0 && nextAct < sentenceEnd) nextAct = zhActTrigger.indexIn(s, nextAct + 1);
      let start = nextAct >= 0 ? nextAct : s.length;
      if (nextGroup < groupAt.length && groupAt[nextGroup]! < start) start = groupAt[nextGroup]!;
      if (nextViolence < violenceAt.length && violenceAt[nextViolence]! < start) start = violenceAt[nextViolence]!;
      if (start >= s.length) break;
      let from = start;
      while (from > sentenceEnd && !isSentenceMark(su[from - 1]!)) from--;
      sentenceEnd = endOfSentence(su, s.length, start);
      const group = nextGroup < groupAt.length && groupAt[nextGroup]! < sentenceEnd;
      const violent = nextViolence < violenceAt.length && violenceAt[nextViolence]! < sentenceEnd;
      if (group) targeted = true;
      const act = nextAct >= 0 && nextAct < sentenceEnd;
      const sentence = s.slice(from, sentenceEnd);
      const threatsBefore = hits.length;
      if (violent)
        for (const { re, group: aimed } of zhThreats) {
          if (aimed && !group) continue;
          const m = re.exec(sentence);
          if (m)
            hits.push({
              from: from + m.index,
              to: from + m.index + m[0].length,
              label: aimed || group ? 'terrorism' : 'abuse',
              kind: 'threat',
              strong: true,
            });
        }
      // The grammar of violent acts (threat-grammar.ts), where no fixed construction matched, outside narratives.
      if (
        hits.length === threatsBefore &&
        (violent || act) &&
        (group || /[你他她]/.test(sentence)) &&
        (zhNarrative ??= zhNarrativeMarkers.test(s)) === false
      ) {
        const g = zhViolentClause(sentence, zhViolence);
        if (g)
          hits.push({
            from: from + g.index,
            to: from + g.end,
            label: g.group ? 'terrorism' : 'abuse',
            kind: 'threat',
            strong: true,
          });
      }
      if (group)
        for (const { atGroup, elsewhere, leads, strong } of zhHateRules) {
          let m: RegExpExecArray | null = null;
          if (atGroup)
            for (const g of groupAt) {
              if (g < from || g >= sentenceEnd) continue;
              atGroup.lastIndex = g - from;
              if ((m = atGroup.exec(sentence))) break;
            }
          if (!m && elsewhere) m = leads ? matchAtLeads(sentence, elsewhere, leads) : elsewhere.exec(sentence);
          if (m)
            hits.push({
              from: from + m.index,
              to: from + m.index + m[0].length,
              label: 'abuse',
              kind: 'hate',
              strong,
            });
        }
    }
    if (!targeted && /你|妳/.test(s)) targeted = true;
    // An insult aimed at a person (insults.ts), where nothing graver was found.
    // Tried only around the insult words: a frame's head is a few characters before its insult.
    if (hits.length === 0 && zhInsultTrigger.test(s))
      for (let i = zhInsultTrigger.indexIn(s); i >= 0; i = zhInsultTrigger.indexIn(s, i + 1)) {
        const from = Math.max(0, i - 16);
        const h = zhInsult(s.slice(from, i + 12));
        if (h) {
          hits.push({ from: from + h.index, to: from + h.end, label: 'abuse', kind: 'insult', strong: h.strong });
          break;
        }
      }
    if (hits.length > 0) {
      const critic = zhCounterMarkers.test(s) || zhMoreCritics.test(s);
      const report = zhReportFrames.test(s) || zhMoreReports.test(s);
      for (const h of hits) {
        const before = s.slice(Math.max(0, h.from - 6), h.from);
        const quotedHere = /[“"「][^”"」]*$/.test(s.slice(0, h.from)) || /说$|说“$|骂$|叫嚣$/.test(before);
        // Quoted or reported, and criticised, or its speaker what the sentence is about (说“...”的人才恶心).
        if ((critic && (report || quotedHere)) || (quotedHere && zhSpeakerAfter.test(s.slice(h.to, h.to + 6)))) {
          benignFrame = true;
          quoted.push({ start: at(h.from), end: at(h.to - 1) + 1 });
          continue;
        }
        if (/(?:不|没|别|并非|不是)$/.test(before)) continue;
        // A denial over the whole group (不是每个<g>都 ...): not the writer's claim, and not the model's to flag.
        if (zhNotAllAt(s, h.from)) {
          benignFrame = true;
          continue;
        }
        // Forbidding the words is speaking against them: 不要再说<g>是寄生虫了, 别再叫<g>垃圾.
        if (/(?:不要|别|不能|不该|不应该|停止|不许)再?(?:说|叫|骂|称)$/.test(before)) {
          benignFrame = true;
          quoted.push({ start: at(h.from), end: at(h.to - 1) + 1 });
          continue;
        }
        const negation = zhNegation.exec(s);
        if (negation && negation.index + negation[0].length <= h.from && h.from - negation.index <= 12) {
          benignFrame = true;
          continue;
        }
        const start = at(h.from);
        const end = at(h.to - 1) + 1;
        findings.push({
          segment: text.slice(start, end),
          start,
          end,
          label: h.label,
          suggestion: h.kind === 'threat' || h.strong ? 'block' : 'review',
          kind: h.kind,
        });
      }
    } else if (
      zhHateNegation.test(s) ||
      (anyGroup && (zhGroupFrame(s, groupAt) || zhNotAllAround(s, groupAt) || zhAgainstHateAt(s, groupAt))) ||
      zhNoOneDeserves.test(s)
    )
      benignFrame = true;
    // Slurs mentioned, not used, where no pattern found hate: named by a forbidden speech verb (别再叫他们<slur>) or
    // quoted where the text criticises (“<slur>”这个词是歧视). Their spans are quoted, so list hits there go.
    if (hits.length === 0 && zhMentionHint.test(s)) {
      // Only the list hits go: the model still reads the text (COLD labels many such discussions offensive).
      for (const [from, to] of zhMentions(s)) quoted.push({ start: at(from), end: at(to - 1) + 1 });
    }
    if (wantAd && zhSpamHint.test(s)) {
      const m = firstMatchAt(s, zhSpamStarts, zhSpamAt);
      if (m) {
        const start = at(m.index);
        const end = at(m.index + m[0].length - 1) + 1;
        findings.push({ segment: text.slice(start, end), start, end, label: 'ad', suggestion: 'review', kind: 'spam' });
      }
    }
  }
  return { findings, benignFrame, quoted, targeted };
}
