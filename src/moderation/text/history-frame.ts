/**
 * News and history told with a date ("In 1915, Ottoman forces massacred Armenians", "Thousands of Jews were deported
 * in 1944", "during the war ..."): the text reports violence, it does not call for it, like a text with a news marker
 * (builtin-lexicon's newsContext). A call or a plan ("in 2030 we will ...", "should", "let's") is not a report, nor
 * is text addressed to or spoken by the writer's side ("we", "you"), which threats use.
 */
const dated =
  /\b(?:in|during|by|since|from|until|of) (?:the )?(?:early |late |mid-?)?(?:1[0-9]{3}|20[0-2][0-9])(?:s|'s)?\b|\b(?:during|after|before) the (?:\w+ )?(?:war|holocaust|genocide|occupation|partition|revolution|massacre|pogroms?|raids?|riots?)\b|\b(?:\d{1,2}(?:st|nd|rd|th)|last|previous|past) century\b/i;
const notReported =
  /\b(?:will|shall|should|must|gonna|going to|let's|lets|need to|needs to|have to|ought to|i|i'm|i'll|we|we'll|we're|us|you|your|u)\b/i;

/**
 * Undated history and news: a third-person agent of collective violence told in the past ("Settlers massacred ...",
 * "Nazis exterminated ...", "the mob beat ..."). Not the name of a crime alone: "white genocide" and "ethnic cleansing"
 * are what conspiracy posts use to stir hate.
 */
const historicalAgents =
  /\b(?:nazis?|settlers|colonists|colonizers|colonisers|conquistadors|crusaders|soldiers|troops|militias?|militiamen|extremists|jihadists|rebels|guards|slave (?:traders|owners|masters)|slavers|(?:the|a) mob|mobs|rioters|gunm[ae]n|the army|armies|the regime|regimes|the kkk|klansmen|the klan|isis)\b/i;
/** Violence told in the past: what a dated or agented report must tell (a date alone is any text's). */
const pastViolence =
  /\b(?:killed|murdered|massacred|slaughtered|exterminated|lynched|gassed|enslaved|deported|expelled|raped|burned|burnt|bombed|shot|beat|beaten|stabbed|tortured|executed|hanged|persecuted|interned|drove out|driven out|wiped out|attacked|slew|starved)\b/i;
/** Whether an English text reads as news or history (see above). */
export function isDatedReport(text: string): boolean {
  if (notReported.test(text)) return false;
  return (dated.test(text) || historicalAgents.test(text)) && pastViolence.test(text);
}
