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
// Full-width letters and digits (Ｌ, ａ, ０): not the full-width punctuation, which Chinese text is written with.
for (let c = 0xff10; c <= 0xff19; c++) fold[c] = c - 0xfee0;
for (let c = 0xff21; c <= 0xff3a; c++) fold[c] = c - 0xfee0 + 32;
for (let c = 0xff41; c <= 0xff5a; c++) fold[c] = c - 0xfee0;

/**
 * Symbols that break a word apart when written between two Chinese characters (畜🐷生, 黑/人, 垃~圾): emoji (any
 * surrogate), dingbats and other signs, ASCII signs; not letters, digits, spaces, nor the punctuation the rules read
 * (sentence marks, commas, quotation marks, brackets), nor the full-width and CJK punctuation Chinese is written with
 * (：、《》). 1: a Chinese character, 2: such a symbol, 3: a space.
 */
const kind = new Uint8Array(0x10000);
const readPunctuation = new Set([...'，。！？、；：“”‘’（）《》「」【】…,!?;:"()\n']);
function classify(from: number, to: number): void {
  for (let c = from; c <= to; c++) {
    const ch = String.fromCharCode(c);
    if (!/[\p{L}\p{N}\s]/u.test(ch) && !readPunctuation.has(ch)) kind[c] = 2;
  }
}
classify(0x21, 0x7e);
classify(0x2000, 0x2bff);
classify(0xfe00, 0xfe0f);
for (let c = 0xd800; c <= 0xdfff; c++) kind[c] = 2;
for (let c = 0x4e00; c <= 0x9fff; c++) kind[c] = 1;
kind[0x20] = 3;
kind[0x3000] = 3;
/** kind, with 4 for a character that folds: what the first pass of foldZhVariants reads. */
const look = Uint8Array.from(kind);
for (let c = 0; c < 0x10000; c++) if (fold[c] !== 0) look[c] = 4;

/**
 * The text with the variants above folded and every run of symbols (and spaces) between two Chinese characters
 * turned into spaces, which the canonical form drops with the other fillers: the same string when there is nothing
 * to do, and always the same length. One pass over the text to look; a second only where something changes.
 */
export function foldZhVariants(s: string): string {
  // One table read per character: 4 marks a character that folds (see look below).
  let afterChinese = false;
  let symbols = false;
  for (let i = 0; i < s.length; i++) {
    const k = look[s.charCodeAt(i)]!;
    if (k === 1) {
      if (symbols) return rewrite(s);
      afterChinese = true;
    } else if (k === 0) afterChinese = symbols = false;
    else if (k === 2) symbols = afterChinese;
    else if (k === 4) return rewrite(s);
  }
  return s;
}

/** foldZhVariants where something changes. */
function rewrite(s: string): string {
  const out = new Uint16Array(s.length);
  let lastChinese = -1;
  let symbolRun = false;
  for (let i = 0; i < s.length; i++) {
    const raw = s.charCodeAt(i);
    const c = fold[raw] !== 0 ? fold[raw]! : raw;
    out[i] = c;
    const k = kind[c]!;
    if (k === 1) {
      if (lastChinese >= 0 && symbolRun) out.fill(32, lastChinese + 1, i);
      lastChinese = i;
      symbolRun = false;
    } else if (k === 2) symbolRun = lastChinese >= 0;
    else if (k !== 3) {
      lastChinese = -1;
      symbolRun = false;
    }
  }
  let folded = '';
  for (let from = 0; from < out.length; from += 4096)
    folded += String.fromCharCode(...out.subarray(from, Math.min(out.length, from + 4096)));
  return folded;
}
