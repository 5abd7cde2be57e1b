/**
 * Chinese written in other code points than the simplified characters the lexicons hold, folded back one for one
 * (the length never changes, so positions in the text stay valid): traditional characters (同性戀, 廢物, 殺光),
 * full-width Latin letters and digits (ＬＡＪＩ) and pinyin written with tone marks (lā jī). A spelling attack that
 * only swaps the script is then caught by every rule that knows the simplified word.
 */

/**
 * Traditional characters and their simplified forms, position for position. The common characters of the hate,
 * threat and group vocabulary and of the sentence frames around them (pronouns, modals, negation, report verbs), not
 * a full conversion table: a character left out only costs the rules their match, never a false one.
 */
const traditional =
  '戀廢極雜種殺該應們這豬蟲聾啞殘國猶韓東陸灣婦權罵醜髒懶滅燒斃槍絕當為會讓見個說對視惡噁討厭腦賤貨敗類獸滾統蘭難臺嗎麼還給從來沒無與歡鬥鬼彎淨臉總貪騙錢偷搶黨軍關門開裡後時們愛氣們憎惱煩嚇噴臭癡癩瘋狂蠻夷屬貓鴨雞驢蠢勞動窮賣騷濫妓淫價隻辦幫學區鄉農歲處決擊斬剁墳埋毆揍綁掛吊勒淹炸彈獄監審鎖趕驅逐滯華僑黃膚種藏維吾爾穢負擔寄蛀瘤禍爛濁嘔噁吐喪衛義號召傳頭兩嗎變態屍鳥'.split(
    '',
  );
const simplified =
  '恋废极杂种杀该应们这猪虫聋哑残国犹韩东陆湾妇权骂丑脏懒灭烧毙枪绝当为会让见个说对视恶恶讨厌脑贱货败类兽滚统兰难台吗么还给从来没无与欢斗鬼弯净脸总贪骗钱偷抢党军关门开里后时们爱气们憎恼烦吓喷臭痴癞疯狂蛮夷属猫鸭鸡驴蠢劳动穷卖骚滥妓淫价只办帮学区乡农岁处决击斩剁坟埋殴揍绑挂吊勒淹炸弹狱监审锁赶驱逐滞华侨黄肤种藏维吾尔秽负担寄蛀瘤祸烂浊呕恶吐丧卫义号召传头两吗变态尸鸟'.split(
    '',
  );
/** Pinyin vowels with tone marks, and the plain vowel each stands for. */
const toned = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü';
const plain = 'aaaaeeeeiiiioooouuuuvvvvv';

/** Code unit → its folded code unit (0: unchanged), over the Basic Multilingual Plane. */
const fold = new Uint16Array(0x10000);
function set(from: string, to: string): void {
  fold[from.charCodeAt(0)] = to.charCodeAt(0);
}
if (traditional.length !== simplified.length) throw new Error('zh-variants: traditional and simplified differ');
for (let i = 0; i < traditional.length; i++) if (traditional[i] !== simplified[i]) set(traditional[i]!, simplified[i]!);
for (let i = 0; i < toned.length; i++) set(toned[i]!, plain[i]!);
// Full-width ASCII (！ to ～), except the sentence marks and the comma the sentence and clause scans rely on.
for (let c = 0xff01; c <= 0xff5e; c++) {
  const ascii = c - 0xfee0;
  if ('!?;,()'.includes(String.fromCharCode(ascii))) continue;
  // Upper case goes straight to lower case: the text has been lower-cased already, and Ｌ lower-cases to ｌ.
  fold[c] = ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii;
}

/** The text with the variants above folded (the same string when there is none; always the same length). */
export function foldZhVariants(s: string): string {
  let i = 0;
  for (; i < s.length; i++) if (fold[s.charCodeAt(i)] !== 0) break;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  let run = i;
  for (; i < s.length; i++) {
    const f = fold[s.charCodeAt(i)]!;
    if (f === 0) continue;
    out += s.slice(run, i) + String.fromCharCode(f);
    run = i + 1;
  }
  return out + s.slice(run);
}
