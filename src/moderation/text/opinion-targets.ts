import { negativeEvaluation } from './evaluative-words.js';
import { criticisedOutside } from './counter-speech.js';
import { isThingWord } from './object-targets.js';

/**
 * Opinions about groups that no protected characteristic defines, and about animals and things (issue 22, round 8).
 * The API flags hate against protected characteristics (the groups of group-lexicon.ts) and insults at a person; a
 * generalisation about an occupation, a party, fans, a hobby or a lifestyle ("lawyers are scum", "I can't stand
 * cyclists", "politicians are all liars") or about animals and things ("I hate mosquitoes, they are disgusting") is
 * an opinion, not hate, as HateCheck labels it (target_group_nh, target_obj_nh). The model and the insult frames read
 * such words as abuse; this module says when the text's target is only such a group or thing, so the moderator can
 * discount them. What stays flagged: threats and violence against anyone (semantic.ts finds them as threats, and a
 * violent word here keeps the text out), dehumanising figures aimed at people ("bankers are vermin"), slurs, anyone
 * singled out or addressed, and any protected group (semantic.ts's `targeted`).
 *
 * The groups are a list (occupations, roles, parties, fans, hobbies, lifestyles), not "any plural noun outside the
 * lexicon": peoples and religions the lexicon lacks ("Albanians", "Sikhs") are plural nouns too, and must stay
 * flagged.
 */

/** A set of words given in one string, parted by spaces; an underscore joins the words of one entry ("prime_ministers"). */
const wordSet = (words: string): ReadonlySet<string> => new Set(words.split(' ').map((w) => w.replace(/_/g, ' ')));

/** Occupations, roles, parties and movements, fans, hobbies and lifestyles: groups no protected trait defines. */
const nonProtectedGroups = wordSet(
  'lawyers attorneys solicitors bankers accountants politicians senators congressmen mps ministers bureaucrats ' +
    'civil_servants officials landlords tenants realtors estate_agents salesmen salespeople telemarketers ' +
    'journalists reporters influencers youtubers streamers celebrities actors actresses models singers rappers ' +
    'musicians artists comedians critics dentists doctors nurses surgeons pharmacists teachers professors ' +
    'academics lecturers students scientists engineers programmers developers coders economists consultants ' +
    'managers bosses ceos executives billionaires millionaires investors traders brokers capitalists ' +
    'communists socialists libertarians liberals conservatives democrats republicans tories labour leftists ' +
    'lefties rightists trumpers centrists greens royalists monarchists nationalists activists protesters ' +
    'lobbyists cops police_officers policemen firefighters soldiers referees umpires judges plumbers ' +
    'electricians mechanics builders farmers truckers cabbies taxi_drivers drivers bus_drivers cyclists bikers ' +
    'motorcyclists pedestrians commuters tourists hipsters gamers nerds geeks jocks preppers hunters fishermen ' +
    'golfers runners joggers skateboarders surfers skiers climbers vegans vegetarians carnivores meat_eaters ' +
    'smokers vapers drinkers gym_bros bodybuilders crossfitters influencers bloggers vloggers podcasters ' +
    'fans supporters voters users owners players collectors enthusiasts lovers haters trolls tech_bros ' +
    'cryptobros crypto_bros bros hippies yuppies preppies goths emos punks ' +
    'furries cosplayers otakus weebs bronies anime_fans swifties beliebers directioners trekkies ' +
    'cat_people dog_people morning_people night_owls introverts extroverts optimists pessimists ' +
    'neighbours neighbors parents in-laws customers clients shoppers waiters waitresses baristas cashiers ' +
    'chefs cooks critics editors publishers authors writers poets philosophers economists statisticians ' +
    'mathematicians physicists chemists biologists psychologists psychiatrists therapists coaches managers ' +
    'pundits commentators presenters hosts dj djs producers directors landladies landlords homeowners ' +
    'hoa_members councillors councilors mayors governors presidents prime_ministers diplomats ambassadors ' +
    'spies tax_collectors inspectors auditors wardens guards bouncers security_guards lifeguards pilots ' +
    'flight_attendants cabin_crew sailors marines clowns magicians mimes dancers ballerinas',
);

/**
 * The last word of a compound that names fans or practitioners ("chess players", "Arsenal fans", "SUV drivers",
 * "iPhone users"): whatever comes before it, the group is defined by what its members do or like.
 */
const practitionerHeads =
  /^(?:players|fans|supporters|drivers|riders|owners|users|lovers|enthusiasts|collectors|watchers|listeners|readers|voters|members|eaters|drinkers|makers|bros|addicts|nerds|geeks|freaks|junkies|snobs|fanatics|fanboys|fangirls|followers|subscribers|customers|sellers|buyers|workers|employees|staff)$/;

/** Animals and pests, beyond object-targets' vermin: what is said of them is said of no person. */
const animals = wordSet(
  'dogs cats rats mice pigeons seagulls gulls crows magpies geese ducks swans squirrels foxes raccoons ' +
    'possums badgers rabbits hamsters snakes spiders scorpions ticks lice leeches slugs snails worms maggots ' +
    'moths hornets wasps bees flies mosquitos mosquitoes midges gnats fleas bedbugs bed_bugs cockroaches roaches ' +
    'termites ants beetles locusts jellyfish sharks crocodiles alligators wolves coyotes bears hyenas vultures ' +
    'monkeys baboons goats sheep cows pigs horses llamas alpacas chihuahuas poodles pugs pitbulls huskies ' +
    'parrots cockatoos ferrets fish frogs toads bats moles',
);

/** Food, drink and things commonly ranted about beside object-targets' devices and chores. */
const things = wordSet(
  'cauliflower broccoli olives mushrooms onions tomatoes anchovies raisins sprouts brussels_sprouts cilantro coriander kale ' +
    'pineapple pizza burgers sushi oysters beans peas carrots beets beetroot celery cucumbers pickles eggs ' +
    'tofu salads smoothies energy_drinks ipas beers cocktails wines spirits cigarettes vapes ' +
    'suvs cars trucks scooters e-scooters bikes motorbikes motorcycles vans buses trains planes ' +
    'movies films sequels remakes musicals operas sitcoms reality_shows soap_operas ads adverts commercials ' +
    'songs albums playlists podcasts memes emojis selfies tiktoks reels tweets hashtags notifications ' +
    'emails spreadsheets meetings deadlines mondays holidays weddings birthdays parties clubs nightclubs ' +
    'shoes sandals crocs socks ties hats jeans skirts tattoos piercings beards mustaches moustaches ' +
    'phones iphones androids laptops computers printers tablets apps websites games video_games toys dolls ' +
    'cities suburbs motorways highways roundabouts traffic_lights potholes queues airports hotels restaurants',
);

/** Words that single out a person or address one: then an insult may be at them, and it stays flagged. */
const personMarkers =
  /(?:^|[^a-z'])(?:you|u|ur|your|yours|ya|yall|y'all|you're|youre|he|she|him|her|his|hers|himself|herself|he's|she's|hes|shes|this guy|that guy|this dude|that dude|this woman|that woman|this man|that man|this girl|that girl|this kid|that kid|this person|that person|the op|op|mom|mum|dad|wife|husband|girlfriend|boyfriend|gf|bf|my boss|my teacher|my neighbou?r)(?![a-z'])|@|#/;

/**
 * Words of a protected trait that the group lexicon does not read as a group in this position ("white superiority",
 * "race mixers", "the gay little ...", misspelt faiths): the text may be about a protected group after all.
 */
const protectedHint =
  /\b(?:white|black|brown|race|races|racial|supremac\w*|superiority|inferiority|ethnic\w*|religio\w*|allah|gay|gays|lesbians?|trans|tranny|queer|women|woman|girls|females?|disab\w*|blind|deaf|autis\w*|cripple\w*|immigra\w*|migrants?|foreign\w*|mooslim\w*|muzzie\w*|moslem\w*|islam\w*|jew\w*|zionist\w*|arabs?|africans?|asians?|mexicans?|latinos?|hispanics?|indians?|chinese|gypsies|gypsy|roma)\b/;

/** Violence and killing: "lawyers should be shot" stays flagged, whoever is aimed at. */
const violentWords =
  /\b(?:kill\w*|murder\w*|shoot\w*|shot|hang\w*|lynch\w*|stab\w*|burn\w*|die|dies|died|dead|death|exterminat\w*|eradicat\w*|genocide|gas|gassed|bomb\w*|beat|beaten|beating|punch\w*|slaughter\w*|execut\w*|wipe\w* out|destroy\w*|rape\w*|torture\w*|strangl\w*|drown\w*|behead\w*|deport\w*|guillotine\w*|hurt|harm|attack\w*|smash\w*)\b/;

/** Violence done only to people, and demonstratives that may point at people: not pest control. */
const humanViolence =
  /\b(?:gas|gassed|gas chambers?|genocide|ovens?|lynch\w*|hang\w*|behead\w*|deport\w*|rape\w*|those|these)\b/;

/** Dehumanising figures: said of people (not of animals), they stay flagged even for a group no trait defines. */
const dehumanising =
  /\b(?:vermin|rats|rodents|cockroaches|roaches|insects|parasites|leeches|lice|maggots|pests|animals|beasts|apes|monkeys|pigs|swine|subhumans?|sub-humans?|savages|cancer|plague|disease|virus|infestation|locusts|not human|less than human)\b/;

/**
 * The heads of a sentence's claim: the subject before a copula or a verb of scorn ("cyclists are", "all lawyers
 * suck"), and the object of antipathy or profanity ("I hate lawyers", "fuck all chess players", "I'm sick of
 * vegans"). Up to two words, so a compound ("chess players", "taxi drivers") is read whole. A strong head that names
 * no listed target keeps the text out; a weak one (a shape other words share: "fuck all ...", "I just ...", "are
 * you ok?") is skipped; a singular one counts only as an animal or a thing ("this city is a shithole"; "my lawyer is
 * a scumbag" is a person).
 */
const HEAD = "([a-z][a-z'-]*(?:\\s+[a-z][a-z'-]*)?)";
const claimHeads: { re: RegExp; weak?: boolean; singular?: boolean }[] = [
  {
    re: new RegExp(
      `(?:^|[.!?;,]\\s*)(?:(?:all|the|most|these|those|some|many|so many|fucking|damn|bloody|typical|modern|today's|you know|honestly|tbh|ugh|god|man)\\s+)*${HEAD}\\s+(?:are|r|were|'re|suck|stink|ruin|annoy|make|disgust|sicken|deserve|belong|piss me off|get on my nerves|drive me (?:crazy|mad|nuts)|can go to hell|can fuck off|can get fucked)\\b`,
      'g',
    ),
  },
  // "what a bunch of idiots these lawyers are": a demonstrative subject anywhere.
  { re: new RegExp(`\\b(?:these|those)\\s+${HEAD}\\s+(?:are|were|'re)\\b`, 'g') },
  // A head before an adverb ("cyclists all ...", "lawyers always ..."), in a question of its own ("lawyers? scum"),
  // telegraphic ("typical lawyers, disgusting"; "lawyers = scum").
  {
    re: new RegExp(
      `(?:^|[.!?;,]\\s*)(?:(?:all|the|most|these|those|some|many)\\s+)*${HEAD}\\s+(?:always|all|just|really|literally|seriously|never|only)\\b`,
      'g',
    ),
    weak: true,
  },
  {
    re: new RegExp(
      `(?:^|[.!?;]\\s*)(?:(?:all|the|these|those|typical|fucking|damn|bloody|stupid)\\s+)*${HEAD}\\s*(?:\\?|,|==?)`,
      'g',
    ),
    weak: true,
  },
  {
    re: new RegExp(
      `\\b(?:i|we|i'm|im|i am|we're|everyone|everybody)(?:\\s+(?:really|just|truly|honestly|fucking|so|absolutely|totally|genuinely|still|all|do|always|will|seriously|literally|personally|kinda|bloody|damn|am|'m|are|getting|so fucking))*\\s+(?:hate|despise|detest|loathe|abhor|dislike|resent|can ?not stand|cannot stand|can't stand|cant stand|can't bear|cannot bear|can't stomach|am sick of|sick of|sick and tired of|tired of|fed up with|disgusted by|annoyed by|have no respect for|have no time for|have nothing but contempt for)\\s+(?:(?:all|the|those|these|every|single|one|of|most|fucking|damn|bloody|stupid)\\s+)*${HEAD}`,
      'g',
    ),
  },
  {
    re: new RegExp(
      `(?:^|[^a-z])(?:fuck|fck|fuk|screw|to hell with|damn|down with)\\s+(?:(?:all|the|those|these|this|that|my|our|every|single|one|of|fucking|stupid)\\s+)*${HEAD}`,
      'g',
    ),
  },
  {
    re: /(?:^|[.!?;,]\s*)(?:this|that|the|my|our|their|what a|such a)\s+([a-z][a-z'-]*)\s+(?:is|was|looks|tastes|smells|sounds)\b/g,
    singular: true,
  },
];

/**
 * People defined by a habit ("people who chew loudly", "anyone who doesn't tip"): a group no trait defines, unless the
 * verb is one that stands for a faith, a people or a way of being ("people who pray ...", "people who wear ...").
 */
const habitGroup =
  /\b(?:people|those|anyone|anybody|folks|guys|everyone|everybody) (?:who|that) (?:don't |do not |doesn't |does not |never |always |still |constantly |actually |really |just |even )?([a-z]+)/g;
const identityVerbs =
  /^(?:are|is|were|was|be|been|pray|prays|worship|worships|wear|wears|believe|believes|follow|follows|identify|identifies|speak|speaks|come|comes|came|live|lives|have|has|had|look|looks|convert|converts|practice|practices|practise|practises|fast|fasts|cover|covers|go|goes|attend|attends|celebrate|celebrates|love|loves|date|dates|marry|marries|sleep|sleeps|cross|crosses|transition|transitions|use|uses|need|needs|say|says|think|thinks|hate|hates|call|calls|claim|claims|can|cannot|could|couldn|see|sees|hear|hears|walk|walks|talk|talks|read|reads|learn|learns|understand|understands|move|moves|[a-z]+ly)$/;

/**
 * Agent nouns ("gamblers", "stockbrokers", "jugglers", "lobbyists", "investors") name what people do: a group no trait
 * defines, except these, which name a people, a region, a faith, an age, a family role or a disability (and are not
 * all in the group lexicon, which reads its own first).
 */
const agentNoun = /^[a-z][a-z-]{2,}(?:ers|ists|ors)$/;
const notAgentGroups = new Set(
  (
    'boomers zoomers doomers gen-zers foreigners outsiders newcomers westerners easterners northerners southerners islanders highlanders lowlanders ' +
    'afrikaners berbers travellers travelers settlers villagers townsfolk others mothers fathers brothers sisters ' +
    'daughters grandmothers grandfathers grandparents elders teenagers youngsters oldsters seniors juniors minors ' +
    'believers worshippers worshipers preachers evangelists taoists shintoists jainists satanists theists deists ' +
    'humanists spiritualists calvinists adventists lutherans lepers stutterers sufferers survivors cross-dressers ' +
    'crossdressers transvestites transsexuals intersex asexuals bisexuals homosexuals heterosexuals seekers'
  ).split(' '),
);
/** First words of a compound that make it a protected group ("wheelchair users", "hijab wearers"). */
const protectedModifier =
  /^(?:wheelchair|hearing|sign|hijab|burqa|turban|kippah|yarmulke|church|mosque|synagogue|temple|bible|quran|koran|torah|immigrant|refugee|migrant|asylum)$/;

/** Groups that what their members did defines: offenders, extremists, bigots. An opinion of them is not hate. */
const offenders = wordSet(
  'nazis neo-nazis neonazis fascists racists bigots homophobes transphobes misogynists sexists xenophobes ' +
    'pedophiles paedophiles paedos pedos criminals murderers killers rapists terrorists abusers scammers fraudsters ' +
    'thieves burglars poachers trolls anti-vaxxers antivaxxers anti-vaxers vaxxers flat_earthers conspiracy_theorists ' +
    'incels creeps stalkers bullies drunk_drivers litterers',
);

type TargetKind = 'thing' | 'group';

/** A singular head as a thing: itself, or its plural, an animal or a thing ("city", "phone", "film"). */
function singularThing(word: string): TargetKind | null {
  for (const w of [word, `${word}s`, `${word}es`, word.replace(/y$/, 'ies')])
    if (animals.has(w) || things.has(w) || isThingWord(w)) return 'thing';
  return null;
}

/** What one head names: an animal or a thing, a group no trait defines, or something else (null). */
function headKind(head: string): TargetKind | null {
  const words = head.split(/\s+/);
  const last = words[words.length - 1]!;
  const whole = words.join(' ');
  if (words.length > 1 && protectedModifier.test(words[0]!)) return null;
  // Two words: the compound first ("chess players", "taxi drivers", "brussels sprouts"), then its last word alone,
  // then its first where the second opens what follows ("lawyers and ...", "politicians are ...").
  for (const candidate of words.length > 1 ? [whole, last, words[0]!] : [last]) {
    // An animal with a word before it is a figure for people ("imperialist pigs", "those dirty rats"), not the animal.
    if (animals.has(candidate) && candidate === last && words.length > 1 && candidate !== whole) return null;
    if (animals.has(candidate) || things.has(candidate) || isThingWord(candidate)) return 'thing';
    if (nonProtectedGroups.has(candidate) || offenders.has(candidate)) return 'group';
  }
  if (words.length > 1 && practitionerHeads.test(last)) return 'group';
  // An agent noun, as the head or the first word before what follows ("gamblers are ...", "gamblers who ...").
  for (const w of words.length > 1 ? [last, words[0]!] : [last])
    if (agentNoun.test(w) && !notAgentGroups.has(w)) return 'group';
  return null;
}

/**
 * Whether every claim head the text has is an animal, a thing or a group no trait defines, and there is at least one;
 * 'thing' when all are animals or things. Null where a person is singled out or addressed, violence is spoken of, or
 * a head is anything else. The caller asks only where semantic.ts found no protected group and no "you" (`targeted`).
 */
export function opinionTarget(text: string): TargetKind | null {
  if (/[\u3400-\u9fff]/.test(text)) return null;
  const lower = text.toLowerCase().replace(/[\u2019]/g, "'");
  // A letter hidden behind a symbol or an emoji inside a word ("wh0️⃣res"): spelt to get past the lists, so not read.
  if (/[a-z][^\x00-\x7f]+[a-z]|[a-z][0-9]+[^\x00-\x7f]/.test(lower)) return null;
  if (personMarkers.test(lower) || protectedHint.test(lower)) return null;
  let kind: TargetKind | null = null;
  for (const { re, weak, singular } of claimHeads) {
    re.lastIndex = 0;
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const head = m[1]!;
      // Pronouns and fillers open clauses without naming anyone: "they are ..." refers back to a head already read.
      if (
        /^(?:they|they're|theyre|them|it|its|it's|this|that|there|these|those|we|i|you|who|which|and|but|so|what|why|how|is|are)\b/.test(
          head,
        )
      )
        continue;
      const k = singular ? singularThing(head) : headKind(head);
      if (k === null && (weak || singular)) continue;
      if (k === null) return null;
      kind = kind === 'group' || k === 'group' ? 'group' : 'thing';
    }
  }
  habitGroup.lastIndex = 0;
  for (let m = habitGroup.exec(lower); m; m = habitGroup.exec(lower)) {
    if (identityVerbs.test(m[1]!)) return null;
    kind = 'group';
  }
  if (kind === 'group' && dehumanising.test(lower)) return null;
  // Violence at animals and things is pest control or temper ("kill all mosquitoes", "I'll smash this printer"); at
  // people, or in words only people suffer, or at "those ..." (who may be people), it keeps the text out.
  if (violentWords.test(lower) && (kind === 'group' || humanViolence.test(lower))) return null;
  return kind;
}

/**
 * Negation of a claim about a group in its contracted or quantified forms, which englishNegation in semantic.ts does
 * not read: "<g> aren't stupid", "<g> don't deserve hate", "nobody should hate <g>", "no one deserves to be hated",
 * "it's wrong to hate <g>", "stop hating <g>". Read on semantic.ts's canonical string, where no hate pattern matched.
 */
/** Acts of hostility towards a group that a writer may forbid or condemn, as verbs and as gerunds. */
const HOSTILE_ACTS =
  'hate|harm|hurt|attack|mock|insult|abuse|threaten|bully|harass|discriminate against|dehumani[sz]e|demoni[sz]e';
const HOSTILE_GERUNDS =
  'hating|hurting|harming|attacking|mocking|insulting|bullying|harassing|discriminating against|dehumani[sz]ing|demoni[sz]ing|persecuting|excluding';
const deniedHate = new RegExp(
  [
    `\\b(?:nobody|no one|noone|none of us|we|you|people) (?:should|shall|must|has to|needs to|ought to)(?: ever)? (?:not |never )?(?:${HOSTILE_ACTS}|be cruel to|be mean to) (?:all |the |those |these |any )*<g>`,
    `\\b(?:it's|it is|its|it was) (?:\\w+ )?(?:wrong|not ok|not okay|never ok|never okay|unacceptable|cruel|evil|disgusting|sick|shameful|pathetic|ignorant|stupid) to (?:${HOSTILE_ACTS}|generali[sz]e about) (?:all |the |those |these |any )*<g>`,
    "<g> (?:don't|dont|do not|doesn't|doesnt|does not|never) deserve (?:any |the |this |all this |all the |such |to be )?(?:hate|hatred|abuse|racism|sexism|discrimination|harassment|violence|insults|mockery|contempt|bigotry|hated|abused|attacked|harassed|mocked|insulted|treated)\\b",
    `(?:^ ?|[.,!?] )(?:${HOSTILE_GERUNDS}) (?:all |the |those |these |any )*<g> (?:is|was|are) (?:\\w+ ){0,2}(?:wrong|disgusting|evil|cruel|sick|stupid|ignorant|shameful|pathetic|unacceptable|not ok|not okay|never ok|vile|inhuman|racist|bigoted|hateful)\\b`,
    '<g> (?:should|must|shall|deserve to) (?:never|not) be (?:called|named|labelled|labeled|treated like|treated as|compared to|spoken of as)\\b',
    "\\b(?:stop|quit|don't|dont|do not|never) (?:hating|hate|harming|harm|hurting|hurt|attacking|attack|mocking|mock|insulting|insult|bullying|bully|harassing|harass|discriminating against|discriminate against|dehumani[sz]ing|demoni[sz]ing) (?:all |the |those |these |any )*<g>",
  ].join('|'),
);

/** A contracted or plain negation of the copula after a group; the predicate is read from the lexicon after it. */
const deniedCopula =
  /<g> (?:aren't|arent|isn't|isnt|wasn't|wasnt|weren't|werent|ain't|aint|are not|is not|were not|are never|is never)((?: [a-z'-]+){1,4})/g;
/** Nouns that derogate a group, beside the negative evaluations of the lexicon (evaluative-words.ts). */
const derogatoryNouns =
  /^(?:idiots|morons|criminals|terrorists|thugs|savages|animals|vermin|rats|parasites|monsters|rapists|liars|inferior|subhuman|trash|garbage|scum|filth|dirty|lazy|stupid|dumb|evil|dangerous|violent|disgusting|a problem|the problem|a threat|a burden|a disease|a plague)$/;

/** Whether the canonical text denies a claim or an act of hate against a group (see deniedHate). */
export function hateDenied(canon: string): boolean {
  if (deniedHate.test(canon)) return true;
  deniedCopula.lastIndex = 0;
  for (let m = deniedCopula.exec(canon); m; m = deniedCopula.exec(canon)) {
    // "<g> aren't (all) stupid", "<g> are not a problem": a derogatory word within the next four, before a comma.
    const words = m[1]!.trim().split(' ');
    for (let i = 0; i < words.length && words[i] !== ','; i++) {
      const w = words[i]!;
      if (negativeEvaluation.has(w) || derogatoryNouns.test(w) || derogatoryNouns.test(`${w} ${words[i + 1]}`))
        return true;
    }
  }
  return false;
}

/**
 * Counter-speech that insults the hater: "people who say <g> are inferior are idiots", "anyone who calls <g> <slur>
 * is a moron"). The insult is aimed at whoever says the hate, not at the
 * group: the hate is reported and criticised.
 */
const HATER =
  '\\b(?:people|those|anyone|anybody|someone|somebody|whoever|everyone|everybody|guys|folks|men|dudes|idiots) (?:who|that) (?:still |really |actually |seriously |honestly )?';
/** What the hater is called: an insult or a judgement, after the copula that closes the relative clause. */
const HATER_PREDICATE =
  " (?:is|are|'re|r|was|were) (?:(?:just|all|such|so|total|complete|absolute|utter|real|the real|fucking|a|an|nothing but|a bunch of|pathetic|ignorant) )*(?:idiots?|morons?|fools?|clowns?|bigots?|losers?|cowards?|imbeciles?|cretins?|dumbasses|dumbass|ignorant|pathetic|stupid|dumb|disgusting|vile|trash|garbage|scum|the problem|the worst|wrong|sick|racists?|sexists?|homophobes?|hateful)(?![a-z])";
/**
 * A verb of saying takes a clause with its own verb ("people who say <g> are inferior are idiots"): the clause must
 * hold one before the predicate, or "people who say <g> are stupid" would read as insulting the sayers. A verb of
 * naming takes an object and a name ("anyone who calls <g> <slur> is a moron").
 */
const haterInsult = new RegExp(
  `${HATER}(?:say|says|said|think|thinks|thought|believe|believes|claim|claims|post|posts|tweet|tweets|write|writes|spread|spreads|chant|chants|shout|shouts)(?: that)? [^.]{0,60}?\\b(?:is|are|'re|r|was|were|should|must|can't|cannot|don't|do|does|will|belong|deserve|have|has)\\b[^.]{0,60}?${HATER_PREDICATE}|${HATER}(?:call|calls|called|compare|compares|label|labels|name|names|hate|hates|hated|despise|despises|attack|attacks|attacked|harass|harasses|harassed|bully|bullies|bullied|mock|mocks|mocked|discriminate against|discriminates against|beat up|beats up)\\b(?: [^.]{0,60}?)?${HATER_PREDICATE}`,
);

/** The [start, end) in canon of the insult at the hater, or null. */
export function haterInsulted(canon: string): [number, number] | null {
  const m = haterInsult.exec(canon);
  return m ? [m.index, m.index + m[0].length] : null;
}

/**
 * Names mentioned, not used: the words after a forbidden verb of calling ("stop calling <g> bitches", "don't call them
 * <slur>"), or after one in the clause of a hater insulted ("anyone who calls <g> <slur> is a moron"). The called
 * name is at most three words, to the next comma, stop or verb.
 */
const NAME =
  ' (?:(?:all|the|those|these|them|people|him|her|me|us|you|my|our|<g>|each other|other people) )*((?:[^ ,.!?]+ ){0,2}?[^ ,.!?]+)(?= ,| \\.| !| \\?| is | are | it | that | because | and |$)';
// An order or a rule against calling (not a report: "he was never called names" names nothing).
const forbiddenName = new RegExp(
  `\\b(?:(?:stop|quit) (?:calling|naming|labelling|labeling)|(?:don't|dont|do not|never|shouldn't|should not|must not|mustn't) (?:call|name|label))${NAME}`,
  'g',
);
const haterName = new RegExp(`\\b(?:who|that) (?:call|calls|called|name|names|label|labels)${NAME}`, 'g');

// Calling as the subject of a criticism: "calling <g> bitches is disgusting", "labelling them <slur> was wrong".
const criticisedName = new RegExp(
  `(?:^ ?|[.,!?] )(?:calling|naming|labelling|labeling)${NAME.replace(/\(\?= ,\|.*$/, '')}(?= (?:is|was|are) (?:\\w+ ){0,2}(?:disgusting|wrong|racist|sexist|homophobic|transphobic|hateful|offensive|unacceptable|vile|cruel|not ok|not okay|never ok|never okay|degrading|dehumani[sz]ing|demeaning|hurtful|bigoted|ignorant|shameful|disgraceful)\\b)`,
  'g',
);

// A word named as a word under a forbidding verb ("stop using the word <slur>"), or a name no one should be called ("nobody deserves
// to be called a <slur>", "<g> should never be called <slur>"): always a mention.
const wordNamed =
  /\b(?:stop using|quit using|don't use|dont use|do not use|never use|avoid|avoid using|using|the use of|stop saying|don't say|dont say|do not say|never say) (?:the (?:word|term|slur|insult|name)|words like|terms like|slurs like|names like|insults like) (?:" )?([^ ,.!?"]+)/g;
const nameRefused =
  /\b(?:nobody|no one|noone|not|never|shouldn't|should not|don't|do not|doesn't|does not) (?:deserves? )?(?:to )?be (?:called|named|labelled|labeled)(?: a| an)? (?:" )?([^ ,.!?"]+)/g;
// A past calling reported ("he called my sister a <slur> and I reported him", "that tweet called <g> "<slur>", which
// is disgusting"): a mention where the text criticises it.
const nameReported =
  /\b(?:called|calls|calling)(?: (?:<g>|him|her|them|me|us|(?:my|his|her|their|our|the|a|this|that) [a-z]+))? (?:a |an )?(?:" )?([^ ,.!?"]+)/g;
const callingCriticised =
  /\b(?:reported|report (?:him|her|them|it)|blocked (?:him|her|them)|which (?:is|was) (?:\w+ )?(?:disgusting|wrong|vile|awful|hateful|racist|sexist|homophobic|transphobic|unacceptable|not ok|not okay|cruel|offensive)|not ok|not okay|so rude|out of line|uncalled for)\b/;

/**
 * Canonical [start, end) spans of names mentioned, not used, under the frames above; `framed` where a frame of
 * forbidding, refusing or criticising the calling holds one (then the model's score alone does not flag the text), not
 * only a reported calling (whose text may insult someone else: "a clown calling someone else a puppet").
 */
export function mentionedNames(canon: string): { spans: [number, number][]; framed: boolean } {
  const spans: [number, number][] = [];
  if (!/ (?:call|nam|label|word|term|slur|insult)/.test(canon)) return { spans, framed: false };
  const insulted = haterInsulted(canon);
  const res = [forbiddenName, criticisedName, wordNamed, nameRefused];
  if (insulted) res.push(haterName);
  for (const re of res) {
    re.lastIndex = 0;
    for (let m = re.exec(canon); m; m = re.exec(canon)) {
      const end = m.index + m[0].length;
      spans.push([end - m[1]!.length, end]);
    }
  }
  const framed = spans.length > 0;
  nameReported.lastIndex = 0;
  for (let m = nameReported.exec(canon); m; m = nameReported.exec(canon)) {
    const end = m.index + m[0].length;
    const start = end - m[1]!.length;
    if (spans.some(([a]) => a === start)) continue;
    if (callingCriticised.test(canon) || criticisedOutside(canon, m.index, end)) spans.push([start, end]);
  }
  return { spans, framed };
}

/**
 * Insult words of the abuse lists that judge a group's members without naming a trait ("idiots", "scum", "assholes"),
 * and profanity ("fuck", "shit"); slurs and gendered abuse (bitches, whores) are neither, and stay flagged.
 */
const insultWords =
  /^(?:idiot|moron|imbecile|cretin|dimwit|nitwit|halfwit|numbskull|scum|scumbag|douche|douchebag|prick|jackass|dumbass|asshole|arsehole|dickhead|wanker|tosser|dipshit|bastard|waste of space|piece of (?:shit|garbage|trash|crap)|tard)(?:s|es|ic)?$/;
const profanityWords =
  /^(?:fuck|fck|fuk|fucc|phuck|fking|shit|bullshit|horseshit|damn|crap|shithole|shitshow)(?:s|ed|ing|in|ty)?$/;

/** Whether a list hit is an insult word or profanity (not a slur, nor gendered abuse, nor a curse like "go to hell"). */
export function insultOrProfanity(segment: string): boolean {
  const word = segment.toLowerCase().replace(/[^a-z ]/g, '');
  return insultWords.test(word) || profanityWords.test(word);
}

/** Acts of harm a writer may disown ("I will never hurt <g>"). */
const HARM =
  '(?:hurt|harm|kill|attack|hit|beat|shoot|stab|touch|threaten|bully|rape|murder|punch|assault|lay a finger on|hate|despise)';
/** The writer disowns the act the hit opens with: "I will never hurt <g>", "we would never harm <g>". */
const disownedAct = new RegExp(
  `^ ?(?:i|we)(?: \\w+)? (?:will never|would never|could never|never|won't|wont|will not|would not|wouldn't|wouldnt|don't want to|do not want to|dont want to|don't wanna|have no (?:desire|wish|intention) to|refuse to) (?:ever )?(?:(?:want|wish|mean|try|plan|intend|dream) to )?(?:\\w+ )?${HARM}\\b`,
);
/**
 * What, in the same sentence before a hit, makes it a denial or a criticism of the hate rather than the writer's
 * claim: "no <g> deserves to die", a gerund of hostility as the subject ("hating <g> is disgusting"), "it's not right
 * to say ...", "you have no right to call ...", "we must not let hate against <g> ...", or a disowned act.
 */
const denialBefore = new RegExp(
  [
    '\\bno $',
    '\\bno <g> $',
    '\\b(?:have|has) no (?:right|business) to $',
    `\\b(?:${HOSTILE_GERUNDS}|killing|beating|blaming) (?:(?:all|the|those|these|any) )*$`,
    "\\b(?:it's|it is|its) (?:not|never) (?:right|ok|okay|fair|true|acceptable|cool|fine|nice) to (?:say|claim|think|pretend|suggest|call)(?: that)? (?:\\w+ ){0,3}$",
    '\\b(?:you|they|nobody|no one|noone|people) (?:have|has) no (?:right|business) to (?:say|claim|call|treat|think)(?: that)? (?:\\w+ ){0,3}$',
    "\\b(?:must not|mustn't|should not|shouldn't|can't|cannot|won't|will not|never|don't|do not) let (?:\\w+ ){0,2}$",
    `\\b(?:i|we)(?: \\w+)? (?:will never|would never|could never|never|won't|wont|will not|would not|wouldn't|don't want to|do not want to) (?:ever )?(?:\\w+ )?${HARM} (?:(?:all|the|those|these|any) )*$`,
  ].join('|'),
);
/** Hatred as a noun, opposed: "we must not let hate against <g> spread", "fight hatred towards <g>". */
const opposedHatred =
  /\b(?:fight|fighting|stop|stopping|end|ending|oppose|opposing|condemn|condemning|reject|rejecting|combat|combating|tackle|tackling|no place for|no room for|not let|never let|won't let|don't let|stand up to|speak out against|stand against) (?:\w+ ){0,2}(?:hate|hatred) (?:for|of|towards|toward|against) /;
/** Where the hit itself is the subject of a gerund's criticism or of "no <g> deserves": checked on the hit's text. */
const deniedHitStart = /^ ?<g> (?:\w+ )?(?:deserves?|should|must|has to|needs to|is|are|was|were)\b/;

/** Whether a hit at [cs, ce) of canon is denied, criticised or disowned by what opens or precedes it (see above). */
export function hitDenied(canon: string, cs: number, ce: number): boolean {
  const own = canon.slice(cs, ce);
  if (disownedAct.test(own) || opposedHatred.test(canon.slice(Math.max(0, cs - 40), ce))) return true;
  const sentenceStart = canon.lastIndexOf(' . ', cs);
  const window = canon.slice(Math.max(sentenceStart < 0 ? 0 : sentenceStart, cs - 60), cs);
  // A hit may open inside a word ("all <g> vermin" in "call <g> vermin"): read up to that word.
  const before = window.slice(0, window.lastIndexOf(' ') + 1);
  const m = denialBefore.exec(before);
  if (!m) return false;
  // "no" and the gerunds bind to the group the hit opens with; the frames further back to any hit after them.
  if (/^\s*no <g> $/.test(m[0])) return /^ ?(?:deserves?|should|must|has to|needs to)\b/.test(own);
  return /^\s*no $|ing (?:(?:all|the|those|these|any) )*$/.test(m[0]) ? deniedHitStart.test(own) : true;
}
