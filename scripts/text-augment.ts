/**
 * Counterfactual negatives for the abuse head (the mitigation of Dixon et al. 2018, "Measuring and Mitigating
 * Unintended Bias in Text Classification"): neutral and friendly sentences that name identity groups, so that a
 * group's name alone stops reading as abuse ("the new tenants are Jews" is not hate), plus short everyday sentences,
 * so that a short text with few features is not judged by the prior. Generated from templates crossed with groups,
 * deterministic, written for training only: none of these templates is in the functional check sets
 * (scripts/text-functional-checks.ts) or in the normal-text fixtures the benchmark measures.
 */
const groupsEn = [
  ['Jews', 'Jewish'],
  ['Muslims', 'Muslim'],
  ['Christians', 'Christian'],
  ['Hindus', 'Hindu'],
  ['women', 'female'],
  ['men', 'male'],
  ['gay men', 'gay'],
  ['lesbians', 'lesbian'],
  ['trans people', 'trans'],
  ['black people', 'Black'],
  ['white people', 'white'],
  ['Asian people', 'Asian'],
  ['Mexicans', 'Mexican'],
  ['Chinese people', 'Chinese'],
  ['immigrants', 'immigrant'],
  ['refugees', 'refugee'],
  ['disabled people', 'disabled'],
  ['deaf people', 'deaf'],
  ['old people', 'elderly'],
  ['Africans', 'African'],
  ['Arabs', 'Arab'],
  ['Indians', 'Indian'],
  ['Latinos', 'Latino'],
  ['feminists', 'feminist'],
];
const templatesEn = [
  'What share of the population are {P}, according to the census?',
  'My colleague is {A} and we often have lunch together.',
  'The survey asked {P} about their working hours.',
  'The conference invited speakers who are {P}.',
  'The museum has a new exhibition about the history of {P} in Europe.',
  'There is {a} bakery on the corner that sells great bread.',
  'The charity helps {P} find housing.',
  'Many {P} voted in the local election.',
  'A group of {P} organised a book club.',
  'The documentary follows three {P} over one year.',
  'I read an article about {P} in science.',
  'Our team includes {P} and we are proud of it.',
  '{P} have the same rights as everyone else.',
  'Happy holidays to all {P} celebrating this week!',
  'The festival celebrates {A} music and food.',
  'The new tenants upstairs are {P}.',
];
const groupsZh = [
  '女性',
  '男性',
  '黑人',
  '白人',
  '同性恋者',
  '穆斯林',
  '犹太人',
  '残疾人',
  '农村人',
  '河南人',
  '东北人',
  '外地人',
  '老年人',
  '少数民族',
  '外国人',
  '艾滋病患者',
];
const templatesZh = [
  '这个城市里住着很多{P}。',
  '我的同事是{P}，我们经常一起吃午饭。',
  '调查询问了{P}的工作时间。',
  '博物馆新开了一个关于{P}历史的展览。',
  '这家慈善机构帮助{P}找到住房。',
  '很多{P}参加了这次社区活动。',
  '我的邻居是{P}，他们人很好。',
  '纪录片记录了几位{P}一年的生活。',
  '{P}和其他人享有同样的权利。',
  '我们团队里有{P}，大家相处得很好。',
];
/** Short everyday sentences, English and Chinese. */
const shortEveryday = [
  'ok see you soon',
  'thanks, got it',
  'running late, be there in 10',
  'what time is the game tonight?',
  'lol same',
  'just finished work',
  'can you send me the file?',
  'the train is delayed again',
  'good morning everyone',
  'nice photo!',
  'where did you park?',
  'my phone battery died',
  'back in five minutes',
  'happy birthday!!',
  'that was a long meeting',
  'anyone up for coffee?',
  'the printer is out of paper',
  'dinner is ready',
  'I forgot my keys',
  'see you tomorrow',
  '好的，马上到',
  '谢谢，收到了',
  '今天天气不错',
  '晚上一起吃饭吗？',
  '我到家了',
  '会议改到下午三点',
  '明天见',
  '路上有点堵车',
  '文件已经发你邮箱了',
  '生日快乐！',
];

export function augmentedNegatives(): { text: string; language: 'en' | 'zh' }[] {
  const out: { text: string; language: 'en' | 'zh' }[] = [];
  for (const t of templatesEn)
    for (const [plural, adjective] of groupsEn) {
      const a = /^[aeiouAEIOU]/.test(adjective!) ? `an ${adjective}` : `a ${adjective}`;
      let text = t.replace('{P}', plural!).replace('{a}', a).replace('{A}', adjective!);
      if (text.startsWith(plural!)) text = plural!.charAt(0).toUpperCase() + text.slice(1);
      out.push({ text, language: 'en' });
    }
  for (const t of templatesZh) for (const g of groupsZh) out.push({ text: t.replace('{P}', g), language: 'zh' });
  for (const text of shortEveryday) out.push({ text, language: /[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en' });
  return out;
}
