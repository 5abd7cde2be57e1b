import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMeaning } from '../src/moderation/text/semantic.js';

/**
 * The sixth round's threats and incitement (threat-phrasal.ts and the wider threat-grammar.ts and semantic.ts
 * slots): phrasal and figurative acts, a looser gap between the marker, the act and its patient, conditional
 * consequences, normative wishes, acts on a group's places and weapon emoji — each hateful wording beside benign
 * twins with the same words (idioms, news and history, negation, counter-speech, kindness, places visited in peace).
 * The detector is asked directly, so the model's own score neither helps a hateful item nor sinks a benign one.
 */
const threat = (text: string) => findMeaning(text, true).findings.find((f) => f.kind === 'threat');

/** Threats aimed at a group (named, as an emoji, or as the place it lives or prays in): `terrorism`. */
const hateful: string[] = [
  "I'm going to slit the throat of every Muslim I meet.",
  'I will put a bullet in the next immigrant who talks to me.',
  'We are going to line the Jews up against a wall.',
  "I'm gonna run over any refugee I see on the road.",
  'We will burn down their homes, every last Muslim house in town.',
  'Gonna bring my rifle to the gay pride march this weekend.',
  "I'll string up the first Mexican who shows his face here.",
  'I will gas them all, those filthy Jews.',
  'We are going to hang Muslims from the trees.',
  "I'm going to take up arms against the immigrants.",
  "We'll wipe the Arabs off the face of the earth.",
  'I swear I will personally shoot a couple of Mexicans tomorrow.',
  'Tomorrow I am going to go to the mosque and kill as many Muslims as I can.',
  "I'm going to show up at the synagogue with a gun.",
  'If another Muslim moves onto my street he gets a knife.',
  'The day a refugee touches my sister I will put him in the ground.',
  'Any immigrant I catch near my house gets a bullet.',
  'When the gays come marching through here we will be waiting with guns.',
  "If I see one more trans person in the bathroom, I'm going to beat them to death.",
  'Let one Mexican set foot on my land and see how many go home alive.',
  'If those Jews keep buying up the town, they will all hang.',
  'Someone needs to shoot every one of those immigrants.',
  'Time to take up arms against the Muslims.',
  'Burn their houses, drive every last refugee out of this country.',
  'Somebody should put a bullet in every Muslim politician.',
  'Grab your rifles boys, the Mexicans are coming across the river.',
  'Go run over some of those protesting Muslims.',
  'Everyone should bring a gun to the next Jewish festival.',
  "Let's line the gays up against a wall.",
  'It would be great if someone shot all the immigrants.',
  'The world would be better if all Muslims died.',
  'Jews deserve to be wiped off the face of the earth.',
  'Gays should be lined up against a wall and shot.',
  'Immigrants should be run over.',
  'Muslims should all be sent to the camps.',
  'Every refugee deserves a bullet in the head.',
  'The only good Muslim is a dead Muslim.',
  'Someone should gas the Jews again.',
  'It would be a good day if every Mexican dropped dead.',
  'Trans people should be strung up.',
  '🧕🔪🔪🔪',
  '🏳️‍🌈🔥🔥 burn them all',
  'all 🧕 must ☠️',
  'kill every 🏳️‍🌈 you see 🔫',
  '🔫🔫 the ✡️ people',
  'we will 🔥 every 🕌 in this country',
  'I hate 🧕 so much, they should all be shot',
  '🔪 every last 🏳️‍🌈',
  'I am going to put a bullet through the head of every Somali in this town.',
  "We're gonna string those faggots up from the lampposts.",
  "Next week I'll be bringing my AR-15 to their mosque.",
  'One day soon I will walk into that synagogue with a rifle.',
  'I will hunt every last immigrant down.',
  "Can't wait to run those Mexicans over with my truck.",
  'We should round them up and gas them, all of the Jews.',
  "If any Muslim girl talks back to me I'll slit her throat.",
  "Should a single refugee come near my kids, he's getting a bullet.",
  "The moment a gay couple moves in next door I'm burning their house down.",
  "Let's torch their mosques and run the Muslims out of town.",
  'Kill them all, every immigrant in this country.',
  'Someone ought to line the Muslims up and shoot them.',
  'Honestly it would be nice if somebody blew up the synagogue.',
  'This country would be so much better if all the blacks were dead.',
  'Gays deserve to be hanged from trees.',
  'All Jews should be sent back to the ovens.',
  'Immigrants need to be wiped off the map.',
  'Women like her deserve a bullet.',
  "I'd love to see every Muslim burned alive.",
  '🕌💣💣',
  '🔫🔫🔫 🧕',
  'all 🏳️‍🌈 should be 🔥',
  'gonna 🔪 some ✡️ tonight',
];

/** The same words with no threat: none may carry a threat finding. */
const benign: string[] = [
  "I'm going to kill it at the gig tonight.",
  "I'll kill for a coffee right now.",
  'This heat is killing me.',
  'The bomb killed 12 people in the market yesterday, police said.',
  'In 1994 militias killed hundreds of thousands of Tutsis.',
  'Nobody should attack Muslims for their faith.',
  'Threatening immigrants is a crime.',
  'I would never hurt a refugee.',
  'If someone breaks into my house I will defend my family.',
  'We are going to slice the onions and run over to the market.',
  "I'm going to run over to the Mexican restaurant for lunch.",
  'He put a bullet in the chamber at the shooting range.',
  'They lined up against the wall for the class photo.',
  "Someone needs to take the Muslims' side in this debate.",
  'Time to take up the cause of refugees.',
  "Burn the old receipts, we don't need them.",
  'It would be great if someone helped the immigrants with their paperwork.',
  'The world would be better if all people were kind to Muslims.',
  'Racists who say Jews deserve to die should be ashamed.',
  'Saying gays should be lined up against a wall is disgusting hate speech.',
  "In the game I'm going to gas the zombies and shoot the boss.",
  "I'm going to bring my rifle to the hunting trip with my Mexican friends.",
  'Any immigrant I meet gets a warm welcome from me.',
  'If a refugee knocks on my door I will give him food.',
  'The day my Muslim neighbour moved in we had a party.',
  "Let's burn some calories at the gym with the trans runners club.",
  'Gonna bring snacks to the pride march.',
  'The Nazis sent Jews to the camps and gassed them.',
  'Historians estimate the regime hanged thousands of Muslims.',
  'My grandmother survived when they wiped her village off the map.',
  '🔥🔥🔥 this song slaps',
  '🏳️‍🌈❤️ love is love',
  '🧕 looks so pretty 🔥',
  'killing it at work today 💀😂',
  "I'm dead 💀💀 that joke about my Jewish uncle",
  'Anyone who wants to hurt immigrants should be arrested.',
  'We must stop the people who want to kill Muslims.',
  'The film shows soldiers shooting refugees at the border.',
  "I'm going to put a bullet point in the slides for the Somali delegation.",
  "We're gonna string up the fairy lights for the gay wedding.",
  "Next week I'll be bringing food to their mosque for the iftar.",
  'One day soon I will walk into that synagogue with my Jewish friends for the concert.',
  "Can't wait to run over to see my Mexican grandma.",
  'We should round up donations for the refugees.',
  "If any Muslim girl needs help with her homework I'll tutor her.",
  "Should a single refugee need a bed, he's getting one from us.",
  "The moment a gay couple moves in next door I'm baking them a cake.",
  "Let's visit their mosques and learn about Muslim culture.",
  'Kill the lights when you leave the immigrant centre.',
  'Someone ought to line the shelves with books about Muslims.',
  'It would be nice if somebody cleaned up the synagogue garden.',
  'This country would be so much better if all the blacks were treated fairly.',
  'Gays deserve to be treated with respect.',
  'Nobody should ever be sent to the ovens again, never forget the Jews.',
  'Our grandparents were put against a wall by the Nazis, a story the Jews remember.',
  'The plague nearly wiped the village off the map in 1348.',
  'She deserves a medal.',
  "I'd love to see every Muslim family at the festival.",
  '🕌✨ Eid Mubarak',
  '🧕💕',
  'all 🏳️‍🌈 should be 🎉',
  'gonna 🍕 with some ✡️ friends tonight',
  'The soldier put a bullet in the enemy in the movie.',
  'I run over the numbers every morning with the Indian team.',
  "We're lining up against the wall for the photo with the refugees.",
  'The Mexicans ran over the opposing team 5-0.',
  'They hunt down the best bargains, those Chinese grandmas.',
  "Stop saying Muslims should be lined up against a wall, it's vile.",
  'He said "all Jews must be gassed" and was rightly banned.',
];

describe('threats and incitement, sixth round (phrasal acts, gaps, conditions, wishes, places, emoji)', () => {
  for (const text of hateful)
    it(`finds a threat aimed at a group: ${text}`, () => {
      const f = threat(text);
      assert.ok(f, JSON.stringify(findMeaning(text, true)));
      assert.equal(f.label, 'terrorism', JSON.stringify(f));
      assert.equal(f.suggestion, 'block');
      assert.equal(text.slice(f.start, f.end), f.segment);
    });
  for (const text of benign)
    it(`finds no threat in: ${text}`, () => {
      assert.equal(threat(text), undefined, JSON.stringify(findMeaning(text, true)));
    });
});
