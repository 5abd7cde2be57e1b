/**
 * Insults aimed at a person, as frames around an insult lexicon that goes beyond swear words, in English and
 * Chinese: the second person ("you are (such) a <insult>", "you <insult>", "shut up you <insult>", 你(真)是(个)<insult>,
 * 你这个<insult>), a third person named as an individual ("he is a <insult>", "this guy is ...", 他就是个<insult>),
 * exclamations about someone ("what a <insult>"), and fixed abuse (go kill yourself, nobody asked you, 滚).
 *
 * Strength decides the answer: a mild insult (idiot, loser, pathetic, 傻, 蠢) is `review`; a strong one (waste of
 * space, scum, 人渣, 狗东西), two insults in one frame, or wishing someone dead is `block`. What stays apart: negation
 * ("you are not an idiot" never matches, no negator is among the words a frame allows), oneself ("what an idiot I
 * am", "I'm such a loser"), things ("this movie is trash": the third person must be a person), and Chinese
 * compounds with another meaning (垃圾桶, 傻眼, 猪肉, 贱卖, 蠢蠢欲动). Swearing as an exclamation is not an insult
 * here; the lists and the moderator keep it at review.
 *
 * English works on semantic.ts's canonical token string; Chinese on its canonical text.
 */

/** Insults that are adjectives or nouns of a mild kind: `review`. */
const MILD =
  'idiot|idiots|moron|morons|loser|losers|pathetic|disgusting|clown|clowns|trash|garbage|dumbass|dumb|stupid|ugly|useless|worthless|imbecile|imbeciles|cretin|dimwit|halfwit|numbskull|nitwit|jerk|jerks|creep|creeps|freak|freaks|psycho|weirdo|failure|embarrassment|disgrace|coward|cowards|hypocrite|hypocrites|snowflake|simp|incel|troll|fool|fools|buffoon|idiotic|moronic|brainless|clueless|retarded|pig|pigs|slob|fatso|hideous|gross|vile|repulsive|parasite|leech|rat|snake|dork|dweeb|twit|bozo|muppet|dunce|degenerate|pervert|sicko|nutjob|lunatic|liar|liars|fraud|frauds|thugs|scumbag|lowlife|subhuman|scum|retard|retards|worm|cockroach|vermin|imbecilic|braindead|ignorant';
/** Insults that are strong on their own: `block`. */
const STRONG =
  'waste of space|waste of oxygen|waste of air|waste of skin|piece of shit|piece of garbage|piece of trash|piece of crap|worthless piece of \\w+|pathetic excuse (?:of|for) a \\w+|scumbag|lowlife|subhuman|scum|retard|retards|cockroach|vermin|parasite|worm';
const INSULT = `(?:${STRONG}|${MILD})`;
/** Insults that can only be said of people: any subject will do ("the referee is an idiot", "liberals are morons"). */
const PERSON_INSULT =
  '(?:idiots?|morons?|losers?|clowns?|imbeciles?|cretins?|dimwits?|halfwits?|nitwits?|numbskulls?|jerks?|creeps?|psychos?|weirdos?|cowards?|hypocrites?|scumbags?|lowlifes?|fools?|buffoons?|dumbass|dumbasses|degenerates?|perverts?|sickos?|nutjobs?|lunatics?|retards?|subhumans?|bozos?|dorks?|twits?|muppets?|dunces?|snowflakes?|simps?|incels?)';
const strongRe = new RegExp(`(?:^| )(?:${STRONG})(?= |$)`);
const insultWordRe = new RegExp(`(?:^| )(?:${INSULT})(?= |$)`, 'g');
const insultWordOnce = new RegExp(insultWordRe.source);

/** Words a frame allows between its head and the insult (intensifiers, articles, more insults): no negator. */
const BETWEEN =
  '(?:such|a|an|so|the|real|total|complete|absolute|utter|fucking|fuckin|fking|damn|bloody|just|nothing but|really|truly|literally|honestly|biggest|most|one|big|little|sad|fat|lazy|dirty|filthy|old|dumb|stupid|pathetic|worthless|useless|ugly|disgusting|brainless|clueless|ignorant|entitled|miserable|sorry|absolutely|completely|totally|very|too|always|still|lil|effing|freaking|frigging)';
const YOU_ARE = "(?:you are|you're|youre|ur|u r|u are|you r|r u|are you|you|u|you were|u were|you've always been)";
const THIRD =
  "(?:they|they're|theyre|these people|those people|people like you|people like him|people like her|he|she|he's|shes|she's|hes|this guy|that guy|this dude|that dude|this woman|that woman|this man|that man|this girl|that girl|this kid|that kid|this person|that person|the op|op|your (?:mom|mother|mum|dad|father|sister|brother|wife|husband|girlfriend|boyfriend|gf|bf|son|daughter|friend|boss)|ur (?:mom|mum|dad|sister|gf|bf))";
const IS = "(?:is|'s|are|'re|were|was|has always been|will always be|is such|is just|is nothing but|is a|is an)?";

/** An insult word that is the first half of a compound ("pig farmer", "trash bag", "freak accident"). */
const NOT_COMPOUND =
  '(?! (?:man|men|farmer|farmers|catcher|collector|collectors|truck|can|bag|bin|day|accident|doll|shop|kit|box|lover|owner|breeder|keeper|food|fan|fans|sign|year|bite|tail|hole|hunt|trap|poison|meat|skin|oil|race|talk|talking|talked|panda|show|smell|weather|taste|food|movie|film|game|song|idea|thing|things|stuff|news|account|accounts|id|ids|money|review|reviews|profile|profiles)(?= |$))';
const englishFrames: RegExp[] = [
  // you are (such) a <insult>; are you a <insult>
  new RegExp(`(?:^| )${YOU_ARE} (?:${BETWEEN} )*(${INSULT}|joke|laughing stock)(?= |$)${NOT_COMPOUND}`),
  // shut up / stfu / get lost, you <insult>
  new RegExp(
    `(?:shut up|stfu|shut the fuck up|get lost|go away|fuck off|piss off) (?:, )?(?:you )?(?:${BETWEEN} )*(${INSULT})(?= |$)${NOT_COMPOUND}`,
  ),
  // he is a <insult>, your mom is ...
  new RegExp(`(?:^| )${THIRD} ${IS} ?(?:${BETWEEN} )*(${INSULT})(?= |$)${NOT_COMPOUND}`),
  // <anyone> is a <person insult>, <they> are morons
  new RegExp(
    `(?:^| )(?!i |we |i'm |im )\\S+ (?:is|are|'re|was|were|'s|r) (?:a |an |bunch of |pack of |load of |band of |such |total |complete |absolute |utter |fucking |real |just |nothing but |all |so |the biggest |a bunch of |a pack of |such a |such an |complete |brainless |spineless |pathetic |stupid |dumb )*(${PERSON_INSULT})(?= |$)${NOT_COMPOUND}`,
  ),
  // Social and political groups (not protected, so not group hate): liberals are so stupid, antifa are thugs.
  new RegExp(
    `(?:^| )(?:liberals|libs|conservatives|democrats|dems|republicans|leftists|lefties|right wingers|rightwingers|trumpers|trump supporters|maga people|maga|antifa|politicians|boomers|millennials|zoomers|vegans|cops|these people|those people) (?:are|r|'re) (?:${BETWEEN} )*(${INSULT}|the worst)(?= |$)${NOT_COMPOUND}`,
  ),
  // you are the worst
  /(?:^| )(?:you are|you're|youre|ur|u r|u are) (?:really |truly |literally |honestly |just |simply )?(the worst)(?= $| , )/,
  // what a <insult> (not "what an idiot I am")
  new RegExp(`(?:^| )what (?:a|an) (?:${BETWEEN} )*(${INSULT})(?= $| , )`),
];
/** Fixed abuse: self-harm wished on someone or dismissal of the person. The first group blocks. */
const englishFixed: { re: RegExp; strong: boolean }[] = [
  {
    re: /(?:^| )(?:go|pls|please|just|should|u should|you should|why don't you|why dont you) (?:go )?(?:kill|hang|shoot|off) (?:yourself|urself|your self)\b|(?:^| )kys(?= |$)|(?:^| )(?:i )?hope (?:you|u) (?:die|rot|get cancer|choke|burn in hell|get hit by a (?:bus|car|truck))\b|(?:^| )drop dead(?= |$)/,
    strong: true,
  },
  {
    re: /(?:^| )(?:go to hell|burn in hell|rot in hell)(?= |$)|(?:^| )(?:you|u) (?:disgust|sicken|repulse) me\b|(?:^| )(?:you|u) make me (?:sick|want to (?:puke|vomit|throw up))\b|(?:^| )(?:you|u) (?:have|got|has) (?:no|zero) (?:brain|brains|brain cells|life|friends|dignity|shame|talent)(?= |$)|(?:^| )(?:nobody|no one|noone) (?:likes|loves|asked|cares about|wants|gives a (?:shit|fuck) about) (?:you|u)\b/,
    strong: false,
  },
];
/** The insulted is oneself: "I'm such an idiot", "what a loser I am". */
const selfBefore = /(?:^| )(?:i|i'm|im|i am|me|myself|we|we're)$/;
/** "you" as an object of a verb of making or calling: "smoking makes you stupid", "I'm not calling you an idiot". */
const objectBefore =
  /(?:^| )(?:make|makes|made|making|call|calls|called|calling|consider|considers|think|thinks|thought|find|finds|found|tell|told|let|lets|turn|turns|get|gets|got|leave|leaves|want|wants|thank|thanks|see|saw|like|love|than|with|to|for|at|of|about|guess)$/;

export interface InsultHit {
  index: number;
  end: number;
  strong: boolean;
}

/** Words that start an English insult or fixed abuse: a sentence without one is not tried. */
export const englishInsultWords: readonly string[] = [
  ...new Set([
    ...INSULT.slice(3, -1)
      .split('|')
      .map((w) => w.split(' ')[0]!),
    ...'kys hell yourself urself joke brain brains dignity die dead disgust sicken repulse sick asked cares worst'.split(
      ' ',
    ),
  ]),
].filter((w) => /^[a-z']+$/.test(w));

/** What one language gives: its fixed abuse, its frames, and when a frame's match is kept and how strong it is. */
interface InsultGrammar {
  fixed: { re: RegExp; strong: boolean }[];
  frames: RegExp[];
  /** Whether the match stands (not oneself, not negated), given what precedes it. */
  stands: (m: RegExpExecArray, s: string) => boolean;
  /** How many insults the match holds, whether one is strong, and where the first starts (the segment's start). */
  insults: (match: string) => { count: number; strong: boolean; first: number };
}

/** The first fixed abuse in `s`, else the first frame that stands: block when strong or doubled. */
function findInsult(g: InsultGrammar, s: string): InsultHit | undefined {
  for (const { re, strong } of g.fixed) {
    const m = re.exec(s);
    if (m) return { index: m.index, end: m.index + m[0].length, strong };
  }
  for (const re of g.frames) {
    const m = re.exec(s);
    if (!m || !g.stands(m, s)) continue;
    const { count, strong, first } = g.insults(m[0]);
    return { index: m.index + Math.max(0, first), end: m.index + m[0].length, strong: strong || count >= 2 };
  }
  return undefined;
}

const english: InsultGrammar = {
  fixed: englishFixed,
  frames: englishFrames,
  stands: (m, s) => {
    const head = s.slice(0, m.index).trimEnd();
    if (selfBefore.test(head) && !/^ ?(?:you|u|ur)/.test(m[0])) return false;
    return !(/^ ?(?:you|u) /.test(m[0]) && objectBefore.test(head));
  },
  insults: (match) => {
    const first = match.search(insultWordOnce);
    return {
      count: match.match(insultWordRe)?.length ?? 0,
      strong: strongRe.test(match),
      first: first >= 0 && match[first] === ' ' ? first + 1 : first,
    };
  },
};

/** An insult aimed at a person in one canonical English sentence, or undefined. */
export function englishInsult(sentence: string): InsultHit | undefined {
  return findInsult(english, sentence);
}

// ---------------------------------------------------------------------------------------------------------------
// Chinese.

/** Mild: review. Compounds with another meaning are ruled out by what follows (垃圾桶, 傻眼, 猪肉, 贱卖). */
const ZH_MILD =
  '(?:笨蛋|傻子|白痴|脑残|弱智|智障|神经病|丑八怪|废物|垃圾|窝囊废|饭桶|猪头|二货|二逼|蠢货|蠢猪|低能儿?|没脑子|不要脸|loser|猪队友|舔狗|杠精|脑瘫|憨批|键盘侠|喷子|巨婴|妈宝|废柴|小丑|狗腿子|奴才|走狗|傻缺|傻叉|蠢驴|猪脑子|死肥宅|死胖子|土鳖|乡巴佬|卖国贼|汉奸|白眼狼|沙雕|屌丝|傻|蠢|笨|恶心|丑|贱|猪|有病吧)(?!桶|分类|袋|箱|车|站|场|短信|邮件|食品|处理|回收|眼|笑|乐|卖|价|肉|排|蹄|油|圈|脚|蠢欲|重|拙|鸟|手笨脚|利用)';
/** Strong: block. */
const ZH_STRONG =
  '(?:傻逼|傻屄|煞笔|贱人|人渣|败类|狗东西|畜生|杂种|王八蛋|混蛋|狗娘养的|婊子|贱货|死全家|狗杂种|废物一个|社会渣滓|渣滓)';
const ZH_ADV =
  '(?:真|就|简直|真的|根本|也|才|好|太|就是|真是|纯|纯纯|果然|特么|他妈|他妈的|妈的|这么|那么|如此|可真|确实|实在|完全|彻底|一直|永远|还|再)';
const zhFrames: RegExp[] = [
  // 你(真)是(个)<insult>
  new RegExp(
    `你们?${ZH_ADV}*(?:是|就是|像|像个)?(?:个|一个|一条|条|只|头|坨|块|一坨|一头|一只|这些|这帮|这群|这种|那些|那帮|一群|一帮)?(?:大|死|臭|老|小)?(${ZH_STRONG}|${ZH_MILD})`,
  ),
  // 你这个<insult>, 你个<insult>
  new RegExp(`你(?:这个|这种|个|这|这条|这只|这头)[^，,。！？]{0,3}?(${ZH_STRONG}|${ZH_MILD}|东西|玩意儿?)`),
  // 他/她就是个<insult>
  new RegExp(
    `(?:他|她|这人|这家伙|那人|此人|楼主|up主|这货|那货|这个人|那个人)${ZH_ADV}*(?:是|就是)(?:个|一个|一条|条|只|头|坨)?(?:大|死|臭|老)?(${ZH_STRONG}|${ZH_MILD})`,
  ),
];
const zhFixed: { re: RegExp; strong: boolean }[] = [
  { re: /(?:你|你们)?(?:去死吧|怎么不去死|赶紧去死|死全家)/, strong: true },
  {
    re: /(?:^|[，,。！？\s])滚(?:开|蛋|出去|远点|犊子|吧|！|!|$)|你算什么东西|你算老几|闭嘴吧?你|你是不是(?:傻|蠢|有病|瞎|脑子有问题)|你(?:的)?脑子(?:有问题|进水|被驴踢|有坑|瓦特|是个好东西)|你(?:瞎|聋)(?:啊|吗|了吧)|你也配/,
    strong: false,
  },
];
const zhStrongRe = new RegExp(ZH_STRONG);
const zhInsultAll = new RegExp(`${ZH_STRONG}|${ZH_MILD}|东西|玩意儿?`, 'g');
const zhInsultOnce = new RegExp(zhInsultAll.source);
/** Negated: 你不傻, 你不是废物, 谁说你是. */
const zhNegated = /(?:不|没|别|谁说|并非)$/;

/**
 * Words one of which every Chinese insult holds (the lexicon and the fixed abuse): a text without one is not tried
 * (semantic.ts scans for them with its first-character tables).
 */
export const zhInsultWords: readonly string[] = [
  ...ZH_MILD.slice(3, ZH_MILD.indexOf(')(?!'))
    .split('|')
    .map((w) => w.replace(/[?]/g, '').replace(/儿$/, '')),
  ...ZH_STRONG.slice(3, -1).split('|'),
  ...'滚 去死 闭嘴 算什么 算老几 是不是 脑子 瞎 聋 也配'.split(' '),
];

const chinese: InsultGrammar = {
  fixed: zhFixed,
  frames: zhFrames,
  stands: (m, s) => !/不|没|别|并非/.test(m[0]) && !zhNegated.test(s.slice(Math.max(0, m.index - 3), m.index)),
  insults: (match) => ({
    count: match.match(zhInsultAll)?.length ?? 0,
    strong: zhStrongRe.test(match),
    first: match.search(zhInsultOnce),
  }),
};

/** An insult aimed at a person in a Chinese text, or undefined. */
export function zhInsult(s: string): InsultHit | undefined {
  return findInsult(chinese, s);
}
