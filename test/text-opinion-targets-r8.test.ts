import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textCategories } from '../src/moderation/text/builtin-lexicon.js';
import {
  hateDenied,
  haterInsulted,
  hitDenied,
  mentionedNames,
  opinionTarget,
} from '../src/moderation/text/opinion-targets.js';
import { moderateText } from '../src/moderation/text/text-moderator.js';

/**
 * Issue 22, round 8: opinions about groups no protected characteristic defines, about animals and things, negation
 * in contracted and quantified forms, and counter-speech that insults the hater pass; the same wordings about
 * protected groups, insults at a person, and dehumanising figures stay flagged. Items written for this test, none
 * taken from a blind set.
 */
const answer = (text: string) => moderateText(text, textCategories).suggestion;
const flagged = (text: string) => answer(text) !== 'pass';

const nonHateful = [
  // Groups no trait defines: occupations, parties, fans, hobbies, lifestyles.
  'Cyclists are disgusting.',
  'Politicians are all liars and crooks.',
  'Lawyers are scum.',
  'Lawyers are idiots.',
  'Bankers are greedy and dishonest.',
  'Estate agents are the worst.',
  'Chess players are so boring.',
  'I hate all lawyers.',
  'I hate lawyers and politicians.',
  "I can't stand cyclists.",
  'I really despise telemarketers.',
  "I'm sick of influencers.",
  'I am so tired of journalists.',
  'Gamers are pathetic losers.',
  'Vegans are annoying as hell.',
  'Tories are disgusting.',
  'Liberals are idiots.',
  'Republicans are hypocrites.',
  'Socialists are clueless.',
  'Arsenal fans are the worst.',
  'SUV drivers are morons.',
  'Taxi drivers are rude.',
  'Most billionaires are selfish.',
  'All referees are useless.',
  'Landlords suck.',
  'Cops are idiots, honestly.',
  'Crypto bros are insufferable.',
  'Golfers are the most boring people alive.',
  'Tourists are so annoying in summer.',
  // Animals, food and things.
  'I hate rats, they are vermin.',
  'I hate mosquitoes, they are disgusting.',
  'Cockroaches are disgusting.',
  'Pigeons are filthy.',
  'Seagulls are evil little thieves.',
  'Wasps are useless.',
  'I hate spiders, they are gross.',
  "I can't stand olives.",
  'Mushrooms are disgusting.',
  'Brussels sprouts are vile.',
  'Fuck mosquitoes.',
  'Pineapple on pizza is disgusting.',
  'Printers are the worst.',
  'Mondays are terrible.',
  'Mosquitoes deserve to die.',
  'Spiders are evil, kill them all.',
  'I want to kill every wasp in this garden.',
  'Fuck this printer, fuck it to hell.',
  // Negation, contracted and quantified.
  "Women aren't stupid.",
  "Gay people aren't disgusting.",
  "Immigrants aren't criminals.",
  "Muslims aren't terrorists.",
  "Trans people aren't a threat.",
  'Nobody should hate Jews.',
  'No one should hurt gay people.',
  "It's wrong to hate Muslims.",
  'It is cruel to mock disabled people.',
  'Stop hating trans people.',
  "Don't bully immigrants.",
  'No Muslim deserves to die.',
  'No gay person deserves to be attacked.',
  'I will never hurt women.',
  'We would never harm refugees.',
  "Muslims don't deserve hate.",
  'Hating Jews is wrong.',
  'Hating gay people is disgusting.',
  "It's not right to say Black people are criminals.",
  'You have no right to call Jews vermin.',
  'We must not let hate against Muslims spread.',
  'I would never want to hurt a Muslim.',
  'Jews should never be called vermin.',
  'That tweet called women "whores", which is disgusting.',
  'He called my sister a dyke and I reported him.',
  'Stop using the word retard, it hurts disabled people.',
  'Nobody deserves to be called a faggot.',
  'Women deserve respect, not to be called bitches.',
  'Those who hate gay people are cowards.',
  'People who hate immigrants are idiots.',
  // Telegraphic and other shapes of the same opinions, intensifiers, habits, singular things.
  'What a bunch of idiots these lawyers are.',
  'Lawyers? Scum, all of them.',
  'Typical lawyers, disgusting.',
  'lawyers = scum',
  'I fucking hate cyclists.',
  'Cyclists are fucking idiots.',
  'Those cyclists make my blood boil.',
  'People who drive slowly in the fast lane are idiots.',
  "People who don't tip are scum.",
  'This city is a shithole.',
  // Groups that what their members did defines, and agent nouns.
  'Racists are scum.',
  'Nazis are scum.',
  'Anti-vaxxers are morons.',
  'Gamblers are disgusting.',
  'All stockbrokers are worthless idiots.',
  'Jugglers are the scum of the earth.',
  // Counter-speech that insults the hater, and names mentioned under a forbidden verb of calling.
  'People who say women are inferior are idiots.',
  'People who think Muslims are terrorists are morons.',
  'Anyone who says Black people are lazy is a bigot.',
  'Anyone who calls Mexicans beaners is a moron.',
  'People who call gay people faggots are pathetic.',
  'Stop calling women bitches, it is disgusting.',
  "Don't call gay people faggots.",
  'Stop calling disabled people retards.',
];

const hateful = [
  // The same wordings about protected groups.
  'Muslims are disgusting.',
  'Women are stupid.',
  'Jews are scum.',
  'Gay people are idiots.',
  'Immigrants are greedy and dishonest.',
  'Black people are the worst.',
  'I hate all Muslims.',
  'I hate Jews and gays.',
  "I can't stand immigrants.",
  'I really despise trans people.',
  "I'm sick of refugees.",
  'I am so tired of disabled people.',
  'Women are pathetic losers.',
  'Muslims are annoying as hell.',
  'Mexicans are idiots.',
  'Jews are hypocrites.',
  'Most immigrants are selfish.',
  'All women are useless.',
  'Gay people suck.',
  'I hate Muslims, they are vermin.',
  'I hate immigrants, they are disgusting.',
  'Refugees are cockroaches.',
  'Immigrants are filthy.',
  'Fuck Muslims.',
  'Fuck all gay people.',
  // Not negated: the contracted negation elsewhere does not excuse it.
  "Women are stupid, aren't they?",
  "I don't care what anyone says, Muslims are terrorists.",
  'Everyone should hate Jews.',
  'Every Muslim deserves to die.',
  'I will hurt women.',
  'Muslims deserve hate.',
  'Hating Jews is right.',
  "It's right to say Black people are criminals.",
  'Boomers are idiots.',
  'Wheelchair users are disgusting.',
  'He called my sister a dyke lol.',
  'That tweet called women "whores" and it is true.',
  'Women deserve to be called bitches.',
  'Jews should be called vermin.',
  'I would love to hurt a Muslim.',
  'What a bunch of idiots these Muslims are.',
  'Muslims? Scum, all of them.',
  'Muslims = scum',
  'I fucking hate immigrants.',
  'Those immigrants make my blood boil.',
  'People who wear turbans are idiots.',
  'My lawyer is a scumbag.',
  'Fuck all chess players and their stupid whore mothers.',
  'I will smash his face.',
  'Mosquitoes and Muslims deserve to die.',
  // A report the writer makes her own, and hate that names no hater.
  'People say women are inferior and they are right.',
  'Muslims are terrorists and anyone who disagrees is a moron.',
  // Dehumanising figures aimed at people, and a person insulted.
  'These imperialist pigs are abusing their power.',
  'You are an idiot.',
  'He is an idiot.',
  'You stupid moron.',
  'That guy is a total scumbag.',
  'Your mom is a whore.',
  'Shut up, you loser.',
];

describe('English opinions about non-protected targets (round 8)', () => {
  it('passes opinions of non-protected groups, animals and things, negation and counter-speech at the hater', () => {
    assert.deepEqual(nonHateful.filter(flagged), []);
  });

  it('still flags the protected twins, dehumanising figures and insults at a person', () => {
    assert.deepEqual(
      hateful.filter((t) => !flagged(t)),
      [],
    );
  });

  it('passes profanity at a group no trait defines and at things; at a protected group it blocks', () => {
    assert.equal(answer('Fuck all chess players.'), 'pass');
    assert.equal(answer('Fuck all lawyers.'), 'pass');
    assert.equal(answer('Fuck wasps.'), 'pass');
    assert.equal(answer('Fuck all Muslims.'), 'block');
  });

  it('still reads violence against people no protected trait defines as a threat, but not a reported one', () => {
    for (const t of [
      "I'm going to kill all lawyers.",
      'Someone should shoot every banker in this city.',
      'Kill all landlords.',
      "We're going to stab those journalists.",
    ])
      assert.equal(answer(t), 'block', t);
    for (const t of [
      'Kill all the mosquitoes.',
      'The lawyers killed it in court today.',
      'Kill the worker process and restart it.',
      "We'll shoot the student film next week.",
      'He says he wants to kill all protesters, and the police are investigating.',
    ])
      assert.equal(answer(t), 'pass', t);
  });

  it('reads the target: a listed group, an animal or thing, or nothing where a person or violence is named', () => {
    assert.equal(opinionTarget('Lawyers are scum.'), 'group');
    assert.equal(opinionTarget('Chess players are the worst.'), 'group');
    assert.equal(opinionTarget('I hate mosquitoes, they are disgusting.'), 'thing');
    assert.equal(opinionTarget('Albanians are disgusting.'), null);
    assert.equal(opinionTarget('Lawyers are scum and he is one.'), null);
    assert.equal(opinionTarget('Lawyers should be shot.'), null);
    assert.equal(opinionTarget('Bankers are vermin.'), null);
    assert.equal(opinionTarget('Those dirty rats are at it again.'), null);
    assert.equal(opinionTarget('Gamblers are disgusting.'), 'group');
    assert.equal(opinionTarget('Boomers are idiots.'), null);
    assert.equal(opinionTarget('Wheelchair users are disgusting.'), null);
  });

  it('reads negation, the hater insulted, and names mentioned only in their frames', () => {
    assert.equal(hateDenied(" <g> aren't stupid ."), true);
    assert.equal(hateDenied(" <g> aren't going to leave ."), false);
    assert.equal(hateDenied(' nobody should hate <g> .'), true);
    assert.notEqual(haterInsulted(' people who say <g> are inferior are idiots .'), null);
    assert.equal(haterInsulted(' people who say <g> are stupid .'), null);
    assert.deepEqual(mentionedNames(' stop calling <g> bitches , it is disgusting .').spans, [[18, 25]]);
    assert.deepEqual(mentionedNames(' he was never called names by anyone .').spans, []);
    assert.deepEqual(mentionedNames(' calling <g> bitches is disgusting .').spans, [[13, 20]]);
    assert.deepEqual(mentionedNames(' calling <g> bitches is fun .').spans, []);
    const c = ' no <g> deserves to die .';
    assert.equal(hitDenied(c, c.indexOf('<g>'), c.indexOf(' .')), true);
    const d = ' every <g> deserves to die .';
    assert.equal(hitDenied(d, d.indexOf('<g>'), d.indexOf(' .')), false);
  });
});
