/**
 * The English lexicon of protected groups that semantic.ts turns into `<g>`: who a hate pattern can be aimed at.
 * Laid out by the grounds that law and platform policies protect (national origin, ethnicity and Indigenous
 * peoples, religion, sexual orientation and gender identity, disability, migration status, sex), each list
 * principled rather than grown from misses, so that a rule fires on the group a sentence names whichever it is.
 *
 * Word senses decide which list a word goes in:
 *   - a plural noun that names only people ("germans", "kenyans", "buddhists") is a group on its own;
 *   - a word that also names a language, a thing or a dish ("french", "turkish", "polish", "blind", "native") is a
 *     group only before a person noun ("polish workers", "blind people"), never alone ("polish the floor", "pull the
 *     blind down", "a native speaker");
 *   - nouns with an everyday homonym stay out ("poles", "turkey", "china", "danes" as in Great Danes, "swedes" the
 *     vegetable, "aces", "travellers", "natives" as in "the natives are restless");
 *   - a group word followed by a thing noun ("Chinese food", "Mexican restaurant", "Indian Ocean") is that thing,
 *     not the people (`thingAfterGroup`).
 */

/** Peoples by continent, as plural nouns that name only people. */
const nationalityNouns = [
  // Europe
  'germans|italians|spaniards|brits|britons|scots|norwegians|finns|icelanders|austrians|belgians|hungarians|czechs|slovaks|slovenians|croats|serbs|bosnians|albanians|kosovars|macedonians|bulgarians|romanians|moldovans|ukrainians|russians|belarusians|lithuanians|latvians|estonians|georgians|armenians|azerbaijanis|greeks|cypriots|turks|europeans|slavs',
  // the Americas
  'canadians|mexicans|guatemalans|hondurans|salvadorans|nicaraguans|panamanians|cubans|haitians|jamaicans|dominicans|puertoricans|colombians|venezuelans|ecuadorians|peruvians|bolivians|chileans|argentinians|argentines|uruguayans|paraguayans|brazilians|latinx',
  // Africa
  'africans|egyptians|libyans|tunisians|algerians|moroccans|sudanese|ethiopians|eritreans|somalis|kenyans|ugandans|tanzanians|rwandans|burundians|congolese|nigerians|ghanaians|senegalese|malians|cameroonians|angolans|zambians|zimbabweans|mozambicans|namibians|botswanans|malawians|ivorians|liberians|gambians',
  // Asia and the Middle East
  'asians|chinese|japanese|koreans|taiwanese|mongolians|tibetans|uyghurs|uighurs|vietnamese|cambodians|laotians|thais|burmese|malaysians|indonesians|filipinos|filipinas|singaporeans|indians|pakistanis|bangladeshis|srilankans|nepalese|nepalis|bhutanese|afghanis|iranians|iraqis|syrians|lebanese|jordanians|palestinians|israelis|saudis|yemenis|omanis|emiratis|qataris|kuwaitis|kazakhs|uzbeks|turkmen|tajiks|kyrgyz|chechens|arabs',
  // Oceania
  'australians|newzealanders|samoans|tongans|fijians|polynesians|melanesians|micronesians|papuans|pacificislanders',
  // regions, written as two words (groupPhraseHeads)
  'eastasians|southasians|southeastasians|eastafricans|westafricans|northafricans|southafricans|easteuropeans|easterneuropeans|southamericans|westindians|northkoreans',
].join('|');

/** Ethnic groups, diasporas and Indigenous peoples. */
const peopleNouns = [
  'kurds|berbers|amazigh|bedouins|pashtuns|hazaras|baluchis|tamils|sinhalese|bengalis|punjabis|gujaratis|sindhis|biharis|dalits|rohingya|hmong|hutus|tutsis|zulus|xhosa|yoruba|igbo|hausa|fulani|maasai|amhara|oromo|tigrayans|copts',
  'gypsies|gypsy|roma|romani|romanies|sinti|gitanos|yenish|jews|jew|sephardim|ashkenazim|hasidim|hasids',
  'aboriginals|aborigines|maori|maoris|inuit|eskimos|eskimo|saami|ainu|mapuche|aymara|navajo|sioux|ojibwe|hopi|firstnations|metis',
  'blacks|whites|latinos|latinas|latino|latina|hispanics|hispanic|mulattoes|mulattos|poc|bipoc',
].join('|');

/** Religions and belief: adherents as nouns. */
const beliefNouns =
  "muslims|muslim|moslems|moslem|islamists|islamist|christians|christian|catholics|catholic|protestants|evangelicals|baptists|methodists|lutherans|anglicans|mormons|amish|mennonites|quakers|jehovahs|jehovah's|hindus|hindu|sikhs|sikh|buddhists|buddhist|jains|bahais|zoroastrians|parsis|shias|shiites|shia|sunnis|sufis|ahmadis|ahmadiyya|alawites|druze|yazidis|pagans|wiccans|rastafarians|atheists|agnostics|zionists|zionist";

/** Sexual orientation, gender identity and sex characteristics. */
const genderNouns =
  'women|woman|females|girls|wives|feminists|feminist|lesbians|lesbian|gays|homosexuals|homosexual|homos|queers|queer|bisexuals|bisexual|pansexuals|asexuals|transgenders|transsexuals|transsexual|transwomen|transmen|trannies|tranny|nonbinaries|enbies|enbys|intersexuals|lgbt|lgbtq|lgbtqia|lgbtqi|faggots|fags|dykes';

/** Disability, neurodivergence and mental illness. */
const disabilityNouns =
  'cripples|cripple|retards|retard|disabled|handicapped|autists|autist|autistics|aspies|spastics|spastic|paraplegics|quadriplegics|tetraplegics|amputees|midgets|mongoloids|schizophrenics|schizos|psychotics|epileptics|dyslexics|downies';

/** Migration status. */
const migrationNouns =
  'immigrants|immigrant|migrants|migrant|asylumseekers|asylumseeker|illegalaliens|illegalalien|illegalimmigrants|illegalimmigrant|illegalmigrants|illegalmigrant|emigrants|refugees|refugee|asylees|foreigners|foreigner|illegals|aliens|expats|deportees';

/** Slurs for peoples (a slur names its group whatever the sentence). */
const slurNouns =
  'negroes|negro|niggers|nigger|niggas|kikes|kike|chinks|chink|pakis|paki|spics|spic|beaners|beaner|wetbacks|wetback|orientals|gooks|japs|ragheads|towelheads|sandniggers|wogs|darkies|gringos|krauts|wops|dagos|polacks|hebes|yids|abos|redskins|squaws';

/** Singular members named by a noun of their own (a plural noun above names the group). */
const singularNouns =
  'african|arab|mexican|pakistani|somali|syrian|nigerian|palestinian|israeli|asian|indian|iraqi|iranian|kurd|filipino|filipina|jamaican|haitian|roma|aboriginal|inuk|sikh|hindu|jain|mormon|atheist|zoroastrian|lesbian|intersexual|cripple|paraplegic|quadriplegic|amputee|midget|immigrant|migrant|asylee|refugee';

/** Protected groups: nouns that name one on their own (plural and singular). */
export const groupNouns = [
  nationalityNouns,
  peopleNouns,
  beliefNouns,
  genderNouns,
  disabilityNouns,
  migrationNouns,
  slurNouns,
  singularNouns,
]
  .join('|')
  .split('|');

/**
 * Adjectives that name a group before a person noun ("trans people", "polish workers", "blind folks"): every
 * nationality and people above as an adjective, the words that are also languages, dishes or things, and the
 * adjectives of belief, gender, sexuality and disability.
 */
export const groupAdjectives = [
  'german|french|italian|spanish|portuguese|british|english|scottish|welsh|irish|dutch|flemish|danish|swedish|norwegian|finnish|icelandic|polish|czech|slovak|hungarian|austrian|swiss|belgian|croatian|serbian|bosnian|albanian|bulgarian|romanian|ukrainian|russian|belarusian|lithuanian|latvian|estonian|georgian|armenian|greek|cypriot|turkish|european|slavic',
  'american|canadian|mexican|cuban|haitian|jamaican|dominican|puertorican|colombian|venezuelan|peruvian|bolivian|chilean|argentinian|argentine|brazilian|guatemalan|honduran|salvadoran|nicaraguan|latin|caribbean',
  'african|egyptian|libyan|moroccan|algerian|tunisian|sudanese|ethiopian|eritrean|somali|kenyan|ugandan|rwandan|congolese|nigerian|ghanaian|senegalese|cameroonian|zimbabwean|zambian|angolan|malian',
  'asian|chinese|japanese|korean|taiwanese|mongolian|tibetan|uyghur|uighur|vietnamese|cambodian|thai|burmese|malaysian|indonesian|filipino|indian|pakistani|bangladeshi|srilankan|nepali|nepalese|afghan|iranian|persian|iraqi|syrian|lebanese|jordanian|palestinian|israeli|saudi|yemeni|arab|arabic|kurdish|chechen|kazakh',
  'eastasian|southasian|southeastasian|eastafrican|westafrican|northafrican|easteuropean|easterneuropean|southamerican|westindian|middleeastern|pacificislander|sami|saami|australian|newzealand|samoan|tongan|fijian|polynesian|maori|aboriginal|indigenous|native|inuit|roma|romani|gypsy|black|white|brown|latino|latina|latine|hispanic|mixed-race|biracial|jewish|hasidic|orthodox',
  'muslim|islamic|christian|catholic|protestant|evangelical|mormon|amish|hindu|sikh|buddhist|jain|pagan|atheist|shia|sunni',
  'trans|transgender|gay|lesbian|bisexual|bi|pansexual|asexual|queer|nonbinary|non-binary|gender-fluid|genderqueer|genderfluid|intersex|lgbt|lgbtq|homosexual',
  'disabled|handicapped|autistic|deaf|blind|mentally|wheelchair|paralysed|paralyzed|dyslexic|neurodivergent|schizophrenic|bipolar|epileptic',
  'immigrant|migrant|refugee|foreign|undocumented',
]
  .join('|')
  .split('|');

/** Nouns for people, after a group adjective ("gay men", "deaf children"). */
export const personNouns =
  'people|peoples|persons|person|men|man|women|woman|folk|folks|guys|kids|children|families|immigrants|migrants|refugees|communities|community|ill|ladies|girls|boys|individuals|students|workers|citizens|neighbours|neighbors|couples|parents|youth|teens|dudes|lads|population|ones|friends|users|americans|nationals|tribes|tribe|son|sons|daughter|daughters|child|kid|brother|sister|husband|wife|boss|neighbour|neighbor|colleague|colleagues|coworker|coworkers|doctor|doctors|teacher|teachers|nurse|nurses|lives|ppl|folx|peeps'.split(
    '|',
  );

/**
 * Groups written as two words, read as one before the lists above are asked: the first word, then what may follow
 * it ("puerto ricans", "non binary", "first nations"). The joined word must be in a list above.
 */
export const groupPhraseHeads = new Map<string, string[]>([
  ['puerto', ['ricans', 'rican']],
  ['sri', ['lankans', 'lankan']],
  ['new', ['zealanders', 'zealand']],
  ['first', ['nations']],
  ['non', ['binary']],
  ['gender', ['queer', 'fluid']],
  ['mixed', ['race']],
  ['bi', ['racial']],
  ['asylum', ['seekers', 'seeker']],
  ['illegal', ['aliens', 'alien', 'immigrants', 'immigrant', 'migrants', 'migrant']],
  ['east', ['asians', 'asian', 'africans', 'african', 'europeans', 'european']],
  ['eastern', ['europeans', 'european']],
  ['south', ['asians', 'asian', 'africans', 'african', 'americans', 'american']],
  ['southeast', ['asians', 'asian']],
  ['west', ['africans', 'african', 'indians', 'indian']],
  ['north', ['africans', 'african', 'koreans', 'korean']],
  ['middle', ['eastern']],
  ['pacific', ['islanders', 'islander']],
]);

/**
 * "People with ...", "people of colour", "people in wheelchairs": a person noun, a preposition and a condition
 * (one or two words) make a group.
 */
export const conditionsAfterPerson: Record<string, string[][]> = {
  with: [
    ['disabilities'],
    ['disability'],
    ['autism'],
    ['dwarfism'],
    ['schizophrenia'],
    ['epilepsy'],
    ['adhd'],
    ['hiv'],
    ['aids'],
    ['dementia'],
    ['bipolar'],
    ['down', 'syndrome'],
    ['downs', 'syndrome'],
    ['down', "syndrome's"],
    ['mental', 'illness'],
    ['mental', 'illnesses'],
    ['mental', 'disabilities'],
    ['learning', 'disabilities'],
    ['intellectual', 'disabilities'],
    ['special', 'needs'],
    ['cerebral', 'palsy'],
  ],
  of: [['color'], ['colour'], ['faith']],
  in: [['wheelchairs'], ['wheelchair']],
};

/**
 * Thing nouns after a nationality or a people: "Chinese food", "Mexican restaurant", "Indian Ocean", "Turkish
 * delight", "Muslim haters": the group word modifies a thing (or the people who hate the group), so it is not `<g>`.
 */
export const thingAfterGroup = new Set(
  'food|foods|cuisine|restaurant|restaurants|takeout|takeaway|dish|dishes|cooking|recipe|recipes|buffet|language|languages|grammar|class|classes|lessons|music|songs|movies|movie|films|film|cinema|tv|shows|dramas|anime|cars|car|products|goods|market|markets|economy|stocks|government|governments|regime|president|army|military|navy|team|league|football|soccer|rugby|cricket|food|ocean|sea|summer|wave|spring|delight|fries|toast|press|kiss|horn|bulldog|shepherd|keyboard|version|flag|flags|history|literature|architecture|art|tea|coffee|beer|wine|cheese|chocolate|haters|hater|bashers|bashing|phobia|phobes|phobic|stereotypes|stereotype|jokes|slurs|slur|naan|curry|curries|tacos|sushi|noodles|dumplings|rice|bread|spices|dress|dresses|clothes|wedding|weddings|festival|holiday|holidays|embassy|border|passport|passports|visa|visas|accent|name|names'.split(
    '|',
  ),
);

/** Adjectives of a group that read as the group after "the" ("the French", "the deaf", "the Dutch"). */
export const groupAfterThe = new Set(
  'disabled|handicapped|blacks|gays|jews|deaf|french|dutch|english|irish|welsh|swiss|british|chinese|japanese|vietnamese|portuguese|lebanese|sudanese|congolese|senegalese|burmese|nepalese|taiwanese|jewish'.split(
    '|',
  ),
);
