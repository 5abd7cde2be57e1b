import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textCategories } from '../src/moderation/text/builtin-lexicon.js';
import { negativeEvaluation, positiveEvaluation } from '../src/moderation/text/evaluative-words.js';
import { findMeaning } from '../src/moderation/text/semantic.js';
import { moderateText } from '../src/moderation/text/text-moderator.js';

/**
 * Identity-directed hate in English (issue 22, sixth round): the group lexicon (group-lexicon.ts), the evaluative
 * slot read from AFINN (evaluative-words.ts), antipathy and caused-emotion phrases, dehumanising figures and denied
 * praise. Items written for this test, in several wordings per function, with non-hateful twins (negation,
 * counter-speech, neutral or sympathetic mention, homonyms of group words); none is taken from a blind set.
 */
const flagged = (text: string) => moderateText(text, textCategories).suggestion !== 'pass';

/** Hate aimed at groups the earlier lexicon lacked, or worded outside the earlier lists. */
const hateful = [
  'I hate Nigerians.',
  "I can't stand Kenyans, honestly.",
  'I will never stop hating deaf people.',
  "I'm disgusted by nonbinary people.",
  'Seeing Somalis everywhere makes my blood boil.',
  'It makes my blood boil when I see Muslims praying.',
  'I feel sick every time I see gay couples.',
  'Every time I see Sikhs it turns my stomach.',
  'Buddhists are deceitful.',
  'Polish workers are so incompetent.',
  'Intersex people are freaks.',
  'Asexual people are pathetic.',
  'Autistic people are such a burden.',
  'People with Down syndrome are useless.',
  'Puerto Ricans are lazy.',
  'Native Americans are savages.',
  'Aboriginals are a plague of locusts.',
  'Roma are a swarm of rats.',
  'Hordes of Afghans are invading us.',
  'Wheelchair users are parasites.',
  'Non binary people are mentally deficient.',
  'Pakistanis seem so deceitful.',
  'Women will never be as smart as men.',
  "Immigrants don't deserve rights.",
  'Trans people do not deserve respect.',
  "Hindus can't be trusted.",
  'Jamaicans have never contributed anything.',
  'Mexicans are not human.',
  'The French are arrogant cowards.',
  'Bangladeshis are filthy and dishonest.',
  'Deaf people are stupid.',
  'Honestly I despise Ethiopians.',
  'We will always hate Tamils.',
  'I cannot bear Kurds.',
  "I'm repulsed by lesbian couples.",
  'I have nothing but contempt for Eritreans.',
  'Whenever I see Haitians I feel sick.',
  'The sight of Uyghurs makes me want to vomit.',
  'Filipinos are dishonest scammers.',
  'Indonesians are so ignorant.',
  'Quakers are hypocritical.',
  'Bisexual men are greedy and selfish.',
  'People of colour are a menace.',
  'Mentally ill people are dangerous lunatics.',
  'Blind people are pathetic and useless.',
  'Albanians look so dodgy.',
  'Jamaicans act so arrogant.',
  "Muslim women don't deserve freedom.",
  'Amputees do not deserve happiness.',
  'Gypsies are hordes of locusts.',
  'Migrants are hyenas.',
  'Those Iraqis are monsters.',
  'Immigrants are criminals, and that is no myth.',
];

/** The same words without hate: negated, reported to criticise, sympathetic, neutral, or a homonym of a group word. */
const benign = [
  "I don't hate Nigerians.",
  'I love Kenyan food and Kenyan runners.',
  'Deaf people are wonderful artists.',
  'Saying "Buddhists are deceitful" is racist nonsense.',
  'It is not true that Polish workers are incompetent.',
  'Polish the silver before the guests arrive.',
  'I hate Chinese food, it is too oily.',
  'Pull down the blind, the sun is awful.',
  'He is a native speaker of Spanish.',
  'We roasted a turkey and the gravy was awful.',
  'The china plates are cracked and ugly.',
  'Refugees are vulnerable and afraid.',
  'Disabled people are poor and excluded far too often.',
  'Immigrants are worse off after the new law.',
  'Native Americans are suffering from the drought.',
  'Trans people deserve respect.',
  'Women are just as smart as men.',
  'People with autism are often misunderstood.',
  'Roma children are being persecuted and it is terrible.',
  'Gay people are victims of violence in many countries.',
  'The Indian Ocean is dangerous in the monsoon.',
  'Muslims are angry about the cartoons.',
  'I hate that deaf people are excluded from so many jobs.',
  'Germans are worried about the economy.',
  'Ukrainians are desperate for peace.',
  'Are Nigerians lazy? No, that is a racist myth.',
  'Honestly I despise cold weather.',
  'We will always love Tamil food.',
  "I'm repulsed by the way lesbian couples are treated.",
  'Whenever I see Haitians I feel proud of their resilience.',
  'Filipinos are wonderful nurses.',
  'Indonesians are worried about the volcano.',
  'Quakers are pacifists.',
  'People of colour are underrepresented in parliament.',
  'Mentally ill people are more often victims than perpetrators.',
  'Blind people are skilled at reading braille.',
  'Albanians look forward to the holiday.',
  'Ghanaians will never forget their independence day.',
  'Muslim women deserve freedom.',
  'Amputees deserve happiness like anyone else.',
  "I don't think Ethiopians are dishonest.",
  'Nobody should say Kurds are lazy.',
  'Calling Roma thieves is racist.',
  'He wrote that "Somalis are parasites", which is disgusting racism.',
  'Hate against gay people is wrong.',
  'The way we treat refugees is disgraceful.',
  'I hate how deaf people are ignored.',
  'My Polish neighbours are lovely.',
  'We ordered Thai curry and it was terrible.',
  'The Turkish delight was stale and awful.',
  'French fries are unhealthy.',
  'The Greek yogurt was sour and disgusting.',
  'Asian markets are volatile today.',
  'Are Nigerians dishonest? Of course not.',
];

/**
 * Counter-speech and sympathy with the words of hate: a stereotype reported to reject it ("the myth that ...", "was
 * told ...", "nobody believes ..."), and the emotion at what is done to a group ("seeing <g> mocked makes me sick").
 */
const counterSpeech = [
  'People who claim Somalis are lazy are ignorant.',
  'The idea that Kenyans are dishonest is a racist myth.',
  'My uncle keeps saying Filipinos are dishonest, and it makes me furious.',
  'Stop pretending Haitians are dangerous.',
  'The old stereotype that Mexicans are lazy is false.',
  'Some trolls wrote that Nigerians are scammers; we reported them.',
  '"Pakistanis are dishonest" - that comment got him banned.',
  'The campaign fights the lie that asylum seekers are criminals.',
  'The campaign fights the lie that immigrants are criminals.',
  'We reject the lie that immigrants are criminals.',
  'The charity challenges the stereotype that refugees are lazy.',
  'Teachers work to dispel the myth that disabled people are a burden.',
  'Growing up I was told Jews are greedy, which is antisemitic garbage.',
  "Why do people keep saying Muslims are violent? It's not true.",
  'I used to believe immigrants were lazy, but I was wrong.',
  'Hearing someone say Sikhs are terrorists made me sick.',
  'Being told that autistic people are useless is hurtful.',
  'Seeing Somalis mistreated makes my blood boil.',
  'Seeing disabled people mocked makes me sick.',
  'I feel sick when I see gay couples attacked in the street.',
  'Nobody believes Ukrainians are cowards.',
  'Claims that Palestinians are animals are dehumanising.',
  "Don't let anyone tell you Gypsies are thieves.",
  'Is it racist to say Chinese people are rude? Yes.',
  'The report found that Black women are disproportionately affected.',
  'Indigenous people are hit hardest by the cuts.',
  'Trans people are more likely to be victims of violence.',
  'Roma are the worst affected by the flooding.',
  'Refugees are desperate and hungry.',
  'Women are tired of being underpaid.',
];

describe('identity-directed hate, sixth round (English)', () => {
  it('flags every hateful item', () => {
    const missed = hateful.filter((t) => !flagged(t));
    assert.deepEqual(missed, []);
  });
  it('passes every non-hateful twin', () => {
    const wrong = benign.filter((t) => flagged(t));
    assert.deepEqual(wrong, []);
  });
  it('passes counter-speech and sympathy that carry the words of hate', () => {
    const wrong = counterSpeech.filter((t) => flagged(t));
    assert.deepEqual(wrong, []);
  });
  it('flags discrimination declared and a group blamed for decline, and passes their twins', () => {
    const hatefulItems = [
      'I would never hire a Nigerian.',
      "We won't rent to Pakistanis.",
      'I refuse to work with trans people.',
      "I wouldn't sit next to a Muslim on a plane.",
      'The neighbourhood went downhill when the Somalis moved in.',
      'Since Mexicans arrived, this town has gone to hell.',
      'Property values dropped once Black families moved in.',
      'Romanians moved in next door and the whole street went to the dogs.',
    ];
    const benignItems = [
      'I would never hire someone without checking references.',
      'I would never hurt a Nigerian.',
      "We won't rent to smokers.",
      'I refuse to work with people who are racist to trans people.',
      'The neighbourhood went downhill when the factory closed.',
      'Since Mexicans arrived, this town has got great food.',
      'People claim property values dropped when Black families moved in, a racist myth.',
      'I would never say the neighbourhood went downhill when Somalis moved in.',
      'When the Somalis moved in, the street got much livelier.',
    ];
    assert.deepEqual(
      hatefulItems.filter((t) => !flagged(t)),
      [],
    );
    assert.deepEqual(
      benignItems.filter((t) => flagged(t)),
      [],
    );
  });
  it('reads emoji of belief and disability as groups, and more animal emoji as dehumanising', () => {
    for (const text of ['🧏 are 🦨', 'I 😡 ✝️', '🧑‍🦽 = 🧟', '🕉️ are 🐗']) assert.ok(flagged(text), text);
    for (const text of [
      '✝️ blessed sunday 🙏',
      '😡 traffic today',
      'We saw a 🦨 in the garden',
      '🧏 learning sign language 👍',
    ])
      assert.ok(!flagged(text), text);
  });
  it('reads homonyms of group words as the everyday word, not as a group', () => {
    for (const text of [
      'Polish the silver before dinner.',
      'Pull down the blind please.',
      'She is a native speaker.',
      'We ate Chinese food and Mexican tacos.',
      'The Indian Ocean was calm.',
      'We roasted a turkey.',
    ])
      assert.equal(findMeaning(text, false).targeted, false, text);
    for (const text of ['Polish workers arrived.', 'Blind people vote.', 'People with autism work here.'])
      assert.equal(findMeaning(text, false).targeted, true, text);
  });
  it('keeps AFINN words that evaluate people and drops feelings, hardship and stance', () => {
    for (const w of ['deceitful', 'incompetent', 'dishonest', 'ugly', 'disgusting', 'arrogant'])
      assert.ok(negativeEvaluation.has(w), w);
    for (const w of ['victims', 'afraid', 'poor', 'persecuted', 'suffering', 'critics', 'worried', 'badly', 'fucking'])
      assert.ok(!negativeEvaluation.has(w), w);
    assert.ok(positiveEvaluation.has('smart') && !positiveEvaluation.has('stupid'));
  });
});
