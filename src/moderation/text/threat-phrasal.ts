/**
 * Violent acts that threat-grammar.ts's "act, then patient" shape does not reach, as lexicon plugged into two more
 * slots of the same grammar:
 *   - phrasal acts with the patient inside ("line them up against a wall", "wipe <g> off the face of the earth",
 *     "put him in the ground", "send them to the camps", "run those <g> over"): the verb, the patient, then the
 *     completion that makes the verb violent (each verb has its own, so "put them in the oven" stays baking and
 *     "run them over to the station" a lift);
 *   - acts on the places and gatherings of a group ("burn down their homes", "bomb the mosque", "bring a rifle to
 *     their march", "show up at the synagogue with a gun"): aimed at the group that lives, prays or marches there.
 * Both return the span in the clause handed in; threat-grammar.ts applies its guards (negation, condemnation,
 * narrative) and decides who speaks.
 *
 * Works on semantic.ts's canonical token string (lower-cased words separated by spaces, groups as `<g>`).
 */

/** Words between the verb and its patient (the determiners and quantifiers of threat-grammar.ts's FILLER). */
const FILL =
  '(?:all|every|each|last|single|one|of|the|those|these|some|more|any|few|a|couple|bunch|lot|as|many|first|fucking|damn|dirty|filthy|stupid|bloody|remaining|other|next|whole|entire|rest|goddamn)';

/** A verb's forms and the completions that make it violent with a patient in between. */
const phrasal: [verbs: string, completion: string][] = [
  ['line|lining|lines', 'up (?:against|on) (?:a|the) (?:wall|ditch)|up and (?:shoot|shot|kill|execute)'],
  ['line up|lining up|lines up', '(?:against|on) (?:a|the) (?:wall|ditch)|and (?:shoot|shot|kill|execute|gas)'],
  [
    'put|putting|puts',
    'in (?:the|a|their) (?:ground|grave|graves|coffin|coffins|body bags?|ovens?|gas chambers?)|six feet under|against (?:a|the) wall|to the sword|down like (?:dogs|animals|rabid dogs)|in body bags',
  ],
  ['wipe|wiping|wipes', '(?:off|from) (?:the face of )?(?:the )?(?:earth|map|planet)'],
  ['run|running|runs', 'over(?! (?:to|for|the|a|an|some|my|our|your|here|there|again)(?= |$))'],
  ['string|stringing|strings', 'up'],
  ['gun|gunning|guns|mow|mowing|mows|hunt|hunting|hunts', 'down'],
  [
    'send|sending|sends|ship|shipping|ships|throw|throwing|throws|herd|herding|herds|push|pushing|pushes|shove|shoving|shoves',
    '(?:back )?(?:to|into|in) (?:the )?(?:gas chambers?|ovens?|(?:concentration|death|extermination|labou?r|internment) camps|firing squad)|(?:back )?in body bags|off (?:the |a )?(?:roofs?|buildings?|bridges?|cliffs?)',
  ],
  ['hang|hanging|hangs', 'from (?:the |a )?(?:trees?|lampposts?|lamp posts?|bridges?|rafters|cranes?)'],
  ['burn|burning|burns', 'alive|at the stake|to death|to a crisp'],
  [
    'beat|beating|beats|kick|kicking|kicks|stomp|stomping|stomps|stone|stoning|stones|hack|hacking|hacks',
    'to death|to a pulp|senseless|half to death',
  ],
  ['blow|blowing|blows', 'to (?:pieces|bits|smithereens|hell)|away'],
  ['feed|feeding|feeds', 'to (?:the )?(?:sharks|dogs|pigs|lions|wolves|crocodiles|alligators)'],
  ['stab|stabbing|stabs|shoot|shooting|shoots', 'in the (?:heart|neck|throat|face|head|back|gut|chest)'],
];

/** The patients of a phrasal act: a group, "you", a person pronoun, "them" where people are spoken of. */
const PATIENT_PEOPLE = "(?:<g>|you|u|ya|yall|y'all|you all|him|her|them|every (?:one|last one))";
const PATIENT_GROUPS = "(?:<g>|you|u|ya|yall|y'all|you all|him|her|every (?:one|last one))";
const build = (patient: string) =>
  new RegExp(
    phrasal
      .map(([verbs, completion]) => `(?:^| )(?:${verbs})(?: ${FILL}){0,6} (${patient}) (?:${completion})(?= |$)`)
      .join('|'),
  );
const phrasalPeople = build(PATIENT_PEOPLE);
const phrasalGroups = build(PATIENT_GROUPS);

/** Acts that destroy a place or break up a gathering. */
const PLACE_ACT =
  '(?:burn|burning|burns|burn down|burning down|torch|torching|firebomb|firebombing|bomb|bombing|blow up|blowing up|shoot up|shooting up|raze|razing|smash up|set fire to|setting fire to|attack|attacking|storm|storming|raid|raiding|<kill>|<fire>)';
/** Places and gatherings of a group: homes, places of worship, marches. */
const PLACE =
  '(?:homes?|houses?|shops?|stores?|businesses|villages?|neighbou?rhoods?|camps?|schools?|churches|mosques?|synagogues?|temples?|gurdwaras?|march|marches|parade|parades|rally|rallies|festival|festivals|weddings?|prayers?|services?|centres?|centers?|places?)';
/** Whose: a group's (their, <g>, a group adjective), or a place of worship named on its own. */
const WHOSE_GROUP =
  "(?:(?:their|the|those|these|that|this|every|all|each|any|a)(?: (?:<g>|gay|trans|jewish|muslim|black|islamic|arab|asian|mexican|immigrant|refugee|pride|lgbt|lgbtq|queer))?|<g>|<g> 's|<g>s)";
const WORSHIP = '(?:mosques?|synagogues?|gurdwaras?|temples?|pride (?:march|parade|parades|marches))';
const placeAct = new RegExp(
  `(?:^| )${PLACE_ACT}(?: down)? (?:(?:${WHOSE_GROUP}) (?:\\w+ )?${PLACE}|(?:the |a |every |all |their )?(?:\\w+ )?${WORSHIP})(?: down)?(?= |$)`,
);
/** "Burn it to the ground" where the sentence speaks of a group's place ("if they build that mosque here, ..."). */
const placeByPronoun = new RegExp(`(?:^| )${PLACE_ACT} (?:it|them) (?:down|to the ground|to ashes)(?= |$)`);

/** A weapon brought to a group's place or gathering: "bring a rifle to their march", "at the mosque with a gun". */
const WEAPON =
  '(?:guns?|rifles?|ar15|ar-15|ar 15|ak47|ak-47|ak 47|shotguns?|pistols?|glock|knives|knife|machetes?|bombs?|explosives|grenades?|molotovs?|molotov cocktails?|weapons|ropes?|nooses?|pipe bombs?|ammo)';
const TO_PLACE = `(?:to|into|at) (?:[^ ]+ ){0,3}?(?:${PLACE}|${WORSHIP})`;
const weaponToPlace = new RegExp(
  `(?:^| )(?:bring|bringing|brings|take|taking|takes|carry|carrying|carries|pack|packing) (?:(?:a|my|our|your|some|the|his|loaded|their|an|extra|few|couple|of|big) )*${WEAPON} (?:\\w+ ){0,2}${TO_PLACE}(?= |$)|(?:^| )(?:show up|showing up|turn up|turning up|walk|walking|go|going|come|coming|roll up|rolling up|head|heading|be|be there|be waiting|wait|waiting) (?:down |in |right )?${TO_PLACE} (?:\\w+ ){0,2}with (?:(?:a|my|our|some|loaded|the|an|few|couple|of) )*${WEAPON}(?= |$)`,
);

const groupWord =
  /<g>|\b(?:gay|trans|jewish|muslim|black|islamic|arab|asian|mexican|immigrant|refugee|pride|lgbtq?|queer)\b/;
const worship = new RegExp(`\\b${WORSHIP}`);

export interface PhrasalHit {
  index: number;
  end: number;
  /** The patient as written (<g>, you, them ...), or 'place' for a group's place or gathering. */
  patient: string;
}

/** A phrasal act on a person or group in one canonical clause, or undefined. `people`: "them" may be the patient. */
export function englishPhrasalAct(clause: string, people: boolean): PhrasalHit | undefined {
  const m = (people ? phrasalPeople : phrasalGroups).exec(clause);
  if (m) {
    const start = m.index + (m[0].startsWith(' ') ? 1 : 0);
    return { index: start, end: m.index + m[0].length, patient: m.slice(1).find((p) => p !== undefined)! };
  }
  return undefined;
}

/**
 * An act on a group's place or gathering, or a weapon brought there, in one canonical clause, or undefined.
 * `groupNamed`: the text names a group, so "their homes" are its members' homes; without one, only a place of
 * worship or a group's own gathering is aimed at a group.
 */
export function englishPlaceAct(clause: string, groupNamed: boolean, sentence = clause): PhrasalHit | undefined {
  const m = placeAct.exec(clause) ?? weaponToPlace.exec(clause) ?? placeByPronoun.exec(clause);
  if (!m) return undefined;
  const byPronoun = / (?:it|them) (?:down|to the ground|to ashes)$/.test(m[0]);
  const aimed = byPronoun
    ? worship.test(sentence) || (groupWord.test(sentence) && new RegExp(PLACE).test(sentence))
    : groupWord.test(m[0]) ||
      worship.test(m[0]) ||
      ((groupNamed || groupWord.test(sentence)) && /(?:^| )their /.test(m[0]));
  if (!aimed) return undefined;
  const start = m.index + (m[0].startsWith(' ') ? 1 : 0);
  return { index: start, end: m.index + m[0].length, patient: 'place' };
}

/** First words of the phrasal acts' completions and places that no act word already triggers (semantic.ts). */
export const englishPhrasalTriggers: readonly string[] = [
  'run',
  'running',
  'runs',
  'line',
  'lining',
  'lined',
  'wall',
  'ground',
  'grave',
  'coffin',
  'camps',
  'ovens',
  'oven',
  'chambers',
  'earth',
  'map',
  'stake',
  'pulp',
  'sharks',
  'torch',
  'torching',
  'firebomb',
  'rifle',
  'rifles',
  'machete',
  'machetes',
  'molotov',
  'molotovs',
  'explosives',
  'grenade',
  'grenades',
  'noose',
  'nooses',
  'pistol',
  'shotgun',
  'ar',
  'ak',
  'ar15',
  'ak47',
  'arms',
  'fire',
  'cliff',
  'cliffs',
  'roof',
  'roofs',
  'firebombing',
];
