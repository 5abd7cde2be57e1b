/**
 * Negative words aimed at things, not people: "I hate this stupid printer", "rats are filthy animals", "this bug is
 * killing me", 我讨厌下雨天, 这破手机真是垃圾. A bag-of-n-grams model scores such text as abuse (its words are the words
 * of insults); where nothing else was found, no person is named or addressed and a thing or a pest is, the model's
 * score alone does not flag it. Asked only when the model alone would flag a text (rare: no cost on the rest).
 */

/** Things and pests that people curse: devices, software, weather, chores, traffic, vermin. */
const englishThings =
  /\b(?:rats?|mice|mouse|mosquito(?:e?s)?|cockroach(?:es)?|roach(?:es)?|flies|wasps?|ants|bugs?|weeds?|pigeons?|slugs?|fleas?|termites?|printers?|computers?|laptops?|phones?|keyboards?|routers?|wifi|wi-fi|internet|software|windows|updates?|apps?|website|server|process|build|compiler|code|traffic|weather|rain|snow|heat|humidity|mondays?|homework|exams?|deadlines?|meetings?|laundry|dishes|alarm|queue|stairs|bus|train|commute|car|engine|printer|pineapple|broccoli|coffee|hangover|cold|flu|allergies|paperwork|taxes|spam)\b/;
/** Anyone a negative word could be aimed at: pronouns, person nouns, slurs for people, mentions. */
const englishPersons =
  /\b(?:you|u|ur|your|ya|he|she|him|her|his|hers|they're|theyre|people|person|guy|guys|man|men|woman|women|girl|girls|boy|boys|kid|kids|bitch\w*|hoes?|ho|niggas?|dude|bro|mom|mum|dad|teacher|boss|wife|husband|friend|neighbou?r|idiot|idiots|moron|morons|loser|losers|fag\w*|retard\w*|slut\w*|whore\w*|cunt\w*)\b|@|#/i;

/**
 * Chinese things: nouns of devices, chores, food and goods, and a demonstrative with a measure word that only counts
 * things (这道菜, 这部电影, 这条裙子, 这台机器; not 个 or 位, which count people), and garbage as the thing itself
 * (垃圾分类, 倒垃圾).
 */
const zhThings =
  /电脑|手机|天气|下雨天|下雨|堵车|蟑螂|老鼠|蚊子|苍蝇|作业|考试|程序|系统|网速|网络|快递|外卖|周一|加班|打印机|软件|游戏|电梯|闹钟|破车|破手机|破电脑|这破|bug|[这那](?:道|部|款|首|本|场|件|条|台|块|双|辆|张|篇|集|顿|杯|碗|瓶|座|间|盘|套|趟|家店|家餐厅|家饭店)|味道|电影|衣服|裙子|垃圾(?:分类|桶|袋|车|站|场|处理|回收|短信|邮件|食品|广告)|倒垃圾|扔垃圾|把垃圾/i;
const zhPersons =
  /[你他她您]|人|男|女|娘|爹|妈|爸|哥|姐|弟|妹|叔|姨|鬼|佬|货|崽|婊|逼|傻|贱|狗东西|老板|同事|领导|老师|@/;

const englishThing = new RegExp(`^(?:${englishThings.source.slice(5, -3)})$`);
/** Whether one word (lower case) is such a thing. */
export function isThingWord(word: string): boolean {
  return englishThing.test(word.toLowerCase());
}

/** Whether the text's negative words can only be aimed at a thing (see above). */
export function aimedAtThings(text: string): boolean {
  const lower = text.toLowerCase();
  if (/[\u3400-\u9fff]/.test(text)) return zhThings.test(lower) && !zhPersons.test(lower);
  return englishThings.test(lower) && !englishPersons.test(lower);
}
