/**
 * Threats and incitement as grammar rather than as fixed constructions: a violent act whose patient is a person or
 * a protected group, inside one clause, in any shape the act can take —
 *   - active, with the act as a base form, an -ing form or an -s form: imperative ("kill all X"), infinitive ("time
 *     to shoot X"), modal ("we should hang X"), gerund subject ("killing every X would ..."), progressive ("start
 *     lynching X"), with quantifiers between act and patient ("every last one of those X");
 *   - passive, with a present, future or modal auxiliary ("X is getting shot", "you'll be stabbed", "X should have
 *     been gassed"); a past auxiliary ("was shot") is a report, and an agent ("shot by police") a lament or a report;
 *   - a wish about the patient's state ("I want X dead", "can't wait to see X hang").
 * What is not a threat although it has the same words, and is left out: negation before the act ("no one should
 * kill ...", "I would never ..."), a condemnation after it ("killing X is wrong"), the act as a noun ("the killing
 * of ..."), reports ("threatened to", "accused of"), news, history, fiction and games (a marker anywhere in the
 * text), idioms (the patient is not a person: "kill the process", "killing it", "this joke kills me", "shoot you an
 * email", "her photo"), and oneself (me, myself).
 *
 * English works on semantic.ts's canonical token string (lower-cased, repaired words separated by spaces, groups as
 * `<g>`); Chinese on its canonical text (pinyin, homophones and split characters undone).
 */
import { englishPhrasalAct, englishPlaceAct } from './threat-phrasal.js';

const forms = (rows: string): { base: string[]; ing: string[]; s: string[]; pp: string[] } => {
  const base: string[] = [];
  const ing: string[] = [];
  const s: string[] = [];
  const pp: string[] = [];
  for (const row of rows.trim().split(/\s*;\s*/)) {
    const [b, i, third, done] = row.split(',').map((w) => w.trim());
    base.push(b!);
    ing.push(i!);
    s.push(third!);
    pp.push(...done!.split('/'));
  }
  return { base, ing, s, pp };
};

/** Violent acts: base, -ing, -s, past participle(s). Only acts whose plain sense is violence against a body. */
const acts = forms(`
  kill, killing, kills, killed; murder, murdering, murders, murdered; shoot, shooting, shoots, shot;
  stab, stabbing, stabs, stabbed; hang, hanging, hangs, hanged; lynch, lynching, lynches, lynched;
  burn, burning, burns, burned alive/burnt alive; slaughter, slaughtering, slaughters, slaughtered;
  butcher, butchering, butchers, butchered; exterminate, exterminating, exterminates, exterminated;
  behead, beheading, beheads, beheaded; decapitate, decapitating, decapitates, decapitated;
  gas, gassing, gasses, gassed; nuke, nuking, nukes, nuked; rape, raping, rapes, raped;
  strangle, strangling, strangles, strangled; massacre, massacring, massacres, massacred;
  execute, executing, executes, executed; torture, torturing, tortures, tortured; drown, drowning, drowns, drowned;
  eradicate, eradicating, eradicates, eradicated; annihilate, annihilating, annihilates, annihilated;
  wipe out, wiping out, wipes out, wiped out; poison, poisoning, poisons, poisoned;
  gun down, gunning down, guns down, gunned down; mow down, mowing down, mows down, mowed down/mown down;
  beat up, beating up, beats up, beaten up/beaten to death; hunt down, hunting down, hunts down, hunted down;
  string up, stringing up, strings up, strung up; crucify, crucifying, crucifies, crucified;
  slit the throats of, slitting the throats of, slits the throats of, slit; firebomb, firebombing, firebombs, firebombed;
  blow up, blowing up, blows up, blown up; run over, running over, runs over, run over;
  genocide, genociding, genocides, genocided; castrate, castrating, castrates, castrated;
  slit the throat of, slitting the throat of, slits the throat of, slit; cut the throat of, cutting the throat of,
  cuts the throat of, cut; cut the throats of, cutting the throats of, cuts the throats of, cut;
  put a bullet in, putting a bullet in, puts a bullet in, put; put a bullet into, putting a bullet into,
  puts a bullet into, put; put a bullet through, putting a bullet through, puts a bullet through, put;
  put bullets in, putting bullets in, puts bullets in, put; open fire on, opening fire on, opens fire on, opened fire on;
  take up arms against, taking up arms against, takes up arms against, taken up arms against;
  maim, maiming, maims, maimed; mutilate, mutilating, mutilates, mutilated; dismember, dismembering, dismembers,
  dismembered; disembowel, disembowelling, disembowels, disembowelled/disemboweled; bludgeon, bludgeoning, bludgeons,
  bludgeoned; incinerate, incinerating, incinerates, incinerated; suffocate, suffocating, suffocates, suffocated;
  kneecap, kneecapping, kneecaps, kneecapped; curb stomp, curb stomping, curb stomps, curb stomped;
  ethnically cleanse, ethnically cleansing, ethnically cleanses, ethnically cleansed
`);
const alt = (words: string[]) => words.join('|');

/** Words between the act and its patient: determiners, quantifiers, intensifiers ("every last one of those"). */
const FILLER =
  '(?:all|every|each|last|single|one|ones|of|the|those|these|them|some|more|any|few|a|couple|bunch|lot|dozen|hundreds|thousands|millions|fucking|fuckin|damn|dirty|filthy|stupid|bloody|remaining|other|next|whole|entire|and|rest|fucken|goddamn|motherfucking|last|first|as many|head|heads|skull|skulls|throat|throats|brains|face|faces|chest|chests)';
const PERSON =
  '(?:guy|guys|dude|dudes|man|men|woman|women|girl|girls|boy|boys|bitch|bitches|bastard|bastards|cunt|cunts|whore|whores|slut|sluts|fag|fags|faggot|faggots|idiot|idiots|person|people|kid|kids|child|children|baby|babies|cop|cops|teacher|teachers|boss|neighbour|neighbor|neighbours|neighbors|family|families|president|politician|politicians|everyone|everybody|anyone|anybody|bitchass|motherfucker|motherfuckers|hoe|hoes|nigga|niggas|mf|pig|pigs|lawyer|lawyers|attorney|attorneys|banker|bankers|landlord|landlords|journalist|journalists|reporter|reporters|judge|judges|doctor|doctors|nurse|nurses|surgeon|surgeons|senator|senators|minister|ministers|officials|policeman|policemen|officer|officers|soldier|soldiers|guards|protester|protesters|activist|activists|liberals|conservatives|republicans|democrats|leftists|tories|commies|voter|voters|feminists|students|priest|priests|pastor|pastors|rabbi|rabbis|billionaire|billionaires|millionaire|millionaires|ceo|ceos|landlady|landladies|coworker|coworkers|colleague|colleagues|referee|referees|cyclists|vegans|hunters|scientist|scientists|councillor|councillors|councilor|councilors|mayor|mayors|governor|governors|cashier|cashiers|waiter|waiters|waitress|waitresses|managers|employees|workers)';
/**
 * Patients: a group, "you", "him", "them" (where people are spoken of), or a person noun after a determiner or a
 * quantifier ("every banker", "all lawyers"). Person nouns include roles and occupations: violence against people no
 * protected trait defines is still a threat (`abuse`), though opinions about them pass (opinion-targets.ts).
 */
/**
 * Up to two words describing the group before it ("those protesting <g>", "any illegal <g>"): any word but one that
 * starts another phrase (a preposition, a pronoun, a verb of being), so "kill time with the <g>" stays an idiom.
 */
const DESCRIBED =
  "(?:(?!(?:with|for|to|at|in|on|by|of|from|about|like|as|near|than|time|it|me|myself|us|my|our|over|up|down|out|off|into|onto|around|through|against|is|are|was|were|be|who|that|which|and|or|but|if|when|because|so|i|we|you|he|she|they|his|her|your|their|this|that|what|how|no|not|many|more|much)(?= ))[a-z][a-z'-]* ){1,2}<g>";
const targetAfter = (people: boolean) =>
  `(?:<g>|${DESCRIBED}|you|u|ya|yall|y'all|you all|him|her|everyone|everybody|${people ? 'them|' : ''}(?:this|that|the|every|each|any|some|next|your|ur|his|their|my|all|those|these) (?:\\w+ )?${PERSON})`;

/** Emoji read as acts by semantic.ts (🔪 🔫 💣 as <kill>, ⚰️ 💀 as <dead>): they do not inflect, so one form serves. */
const activeActs = ['<kill>', ...acts.base, ...acts.ing, ...acts.s]
  .sort((a, b) => b.length - a.length)
  .filter((w, i, all) => all.indexOf(w) === i);
const passiveDone = ['<kill>', '<dead>', ...acts.pp].filter(
  (w) => !['burned', 'burnt', 'hung', 'run over', 'blown up', 'cut', 'put'].includes(w),
);

const englishActive = (people: boolean) =>
  new RegExp(`(?:^| )(${alt(activeActs)}|set)(?: ${FILLER}){0,6} (${targetAfter(people)})(?= |$)((?: \\S+){0,3})`, 'g');
const activeGroupsOnly = englishActive(false);
const activePeople = englishActive(true);

/** Present, future and modal auxiliaries of a passive (a past one is a report). */
const AUX =
  "(?:is|are|be|being|get|gets|getting|'s|will be|will get|gonna be|gonna get|going to be|going to get|should be|should get|should have been|should've been|shoulda been|must be|need to be|needs to be|ought to be|deserve to be|deserves to be|have to be|has to be|shall be|would be|can be|could be|'ll be|'ll get)";
const subjectBefore = (people: boolean) =>
  `(?:<g>|you|u|ya|you're|youre|you'll|ur${people ? "|they|they're|theyre|they'll|them" : ''})`;
const englishPassive = (people: boolean) =>
  new RegExp(
    `(?:^| )(${subjectBefore(people)})((?: (?!,)\\S+){0,5}?) ${AUX}(?: (?:all|just|finally|soon|fucking|really|each|every|one))* (${alt(passiveDone)})(?= |$)((?: \\S+){0,3})`,
    'g',
  );
const passiveGroupsOnly = englishPassive(false);
const passivePeople = englishPassive(true);

/** A wish about the patient's state: I want X dead, can't wait to see X hang. */
const englishWish = new RegExp(
  `\\b(?:want|wants|wanna|need|needs|wish|would love to see|'d love to see|love to see|can't wait to see|cant wait to see|cannot wait to see|hope to see|want to see|wanna see|like to see) (?:${FILLER} )*(<g>|you|him|her) (?:all )?(?:dead|${alt(passiveDone)}|die|burn|hang|hanging|burning|dying|rot)(?= |$)`,
);

/** Before the act, in its clause: the act is denied, stopped, or only reported. */
const negationWords =
  /(?:^| )(?:not|never|n't|no|nobody|noone|none|don't|dont|doesn't|doesnt|didn't|didnt|won't|wont|wouldn't|wouldnt|shouldn't|shouldnt|can't|cant|cannot|couldn't|couldnt|mustn't|stop|quit|against|refuse|refuses|refused|without|avoid|prevent|preventing|condemn|condemns|threatened|threatening|threatens|accused|charged|convicted|arrested|sentenced|jailed|jail|plotted|plotting|attempted|tried|admitted|confessed|planned|calls for|calling for|ban|banned)(?= |$)/;
/** "Can't wait to" is eagerness, not a denial: it is read past before the negation words are looked for. */
const negatedBefore = {
  test: (before: string) => negationWords.test(before.replace(/(?:can't|cant|cannot) wait\b/g, '')),
};
/** "her" is the patient, not a possessive ("burn her letters"): nothing or an adverbial after it. */
const herAfter =
  /^ (?:to|dead|now|tonight|tomorrow|today|and|if|when|for|in|with|right|too|again|already|up|down|slowly|first|next|alive|myself|ourselves|lol|i|we|then|so|or|because|cause|cuz|before|after|until|till|soon|one|ok|okay|bitch|,)\b/;
/**
 * A person as patient needs a speaker who threatens or incites: nothing before the act (an imperative, a gerund),
 * the speaker ("I", "we"), a call ("let's", "someone should", "you should"), a wish or a plan ("gonna", "want").
 * "This heat will kill you" and "smoking kills you" have another subject.
 */
const selfOrCallBefore = (before: string) =>
  before.trim() === '' ||
  /(?:^| )(?:i|we|i'm|im|i'll|ill|we'll|we're|imma|ima|i'ma|gonna|going|let's|lets|let|someone|somebody|everyone|everybody|y'all|yall|you|u|guys|time|gotta|wanna|want|need|should|must|go|and|or|i'd|id|we'd|just|finna|about)(?= |$)/.test(
    before,
  );
/**
 * The nearest subject before the act is "he" or "she": the wish or plan is someone else's, reported ("he wants to
 * kill all protesters", "she says she will shoot the landlord"), not the writer's threat or call.
 */
function reportedSpeaker(before: string): boolean {
  let last: string | undefined;
  for (const m of before.matchAll(subjectWords)) last = m[1];
  return (
    last === 'he' || last === 'she' || last === "he's" || last === "she's" || last === "he'll" || last === "she'll"
  );
}
const subjectWords =
  /(?:^| )(i|we|i'm|im|i'll|ill|we'll|we're|let's|lets|you|u|someone|somebody|everyone|everybody|he|she|he's|she's|he'll|she'll)(?= |$)/g;
/** The speaker threatening or calling within the last few words ("we are going to", "someone should"), or none. */
const closeSpeaker = (before: string) =>
  before.trim() === '' ||
  /(?:^| )(?:i|we|i'm|im|i'll|ill|we'll|imma|ima|let's|lets|go|someone|somebody|gonna|should|must|need to|needs to|time to|wanna|gotta|finna)(?= |$)/.test(
    before.split(' ').slice(-7).join(' '),
  );
const actsS = new Set(acts.s);
/** What may follow a patient that ends its phrase: nothing, a pause, a preposition, a clause, an adverb of time. */
const phraseEnds =
  /^(?:$| (?:,|"|in|at|on|from|who|that|which|with|and|or|but|out|down|up|off|over|to|for|like|tonight|today|tomorrow|now|next|first|alive|dead|if|when|before|after|once|until|till|one|all|i|we|you|they|lol|asap|already|again|back|here|there|ever|forever|<kill>|<dead>|<fire>)(?= |$))/;
/** The act used as a noun ("the killing of", "mass shootings of"): a report, not an act threatened. */
const nounBefore = /(?:^| )(?:the|a|an|this|that|these|those|his|her|their|its|mass|of|for|about|after|before)$/;
/** After the patient: a condemnation, an agent (a report), or an idiom's object (an email, a photo). */
const condemnedAfter =
  /^ (?:(?:is|are|was|would be|will be|isn't|is not|would never be|'s) (?:\w+ )?(?:wrong|evil|a crime|terrible|horrible|horrific|monstrous|murder|genocide|unacceptable|never|not|insane|sick|disgusting|barbaric|inhuman|criminal|illegal|cruel)|(?:should|must|will|need to|needs to|deserve to|deserves to) (?:be|go|get) (?:jailed|arrested|punished|locked up|prosecuted|charged|to jail|to prison|in jail|in prison)|(?:deserve|deserves) (?:prison|jail|life))\b/;
const idiomAfter =
  /^ (?:an?|the|some|my|our|his|her|your|its|their|this|that)? ?(?:email|e-mail|mail|message|text|line|note|dm|pm|link|call|invite|invitation|update|reminder|picture|pictures|photo|photos|pic|pics|look|looks|smile|question|quick|copy|cd|dvd|playlist|vibe|mood|buzz|chance|shot|hair|house|car|stuff|things|money|cash|ass at|in (?:a|the) (?:game|match|race|final|poll))\b/;
const agentAfter = /^ (?:by|in (?:the )?(?:war|holocaust|genocide|camps|shooting|attack)|during|back in|in \d{4})\b/;
/** A passive about "you" or "they" is a threat only as a norm ("you should be shot"), not a warning. */
const normative = / (?:should|should've|shoulda|must|need to|needs to|ought to|deserve to|deserves to|have to|has to) /;
const passiveFrameBefore =
  /(?:^| )(?:keep|keeps|still|always|why|how|often|every day|daily|constantly|routinely)(?= |$)/;

/**
 * News, history, fiction and games: a text with one of these is about violence rather than threatening it; the
 * grammar stands down (the fixed constructions of semantic.ts still apply).
 */
export const englishNarrativeMarkers =
  /\b(?:police|reported|reports|according to|court|trial|judge|jury|sentenced|convicted|prosecutors?|suspect|history|historian|historical|century|museum|memorial|(?<!(?:second|another|new|next|final|a) )holocaust|regime|war|soldiers|troops|documentary|novel|film|movie|book|chapter|character|characters|episode|season|series|story|plot|scene|villain|hero|game|games|gaming|player|players|level|boss fight|zombies?|dragons?|enemies|enemy|npc|quest|fortnite|minecraft|cod|call of duty|gta|lobby|match|respawn|headshot|anime|manga|show(?! up)|actor|actress|lyrics|song|rapper|rap|news|journalist|article|headline|gunman|gunmen|shooter|attacker|attackers|assailant|in \d{4}|\d{4}s)\b/;

export interface GrammarHit {
  /** [from, to) in the string searched. */
  index: number;
  end: number;
  /** Whether the patient is a group (<g>), not a person. */
  group: boolean;
}

/**
 * A violent act aimed at a person or group in one canonical English sentence (semantic.ts's canonical string,
 * " word word ... "), or undefined. `people`: the text names people (a group or a person noun), so "them" and
 * "they" may be the patient; `groupNamed`: it names a group, so "them" and "they" are that group.
 */
export function englishViolentClause(
  sentence: string,
  people: boolean,
  groupNamed: boolean,
  actWords = true,
): GrammarHit | undefined {
  const aimedAtGroup = (target: string) =>
    target.endsWith('<g>') || (groupNamed && /^(?:them|they|they're|theyre|they'll)$/.test(target));
  for (const clause of clauses(sentence)) {
    const { text: c, offset } = clause;
    // Woken by a phrasal completion or a place alone ("wall", "ground", "rifle"), only those shapes can match.
    if (actWords) {
      const hit = actShapes(c, offset, people, aimedAtGroup);
      if (hit) return hit;
    }
    // Phrasal acts with the patient inside, and acts on a group's places (threat-phrasal.ts), under the same
    // guards as the active shape: denied or reported before, condemned after, spoken by a threatener or a caller.
    const p = englishPhrasalAct(c, people) ?? englishPlaceAct(c, groupNamed, sentence);
    if (p) {
      const before = c.slice(0, p.index);
      const after = c.slice(p.end, p.end + 60);
      const speaker = p.patient === '<g>' || p.patient === 'them' || selfOrCallBefore(before);
      if (
        !negatedBefore.test(before) &&
        !nounBefore.test(before.trimEnd()) &&
        !condemnedAfter.test(after) &&
        !agentAfter.test(after) &&
        (p.patient === 'place' ? selfOrCallBefore(before) : speaker)
      )
        return {
          index: offset + p.index,
          end: offset + p.end,
          group: p.patient === 'place' || aimedAtGroup(p.patient),
        };
    }
  }
  return undefined;
}

/** The active, passive and wish shapes of an act word in one clause (see englishViolentClause). */
function actShapes(
  c: string,
  offset: number,
  people: boolean,
  aimedAtGroup: (target: string) => boolean,
): GrammarHit | undefined {
  const active = people ? activePeople : activeGroupsOnly;
  active.lastIndex = 0;
  for (let m = active.exec(c); m; m = active.exec(c)) {
    const verb = m[1]!;
    const target = m[2]!;
    const start = m.index + (m[0].startsWith(' ') ? 1 : 0);
    const before = c.slice(0, start);
    if (verb === 'set' && !/^ on fire\b/.test(m[3]!)) continue;
    if (negatedBefore.test(before) || nounBefore.test(before.trimEnd())) continue;
    if (condemnedAfter.test(m[3]!) || (/^(?:you|u|ya|him|her|them)$/.test(target) && idiomAfter.test(m[3]!))) continue;
    if (target === 'her' && m[3]!.length > 0 && !herAfter.test(m[3]!)) continue;
    // A person, or a group described by words between, needs a speaker who threatens or calls.
    if (target !== '<g>' && !/^(?:them|everyone|everybody)$/.test(target) && !selfOrCallBefore(before)) continue;
    // ... and not one reported of a third person ("he says he wants to kill all protesters").
    if (target !== '<g>' && reportedSpeaker(before)) continue;
    // A group described by words between ("those protesting <g>") is a looser reading: the act a plan or a call
    // (not an -s form, which reports), the speaker or the call right before it, and the group ending the phrase
    // ("hunt down the best <g> restaurant" names a place, not people).
    if (target.endsWith(' <g>') && (actsS.has(verb) || !closeSpeaker(before) || !phraseEnds.test(m[3]!))) continue;
    const end = m.index + m[0].length - m[3]!.length;
    return { index: offset + start, end: offset + end, group: aimedAtGroup(target) };
  }
  const passive = people ? passivePeople : passiveGroupsOnly;
  passive.lastIndex = 0;
  for (let m = passive.exec(c); m; m = passive.exec(c)) {
    const start = m.index + (m[0].startsWith(' ') ? 1 : 0);
    const before = c.slice(0, start);
    const between = m[2]!;
    if (negatedBefore.test(before + between) || passiveFrameBefore.test(before + between)) continue;
    if (agentAfter.test(m[4]!) || condemnedAfter.test(m[4]!)) continue;
    if (/ (?:not|never|n't)(?= |$)/.test(m[0])) continue;
    if (m[1] !== '<g>' && !normative.test(m[0])) continue;
    const end = m.index + m[0].length - m[4]!.length;
    return { index: offset + start, end: offset + end, group: aimedAtGroup(m[1]!) };
  }
  const w = englishWish.exec(c);
  if (w && !negatedBefore.test(c.slice(0, w.index)))
    return { index: offset + w.index, end: offset + w.index + w[0].length, group: w[1] === '<g>' };
  return undefined;
}

/** Clauses of a canonical sentence, at commas and "but": [text, offset in the sentence]. */
function clauses(sentence: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = / (?:,|but|;) /g;
  let from = 0;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    out.push({ text: sentence.slice(from, m.index + 1), offset: from });
    from = m.index + m[0].length - 1;
  }
  out.push({ text: sentence.slice(from), offset: from });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Chinese.

const ZH_ACT =
  '(?:处死|处决|灭族|灭门|屠杀|血洗|送上西天|送去见阎王|杀光|杀死|杀掉|杀|砍死|砍|烧死|烧|灭了|灭掉|灭|弄死|干掉|打死|宰了|宰掉|宰|捅死|捅|枪毙|毙了|炸死|炸|毒死|活埋|埋了|绞死|吊死|勒死|掐死|淹死|剁了|剁|屠|斩|撕了|废了)';
const ZH_PERSON_TARGET = '(?:你们|你全家|你|他们|她们|他|她|这帮人|那帮人|这些人|那些人|这群人|那群人|这种人)';
const zhPersonTarget = new RegExp(ZH_PERSON_TARGET);
/** Act, then (quantified) patient: 杀了他, 砍死所有的X, 烧死这帮X. */
const zhActive = (groups: string) =>
  new RegExp(
    `${ZH_ACT}(?:了|光|掉|死|绝|尽)*(?:所有的?|这些|那些|这帮|那帮|这群|那群|全部的?|一切|每一个|每个|一个不留地?)?(?:${groups}|${ZH_PERSON_TARGET})(?!的|们的|家的|手|人犯|毒|价|青|时间)`,
  );
/** Patient, a modal, 被, then the act: 你迟早被砍死, X都应该被烧死. */
const zhPassive = (groups: string) =>
  new RegExp(
    `(?:${groups}|你们|你|他们|她们)(?:都|全|全都|统统|全部|通通|就|也)*(?:该|应该|应当|必须|得|要|迟早|早晚|终将|会|一定会|等着|活该)+(?:都|全|统统)?被${ZH_ACT}`,
  );
/** A norm or a wish about the patient, the act later in the clause: X就应该拉出去枪毙, 真想把... 你们迟早都得死在我手里. */
const zhNorm = (groups: string) =>
  new RegExp(
    `(?:${groups}|你们|你|他们|她们)[^，,。！？]{0,6}?(?:该|应该|应当|必须|就得|都得|活该|迟早|早晚|真想|恨不得|最好)[^，,。！？]{0,6}?${ZH_ACT}(?!毒|价|青|时间|手|菌|虫|鸡|猪|鱼|蚊|鼠|蟑螂|人犯)`,
  );
/** The 把 construction, patient before the act: 把你全家都杀了, 把他们烧死. */
const zhBa = (groups: string) =>
  new RegExp(`把(?:${groups}|${ZH_PERSON_TARGET})(?:都|全|全都|全部|统统|通通|一个个|一个不留地?|给|也)*${ZH_ACT}`);
/** Before the act: denial, condemnation, report (0 to 6 characters back, within the clause). */
const zhNegatedBefore =
  /(?:不|没|别|莫|勿|不要|不会|不能|不该|不应该|绝不|从不|不想|禁止|反对|谴责|拒绝|严禁|防止|扬言要?|威胁要?|涉嫌|企图|曾|被判|因)[^，,。！？]{0,4}$/;
/** A subject that makes it a report: a suspect, a named agent, the past of history. */
export const zhNarrativeMarkers =
  /报道|据悉|警方|法院|判处|判决|审判|被告|嫌疑人|凶手|男子|女子|歹徒|记者|新闻|历史|当年|战争|日军|纳粹|大屠杀|纪念|电影|电视剧|小说|游戏|剧情|角色|玩家|副本|打怪|怪物|僵尸|关卡|动漫|主角|反派|剧中|书中|队友|对面|打野|王者|吃鸡/;
/** Idioms with an act word and a pronoun: 宰你 (overcharge) after 被, 笑死你, 气死他, 杀价. */
const zhIdiomBefore =
  /(?:被|发|燃|退|高|油|熄|破|自|抹|秒|扼|厮|必|封|拼|误|笑|气|吓|累|饿|热|冷|急|馋|困|美|帅|爽|乐|羡慕|想)$/;

export interface ZhGrammarHit {
  index: number;
  end: number;
  group: boolean;
}

/** A violent act aimed at a person or group in one Chinese sentence, or undefined (expressions from zhGrammar). */
export function zhViolentClause(
  sentence: string,
  { active, passive, ba, norm }: { active: RegExp; passive: RegExp; ba: RegExp; norm: RegExp },
): ZhGrammarHit | undefined {
  const m = active.exec(sentence) ?? passive.exec(sentence) ?? ba.exec(sentence) ?? norm.exec(sentence);
  if (!m) return undefined;
  const clauseStart = Math.max(sentence.lastIndexOf('，', m.index), sentence.lastIndexOf(',', m.index)) + 1;
  const before = sentence.slice(clauseStart, m.index);
  if (zhNegatedBefore.test(before) || zhIdiomBefore.test(before)) return undefined;
  const group = !zhPersonTarget.test(m[0]);
  return { index: m.index, end: m.index + m[0].length, group };
}

/** The two Chinese expressions for a group alternation (built once by the caller). */
export function zhGrammar(groups: string): { active: RegExp; passive: RegExp; ba: RegExp; norm: RegExp } {
  return { active: zhActive(groups), passive: zhPassive(groups), ba: zhBa(groups), norm: zhNorm(groups) };
}

/** Words that can be an act's patient (besides groups and "you"): a sentence without one is not tried. */
export const englishPatientWords: readonly string[] = [
  ..."him her them they theyre they're they'll everyone everybody".split(' '),
  // Places and gatherings of a group, for threat-phrasal.ts's acts on them.
  ...'their mosque mosques synagogue synagogues temple temples gurdwara gurdwaras pride'.split(' '),
  ...PERSON.slice(3, -1).split('|'),
];
/** The first words of every act form, for semantic.ts's trigger words (a sentence without one is not tried). */
export const englishActWords: readonly string[] = [
  ...new Set([...activeActs, ...passiveDone, ...acts.pp].map((w) => w.split(' ')[0]!)),
];
/** Characters and words that start a Chinese act, for the trigger scanner. */
export const zhActWords: readonly string[] = ZH_ACT.slice(3, -1).split('|');
