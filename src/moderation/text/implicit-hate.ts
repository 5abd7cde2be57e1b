/**
 * Hate said without a slur or an insult (issue 22, round 8): exclusion and rights denied, a group confined to a
 * place or a role, identity denied, worthlessness, undesirability, praise denied with any determiner, stereotypes
 * asked as questions. Each structure has a slot read from a lexicon below, so it fires on any group of
 * group-lexicon.ts (`<g>` in semantic.ts's canonical sentence) and any word of its list, not on one wording.
 *
 * Every rule runs on one canonical sentence (lower case, words between single spaces, a group as `<g>`) and
 * answers the first match or null. Guards common to all: a negation before the group ("it's not that <g> should
 * not vote") and a group that is the object of a preposition or a verb ("jobs for <g> don't exist") are not the
 * claim; quotation, reports and criticism are read afterwards by semantic.ts for every hit.
 */
import { negativeEvaluation } from './evaluative-words.js';
import { groupAdjectives } from './group-lexicon.js';

type Rule = (sentence: string) => RegExpExecArray | null;

/** Negation words, kept out of the gap between a group and its predicate. */
const NEGATION =
  "(?:not|never|no|don't|dont|doesn't|doesnt|didn't|didnt|won't|wont|wouldn't|wouldnt|shouldn't|shouldnt|can't|cant|cannot|isn't|isnt|aren't|arent)";

/** Norms that deny: "<g> should not / must never / can't ...". */
const DENYING_NORM =
  "(?:should not|shouldn't|shouldnt|should never|should no longer|must not|mustn't|mustnt|must never|ought not to|ought never to|need to be stopped from)";

/** "be allowed to <verb>" (the verb captured, for SPARED_HARM) or "be allowed near / in ...". */
const ALLOWED =
  '(?:be (?:allowed|permitted|let) (?:to ([a-z]+(?: [a-z]+)?)|near|around|in|into|anywhere|at|on|within|inside|anywhere near)\\b)';

/**
 * What the denied norm takes away: rights, roles and public life ("vote", "marry", "adopt", "teach", "be near
 * children", "hold office"). Not "work" or "live in" alone: "<g> shouldn't work for less than the minimum wage" and
 * "<g> shouldn't live in poverty" are demands made for the group.
 */
const RIGHTS =
  '(?:vote|marry|get married|adopt|teach|lead|govern|rule|serve|drive|hold (?:office|power|jobs|positions)|run for (?:office|president|parliament|congress)|own (?:property|land|homes|houses|guns|businesses)|have (?:the |a |any |equal )?rights?(?: to [a-z]+)?|have (?:children|kids|babies|a say|a voice|the vote|jobs|guns|citizenship)|raise (?:children|kids|a family|families)|work with (?:children|kids)|immigrate|come (?:here|in|into|to)|enter (?:our|the|this)|become (?:citizens|teachers|doctors|leaders|priests|president|pilots|police|soldiers|officers)|exist\\b|be alive|be born|have (?:ever )?been born|live(?= ?$| ,| among us| here| with us)|be (?:parents|teachers|doctors|nurses|leaders|citizens|pilots|priests|soldiers|police|officers|judges|politicians|in charge|in power|in (?:government|office|politics|parliament|congress|the military|the army|the police|charge|public|our schools|schools|sports)|near (?:children|kids|our kids|my kids)|around (?:children|kids)|trusted with)|study|go to (?:school|university|college)|pray|worship|breed|reproduce|compete|play (?:sports|sport|football)|join (?:the|our)|mix with|speak (?:in public|up))';

/** After "allowed to": a harm the group must be spared, not a right taken ("cannot be allowed to drown"). */
const SPARED_HARM =
  /^(?:suffer|die|starve|drown|freeze|perish|go hungry|sleep rough|be (?:ignored|forgotten|abused|exploited|left|treated|mistreated|harmed|hurt|killed|attacked|deported)|fall|continue to suffer|live in (?:fear|poverty))\b/;

/** Places and roles of public life a group is said not to belong in. */
const PUBLIC_LIFE =
  '(?:(?:this|our|my|the|any|a|your|western|civilised|civilized|decent|normal|modern) )*(?:country|countries|nation|society|community|communities|neighbourhood|neighborhood|city|town|village|street|school|schools|classroom|classrooms|university|universities|workplace|workplaces|office|offices|government|parliament|congress|senate|politics|military|army|navy|police|sport|sports|church|churches|europe|america|britain|england|the west|uk|us|usa|positions? of (?:power|authority)|power|leadership|business|science|tech|media|public|civilisation|civilization|world|planet|here)';

/** Where a group is said to belong or to stay: the kitchen, their place, a cage ("women belong in the kitchen"). */
const CONFINEMENT =
  '(?:(?:the|their|a|own|their own|the back of the) )*(?:kitchen|kitchens|home|homes|house|bedroom|bed|place|places|closet|closets|country|countries|homeland|ghetto|ghettos|camp|camps|cage|cages|zoo|zoos|kind|own kind|lane|side of (?:the )?\\w+|back of the bus|shadows|fields|plantation|plantations|barefoot and pregnant)';

/** Verbs of keeping a group where it is said to belong. */
const STAY = '(?:stay|remain|be kept|be confined|be locked|be shut|keep|go back|return|stick|get back|be put back)';

/** A time or a condition after "stay at home": advice for the day, not a group's place ("until the storm passes"). */
const ADVICE_AFTER =
  /^ (?:during|until|till|if|when|while|because|today|tonight|this|for (?:now|a|the|two|three)|and rest|safe)\b/;

/** Things a group is called to deny it is people ("women are property"). */
const OBJECTS =
  '(?:property|objects|possessions|commodities|chattel|breeding machines|baby machines|baby factories|incubators|sex objects|sex toys|playthings|toys|tools|servants|slaves to (?:men|us|their husbands)|second-class citizens|second class citizens|a lesser species|expendable|disposable|replaceable|a waste of (?:space|oxygen|air|skin|money|resources|time)|a drain on (?:society|the economy|resources|everyone|us)|pieces of meat|a piece of meat|meat|vegetables|breeders|baby makers)';

/**
 * Stereotype adjectives that the AFINN lexicon scores mildly or not at all ("emotional", "backward", "unclean"):
 * derogation when a group is their subject. The soft ones need an intensifier ("women are SO emotional"): "<g> were
 * emotional at the reunion" reports a moment.
 */
const HARD_STEREOTYPE =
  'irrational|illogical|hysterical|backward|backwards|primitive|inferior|unclean|uncivilised|uncivilized|savage|subhuman|inbred|degenerate|barbaric|untrustworthy|treacherous|sneaky|parasitic|brainwashed|feeble-minded|simple-minded|unintelligent|uneducable|diseased|dirty|filthy|smelly|greedy|lazy|stupid|dumb|violent|criminal|deviant|perverted|unnatural|mentally ill|sick in the head|freaks|a burden|a menace|pedophiles|paedophiles|groomers|predators|child molesters|molesters|sex offenders|deviants|degenerates|terrorists|criminals|thieves|abusers|wife beaters|scammers|frauds|murderers|killers|drug dealers|gangsters|thugs|crooks|cheats|liars|the enemy|the enemies|our enemies|enemies of|freeloaders|spongers|scroungers|moochers|leeches|benefit cheats|welfare queens|invaders|colonisers|colonizers|occupiers|a danger to|a risk to|a threat to|the (?:root|source|cause) of (?:all |every |our |the )*(?:problems|evil|crime|trouble|ills)';
const SOFT_STEREOTYPE =
  'emotional|hormonal|loud|shrill|bossy|dramatic|weak|needy|aggressive|manipulative|promiscuous|cheap|stingy|arrogant|ignorant|uneducated|fragile|sensitive|naive|gullible|hostile|angry|loud-mouthed|bitchy|catty|whiny|moody|crazy|insane|nuts|dangerous|confused|delusional|deluded|obsessed|pushy|entitled|annoying|attention-seeking';
/** After a group: nothing done to it ("when <g> are attacked" is fear for the group, not of it). */
const NO_HARM_AFTER = '(?! (?:[a-z]+ )?(?:[a-z]+ed|being|getting|suffer[a-z]*|treated|beaten|hurt|bullied)\\b)';

/** The one-word stereotypes, for a predicate read in code. */
const HARD_WORDS = new Set(HARD_STEREOTYPE.split('|'));
const SOFT_WORDS = new Set([...SOFT_STEREOTYPE.split('|'), 'liar', 'thief', 'criminal', 'terrorist', 'crook']);
/** A word that derogates when said of a group: a negative evaluation of the lexicon or a stereotype above. */
const derogatory = (word: string) => negativeEvaluation.has(word) || HARD_WORDS.has(word) || SOFT_WORDS.has(word);
const INTENSIFIER = '(?:so|too|always|all|naturally|inherently|overly|just|such|constantly|way too|far too|very)';

/** Traits whose denial to a whole group is derogation ("no such thing as a decent <g>", "<g> are not smart"). */
const TRAITS =
  'decent|good|smart|intelligent|clever|bright|honest|trustworthy|nice|kind|polite|civilised|civilized|hardworking|hard-working|competent|capable|useful|normal|sane|reliable|moral|clean|educated|talented|respectable|productive|peaceful|law-abiding|loyal|rational|logical|sensible|worthwhile|worthy|valuable|genuine|sincere|humble|trusted|innocent|good-looking|beautiful|attractive|funny|brave';

/** What a stereotype question says a group always does ("why do <g> always lie"). */
const STEREOTYPED_ACTS =
  'lie|steal|cheat|complain|whine|moan|breed|smell|stink|scam|beg|mooch|sponge|leech|rob|riot|cause trouble|make trouble|play the victim|ruin|destroy|rape|kill|commit crimes|act like|behave like|have to be so|need to be so';

/** Group adjectives of group-lexicon.ts, for "<adjective> lives" ("black lives don't matter"). */
const GROUP_ADJECTIVE = `(?:${groupAdjectives.join('|')})`;

/** A group as the subject of what follows it, not the object of a preposition or verb ("jobs for <g>"). */
const objectBefore =
  /\b(?:for|of|to|with|by|from|at|about|against|toward|towards|than|on|in|into|like|as|help|helping|helps|protect|protecting|support|supporting|let|lets|make|makes|made|see|saw|watch|[a-z]+ing) $/;
const determinersAtEnd =
  /(?:(?:all|the|those|these|every|any|some|most|many|such|of|them|fucking|damn|bloody|stupid|filthy|dirty|our|their|your|a|an) )*$/;

/** A claim denied before the group: "that does not mean (that) <g> ...", "it doesn't prove <g> ...". */
const deniedClaim =
  /\b(?:doesn't|doesnt|does not|didn't|didnt|did not|don't|dont|do not|can't|cannot|won't|will not) (?:necessarily |really |automatically )?(?:mean|prove|show|imply|suggest|follow)(?: that)? $/;

function headBefore(sentence: string, at: number): string {
  const before = sentence.slice(Math.max(0, at - 80), at);
  return before.slice(0, before.length - (determinersAtEnd.exec(before)?.[0].length ?? 0));
}

/**
 * A rule from a pattern whose match starts at the group (`subject`: it must be the clause's subject) and a cheap
 * literal test; `negatedAtEnd` (semantic.ts's NOT_BEFORE, anchored at the end) is read before the group.
 */
function groupRule(
  hint: RegExp,
  pattern: string,
  negatedAtEnd: RegExp,
  options: {
    subject?: boolean;
    /** The pattern holds its own negation ("nobody would miss", "never met"): no negation test before it. */
    ownNegation?: boolean;
    accept?: (m: RegExpExecArray, sentence: string) => boolean;
  } = {},
): Rule {
  const re = new RegExp(pattern, 'g');
  return (sentence) => {
    if (!hint.test(sentence)) return null;
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const head = headBefore(sentence, m.index);
      if (!options.ownNegation && (negatedAtEnd.test(head) || deniedClaim.test(head))) continue;
      if (options.subject && objectBefore.test(head)) continue;
      if (options.accept && !options.accept(m, sentence)) continue;
      return m;
    }
    return null;
  };
}

/**
 * A short verdict right after a sentence that named a group, with no group of its own: "Another <g> moved in next
 * door. Disgusting people." The verdict must name people ("people", "creatures", "a bunch of ..."): a bare
 * "Horrible." after "<g> drowned again" is sympathy as often as hate.
 */
const verdict = new RegExp(
  `^ (?:(?:so|such|absolutely|utterly|totally|completely|just|really|truly|fucking|bloody|what|a|an|bunch|of|lot) )*(?:[a-z]+) (?:people|creatures|animals|lot|bunch|folk|folks|vermin|scum|savages|parasites|freaks|degenerates|filth)(?: (?:all of them|every one of them|the lot of them))? $`,
);
const verdictWord =
  /^ (?:(?:so|such|absolutely|utterly|totally|completely|just|really|truly|fucking|bloody|what|a|an|bunch|of|lot) )*([a-z]+) /;

export function verdictAfterGroup(sentence: string): RegExpExecArray | null {
  if (sentence.length > 60) return null;
  const m = verdict.exec(sentence);
  if (!m) return null;
  const word = verdictWord.exec(sentence)?.[1] ?? '';
  return derogatory(word) ? m : null;
}

/** The rules, with semantic.ts's negation (NOT_BEFORE anchored at the end). */
export function implicitHateRules(negatedAtEnd: RegExp): Rule[] {
  // A bounded gap after the group ("<g> really should not ...", "<g> in my view ..."), holding no negation: "<g> don't
  // belong in the closet" is no confinement.
  const S = `(?:(?!${NEGATION}\\b)[a-z']+ ){0,2}?`;
  return [
    // Rights and public life denied by a norm: "<g> shouldn't be allowed near children", "<g> must never vote".
    // "Can't" only before "be allowed": "<g> can't vote in national elections" states a law.
    groupRule(
      /should|must|ought|can|need/,
      `<g> ${S}(?:${DENYING_NORM} (?:ever |even |really )*(?:${ALLOWED}|${RIGHTS}\\b)|(?:cannot|can't|cant|can not) (?:ever |even |really )*${ALLOWED})`,
      negatedAtEnd,
      { subject: true, accept: (m) => !(SPARED_HARM.test(m[1] ?? '') || SPARED_HARM.test(m[2] ?? '')) },
    ),
    // Not belonging in public life; no place in it: "<g> don't belong in our schools", "<g> have no place here".
    groupRule(
      /belong|place|business|right/,
      `<g> ${S}(?:(?:don't|dont|do not|doesn't|does not|never|will never|shouldn't|should not) (?:really |truly |ever )?belong (?:in|at|on|among|with|anywhere near|anywhere in) ${PUBLIC_LIFE}\\b|(?:have|has) no (?:place|business|future|right to be) (?:(?:in|being in|being|on|among|within) ${PUBLIC_LIFE}\\b|(?:being )?here\\b)|(?:have|has) no business (?:teaching|working|raising|adopting|voting|running|leading|serving|coaching|preaching|living|coming|marrying|holding|playing|competing|fighting|driving|parenting|owning|studying|ruling|governing|getting)\\b)`,
      negatedAtEnd,
      { subject: true },
    ),
    // Confined to a place or a role: "women belong in the kitchen", "<g> should stay in their own countries".
    groupRule(
      /belong|stay|remain|kept|keep|confined|locked|shut|back|stick|place|put|sent|hidden|institution|barred|banned|excluded|prevented|prohibited|disqualified|removed|heard/,
      `<g> ${S}(?:belong|belongs|(?:should|must|need to|needs to|ought to|had better|have to|has to|are to) (?:just |only |all |really )?${STAY}) (?:only |all )?(?:in|at|to|inside|with|on|behind|where) ${CONFINEMENT}\\b|<g> ${S}(?:should|must|need to|needs to|ought to|had better|have to|has to|better) (?:learn|know|remember|be taught|be reminded of) (?:their|its) place\\b|<g> ${S}(?:should|must|need to|needs to|ought to|have to|has to|are to) (?:all |just )?(?:be (?:kept|locked|put|shut|sent|placed|confined|hidden|institutionalised|institutionalized) (?:away\\b|out of sight|(?:away )?from (?:children|kids|society|the public|normal people|decent people|us|our [a-z]+)|in (?:homes|institutions|asylums|camps|cages|ghettos|a home|an institution))|be (?:barred|banned|excluded|prevented|prohibited|disqualified|kept out|removed) from [a-z]+|be seen and not heard)`,
      negatedAtEnd,
      {
        subject: true,
        accept: (m, s) => !/ home$/.test(m[0]) || !ADVICE_AFTER.test(s.slice(m.index + m[0].length)),
      },
    ),
    // Only good for a role, or a thing owned: "<g> are only good for one thing", "<g> are property".
    groupRule(
      /exist|only|just|merely|good for|fit for|property|objects|expendable|disposable|replaceable|waste|drain|possess|machine|factor|incubat|toys|tools|servants|slaves|second|meat|vegetables|breeders|makers/,
      `<g> (?:only |just |simply )?exists? (?:only |just |solely )?(?:to|for) (?:serve|please|breed|cook|clean|satisfy|obey|make babies|have babies|pleasure)\\b|<g> (?:are|is|r|'re) (?:(?:only|just|merely|really only|simply) (?:good|fit|useful|made|meant|here|there) (?:for|to|at|in)\\b|(?:(?:just|only|nothing but|nothing more than|merely|mere|basically|simply|all|so|completely|totally|utterly) )*${OBJECTS}(?= ,| and\\b| to be\\b| that\\b| who\\b| for\\b| in\\b| ?$))`,
      negatedAtEnd,
      { subject: true },
    ),
    // Identity denied: "trans women are not real women", "<g> will never be real men", "bisexuals don't exist".
    groupRule(
      /real|true|actual|proper|exist|such thing|valid|thing/,
      `<g> (?:(?:are|is|r) (?:not|never|no)|aren't|arent|isn't|isnt|ain't|will never be|can never be|could never be|won't ever be) (?:(?:real|true|actual|proper|really|truly|actually|genuine|even) )+(?:<g>|(?:men|women|man|woman|girls|boys|people|humans|persons|ladies|gentlemen|males|females)\\b)|<g> (?:(?:are|is|r) (?:not|never)|aren't|arent|isn't|isnt) (?:(?:even|really|actually) )?(?:real|a real thing|a thing|valid)(?= ?$| ,| and\\b| they\\b| just\\b)|<g> (?:don't|dont|do not|doesn't|does not) (?:really |actually )?exist(?= ,| ?$| and\\b| they\\b)|\\bno such thing as (?:an? )?<g>(?= ,| ?$| and\\b| they\\b| just\\b| only\\b)`,
      negatedAtEnd,
      { subject: true },
    ),
    // Worthlessness: "<g> lives don't matter", "nobody would miss <g>", "the world would be better without <g>".
    groupRule(
      /matter|count|worth|miss|mourn|care|notice|mind|better|worthless|meaningless|cheap|expendable|disposable/,
      `(?:<g>|\\b${GROUP_ADJECTIVE}) (?:'s |' )?(?:lives )?(?:don't|dont|do not|doesn't|does not|never|no longer|will never|shouldn't|should not|won't|wont|just don't) (?:really |even )?(?:matter|count)(?= ?$| ,| and\\b| at all\\b| one bit\\b)|<g> (?:are|is|r) worth (?:less|nothing|nothing at all)\\b(?! (?:than|to) (?:ever|before)\\b)|\\b(?:care|notice|mind) if (?:(?:all|the|those|these|some|a few) )*<g> (?:\\w+ )?(?:died|disappeared|vanished|left|were gone|was gone|were deported|drowned|were killed|got killed|were wiped out|went away)\\b|(?:<g>|\\b${GROUP_ADJECTIVE}) (?:'s |' )?lives (?:are|is) (?:\\w+ )?(?:worthless|meaningless|cheap|expendable|disposable|worth nothing|worth less)\\b|\\b(?:nobody|no one|noone|no-one) (?:\\w+ )?(?:would|will|could|is going to|gonna) (?:ever )?(?:miss|mourn|cry for|care about|notice) (?:(?:all|the|those|these|any|a|an|one) )*<g>(?= ,| ?$| if\\b| when\\b| once\\b| and\\b)|\\b(?:world|country|society|planet|place|we|everyone|everybody|europe|america|britain|it) (?:\\w+ ){0,2}(?:be|is|are|was|were) (?:a |so |much |far |way )*(?:better|safer|cleaner|nicer|happier)(?: place| off)? (?:without|with no|with fewer|with less) (?:(?:all|the|those|these|any) )*<g>(?! (?:hate|haters|bashing|phobia)\\b)`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // Undesirability: "nothing worse than a <g> neighbour", "I'd rather die than have a <g> son".
    groupRule(
      /worse|rather|never (?:want|have|accept)/,
      `\\b(?:nothing|anything|thing|things|what's|whats|what is|what could be|what can be) (?:[a-z']+ ){0,2}?worse than (?:(?:having|have|being|a|an|the|some|any|one|of|those|these|living|next|to|near|with|dating|marrying|working|for|under|sharing|my|our) ){0,4}<g>|\\b(?:i'd|i would|id|we'd|we would|i'll|i will|i) (?:much |far |sooner |honestly |truly |really )?(?:rather|prefer to) (?:[a-z']+ ){1,7}?than (?:(?:have|having|be|being|live|living|work|working|marry|marrying|date|dating|hire|hiring|see|seeing|let|letting|sit|sitting|next|to|near|with|a|an|any|my|our|one|of|those|these|the|some|for|vote|voting|rent|renting|raise|raising|share|sharing|call|calling) ){1,4}<g>|\\b(?:i|we)(?:'d| would| will|'ll| could)? (?:never|not|not ever) (?:want|have|accept|allow|welcome|tolerate) (?:an? |any |one )<g> (?:as|for|in|into|near|living|moving) (?:my|our|a|an|the|next)\\b`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // Praise denied to every member, any determiner: "no such thing as a decent <g>", "never met a smart <g>".
    groupRule(
      /no|never|not|name|show/,
      `\\b(?:no such thing as|(?:never|not once) (?:met|seen|known|heard of|come across|found|had|worked with)|not (?:a single|one)|(?:there is|there are|there's|theres|there was|there were|there has never been|there have never been|there'll never be|there will never be) (?:no|not a single|not one|never been)|(?:there aren't|there arent|there isn't|there isnt) (?:any|a single|one)|name (?:one|a single)|show me (?:one|a single)|no) (?:an? |single |one |any |such )?(?:(?:truly|really|genuinely|actually|remotely) )?(?:${TRAITS}) <g>(?=(?: (?:in (?:my|the|this) (?:\\w+ )?(?:life|world|country)|ever|before|yet|out there|anywhere|alive|at all|exists?|is alive|ever existed|has ever lived|lives here|around here))? ?(?:,|$))`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // A trait denied to the whole group: "<g> are not smart", "<g> are never honest", "<g> can never be trusted".
    groupRule(
      /not|never|n't|nt |amount|achieve|contribute/,
      `<g> (?:(?:are|is|r) (?:not|never|no)|aren't|arent|isn't|isnt|ain't|aint) (?:(?:ever|even|very|really|truly|remotely|at all|capable of being) )*(?:${TRAITS})\\b(?! (?:enough|for|about|at|with|to|than|as|and|or)\\b)|<g> (?:will|can|could|would) (?:never|not ever) (?:amount to|achieve|accomplish|contribute|create|build|invent) (?:anything|nothing|much)\\b`,
      negatedAtEnd,
      { subject: true },
    ),
    // Stereotype as a question or a statement: "why are <g> always so emotional", "<g> are so irrational".
    groupRule(
      /why |<g> (?:are|is|r|'re) /,
      `\\bwhy do(?:es)? (?:(?:all|so many|most|the|these|those) )*<g> (?:${STEREOTYPED_ACTS}) (?:so much|so often|all the time|constantly|like (?:rabbits|rats|animals|flies|cockroaches))|\\bwhy (?:are|is|do|does|must|can't|cant|won't|wont|don't|dont) (?:(?:all|so many|most|the|these|those) )*<g> (?:(?:have to|has to|need to|got to|always have to) be )?(?:(?:always|so|all|such|constantly|never|forever|inherently|naturally|just|too|really|mostly|generally) )+(?:${HARD_STEREOTYPE}|${SOFT_STEREOTYPE}|${STEREOTYPED_ACTS}|([a-z]+))\\b|<g> (?:are|is|r|'re) (?:(?:${INTENSIFIER}) )+(?:${SOFT_STEREOTYPE})\\b|<g> (?:are|is|r|'re) (?:(?:all|so|just|really|naturally|inherently|genetically|such|truly|always|basically|simply|totally|utterly|completely|too) )*(?:${HARD_STEREOTYPE})\\b`,
      negatedAtEnd,
      {
        subject: true,
        accept: (m) => m[1] === undefined || negativeEvaluation.has(m[1]),
      },
    ),
    // A place ruined by a group's arrival, or crime following it: "the area was nice before <g> moved in",
    // "wherever <g> go, crime follows", "more <g> means more crime".
    groupRule(
      /before|until|wherever|more/,
      `\\b(?:was|were|used to be|had been) (?:so |much |a lot |really |perfectly |actually )?(?:nice|nicer|better|safe|safer|great|clean|cleaner|peaceful|quiet|good|fine|lovely|pleasant|decent) (?:[a-z']+ ){0,3}?(?:before|until|till) (?:(?:all|the|those|these|some|a|an|more|so many|the first) )*<g> (?:[a-z']+ ){0,2}?(?:moved|came|arrived|showed up|took over|got here|started|invaded|were let in|flooded|settled)\\b|\\bwherever (?:(?:the|those|these) )*<g> (?:go|goes|live|lives|settle|settles|are|move)\\b (?:, )?(?:crime|trouble|violence|disease|poverty|chaos|problems|rape|terror|dirt|filth|drugs)|\\bmore <g> (?:[a-z']+ ){0,2}?(?:means|mean|equals|brings|bring|leads to|lead to) (?:more|higher) (?:crime|rape|rapes|violence|terror|terrorism|disease|diseases|problems|trouble|stabbings|murders|drugs|theft|benefit fraud)\\b`,
      negatedAtEnd,
    ),
    // Guarding one's things or children from a group: "hold on to your wallet when a <g> walks by".
    groupRule(
      /wallet|purse|bag|valuables|kids|children|daughter|bike|car|money|phone/,
      `\\b(?:hold|holding|hide|hiding|watch|watching|lock|locking|keep an eye on|clutch|clutching|guard|guarding|check|grab|count) (?:on to |onto |on |up )?(?:your|my|our) (?:wallet|wallets|purse|purses|bag|bags|valuables|kids|children|daughters|daughter|bike|bikes|car|cars|money|phone|phones|stuff|belongings|pockets)\\b (?:[a-z']+ ){0,2}?(?:when|if|whenever|around|near|with|because of|there are) (?:(?:an?|the|those|these|some|any) )*<g>`,
      negatedAtEnd,
    ),
    // Infantilised or helpless: "<g> are just like children", "<g> can't even think for themselves".
    groupRule(
      /like|even/,
      `<g> (?:are|is|act|acts|behave|behaves|think|thinks) (?:(?:just|basically|all|really|no better than|simply) )*like (?:little |small |spoilt |spoiled )?(?:children|kids|babies|toddlers|animals|a child|a baby)\\b|<g> (?:can't|cant|cannot|can not) even (?:think|read|write|count|speak|drive|cook|park|dress|feed|look after|take care of|tie|wash|manage)\\b(?! (?:into|in|to|the|a|half|our|their|inside|because)\\b)`,
      negatedAtEnd,
      { subject: true },
    ),
    // Replacement and takeover: "<g> will take over our country", "<g> are replacing us".
    groupRule(
      /take over|taking over|replac|outbreed|outnumber/,
      `<g> (?:[a-z']+ ){0,2}?(?:will|are going to|gonna|want to|plan to|are trying to|are about to|will soon|are slowly|are) (?:(?:slowly|soon|eventually|quietly|secretly|all) )*(?:take over|taking over|replace|replacing|outbreed|outbreeding|outnumber|outnumbering) (?:us|our (?:country|nation|land|streets|cities|towns|schools|culture|jobs|neighbourhoods|neighborhoods|people|children)|the (?:country|world|west|government|nation|continent)|this (?:country|nation|continent|town|city)|white|whites|europe|america|britain|everything|everyone|native)\\b`,
      negatedAtEnd,
      { subject: true },
    ),
    // Weariness or a wish that a group were gone: "I've had enough of <g>", "I wish <g> didn't exist",
    // "I'd be happy if all <g> disappeared".
    groupRule(
      /enough|done with|had it|wish|happy|glad|relieved|better/,
      `\\b(?:i|we)(?:'ve|'m|'re| have| am| are| really| just| honestly)* (?:so |really |absolutely |just |totally |completely )*(?:had enough of|had it with|done with|sick to death of) (?:(?:all|the|those|these|fucking|damn) )*<g>(?= ?$| ,| and\\b| now\\b| already\\b)|\\b(?:i|we) (?:really |just |honestly |sometimes )*wish (?:that )?(?:(?:all|the|those|these|every|every single) )*<g> (?:would |could |will |had |were |was )?(?:just |all |simply )?(?:die|died|disappear|disappeared|vanish|vanished|go away|went away|drop dead|dropped dead|never existed|didn't exist|did not exist|were dead|were gone|was gone|go back|went back|get out|leave|left|stopped existing|stop existing|be wiped out|were wiped out|be deported|were deported)\\b|\\b(?:happy|glad|relieved|better|pleased|delighted|thrilled) (?:if|when|once) (?:(?:all|the|those|these|every|every single) )*<g> (?:would |could |just |all |finally )*(?:died|disappeared|vanished|went away|dropped dead|were gone|was gone|left|got out|were deported|were wiped out|stopped existing|were dead|were banned|never came back)\\b`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // Praise denied with a modal or an encounter: "no <g> can ever be successful", "never met a <g> who was honest",
    // "<g> don't count as people".
    groupRule(
      /no|never|count/,
      `\\bno <g> (?:can|could|will|would|should|is|has) (?:ever )?(?:be|become|been) (?:(?:truly|really|fully|properly|very|a) )*(?:${TRAITS}|successful|trusted|respected|equal|leaders|leader|good at anything)\\b|\\bnever (?:met|seen|known|worked with) (?:an? |any |one |a single )<g> (?:who|that) (?:was|is|were|could be|had (?:a|any)) (?:(?:even|remotely|actually|truly|really) )*(?:${TRAITS}|successful|worth|brains|manners|morals)\\b|<g> (?:don't|dont|do not|doesn't|does not|shouldn't|should not) (?:really |even )?count as (?:(?:real|proper|full|actual) )*(?:people|persons|humans|human|human beings|citizens|men|women|americans|british|europeans|<g>)`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // Hatred said another way: "all I feel for <g> is contempt", "nothing I hate more than <g>", "appalled by <g>",
    // "<g> make me angry just by existing", "<g> ..., they make me sick".
    groupRule(
      /feel|hate|despise|loathe|appalled|repelled|horrified|existing|breathing|sick|ill|puke|vomit/,
      `\\ball (?:i|we) (?:feel|have|got) (?:for|towards|toward) (?:(?:all|the|those|these) )*<g> (?:is|are) (?:pure |utter |total |deep )?(?:contempt|hatred|hate|disgust|loathing|revulsion|disdain)\\b|\\b(?:nothing|no one|nobody|nothing in the world|nothing on earth) (?:i|we) (?:hate|despise|detest|loathe|dislike) (?:more|as much) (?:than|as) (?:(?:all|the|those|these|fucking) )*<g>|\\bwhat (?:i|we) (?:hate|despise|detest|loathe) (?:the )?most (?:is|are) (?:(?:all|the|those|these) )*<g>|\\b(?:i|we)(?:'m|'re| am| are)? (?:(?:so|really|just|truly|absolutely|totally) )*(?:appalled|repelled|horrified|revolted) by (?:(?:all|the|those|these) )*<g>(?! (?:being|getting|who|that|are|were|is|was|[a-z]+ed|[a-z]+ing)\\b)|<g> (?:make|makes) me (?:so |really )?(?:angry|furious|mad|sick|ill|disgusted) (?:just )?(?:by|for) (?:existing|being alive|breathing|being here|living)\\b|<g> (?:[^.]{0,80}? )?, (?:and )?they (?:all )?(?:make|makes) me (?:feel )?(?:so |physically )?(?:sick|ill|nauseous|want to (?:puke|vomit|throw up))\\b`,
      negatedAtEnd,
    ),
    // Hostile questions about a group's presence or rights: "why do we let <g> in", "who would ever hire a <g>",
    // "why should <g> have the same rights as us".
    groupRule(
      /why|who/,
      `\\bwhy (?:do|does|did|should|would|must|are|is) (?:we|they|you|our(?: \\w+)?|the(?: \\w+)?) (?:still |even |keep |keep on |continue to )?(?:let|letting|allow|allowing|tolerate|tolerating|put up with|putting up with|let in|import|importing) (?:(?:all|the|those|these|any|more|so many) )*<g>|\\bwho (?:would|could|will|'d|in their right mind would) (?:ever |even |actually |seriously )?(?:want to )?(?:hire|date|marry|trust|employ|vote for|rent to|love|want|respect|befriend|listen to|believe) (?:(?:an?|any|the|those|these) )?<g>|\\bwhy should (?:(?:the|those|these|any|all) )*<g> (?:be allowed to |get to |even )?(?:have|get|be given|receive|deserve|enjoy) (?:the same |equal |any |our )?(?:rights|vote|votes|say|jobs|benefits|housing|respect|citizenship|freedom)\\b`,
      negatedAtEnd,
    ),
    // Nothing good ever done, nothing done right: "not one <g> has ever contributed anything", "<g> can't do
    // anything right", "never met a <g> who wasn't a liar".
    groupRule(
      /ever|right|never/,
      `\\b(?:not one|not a single|no) <g> (?:has|have|had) (?:ever )?(?:contributed|achieved|done|invented|built|created|accomplished|given) (?:anything|something|a thing|a single thing)|<g> (?:can't|cannot|can not|never|don't|dont|do not) (?:ever )?(?:do|get|say) (?:anything|a thing|a single thing) right\\b|\\bnever (?:met|seen|known|worked with) (?:an? |any |one |a single )<g> (?:who|that) (?:wasn't|was not|isn't|is not|weren't|were not|wasnt|isnt) (?:(?:a|an|completely|totally|utterly|so|really) )*([a-z]+(?: ill)?)\\b`,
      negatedAtEnd,
      {
        ownNegation: true,
        accept: (m) => m[1] === undefined || derogatory(m[1]),
      },
    ),
    // Others kept from letting a group in or near: "we shouldn't let <g> adopt", "don't let <g> near your kids",
    // "no <g> should ever hold office", "it should be illegal for <g> to adopt".
    groupRule(
      /let|allow|permit|should|must|illegal|banned|outlawed|forbidden/,
      `\\b(?:we|you|they|society|the government|schools|nobody|no one|parents) (?:${DENYING_NORM}|can't|cannot|won't|will never|shouldn't ever) (?:ever )?(?:let|allow|permit) (?:(?:any|the|those|these|more) )*<g> (?:to )?(?:${RIGHTS}\\b|near|around|anywhere near|close to|into (?:our|the|this|my))|\\b(?:don't|do not|dont|never) (?:ever )?(?:let|allow) (?:(?:any|the|those|these|an?) )*<g> (?:anywhere )?(?:near|around|close to|babysit|teach|look after|touch|into|in) (?:your|our|my|the)\\b|\\bno <g> (?:should|must|can|could|will|shall) (?:ever )?(?:be (?:allowed|permitted) to )?(?:${RIGHTS}\\b|be allowed (?:near|in|into|around))|\\b(?:should|must|ought to) be (?:illegal|banned|outlawed|forbidden|criminalised|criminalized|a crime) for (?:(?:any|the|all) )*<g> to\\b`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // Indifference to a group's death, or wishing it: "who cares if <g> drown", "let them drown, those <g>".
    groupRule(
      /care|gives|let/,
      `\\bwho (?:cares|gives a (?:shit|damn|fuck|toss)) (?:if|when|that|whether|about) (?:(?:the|those|these|all|some|a few|a couple of) )*<g> (?:[a-z]+ )?(?:die|dies|died|drown|drowns|drowned|starve|starves|starved|suffer|suffers|get killed|gets killed|are killed|were killed|are dying|burn|burned|freeze|froze)\\b|\\blet (?:(?:the|those|these|all) )*(?:<g>|them) (?:all )?(?:drown|die|starve|rot|burn|suffer|freeze)\\b`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // A group not wanted near: "I don't want <g> living on my street", "imagine having a <g> as your doctor".
    groupRule(
      /want|imagine/,
      `\\b(?:don't|dont|do not|wouldn't|would not|never) want (?:(?:any|those|these|the|a|an|more) )*<g> (?:(?:family|families|living|moving|working|anywhere|to move|to live|to work) )*(?:next door|near|around|in (?:my|our|this)|on (?:my|our|this)|into (?:my|our|this)|as (?:my|our|a|an) )|\\bimagine (?:having|being (?:treated|taught|operated on) by|working (?:for|with|under)) (?:an? |some )?<g> (?:as|for) (?:your|a|my|our) [a-z]+(?= ?$| ,)`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // Lesser by nature: "<g> are naturally less intelligent than men", "<g> have lower IQs".
    groupRule(
      /less|not as|lower|low|smaller|inferior|lesser/,
      `<g> (?:are|is|r) (?:(?:naturally|genetically|inherently|just|simply|all|biologically|by nature|always|far|much) )*(?:less|not as) (?:${TRAITS}|evolved|developed|human|deserving) (?:than|as)\\b|<g> (?:have|has) (?:(?:naturally|genetically|much|far|a|an) )*(?:lower|low|smaller|inferior|lesser) (?:iqs?|intelligence|brains?|morals|standards|intellect)\\b`,
      negatedAtEnd,
      { subject: true },
    ),
    // Refusing to belong: "<g> will never integrate", "why can't <g> integrate", "<g> refuse to learn English".
    groupRule(
      /integrate|assimilate|fit in|adapt|learn/,
      `<g> (?:(?:will|can|could) never|never|can't|cant|cannot|won't|wont|refuse to|don't want to|do not want to|don't even try to|never even try to) (?:ever |even |try to |bother to )?(?:integrate|assimilate|fit in|adapt|learn (?:english|the language|our language|our ways|our culture))\\b(?! (?:[a-z]+ )?(?:if|unless|when|until|while|without|as long as|because|since)\\b)`,
      negatedAtEnd,
      { ownNegation: true, subject: true },
    ),
    // Crime named as the group: "isn't it strange how every terrorist is a <g>", "why is every criminal a <g>".
    groupRule(
      /every/,
      `\\b(?:how|why|that|notice) (?:is )?every (?:single )?(?:terrorist|criminal|rapist|thief|paedophile|pedophile|murderer|drug dealer|mugger|scammer|shooter|suicide bomber|gang member|groomer|pickpocket) (?:[a-z']+ ){0,2}?(?:is |was |seems to be |turns out to be |happens to be )?(?:an? )?<g>`,
      negatedAtEnd,
    ),
    // Rhetorical questions of worth: "aren't <g> just a burden", "what's the point of <g>", "what good are <g>".
    groupRule(
      /aren't|arent|isn't|isnt|point|use|purpose|good/,
      `\\b(?:aren't|arent|isn't|isnt) (?:(?:all|the|those|these|most) )*<g> (?:(?:just|all|really|simply|basically|such|so|nothing but) )*(${OBJECTS}|a burden|a drain|a plague|a menace|a disease|a cancer|[a-z]+)\\b|\\bwhat(?:'s| is) the (?:point|use|purpose) of (?:(?:all|the|those|these|any) )*<g>(?= ?$| ,| anyway| even| again| at all)|\\bwhat (?:good|use) (?:are|is) (?:(?:the|those|these|any) )*<g>(?= ?$| ,| anyway| even| for| to)`,
      negatedAtEnd,
      {
        accept: (m) =>
          m[1] === undefined || !/^[a-z]+$/.test(m[1]) || negativeEvaluation.has(m[1]) || HARD_WORDS.has(m[1]),
      },
    ),
    // Harm done to "us" as what a group does: "<g> come here and rape our women", "<g> prey on children", "<g>
    // spread diseases", "<g> are behind every war", "<g> are faking it for benefits". Not passive: "<g> were
    // exploited", "<g> get groomed" are done to the group.
    groupRule(
      /rap|prey|groom|molest|corrupt|brainwash|indoctrinat|spread|destroy|invad|infest|exploit|leech|sponge|steal|behind|lie|fak|coming/,
      `<g> (?:[a-z']+ ){0,3}?(?:rape|rapes|raping|prey on|preys on|preying on|groom|grooms|grooming|molest|molests|molesting|corrupt|corrupts|corrupting|brainwash|brainwashes|brainwashing|indoctrinate|indoctrinates|indoctrinating|destroyed|destroying|invaded|invading|infested|exploit|exploits|exploiting|leech off|leeching off|sponge off|sponging off|steal from|stealing from|lie about|lies about|lying about) (?:our|every|all|children|kids|women|girls|young|innocent|society|everything|rape|abuse|wars|this country|the country|the economy|the west|europe|america|britain|our)\\b|<g> (?:[a-z']+ ){0,2}?(?:spread|spreads|spreading|carry|carries|bring|brings) (?:their )?(?:diseases|disease|aids|hiv|germs|filth|crime|terror|terrorism)\\b|<g> (?:are|were|is) behind (?:(?:every|all|the|most|our) )+(?:wars?|crimes?|terror|attacks?|problems?|pandemic|plots?|conspirac(?:y|ies)|riots?|crisis|crises|bombings?|shootings?|evil)\\b|<g> (?:are|is) (?:all |just |mostly )?(?:faking|fake) (?:it|their)\\b|<g> (?:will|are going to|gonna|are gonna) get what(?:'s| is) coming(?: to them)?\\b`,
      negatedAtEnd,
      {
        subject: true,
        accept: (m) =>
          !/ (?:were|was|been|being|get|gets|got|are|is) (?:[a-z]+ )?(?:raped|groomed|molested|exploited|destroyed|invaded)\b/.test(
            m[0],
          ),
      },
    ),
    // A wish that a group suffers: "I hope <g> get cancer", "I hope all <g> die".
    groupRule(
      /hope|pray/,
      `\\b(?:i|we) (?:really |just |sincerely |truly )*(?:hope|pray) (?:that )?(?:(?:all|the|those|these|every|every single) )*<g> (?:all )?(?:(?:get|gets|catch|catches) (?:cancer|aids|ebola|covid|killed|shot|raped|beaten|hurt|deported|sick|run over|what(?:'s| is) coming|what they deserve)|die|dies|burn|burns|suffer|suffers|rot|rots|choke|chokes|drown|drowns|starve|starves|go to hell)\\b`,
      negatedAtEnd,
    ),
    // The speaker's judgement of a group: "I find <g> repulsive", "I consider <g> a burden", "I don't respect <g>",
    // "I have no time for <g>", "disgusted by the mere existence of <g>".
    groupRule(
      /find|found|consider|regard|think of|respect|trust|tolerate|accept|stand|bear|stomach|time|patience|tolerance|sympathy|existence|presence|sight/,
      `\\b(?:i|we) (?:(?:personally|honestly|really|just|generally|always|still|frankly) )*(?:find|found|consider|considered|regard|think of) (?:(?:all|the|those|these|most) )*<g> (?:as |to be )?(?:(?:so|very|really|utterly|totally|absolutely|pretty|quite|a|an|such|just|kind of|incredibly|extremely|nothing but|little more than) )*(${OBJECTS}|a burden|a drain|a plague|a menace|a disease|a cancer|a nuisance|a threat|a danger|[a-z]+)\\b|\\b(?:i|we) (?:(?:really|just|simply|honestly|personally) )*(?:don't|do not|dont|can't|cannot|can not) (?:(?:really|ever) )?(?:respect|tolerate|accept|stomach) (?:(?:all|the|those|these|any) )*<g>(?= ?$| ,| and\\b| anymore| at all| one bit)|\\b(?:i|we)(?: have| got|'ve got| 've got)? (?:no|zero) (?:time|patience|tolerance|sympathy|respect|use|love) (?:whatsoever |at all )?for (?:(?:all|the|those|these|any) )*<g>(?= ?$| ,| and\\b| anymore| at all| whatsoever)|\\b(?:disgusted|sickened|repulsed|appalled|offended|revolted|nauseated) by the (?:mere |very )?(?:existence|sight|presence|smell) of (?:(?:all|the|those|these) )*<g>`,
      negatedAtEnd,
      {
        accept: (m) => m[1] === undefined || !/^[a-z]+$/.test(m[1]) || derogatory(m[1]),
      },
    ),
    // A group as a blot on the world, or named by a bad noun after an adjective: "<g> are a stain on this country",
    // "<g> are a mistake of nature", "<g> are delusional freaks"; "<g>, they are all the same".
    groupRule(
      /mistake|stain|disgrace|embarrassment|abomination|blot|blemish|curse|scourge|error|failure|defect|aberration|insult|shame|freaks|degenerates|deviants|perverts|savages|parasites|vermin|animals|scum|trash|garbage|subhumans|monsters|demons|pests| , /,
      `<g> (?:are|is|r) (?:(?:just|all|nothing but|simply|basically) )*(?:a|an|the) (?:mistake|stain|disgrace|embarrassment|abomination|blot|blemish|curse|scourge|error|failure|defect|aberration|insult|shame) (?:of|on|to|upon|for) (?:nature|humanity|society|this country|our country|the earth|the world|mankind|god|the human race|civilisation|civilization|evolution|the species|the nation|the planet)\\b|<g> (?:are|is|r) ((?:[a-z-]+ ){1,2}?)(?:freaks|degenerates|deviants|perverts|savages|parasites|vermin|animals|scum|trash|garbage|subhumans|monsters|demons|pests)\\b|<g> , (?:(?:and|but) )?(?:they|all of them|every one of them|each of them) (?:are|r|'re|were) (?:(?:all|just|so|really|such) )*(?:the same|(${HARD_STEREOTYPE}|${SOFT_STEREOTYPE}|[a-z]+))\\b`,
      negatedAtEnd,
      {
        subject: true,
        accept: (m) =>
          (m[1] === undefined ||
            !/\b(?:like|as|than|not|no|never|treated|called|labelled|labeled|[a-z]+ed|real|human|just|only)\b/.test(
              m[1],
            )) &&
          (m[2] === undefined || !/^[a-z]+$/.test(m[2]) || derogatory(m[2])),
      },
    ),
    // What a group is said to lack, give or do too much: "<g> have no morals", "<g> contribute nothing to society",
    // "<g> talk too much", "<g> only care about themselves", "<g> are lower than dirt".
    groupRule(
      /no |zero|nothing|too much|only|just|lower|worse|less than/,
      `<g> (?:have|has) (?:no|zero) (?:respect for (?:our|the|anyone|anything|women|authority|us|life|human life)|morals|shame|decency|honou?r|loyalty|culture|values|manners|brains|empathy|souls?|conscience|self-respect|self respect)\\b|<g> (?:contribute|contributes|add|adds|bring|brings|give|gives|offer|offers) (?:absolutely |literally )?nothing(?: but (?:shame|trouble|crime|problems|misery|disease|violence|chaos|filth|drugs|terror))?(?: to (?:society|this country|our country|the world|us|the economy|anyone))?(?= ?$| ,| and\\b| but\\b)|<g> (?:talk|talks|complain|complains|whine|whines|moan|moans|cry|cries|nag|nags|lie|lies|breed|breeds) (?:way |far |just )?too much\\b|<g> (?:only|just) (?:ever )?(?:care|cares|think|thinks) about (?:themselves|money|sex|their own (?:kind|people)|power)\\b|<g> (?:are|is|r) (?:(?:just|all|so|even) )*(?:lower|worse|less) than (?:dirt|scum|rats|animals|dogs|vermin|pigs|cockroaches|trash|garbage|shit|the dirt|insects|worms|filth)\\b`,
      negatedAtEnd,
      { subject: true },
    ),
    // Shame, disguise and denial of orientation: "<g> should be ashamed of themselves", "<g> are men in dresses",
    // "<g> just haven't met the right man", "<g> are all on benefits".
    groupRule(
      /ashamed|embarrassed|apologi|dresses|dress|wigs|wig|makeup|drag|skirts|costume|disguise|right man|right woman|right guy|right girl|benefits|welfare|dole|living off/,
      `<g> ${S}(?:should|must|ought to|need to|needs to) (?:all |just )?(?:be ashamed|feel ashamed|be embarrassed|feel embarrassed|apologi[sz]e) (?:of |for )?(?:themselves|being|existing|who they are|what they are|to exist)\\b|<g> (?:are|is) (?:(?:just|only|simply|really|basically|nothing but|all) )*(?:men|blokes|guys|dudes|boys|women|girls|<g>) (?:in|wearing|with) (?:dresses|a dress|wigs|a wig|makeup|make-up|drag|skirts|a skirt|costumes?|disguise|lipstick)\\b|<g> (?:just |simply |only )?(?:haven't|have not|hasn't|has not|never) (?:met|found|had) the right (?:man|woman|guy|girl)\\b|<g> (?:are|is) (?:all|just|only|always|basically) (?:on benefits|on welfare|on the dole|living off (?:benefits|welfare|the state|us|our taxes|taxpayers))\\b|<g> (?:are|is) (?:all |just |always )?living off (?:benefits|welfare|the state|us|our taxes|taxpayers)\\b`,
      negatedAtEnd,
      { subject: true },
    ),
    // Tolerated on conditions, or with a disclaimer: "<g> are fine as long as they stay in the closet", "I have
    // nothing against <g>, I just don't want them here", "I'm not racist, but <g> ...", "<g> drivers, enough said".
    groupRule(
      /as long as|so long as|provided|only if|nothing against|not racist|not sexist|not homophobic|not transphobic|not a bigot|not islamophobic|not antisemitic|not xenophobic|enough said|say no more|nuff said|case closed|need i say more/,
      `<g> (?:[a-z']+ ){0,4}?(?:as long as|so long as|provided|only if) they (?:stay|keep|remain|are kept|keep it) (?:quiet|invisible|hidden|silent|out of sight|in the closet|in their place|at home|away|in their (?:own )?(?:lane|countries|country|homes|neighbourhoods|neighborhoods)|to themselves|behind closed doors)\\b|\\bnothing against (?:(?:the|those|these|all) )*<g> [^.]{0,30}?(?:don't|do not|dont|wouldn't|would not) want (?:them|any|one) (?:here|near|around|in|living|moving|next)\\b|\\b(?:i'm|im|i am) not (?:a |being )?(?:racist|sexist|homophobic|transphobic|bigot|bigoted|islamophobic|antisemitic|xenophobic|ableist|misogynist)(?: or anything)? (?:, )?but (?:(?:all|the|those|these|most) )*<g> (?:are|is|can't|cant|cannot|can not|should|shouldn't|don't|do not|dont|will never|never|just|always|all|have|need|belong)\\b|<g>(?: [a-z]+)? , (?:enough said|need i say more|say no more|nuff said|'nuff said|case closed|what did you expect)(?= ?$)`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // A group to be cured, and fear of its presence: "<g> need to be cured", "being around <g> makes me
    // uncomfortable", "I cross the street when I see <g>".
    groupRule(
      /cured|fixed|converted|straightened|reprogrammed|educated|healed|prayed|uncomfortable|unsafe|uneasy|nervous|scared|anxious|on edge|afraid|cross/,
      `<g> ${S}(?:need|needs|should|must|ought|have|has) to be (?:cured|fixed|converted|straightened out|reprogrammed|re-educated|reeducated|healed)\\b|<g> (?:can|could) (?:all )?be (?:cured|fixed|converted|straightened out|prayed away)\\b|\\b(?:being around|being near|seeing|the sight of|the presence of|living near|living next to|sitting next to|having) (?:(?:all|the|those|these|a|an|any|so many) )*<g> (?:(?:around|near|here|nearby|next door|really|just|always|honestly) )*(?:makes|make) me (?:feel )?(?:so |really |very )?(?:uncomfortable|unsafe|uneasy|nervous|scared|anxious|on edge|afraid)\\b|\\bi (?:always |instantly |immediately )?(?:feel|get) (?:so |really |very )?(?:unsafe|uncomfortable|uneasy|nervous|scared|anxious) (?:when|whenever|every time|around|near|with) (?:there are |there's |i see |i'm around )?(?:(?:all|the|those|these|a|an|any|so many|some) )*<g>${NO_HARM_AFTER}|\\bi (?:always |usually |just )?cross (?:the|to the other side of the) (?:street|road) (?:when|whenever|if) (?:i see )?(?:(?:a|an|some|the|any) )?<g>`,
      negatedAtEnd,
    ),
    // A group's rights or presence deplored: "it's a shame <g> are allowed to vote", "I can't believe they let <g>
    // teach", "who let the <g> in".
    groupRule(
      /shame|pity|disgrace|tragedy|crime|joke|mistake|sad|wrong|believe|who let/,
      `\\b(?:a shame|a pity|a disgrace|a tragedy|a crime|a joke|a mistake|sad|wrong|ridiculous|insane|madness|crazy) (?:that )?(?:(?:all|the|those|these) )*<g> (?:are|were|is|get|got|can|could) (?:even |still |now |actually )?(?:(?:allowed|permitted|able|given the right|let) to )?(?:vote|exist|marry|adopt|teach|breed|run for|hold office|be (?:teachers|doctors|in charge|in power|citizens|parents)|have (?:rights|kids|children|a say)|live here|come here|stay here)\\b|\\b(?:can't|cannot|can not|can't even) believe (?:they|we|you|people|anyone|the [a-z]+) (?:still |even |actually )?(?:let|lets|allow|allows|hire|hires|hired|elected|elect|gave|give) (?:(?:a|an|the|those|these|any) )*<g>(?: (?:in|into|near|teach|vote|run|adopt|marry|work|a job|jobs|a vote|the vote|rights)\\b| ?$| ,)|\\bwho let (?:(?:the|those|these|all|a|an) )*<g> (?:in|into|out|near)\\b`,
      negatedAtEnd,
      { ownNegation: true },
    ),
    // Hatred in other tenses, quantities and frames: "I've always hated <g>", "I hate a lot of <g>", "I hate how
    // <g> talk", "nothing disgusts me more than <g>", "<g> piss me off", "I'm allergic to <g>". A story of change
    // ("I hated <g> until I met one") is not the writer's hate now.
    groupRule(
      /hate|hating|hated|despise|detest|loathe|abhor|resent|stand|bear|tolerate|disgust|sicken|repuls|annoy|irritat|piss|nerves|gears|bug|anger|enrage|allergic/,
      `\\b(?:i|we)(?:'ve| have|'d| had)? (?:(?:always|really|just|truly|honestly|secretly|openly|all|genuinely|deeply|absolutely|fucking|literally) )*(?:hated|despised|detested|loathed|resented|abhorred) (?:(?:all|the|those|these|every|every single|most|any|a lot of|lots of|so many) )*<g>(?![^.]{0,60}\\b(?:until|till|before|but then|but now|when i was|as a kid|growing up|i was wrong|no longer|anymore|used to))|\\b(?:i|we)(?: (?:really|just|truly|honestly|absolutely|fucking|so|still|do))* (?:hate|despise|detest|loathe|abhor|resent|can't stand|cannot stand|cant stand|can't bear|cant bear|can't tolerate) (?:(?:a lot of|lots of|any of|each and every|every single one of|all of|most of|so many|any|the|those|these|all|every|single|one|of) )+<g>|\\b(?:i|we)(?: (?:really|just|truly|honestly|absolutely|fucking|so|still))* (?:hate|despise|detest|loathe|can't stand|cannot stand|cant stand) (?:it )?(?:when|how|the way) (?:(?:the|those|these|all|some) )*<g> (?:(?:always|just|all|constantly) )*(?:talk|talks|act|acts|dress|dresses|look|looks|behave|behaves|smell|smells|think|thinks|complain|complains|whine|whines|breed|breeds|live|lives|walk|walks|speak|speaks|sound|sounds|drive|drives|pray|prays|exist|exists)\\b|\\bnothing (?:disgusts|sickens|repulses|annoys|angers|bothers|irritates|revolts|enrages) (?:me|us) (?:more|as much) (?:than|as) (?:(?:all|the|those|these) )*<g>|<g> (?:(?![a-z]+ed |being |getting )[a-z']+ )?(?:annoy me|annoys me|irritate me|irritates me|piss me off|pisses me off|get on my nerves|gets on my nerves|grind my gears|grinds my gears|bug me|bugs me|anger me|angers me|enrage me|enrages me)(?= ?$| ,| so\\b| to no end| and\\b| more than| like nothing)|\\b(?:i'm|im|i am|we're|we are) (?:(?:so|just|really|basically|literally) )*allergic to (?:(?:all|the|those|these) )*<g>`,
      negatedAtEnd,
    ),
    // More questions that assert: "is it just me or are <g> all lazy", "how can <g> be so stupid", "why do <g> even
    // exist".
    groupRule(
      /just me|how can|how could|how do|how does|why do|why does/,
      `\\b(?:just me|only me|only one) (?:[a-z']+ ){0,3}?or are (?:(?:all|the|those|these|most) )*<g> (?:(?:all|just|really|so|always|getting|becoming|kind of|such) )*([a-z]+)\\b|\\bhow (?:can|could|do|does) (?:(?:all|the|those|these|so many) )*<g> (?:be|get|stay|remain|act|look) (?:so|this|that|such) ([a-z]+)\\b|\\bwhy (?:do|does) (?:(?:all|the|those|these) )*<g> (?:even |still )?(?:exist|breathe|get to live|get to exist)\\b`,
      negatedAtEnd,
      {
        accept: (m) => {
          const word = m[1] ?? m[2];
          return word === undefined || derogatory(word);
        },
      },
    ),
    // A group as the measure of a fault: "all <g> are good for is cooking", "as dumb as a <g>", "typical of a
    // <g>".
    groupRule(
      /good for|as |typical/,
      `\\b(?:all|the only thing|only thing|the one thing) (?:(?:the|those|these) )*<g> (?:are|is|were) (?:ever )?(?:good|fit|useful|made|here) (?:for|at)\\b|\\bas ([a-z]+) as (?:an? |the |any |your average |a typical )?<g>(?= ?$| ,| and\\b| is\\b| are\\b)|\\btypical of (?:an? |the |those |these )?<g>`,
      negatedAtEnd,
      {
        ownNegation: true,
        accept: (m) => m[1] === undefined || derogatory(m[1]),
      },
    ),
    // "Isn't it time we got rid of <g>": removal in any tense after a time frame.
    groupRule(
      /time/,
      `\\b(?:time|high time|about time) (?:that )?(?:we |to |for us to |somebody |someone )?(?:finally |just |all )?(?:got rid of|get rid of|kicked out|kick out|threw out|throw out|sent back|send back|deported|deport|banned|ban|removed|remove|locked up|lock up|stopped|stop|dealt with|deal with|wiped out|wipe out|cleaned out|clean out) (?:(?:all|the|those|these|every|some|our) )*<g>(?! (?:hate|haters|bashing|phobia)\\b)`,
      negatedAtEnd,
    ),
  ];
}
