/**
 * Words that are slurs in one sense and ordinary words in another ("faggots" of wood or with gravy, a "bitch" and
 * her puppies, the "tranny" of a truck, a "chink" of light, "spic and span", a "dyke" along a river, a "coon" the
 * hounds treed), and slurs reclaimed by the group they name, used of oneself ("as a queer woman", "proud dyke").
 * The ordinary sense is read from the words around the hit (the same sentence); a hit read so is not the list's to
 * flag, nor the model's (the moderator blanks it out for the model, as it does white-glossary words).
 */

/** A slur's ordinary senses: the word (lower case, letters only) and the context words that select another sense. */
const senses: { word: RegExp; near?: RegExp; after?: RegExp }[] = [
  {
    word: /^faggots?$/,
    near: /\b(?:wood|sticks?|firewood|kindling|bundles?|fire|hearth|gravy|peas|onions?|butcher\w*|pork|liver|oven|brecon|mash)\b/,
  },
  { word: /^fags?$/, near: /\b(?:cigarettes?|smok\w+|lighter|packet|ashtray|light up|rolling|baccy|tobacco)\b/ },
  {
    word: /^bitch(?:es)?$/,
    near: /\b(?:pupp(?:y|ies)|pups|litters?|whelp\w*|[io]n heat|breed\w*|kennels?|stud|sire|spayed|hounds?|greyhounds?|sheepdogs?)\b/,
  },
  {
    word: /^trann(?:y|ies)$/,
    near: /\b(?:truck|car|cars|engine|gearbox|transmission|fluid|clutch|gears?|rebuild|manual|automatic|shift\w*|slipping|mechanic|transfer case|axle)\b/,
  },
  {
    word: /^chinks?$/,
    near: /\b(?:light|sunlight|armou?r|curtains?|walls?|doors?|gaps?|shutters?|clouds?|glass(?:es)?|coins?|ice|blinds?)\b/,
  },
  { word: /^spi(?:c|ck)s?$/, after: /^\s+(?:and|n|'n') span\b/ },
  {
    word: /^dykes?$/,
    near: /\b(?:rivers?|flood\w*|sea|tides?|water|dutch|netherlands|holland|canals?|embankments?|levees?|banks?|polders?|along|ditch(?:es)?|dams?|breach\w*)\b/,
  },
  {
    word: /^coons?$/,
    near: /\b(?:hounds?|hunting|hunt|treed|raccoons?|creek|traps?|trapping|pelts?|tails?|skin cap|possums?)\b/,
  },
  { word: /^spooks?$/, near: /\b(?:halloween|ghosts?|haunted|costumes?|cia|spy|spies|spying|scary|spooky|ghouls?)\b/ },
  { word: /^puss(?:y|ies)$/, near: /\b(?:willows?|catkins)\b/ },
  { word: /^nips?$/, after: /^\s+(?:out|in|to|down|up|over|round|back|across)\b/ },
];

/** Reclaimed slurs, used in-group: the writer says it of themselves or their own ("as a queer woman", "we're queer"). */
const reclaimable = /^(?:queers?|dykes?|crips?|fags?)$/;
const selfBefore = /\b(?:i'm|im|i am|as an?|we're|we are|us|proud|fellow|my fellow|our)\b[^.!?]{0,16}$/;
const selfAfter = /^\s*(?:and (?:proud|loud)|pride|joy|community|folks?|fam|family|here)\b/;

/**
 * Whether the hit [start, end) of `text` is a slur used in an ordinary sense or reclaimed in-group. `text` is the
 * submitted text; the context is the hit's sentence (up to 80 characters on each side).
 */
export function ordinarySense(text: string, start: number, end: number): boolean {
  const word = text
    .slice(start, end)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  let sense: (typeof senses)[number] | undefined;
  for (const s of senses)
    if (s.word.test(word)) {
      sense = s;
      break;
    }
  const isReclaimable = reclaimable.test(word);
  if (!sense && !isReclaimable) return false;
  const before = sentenceBefore(text.slice(Math.max(0, start - 80), start).toLowerCase());
  const after = sentenceAfter(text.slice(end, end + 80).toLowerCase());
  if (sense?.near && (sense.near.test(before) || sense.near.test(after))) return true;
  if (sense?.after?.test(after)) return true;
  if (isReclaimable && (selfBefore.test(before) || selfAfter.test(after))) return true;
  return false;
}

function sentenceBefore(s: string): string {
  const m = /[.!?\n](?=[^.!?\n]*$)/.exec(s);
  return m ? s.slice(m.index + 1) : s;
}

function sentenceAfter(s: string): string {
  const m = /[.!?\n]/.exec(s);
  return m ? s.slice(0, m.index) : s;
}
