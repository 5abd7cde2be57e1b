/**
 * Counter-speech and reporting frames in English beyond the double quotation marks and criticism words that
 * semantic.ts reads (issue 22, round 7): single quotation marks, a criticism judged outside the hate it would
 * excuse, reported speech in a question, and an endorsement that turns a report back into the writer's own claim.
 */

/**
 * Spans (UTF-16 offsets in the text) inside single quotation marks: 'x' or ‘x’. An apostrophe is the same character,
 * so an opening mark must follow a space, a bracket or the start and precede a letter, and a closing one follow a
 * letter or a stop and precede a space, a stop or the end; "don't" and "dogs' bowls" open nothing.
 */
export function singleQuoteSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== "'" && c !== '\u2018' && c !== '\u2019') continue;
    const before = i > 0 ? text[i - 1]! : ' ';
    const after = i + 1 < text.length ? text[i + 1]! : ' ';
    if (open < 0) {
      if (c !== '\u2019' && /[\s([{:,"]/.test(before) && /[A-Za-z0-9#@]/.test(after)) open = i;
    } else if (c !== '\u2018' && /[A-Za-z0-9.!?,)]/.test(before) && /[\s.,!?;:)\]"]/.test(after)) {
      spans.push([open, i + 1]);
      open = -1;
    }
  }
  return spans;
}

/**
 * Words that judge what is quoted or reported, beyond englishCounterMarkers in semantic.ts: an evaluation of the
 * saying ("is vile", "absurd"), the writer's reaction ("shocked", "sad that"), a rejection ("come on", "need help",
 * a frame whose noun disbelieves: "the lie that", "the myth about", and one rejected: "fights the idea that"),
 * and the frame of a court or a news report ("the court heard", "was charged").
 */
const moreCritics =
  /\b(?:(?:is|was|are|were|sounds?|seems?) (?:just |so |really |truly |utterly |absolutely |pretty )?(?:vile|disgusting|gross|awful|terrible|horrible|appalling|abhorrent|despicable|sickening|outrageous|absurd|ridiculous|stupid|dumb|insane|crazy|evil|wrong|unfair|bullshit|garbage|trash|rubbish|inexcusable|indefensible|not funny|never ok|never okay)|absurd|ridiculous|laughable|ludicrous|preposterous|shocked|shocking|appalled|appalling|horrified|horrifying|sad that|sad to see|sad how|it's sad|it is sad|heartbreaking|disappointing|disappointed|embarrassing|come on|get real|grow up|need help|needs help|(?:the|this|that|such|a|an) (?:\w+ )?(?:lie|myth|misconception|falsehood|smear|canard|conspiracy theory) (?:that|about)|(?:fight|fights|fighting|fought|reject|rejects|rejecting|rejected|challenge|challenges|challenging|challenged|counter|counters|countering|countered|debunk|debunks|debunking|debunked|dispel|dispels|dispelling|dispelled) (?:the|this|that|such|a|an) (?:\w+ )?(?:idea|claim|notion|belief|narrative|assumption|rhetoric|view|stereotype|trope)s?|how dare|(?:sick|tired) of hearing|(?:has|have) never (?:met|known|spoken to)|call it out|call them out|calling it out|pushing back|push back|fact-check\w*|the court heard|court|trial|charged|sentenced|fined|prosecuted|investigat\w*|removed|taken down|deleted|apologi[sz]\w*|resigned|fired|backlash|outrage|outcry|criticised|criticized|slammed|sparked|(?:the|an?) (?:news )?(?:article|report|headline|story)|reporters?|journalists?|(?:police|officials|prosecutors|investigators|witnesses) (?:said|say|says))\b/;

/**
 * Whether the text criticises a quotation or report with one of the words above, reading it without the hate found at
 * [cs, ce) in canon: the hate's own words ("<g> are disgusting") cannot be what condemns it. (semantic.ts's own
 * markers are read over the whole text, as before.)
 */
export function criticisedOutside(canon: string, cs: number, ce: number): boolean {
  return moreCritics.test(canon.slice(0, cs) + ' . ' + canon.slice(ce));
}

/** Speech and belief verbs that start a report beyond englishReportFrames: "telling people that", "comparing". */
export const moreReportFrames =
  /\b(?:(?:tell|tells|telling|told) (?:people|everyone|everybody|others|us|me|them|kids|children|the world|the class|his \w+|her \w+|their \w+)(?: that)?|compar(?:e|es|ed|ing)|refer(?:s|red|ring)? to|describ(?:e|es|ed|ing)|label(?:s|led|ling|ed|ing)?|brand(?:s|ed|ing)?|shouting|chanting|yelling|posting|tweeting|writing|screaming|spreading|(?:people|they|some|others|folks|many|he|she) (?:still |really |actually |honestly )?(?:believe|believes|think|thinks|claim|claims)(?: that)?|quotes?|quoting|quoted|who (?:wrote|posted|tweeted|shouted|said)|(?:(?:to|and) (?:claim|say|suggest|pretend|insist|imply|assume)(?: that)?|hearing(?: that| people say)?|anyone who (?:thinks|believes|says|claims)(?: that)?)(?= (?:(?:all|the|those|these|most|many) )?<g>)|(?:if|when|whenever) (?:you|they|people|someone|somebody|anyone|anybody|he|she) (?:really |still |honestly |seriously )?(?:think|thinks|believe|believes|say|says|said|claim|claims)(?: that)?)\b/;

/**
 * A report that the writer takes up as true ("people say <g> are scum, and they're right", "I agree that ..."):
 * the frame no longer distances the writer from it.
 */
export const endorsedReport =
  /\b(?:(?:they|he|she|who) (?:are|is|was|were) (?:so |totally |absolutely |completely |100% )?right|(?:they're|he's|she's) (?:so |totally |absolutely |completely )?right|(?:and|but) (?:it's|it is|that's|that is) (?:true|a fact)|so true|i agree|we agree|agree with (?:him|her|them|that)|couldn't agree more|spot on|said it best|nailed it|(?:he|she|they) (?:has|have) a point|because (?:they|it|he|she|we) (?:are|is|do|does|were|was)|(?:and|but) (?:they|it) (?:are|is|really are))\b/;

/**
 * Asking whether someone says it ("are we really still saying that ...?", "who says ...?") rejects it: a report
 * frame and the hate in one sentence (canonical offsets: reportAt, cs), and that sentence a question (the source
 * text after the hate's end, hateEnd, reaches a "?" before any other stop).
 */
export function questionedReport(canon: string, reportAt: number, cs: number, text: string, hateEnd: number): boolean {
  if (reportAt > cs || canon.slice(reportAt, cs).includes(' . ')) return false;
  // Only a question that disbelieves: "am I the only one who thinks ...?" and "who else thinks ...?" recruit.
  const from = canon.lastIndexOf(' . ', reportAt);
  if (!disbelief.test(canon.slice(from < 0 ? 0 : from, cs))) return false;
  const stop = /[.!?\n]/.exec(text.slice(hateEnd));
  return stop !== null && stop[0] === '?';
}

/**
 * A report frame and a criticism anywhere in the text, where no hate pattern was found: the model alone should not
 * flag it ("comparing <g> to rats is disgusting" has a group and "rats" but no finding).
 */
export function reportedAndCriticised(canon: string): boolean {
  const m = moreReportFrames.exec(canon);
  if (m === null || !moreCritics.test(canon)) return false;
  // The group must be what is reported on, in the report's clause: "comparing <g> to rats", not "writing about
  // leftism without mentioning <g> is absurd".
  const after = canon.slice(m.index + m[0].length, m.index + m[0].length + 24);
  return /^ (?:(?:all|the|those|these|some|many|most) )?<g>/.test(after);
}

/** The words of a disbelieving question: "are we really still saying ...", "who says ...", "since when do ...". */
const disbelief =
  /\b(?:really|still|seriously|honestly|actually|in this day and age|in \d{4}|who says|who said|since when|how can (?:anyone|anybody|people|you|they|he|she)|why would (?:anyone|anybody|you))\b/;

/**
 * A new report verb that frames a quotation on its own (without a criticism): not the shouting verbs, which posts use
 * to pass on hate shouted by a group they blame ('<g> screaming "kill the ..."').
 */
export function quotedReport(report: RegExpExecArray | null): boolean {
  return report !== null && !/^(?:shouting|chanting|yelling|screaming)$/.test(report[0]);
}
