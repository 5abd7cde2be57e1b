/**
 * Functional check sets for the text moderator, generated from templates (HateCheck-style: one function per kind of
 * statement, templates crossed with target groups), in English, English with emoji, and Chinese, plus comment spam
 * and benign controls. They were written for this project as a development check: NOT training data. The outside
 * suites the project is measured on are not here; these only say whether a function works at all.
 *
 *   npm run build && node dist/scripts/text-functional-checks.js            # print every item as JSON lines
 *
 * Every item: `label` 1 should be flagged (block or review), 0 should pass; `category` the label expected when
 * flagged (`abuse`, `terrorism`, `ad`; for 0 items the category is that of the function's hateful twin).
 */
import {
  holdoutEmoji,
  holdoutEn,
  holdoutGroupsEmoji,
  holdoutGroupsEn,
  holdoutGroupsZh,
  holdoutPlainEn,
  holdoutPlainZh,
  holdoutSpamEn,
  holdoutSpamZh,
  holdoutZh,
} from './text-functional-holdout.js';

export interface FunctionalItem {
  text: string;
  label: 0 | 1;
  /** The HateCheck-like function (threat_dir, derog_dehum, negate_neg_nh, spam_channel...). */
  func: string;
  set: 'en' | 'emoji' | 'zh' | 'spam-en' | 'spam-zh';
  /** Expected label when flagged; for label 0 the category it must not be flagged as. */
  category: 'abuse' | 'terrorism' | 'ad';
  /**
   * `dev`: the templates the detectors were written against; `blind`: written afterwards, never tuned on;
   * `holdout`: written before the second round of detector work (scripts/text-functional-holdout.ts), other
   * wordings and other groups, never tuned on.
   */
  part: 'dev' | 'blind' | 'holdout';
}

const groupsEn = [
  'women',
  'trans people',
  'gay people',
  'black people',
  'disabled people',
  'Muslims',
  'immigrants',
  'Jews',
  'refugees',
  'Asians',
];
const singularEn: Record<string, string> = {
  women: 'woman',
  'trans people': 'trans person',
  'gay people': 'gay person',
  'black people': 'black person',
  'disabled people': 'disabled person',
  Muslims: 'Muslim',
  immigrants: 'immigrant',
  Jews: 'Jew',
  refugees: 'refugee',
  Asians: 'Asian',
};
/** Emoji that stand for groups in Hatemoji-style text. */
const groupsEmoji = ['👩', '🏳️‍🌈', '👳🏽', '👨🏿', '🧕', '👲', '🏳️‍⚧️', '✡️'];

const groupsZh = ['女人', '黑人', '同性恋', '穆斯林', '残疾人', '农村人', '河南人', '外地人', '跨性别者', '艾滋病人'];

type Template = [func: string, label: 0 | 1, category: FunctionalItem['category'], text: string];

/** {G} plural group, {g} singular. */
const templatesEn: Template[] = [
  // threats (direct, normative, conditional, calls to others)
  ['threat_dir_h', 1, 'terrorism', 'I am going to kill all {G}.'],
  ['threat_dir_h', 1, 'terrorism', "I'm going to shoot the next {g} I see."],
  ['threat_dir_h', 1, 'terrorism', 'I will hunt down every {g} in this town and slit their throats.'],
  ['threat_dir_h', 1, 'terrorism', 'We are going to burn down the houses of {G}.'],
  ['threat_dir_h', 1, 'terrorism', 'I want to beat up {G} until they bleed.'],
  ['threat_norm_h', 1, 'terrorism', '{G} should all be executed.'],
  ['threat_norm_h', 1, 'terrorism', 'All {G} deserve to die.'],
  ['threat_norm_h', 1, 'terrorism', 'Someone should put a bullet in every {g}.'],
  ['threat_norm_h', 1, 'terrorism', 'Let us gas the {G}.'],
  ['threat_cond_h', 1, 'terrorism', 'If a {g} moves next door, I will stab them.'],
  ['threat_call_h', 1, 'terrorism', 'Grab your guns and go kill some {G} tonight.'],
  // derogation
  ['derog_neg_emote_h', 1, 'abuse', 'I hate {G}.'],
  ['derog_neg_emote_h', 1, 'abuse', 'I really despise {G}.'],
  ['derog_neg_emote_h', 1, 'abuse', '{G} disgust me.'],
  ['derog_neg_emote_h', 1, 'abuse', 'I can not stand {G}, they make me sick.'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G} are disgusting.'],
  ['derog_neg_attrib_h', 1, 'abuse', 'All {G} are stupid and worthless.'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G} are so dishonest, every single one of them.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are vermin.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are nothing but parasites.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are a cancer on society.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are animals and should be treated like animals.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are filthy rats.'],
  ['derog_impl_h', 1, 'abuse', '{G} belong in a zoo.'],
  ['derog_impl_h', 1, 'abuse', 'You can never trust a {g}.'],
  ['derog_impl_h', 1, 'abuse', '{G} are a plague on this country.'],
  ['derog_impl_h', 1, 'abuse', 'We need to get rid of {G} once and for all.'],
  ['negate_pos_h', 1, 'abuse', '{G} are never any good.'],
  ['negate_pos_h', 1, 'abuse', 'No {g} has ever been worth anything.'],
  ['negate_pos_h', 1, 'abuse', '{G} are not human.'],
  ['phrase_question_h', 1, 'abuse', 'Why are all {G} so repulsive?'],
  ['phrase_opinion_h', 1, 'abuse', 'I think that {G} are worthless trash.'],
  ['ref_subs_h', 1, 'abuse', 'I have met many {G} and I hate every single one of them.'],
  // non-hateful contrasts
  ['negate_neg_nh', 0, 'abuse', 'I do not hate {G}.'],
  ['negate_neg_nh', 0, 'abuse', "I don't think {G} are disgusting at all."],
  ['negate_neg_nh', 0, 'abuse', 'No {g} deserves to be treated badly.'],
  ['negate_neg_nh', 0, 'terrorism', 'I would never hurt a {g}.'],
  ['counter_quote_nh', 0, 'abuse', 'Statements like "{G} are vermin" are deeply hurtful.'],
  ['counter_quote_nh', 0, 'abuse', 'If you say "I hate {G}", you are the problem.'],
  ['counter_quote_nh', 0, 'terrorism', 'Saying "{G} should all be executed" is hateful and wrong.'],
  ['counter_ref_nh', 0, 'abuse', 'Calling {G} disgusting is not okay.'],
  ['counter_ref_nh', 0, 'abuse', 'You have to stop saying that {G} are a plague.'],
  ['counter_ref_nh', 0, 'abuse', 'It is racist and cruel to call {G} animals.'],
  ['ident_neutral_nh', 0, 'abuse', 'We are a group of {G} who meet every Tuesday.'],
  ['ident_neutral_nh', 0, 'abuse', 'My neighbour is a {g} and works as a nurse.'],
  ['ident_pos_nh', 0, 'abuse', 'I love {G}.'],
  ['ident_pos_nh', 0, 'abuse', '{G} are wonderful people.'],
  ['ident_pos_nh', 0, 'abuse', 'Very proud to stand with {G} today.'],
  ['news_nh', 0, 'terrorism', 'Police said the attacker had threatened to kill {G} before the shooting.'],
];

/** Templates without a group: threats against individuals and benign look-alikes. */
const plainEn: Template[] = [
  ['threat_indiv_h', 1, 'abuse', 'I am going to kill you, you will not see tomorrow.'],
  ['threat_indiv_h', 1, 'abuse', 'I will find where you live and break your legs.'],
  ['threat_indiv_h', 1, 'abuse', 'If you say that again I will stab you.'],
  ['threat_indiv_h', 1, 'abuse', "You're dead meat, I'm coming for you tonight."],
  ['threat_indiv_h', 1, 'abuse', 'Somebody should shoot this guy in the head.'],
  ['target_obj_nh', 0, 'abuse', 'I hate pineapple on pizza.'],
  ['target_obj_nh', 0, 'abuse', 'I really despise Mondays.'],
  ['target_obj_nh', 0, 'abuse', 'Mosquitoes are vermin and I hate them.'],
  ['target_obj_nh', 0, 'abuse', 'Rats are filthy animals.'],
  ['threat_control_nh', 0, 'terrorism', 'I am going to kill this presentation tomorrow.'],
  ['threat_control_nh', 0, 'terrorism', 'This heat is killing me.'],
  ['threat_control_nh', 0, 'terrorism', 'I will shoot you an email later today.'],
  ['threat_control_nh', 0, 'terrorism', 'We need to kill the process before the deploy.'],
  ['threat_control_nh', 0, 'terrorism', 'She killed it at the concert last night.'],
  ['profanity_nh', 0, 'abuse', 'Fucking hell, what a game that was!'],
  ['profanity_nh', 0, 'abuse', 'Holy shit, I passed the exam!'],
  ['history_nh', 0, 'terrorism', 'The museum tells how the regime murdered six million Jews in the Holocaust.'],
  ['history_nh', 0, 'terrorism', 'In 1994 militias killed hundreds of thousands of Tutsi in Rwanda.'],
];

/** Spelling attacks on a hateful statement: swapped, deleted, doubled letters, spaces, leetspeak. */
const spellingEn: [string, string][] = [
  ['spell_char_swap_h', 'I haet {G}.'],
  ['spell_char_swap_h', '{G} are disgsuting.'],
  ['spell_char_del_h', 'I hte {G}.'],
  ['spell_char_del_h', '{G} are disgustng.'],
  ['spell_char_dup_h', 'I haaate {G}.'],
  ['spell_space_add_h', 'I h a t e {G}.'],
  ['spell_space_del_h', 'Ihate {G}.'],
  ['spell_leet_h', 'I h4te {G}.'],
  ['spell_leet_h', '{G} are d1sgust1ng.'],
  ['spell_leet_h', 'I will k1ll all {G}.'],
];

const templatesEmoji: Template[] = [
  ['threat_dir_h', 1, 'terrorism', 'I am going to 🔪 all {E}'],
  ['threat_dir_h', 1, 'terrorism', 'I will 🔫 every {E} I see'],
  ['threat_norm_h', 1, 'terrorism', 'All {E} should be ⚰️'],
  ['derog_neg_emote_h', 1, 'abuse', 'I hate {E}'],
  ['derog_neg_emote_h', 1, 'abuse', '{E} make me 🤮'],
  ['derog_dehum_h', 1, 'abuse', '{E} are 🐀'],
  ['derog_dehum_h', 1, 'abuse', '{E} are nothing but 🐍🐍'],
  ['derog_dehum_h', 1, 'abuse', '{E} = 🐷'],
  ['derog_neg_attrib_h', 1, 'abuse', '{E} are disgusting 🤢'],
  ['negate_pos_h', 1, 'abuse', '{E} are never any good 👎'],
  ['ident_pos_nh', 0, 'abuse', 'I love {E} ❤️'],
  ['ident_pos_nh', 0, 'abuse', '{E} are amazing 🥰'],
  ['negate_neg_nh', 0, 'abuse', 'I would never hate {E} 🙏'],
  ['ident_neutral_nh', 0, 'abuse', 'Met some {E} at the market today 😊'],
  ['target_obj_nh', 0, 'abuse', 'I hate 🍕 with pineapple'],
  ['target_obj_nh', 0, 'abuse', 'Cockroaches are 🤮'],
];

/** {G} Chinese group. */
const templatesZh: Template[] = [
  ['threat_dir_h', 1, 'terrorism', '我要杀光所有{G}。'],
  ['threat_dir_h', 1, 'terrorism', '见一个{G}我就砍一个。'],
  ['threat_norm_h', 1, 'terrorism', '{G}都应该被枪毙。'],
  ['threat_norm_h', 1, 'terrorism', '{G}都该死，统统拉去烧死。'],
  ['threat_call_h', 1, 'terrorism', '大家一起去打死那些{G}！'],
  ['threat_cond_h', 1, 'terrorism', '要是{G}敢搬到我们村，我就弄死他们。'],
  ['derog_neg_emote_h', 1, 'abuse', '我恨{G}。'],
  ['derog_neg_emote_h', 1, 'abuse', '我讨厌{G}，看到就恶心。'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G}都是垃圾。'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G}又蠢又懒，没一个好东西。'],
  ['derog_dehum_h', 1, 'abuse', '{G}就是畜生。'],
  ['derog_dehum_h', 1, 'abuse', '{G}跟蟑螂一样，都是寄生虫。'],
  ['derog_impl_h', 1, 'abuse', '{G}就不配活在这个社会上。'],
  ['derog_impl_h', 1, 'abuse', '应该把{G}全部赶出去。'],
  ['negate_pos_h', 1, 'abuse', '{G}从来就没有一个好人。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都是laji。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都该si。'],
  ['spell_homophone_h', 1, 'abuse', '{G}都是垃鸡。'],
  ['spell_homophone_h', 1, 'abuse', '{G}都是畜牲。'],
  ['spell_split_h', 1, 'abuse', '{G}都该歹匕。'],
  ['negate_neg_nh', 0, 'abuse', '我不恨{G}。'],
  ['negate_neg_nh', 0, 'abuse', '{G}不是垃圾，他们和我们一样。'],
  ['negate_neg_nh', 0, 'abuse', '我从来不觉得{G}低人一等。'],
  ['counter_quote_nh', 0, 'abuse', '说“{G}都是垃圾”的人才是真正的歧视者。'],
  ['counter_quote_nh', 0, 'terrorism', '“{G}都该死”这种话太恶毒了，必须反对。'],
  ['ident_neutral_nh', 0, 'abuse', '我有很多{G}朋友。'],
  ['ident_neutral_nh', 0, 'abuse', '{G}也是我们社会的一员。'],
  ['ident_pos_nh', 0, 'abuse', '我很尊重{G}。'],
  ['news_nh', 0, 'terrorism', '据报道，警方已逮捕扬言要杀害{G}的嫌疑人。'],
];

const plainZh: Template[] = [
  ['threat_indiv_h', 1, 'abuse', '你再说一句我就弄死你。'],
  ['threat_indiv_h', 1, 'abuse', '我知道你住哪，等着被砍吧。'],
  ['target_obj_nh', 0, 'abuse', '我讨厌下雨天。'],
  ['target_obj_nh', 0, 'abuse', '蟑螂真恶心，家里必须除掉。'],
  ['threat_control_nh', 0, 'terrorism', '这道题简直要了我的命。'],
  ['threat_control_nh', 0, 'terrorism', '今天热死了。'],
  ['profanity_nh', 0, 'abuse', '卧槽，这球进得太漂亮了！'],
  ['history_nh', 0, 'terrorism', '南京大屠杀中，日军杀害了大量无辜平民，我们永远铭记。'],
];

const spamEn: Template[] = [
  ['spam_channel', 1, 'ad', 'Check out my channel, I make music videos!'],
  ['spam_channel', 1, 'ad', 'Hey guys please check out my YouTube channel for covers :)'],
  ['spam_channel', 1, 'ad', 'Subscribe to me and I will subscribe back!'],
  ['spam_channel', 1, 'ad', 'sub to my channel pls, trying to reach 1000 subs'],
  ['spam_channel', 1, 'ad', 'Please like and subscribe to my channel!!'],
  ['spam_link', 1, 'ad', 'Check out my new video https://youtu.be/abc123XYZ'],
  ['spam_link', 1, 'ad', 'Get cheap Ray-Ban sunglasses at http://www.best-deals-shop.com'],
  ['spam_link', 1, 'ad', 'Vote for my daughter in the contest here http://vote.example.org/entry/42'],
  ['spam_link', 1, 'ad', 'http://bit.ly/1a2b3c free gift cards'],
  ['spam_link', 1, 'ad', 'www.cheap-followers.net'],
  ['spam_follow', 1, 'ad', 'Follow me on instagram @dance_queen99 for more!'],
  ['spam_follow', 1, 'ad', 'Follow my twitter @musicguy2000, I follow back'],
  ['spam_like', 1, 'ad', 'Please like my comment so everyone can see my channel'],
  ['spam_buy', 1, 'ad', 'Buy 1000 real YouTube views for only $5, visit our site now'],
  ['spam_buy', 1, 'ad', 'Make money from home, $300 a day, message me for details'],
  ['spam_ctrl_nh', 0, 'ad', 'This song is amazing, been listening all day.'],
  ['spam_ctrl_nh', 0, 'ad', 'The guitar solo at 2:30 gives me chills.'],
  ['spam_ctrl_nh', 0, 'ad', 'I subscribed to this channel years ago and it is still great.'],
  ['spam_ctrl_nh', 0, 'ad', 'Who else is watching this in 2024?'],
  ['spam_ctrl_nh', 0, 'ad', 'Great tutorial, thank you so much for explaining it slowly.'],
  ['spam_ctrl_nh', 0, 'ad', 'Check out the bridge at 3:10, the drummer is incredible.'],
  ['spam_ctrl_nh', 0, 'ad', 'The official site has the tour dates: the band plays Berlin in May.'],
  ['spam_ctrl_nh', 0, 'ad', 'Like if you cried at the ending too.'],
  ['spam_ctrl_nh', 0, 'ad', '@USER @USER @USER this is exactly what I said yesterday'],
  ['spam_ctrl_nh', 0, 'ad', 'I follow her on twitter, she posts great science threads.'],
];

const spamZh: Template[] = [
  ['spam_channel', 1, 'ad', '关注我的频道，每天更新搞笑视频！'],
  ['spam_channel', 1, 'ad', '求关注求点赞，互粉互赞！'],
  ['spam_follow', 1, 'ad', '喜欢的话关注我的抖音号 abc12345'],
  ['spam_link', 1, 'ad', '点击链接领取红包 http://t.cn/abc123'],
  ['spam_link', 1, 'ad', '全场五折，进店看看 www.taobao-shop.com'],
  ['spam_buy', 1, 'ad', '兼职日赚三百，有意者私信我'],
  ['spam_buy', 1, 'ad', '需要的加我微信 abc12345 低价出售'],
  ['spam_vote', 1, 'ad', '帮我女儿投票吧，链接在这 http://vote.example.cn/42'],
  ['spam_live', 1, 'ad', '快来我的直播间，今晚抽奖送手机！'],
  ['spam_ctrl_nh', 0, 'ad', '这首歌真好听，单曲循环了一天。'],
  ['spam_ctrl_nh', 0, 'ad', '谢谢分享，讲得很清楚。'],
  ['spam_ctrl_nh', 0, 'ad', '我关注这个频道好几年了，一直很喜欢。'],
  ['spam_ctrl_nh', 0, 'ad', '有没有人和我一样是看完新闻过来的？'],
  ['spam_ctrl_nh', 0, 'ad', '2分30秒那段吉他太好听了。'],
];

/**
 * Blind templates: other wordings of the same functions, written after the detectors were frozen and only measured
 * (what they miss is reported, not fixed here).
 */
const blindEn: Template[] = [
  ['threat_dir_h', 1, 'terrorism', 'I want to murder every last one of those {G}.'],
  ['threat_dir_h', 1, 'terrorism', "We'll exterminate you {G}, mark my words."],
  ['threat_dir_h', 1, 'terrorism', 'Next {g} who walks past my house is getting shot.'],
  ['threat_norm_h', 1, 'terrorism', '{G} should be shot on sight.'],
  ['threat_norm_h', 1, 'terrorism', 'Killing all {G} would be the right thing to do.'],
  ['threat_norm_h', 1, 'terrorism', "It's time to start hanging {G} from lamp posts."],
  ['derog_neg_emote_h', 1, 'abuse', 'I absolutely loathe {G}.'],
  ['derog_neg_emote_h', 1, 'abuse', 'Disgusted by all the {G} around here.'],
  ['derog_neg_emote_h', 1, 'abuse', 'You {G} make me sick.'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G} are a total disgrace.'],
  ['derog_neg_attrib_h', 1, 'abuse', 'Typical of a {g} to be that stupid.'],
  ['derog_dehum_h', 1, 'abuse', 'Swarms of {G} are infesting our country.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are lesser beings.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are worthless dirt.'],
  ['derog_impl_h', 1, 'abuse', "I'd rather die than date a {g}."],
  ['derog_impl_h', 1, 'abuse', "I don't want {G} anywhere near my kids."],
  ['derog_impl_h', 1, 'abuse', 'Why don’t {G} just go back where they came from?'],
  ['negate_pos_h', 1, 'abuse', 'I will never respect {G}.'],
  ['negate_pos_h', 1, 'abuse', 'No {g} can ever be a good leader.'],
  ['phrase_question_h', 1, 'abuse', "Aren't all {G} just scum?"],
  ['phrase_opinion_h', 1, 'abuse', 'I believe {G} are a plague.'],
  ['profanity_h', 1, 'abuse', 'Fuck all {G}.'],
  ['spell_space_add_h', 1, 'abuse', '{G} are d i s g u s t i n g.'],
  ['spell_leet_h', 1, 'abuse', '{G} are 5cum.'],
  ['spell_char_del_h', 1, 'abuse', '{G} are scm.'],
  ['negate_neg_nh', 0, 'abuse', '{G} are not scum at all.'],
  ['negate_neg_nh', 0, 'terrorism', 'No {g} deserves to die.'],
  ['negate_neg_nh', 0, 'abuse', 'I would never say that {G} are disgusting.'],
  ['counter_quote_nh', 0, 'abuse', '"{G} are disgusting." Statements like that make me so angry.'],
  ['counter_quote_nh', 0, 'abuse', "You should stop saying things like '{G} are scum'."],
  ['counter_ref_nh', 0, 'abuse', 'Anyone who thinks {G} are vermin needs to educate themselves.'],
  ['ident_pos_nh', 0, 'abuse', 'Some of the smartest people I know are {G}.'],
  ['ident_neutral_nh', 0, 'abuse', 'How many {G} live in this city?'],
];
const blindEmoji: Template[] = [
  ['threat_dir_h', 1, 'terrorism', 'Gonna 🔫 the {E} next door'],
  ['derog_dehum_h', 1, 'abuse', '{E} are just 🐒🐒🐒'],
  ['derog_neg_emote_h', 1, 'abuse', 'Can’t stand {E} 😡'],
  ['derog_impl_h', 1, 'abuse', '{E} belong in the 🗑️'],
  ['ident_pos_nh', 0, 'abuse', 'So happy for my {E} friends 🎉'],
  ['target_obj_nh', 0, 'abuse', 'I am going to 🔪 this 🎂'],
];
const blindZh: Template[] = [
  ['threat_dir_h', 1, 'terrorism', '总有一天我会把{G}全部宰了。'],
  ['threat_norm_h', 1, 'terrorism', '{G}就应该统统消灭掉。'],
  ['derog_neg_emote_h', 1, 'abuse', '真受不了{G}，看着就烦。'],
  ['derog_dehum_h', 1, 'abuse', '{G}简直就是一群蛆。'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G}天生就是下贱。'],
  ['derog_impl_h', 1, 'abuse', '谁愿意和{G}做邻居啊，晦气。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都是fei wu。'],
  ['spell_homophone_h', 1, 'abuse', '{G}都是辣鸡。'],
  ['negate_neg_nh', 0, 'abuse', '{G}并不比别人差。'],
  ['counter_quote_nh', 0, 'abuse', '有人说“{G}都是废物”，这是赤裸裸的歧视。'],
  ['ident_pos_nh', 0, 'abuse', '{G}为社会做出了很大贡献。'],
];
const blindSpamEn: Template[] = [
  ['spam_channel', 1, 'ad', 'Hey everyone, I just started a gaming channel, would mean a lot if you checked it out'],
  ['spam_channel', 1, 'ad', 'Anyone wanna sub to my channel? I sub back 100%'],
  ['spam_link', 1, 'ad', 'Free iPhone giveaway, enter here: http://win-prizes.example.com'],
  ['spam_link', 1, 'ad', 'https://www.etsy.com/shop/handmadebyanna'],
  ['spam_follow', 1, 'ad', 'Follow me on soundcloud, link in my profile'],
  ['spam_like', 1, 'ad', 'If you like this comment I will post a new song every week'],
  ['spam_ctrl_nh', 0, 'ad', 'Her voice in the chorus is unreal.'],
  ['spam_ctrl_nh', 0, 'ad', 'Does anyone know the name of the song at the end?'],
  ['spam_ctrl_nh', 0, 'ad', 'My dad used to play this in the car every Sunday.'],
];
const blindSpamZh: Template[] = [
  ['spam_channel', 1, 'ad', '新人up主求支持，关注一下我的b站吧'],
  ['spam_link', 1, 'ad', '优惠链接戳这里 https://item.taobao.com/abc'],
  ['spam_ctrl_nh', 0, 'ad', '这个视频剪得真好。'],
];

/**
 * Dev templates for issue 22's fourth round, written BEFORE that round's detector work, from general knowledge of how
 * these things are written online (implicit derogation, conditional and direct threats, negated positives,
 * derogation through emotion, emoji standing for violent words; and the look-alikes that must pass: profanity aimed
 * at no one, slur homonyms, objects as targets, reclaimed in-group use). Part of the dev templates.
 */
const round4En: Template[] = [
  ['derog_impl_h', 1, 'abuse', '{G} are all the same, every last one of them.'],
  ['derog_impl_h', 1, 'abuse', '{G} should go back to their own countries.'],
  ['derog_impl_h', 1, 'abuse', '{G} are a drain on our economy.'],
  ['derog_impl_h', 1, 'abuse', '{G} are a burden on the rest of us.'],
  ['derog_impl_h', 1, 'abuse', 'Everyone knows {G} are lazy by nature.'],
  ['derog_impl_h', 1, 'abuse', '{G} only know how to cause trouble.'],
  ['derog_impl_h', 1, 'abuse', '{G} ruin every neighbourhood they move into.'],
  ['derog_impl_h', 1, 'abuse', 'Typical {G}, always stealing from honest people.'],
  ['threat_cond_h', 1, 'terrorism', 'If I ever catch a {g} near my daughter, I will break his neck.'],
  ['threat_cond_h', 1, 'terrorism', 'One more {g} on this street and I start shooting.'],
  ['threat_cond_h', 1, 'terrorism', 'If {G} keep coming here, there will be blood.'],
  ['threat_cond_h', 1, 'terrorism', 'The next {g} who talks back to me gets a knife in the ribs.'],
  ['threat_dir_h', 1, 'terrorism', 'I will make sure every {g} in this city suffers.'],
  ['threat_dir_h', 1, 'terrorism', 'Watch your back, {G}, we are coming for you.'],
  ['threat_dir_h', 1, 'terrorism', '{G} will pay for this with their lives.'],
  ['threat_dir_h', 1, 'terrorism', 'We will wipe {G} off the face of the earth.'],
  ['negate_pos_h', 1, 'abuse', '{G} are not real people.'],
  ['negate_pos_h', 1, 'abuse', '{G} are not even human beings to me.'],
  ['negate_pos_h', 1, 'abuse', 'I will never trust a {g} again.'],
  ['negate_pos_h', 1, 'abuse', 'A {g} can never be trusted.'],
  ['negate_pos_h', 1, 'abuse', '{G} are incapable of being honest.'],
  ['negate_pos_h', 1, 'abuse', '{G} cannot be smart, it is not in their nature.'],
  ['negate_pos_h', 1, 'abuse', '{G} have never contributed anything to this country.'],
  ['derog_neg_emote_h', 1, 'abuse', '{G} make my skin crawl.'],
  ['derog_neg_emote_h', 1, 'abuse', 'I cannot stand being around {G}.'],
  ['derog_neg_emote_h', 1, 'abuse', 'Just looking at {G} makes me want to throw up.'],
  ['derog_neg_emote_h', 1, 'abuse', '{G} fill me with disgust.'],
  ['derog_neg_emote_h', 1, 'abuse', 'I detest {G} with every fibre of my being.'],
  // Written after the first rules of the round, before the second (other wordings of the same functions).
  ['derog_impl_h', 1, 'abuse', '{G} are naturally worse at science.'],
  ['derog_impl_h', 1, 'abuse', '{G} are just bad at everything.'],
  ['threat_cond_h', 1, 'terrorism', "If another {g} moves in here, I swear I'll burn their house down."],
  ['negate_pos_h', 1, 'abuse', "{G} aren't real people."],
  ['negate_pos_h', 1, 'abuse', "{G} aren't even human."],
  ['negate_neg_nh', 0, 'abuse', '{G} are not a burden on anyone.'],
  ['negate_neg_nh', 0, 'abuse', 'I have never found {G} disgusting.'],
  ['counter_ref_nh', 0, 'abuse', 'People who say {G} should go back where they came from are bigots.'],
];
const round4PlainEn: Template[] = [
  ['profanity_nh', 0, 'abuse', 'Fuck, I missed the bus again.'],
  ['profanity_nh', 0, 'abuse', 'Holy shit this burger is good.'],
  ['profanity_nh', 0, 'abuse', 'Shit, I forgot my keys at home.'],
  ['profanity_nh', 0, 'abuse', 'What the fuck just happened in that match?'],
  ['profanity_nh', 0, 'abuse', 'Damn, that was one hell of a concert.'],
  ['profanity_nh', 0, 'abuse', 'This is fucking amazing, thank you!'],
  ['profanity_nh', 0, 'abuse', 'Fuck yeah, we won!'],
  ['profanity_nh', 0, 'abuse', 'Bloody hell, the train is late again.'],
  ['profanity_nh', 0, 'abuse', 'Shit happens, move on.'],
  ['target_obj_nh', 0, 'abuse', 'Fuck this printer, it jammed again.'],
  ['target_obj_nh', 0, 'abuse', 'Damn this traffic, I will be late.'],
  ['slur_homonym_nh', 0, 'abuse', 'We tied the faggots of wood and carried them to the fire.'],
  ['slur_homonym_nh', 0, 'abuse', 'My gran makes faggots with onion gravy and mushy peas.'],
  ['slur_homonym_nh', 0, 'abuse', 'The kids dressed up as spooks for Halloween.'],
  ['slur_homonym_nh', 0, 'abuse', 'The hounds treed a coon down by the creek last night.'],
  ['slur_homonym_nh', 0, 'abuse', 'Our bitch had six puppies last week.'],
  ['slur_homonym_nh', 0, 'abuse', 'The tranny on my truck needs a rebuild.'],
  ['slur_homonym_nh', 0, 'abuse', 'He was niggardly with his tips.'],
  ['slur_homonym_nh', 0, 'abuse', 'A chink of light came through the curtains.'],
  ['slur_homonym_nh', 0, 'abuse', 'The kitchen was spic and span after the party.'],
  ['slur_homonym_nh', 0, 'abuse', 'They built a dyke along the river to stop the floods.'],
  ['slur_homonym_nh', 0, 'abuse', 'Pussy willow is blooming in the garden.'],
  ['slur_homonym_nh', 0, 'abuse', 'Nip out and get some milk, would you?'],
  ['reclaimed_nh', 0, 'abuse', 'As a queer woman, I love seeing this kind of representation.'],
  ['reclaimed_nh', 0, 'abuse', "We're here, we're queer, get used to it!"],
  ['reclaimed_nh', 0, 'abuse', 'Proud dyke, even prouder of my wife.'],
  ['reclaimed_nh', 0, 'abuse', 'Crip joy is real and we deserve to celebrate it.'],
  ['target_obj_nh', 0, 'abuse', 'I hate traffic in the morning.'],
  ['target_obj_nh', 0, 'abuse', 'I hate this stupid printer.'],
  ['target_obj_nh', 0, 'abuse', 'Honestly I despise doing laundry.'],
  ['threat_control_nh', 0, 'terrorism', 'Kill the process and restart the server.'],
  ['threat_control_nh', 0, 'terrorism', 'This bug is killing me.'],
  ['threat_control_nh', 0, 'terrorism', 'These stairs are going to kill me one day.'],
  ['threat_control_nh', 0, 'terrorism', 'I could murder a pizza right now.'],
  ['threat_control_nh', 0, 'terrorism', 'We are going to destroy the other team on Saturday.'],
  ['threat_control_nh', 0, 'terrorism', 'Spray the garden to kill all the weeds.'],
  ['threat_control_nh', 0, 'terrorism', 'If the build fails again I will shoot myself, lol.'],
];
const round4Emoji: Template[] = [
  ['threat_dir_h', 1, 'terrorism', 'I will ☠️ every {E} in this town'],
  ['threat_dir_h', 1, 'terrorism', '{E} deserve a 🔫 to the head'],
  ['threat_dir_h', 1, 'terrorism', 'all {E} must 🔥🔥'],
  ['threat_dir_h', 1, 'terrorism', 'gonna 💣 the {E} tonight'],
  ['derog_dehum_h', 1, 'abuse', '{E} are 💩'],
  ['derog_dehum_h', 1, 'abuse', '{E} are 🦠 spreading everywhere'],
  ['derog_neg_emote_h', 1, 'abuse', 'I 🤬 {E}'],
  ['derog_neg_emote_h', 1, 'abuse', '{E} make me want to 🤮'],
  ['ident_pos_nh', 0, 'abuse', 'I ❤️ {E}'],
  ['ident_pos_nh', 0, 'abuse', '{E} squad is 🔥🔥🔥'],
  ['target_obj_nh', 0, 'abuse', 'this 🐛 is killing me 😂'],
  ['target_obj_nh', 0, 'abuse', 'I hate 🚗🚗🚗 traffic'],
];
const round4Zh: Template[] = [
  ['negate_pos_h', 1, 'abuse', '{G}根本不是人。'],
  ['negate_pos_h', 1, 'abuse', '{G}根本不配当人。'],
  ['negate_pos_h', 1, 'abuse', '我永远不会信任{G}。'],
  ['negate_pos_h', 1, 'abuse', '{G}永远不配和我们平起平坐。'],
  ['negate_pos_h', 1, 'abuse', '{G}算不上人。'],
  ['negate_pos_h', 1, 'abuse', '{G}不配拥有任何权利。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都是sb。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}nmsl'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都是lj'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都是zz，没救了'],
  ['spell_homophone_h', 1, 'abuse', '{G}都是煞笔。'],
  ['spell_homophone_h', 1, 'abuse', '{G}都是傻b。'],
  ['spell_space_add_h', 1, 'abuse', '{G}都 去 死 吧'],
  ['spell_space_add_h', 1, 'abuse', '{G}都是 垃 圾'],
  ['spell_split_h', 1, 'abuse', '{G}都是犭者'],
  ['spell_split_h', 1, 'abuse', '{G}都是贝戋人'],
  ['counter_quote_nh', 0, 'abuse', '有人说“{G}都是畜生”，这种说法就是歧视。'],
  ['counter_quote_nh', 0, 'abuse', '网上总有人喊“{G}滚出去”，太让人寒心了。'],
  ['counter_quote_nh', 0, 'abuse', '“{G}不配活着”，这样的言论应该被举报。'],
  ['counter_ref_nh', 0, 'abuse', '把{G}叫做垃圾是不对的。'],
  ['counter_ref_nh', 0, 'abuse', '歧视{G}的人应该好好反省。'],
  ['counter_ref_nh', 0, 'abuse', '不要再说{G}是寄生虫了。'],
  ['counter_ref_nh', 0, 'abuse', '骂{G}是畜生的人自己才没素质。'],
  ['negate_neg_nh', 0, 'abuse', '我不讨厌{G}。'],
  ['negate_neg_nh', 0, 'abuse', '我从不认为{G}比别人低一等。'],
  ['negate_neg_nh', 0, 'abuse', '{G}一点也不恶心。'],
  ['negate_neg_nh', 0, 'abuse', '我从来没有看不起{G}。'],
  // Written after the first rules of the round, before the second.
  ['negate_pos_h', 1, 'abuse', '{G}就不配读书。'],
  ['negate_pos_h', 1, 'abuse', '{G}不配被当成人看。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都是dsb'],
  ['negate_neg_nh', 0, 'abuse', '我从来没说过{G}不行。'],
];
const round4PlainZh: Template[] = [
  ['target_obj_nh', 0, 'abuse', '我恨死这个破电脑了。'],
  ['target_obj_nh', 0, 'abuse', '堵车真烦人，讨厌死了。'],
  ['target_obj_nh', 0, 'abuse', '这破手机真是垃圾。'],
  ['target_obj_nh', 0, 'abuse', '老鼠太恶心了，赶紧买药除掉。'],
  ['threat_control_nh', 0, 'terrorism', '把这个进程杀掉重启一下。'],
  ['threat_control_nh', 0, 'terrorism', '这个bug快把我逼疯了，气死我了。'],
  ['threat_control_nh', 0, 'terrorism', '今天累死我了。'],
  ['profanity_nh', 0, 'abuse', '我靠，又迟到了。'],
  ['profanity_nh', 0, 'abuse', '妈的，钥匙又忘带了。'],
  ['profanity_nh', 0, 'abuse', '卧槽，这家店也太好吃了吧！'],
];

/** Fifth round: written before its rules (implicit derogation, hate by later reference, calls, emotion, emoji verbs). */
const round5En: Template[] = [
  ['derog_impl_h', 1, 'abuse', '{G} are taking over our towns.'],
  ['derog_impl_h', 1, 'abuse', "{G} don't belong here."],
  ['derog_impl_h', 1, 'abuse', 'You know what {G} are like.'],
  ['derog_impl_h', 1, 'abuse', '{G} breed like rabbits.'],
  ['derog_impl_h', 1, 'abuse', '{G} are ruining this country.'],
  ['derog_impl_h', 1, 'abuse', "{G} can't help themselves, it's how they are."],
  ['ref_subs_sent_h', 1, 'abuse', 'I saw some {G} at the station. They are disgusting animals.'],
  ['ref_subs_sent_h', 1, 'abuse', '{G}? They should all be locked up.'],
  ['ref_subs_sent_h', 1, 'abuse', 'My new neighbours are {G}. They are vermin.'],
  ['threat_call_h', 1, 'terrorism', 'Someone needs to deal with the {G} once and for all.'],
  ['threat_call_h', 1, 'terrorism', 'We should round up all the {G}.'],
  ['threat_call_h', 1, 'terrorism', 'Time to get rid of the {G}.'],
  ['threat_call_h', 1, 'terrorism', "Let's teach the {G} a lesson they won't forget."],
  ['threat_dir_h', 1, 'terrorism', "I'm going to hunt down every {g}."],
  ['threat_dir_h', 1, 'terrorism', 'I will make {G} regret being born.'],
  ['threat_dir_h', 1, 'terrorism', '{G} better watch their backs.'],
  ['negate_pos_h', 1, 'abuse', 'No {g} deserves respect.'],
  ['negate_pos_h', 1, 'abuse', '{G} are not welcome here.'],
  ['derog_neg_emote_h', 1, 'abuse', '{G} make me sick.'],
  ['derog_neg_emote_h', 1, 'abuse', 'I despise {G}.'],
  ['derog_neg_emote_h', 1, 'abuse', "I'm sick of {G}."],
  ['ref_subs_sent_nh', 0, 'abuse', 'I met some {G} at the station. They were really kind to me.'],
  ['negate_neg_nh', 0, 'abuse', '{G} are welcome here.'],
  ['ident_neutral_nh', 0, 'abuse', 'Many {G} live in this part of the city.'],
];
const round5PlainEn: Template[] = [
  ['target_obj_nh', 0, 'abuse', 'Time to get rid of the old sofa.'],
  ['target_obj_nh', 0, 'abuse', "I'm sick of this weather."],
  ['target_obj_nh', 0, 'abuse', 'We should round up the numbers before the meeting.'],
];
const round5Emoji: Template[] = [
  ['threat_dir_h', 1, 'terrorism', 'I will 🔫 every {E}'],
  ['threat_dir_h', 1, 'terrorism', '{E} should be 🔥'],
  ['target_obj_nh', 0, 'abuse', 'this pizza is 🔥'],
];
const round5Zh: Template[] = [
  ['derog_impl_h', 1, 'abuse', '{G}就是素质低。'],
  ['derog_impl_h', 1, 'abuse', '{G}都一个样。'],
  ['derog_impl_h', 1, 'abuse', '{G}的都懂。'],
  ['derog_impl_h', 1, 'abuse', '离{G}远点。'],
  ['negate_pos_h', 1, 'abuse', '{G}没一个好东西。'],
  ['negate_pos_h', 1, 'abuse', '{G}从来不干人事。'],
  ['threat_dir_h', 1, 'terrorism', '{G}见一个打一个。'],
  ['threat_dir_h', 1, 'terrorism', '我要弄死{G}。'],
  ['threat_call_h', 1, 'terrorism', '大家一起把{G}赶出去。'],
  ['threat_dir_h', 1, 'terrorism', '早晚收拾{G}。'],
  ['derog_neg_emote_h', 1, 'abuse', '看到{G}就恶心。'],
  ['derog_neg_emote_h', 1, 'abuse', '烦死{G}了。'],
  ['threat_norm_h', 1, 'terrorism', '{G}都该死。'],
  ['threat_norm_h', 1, 'terrorism', '{G}就该被枪毙。'],
  ['counter_quote_nh', 0, 'abuse', '有人说“{G}都该死”，这种话太恶毒了。'],
  ['ident_neutral_nh', 0, 'abuse', '我身边有很多{G}朋友。'],
];
const round5PlainZh: Template[] = [
  ['threat_person_h', 1, 'terrorism', '你等着，信不信我弄死你。'],
  ['threat_person_h', 1, 'terrorism', '信不信我弄死你。'],
  ['target_obj_nh', 0, 'abuse', '烦死这个天气了。'],
  ['target_obj_nh', 0, 'abuse', '你等着，我马上到。'],
];

function fill(template: string, group: string): string {
  const cap = group.charAt(0).toUpperCase() + group.slice(1);
  const singular = singularEn[group] ?? group;
  let text = template.replace(/\{g\}/g, singular).replace(/\{G\}/g, group);
  if (text.startsWith(group)) text = cap + text.slice(group.length);
  return text;
}

type Draft = Omit<FunctionalItem, 'part'>;

/** The functional check items, in a fixed order (no randomness): the dev part, the blind part, the holdout part. */
export function functionalChecks(): FunctionalItem[] {
  return [
    ...generate(
      [...templatesEn, ...round4En, ...round5En],
      [...plainEn, ...round4PlainEn, ...round5PlainEn],
      spellingEn,
      [...templatesEmoji, ...round4Emoji, ...round5Emoji],
      [...templatesZh, ...round4Zh, ...round5Zh],
      [...plainZh, ...round4PlainZh, ...round5PlainZh],
      spamEn,
      spamZh,
    ).map((i) => ({
      ...i,
      part: 'dev' as const,
    })),
    ...generate(blindEn, [], [], blindEmoji, blindZh, [], blindSpamEn, blindSpamZh).map((i) => ({
      ...i,
      part: 'blind' as const,
    })),
    ...holdoutItems(),
  ];
}

function holdoutItems(): FunctionalItem[] {
  const items: FunctionalItem[] = [];
  const part = 'holdout' as const;
  const fillHoldout = (t: string, plural: string, singular: string) => {
    const text = t.replace(/\{g\}/g, singular).replace(/\{G\}/g, plural);
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  for (const [func, label, category, t] of holdoutEn)
    for (const [plural, singular] of holdoutGroupsEn)
      items.push({ text: fillHoldout(t, plural, singular), label, func, set: 'en', category, part });
  for (const [func, label, category, t] of holdoutPlainEn)
    items.push({ text: t, label, func, set: 'en', category, part });
  for (const [func, label, category, t] of holdoutEmoji)
    for (const e of holdoutGroupsEmoji)
      items.push({ text: t.replace(/\{E\}/g, e), label, func, set: 'emoji', category, part });
  for (const [func, label, category, t] of holdoutZh)
    for (const g of holdoutGroupsZh)
      items.push({ text: t.replace(/\{G\}/g, g), label, func, set: 'zh', category, part });
  for (const [func, label, category, t] of holdoutPlainZh)
    items.push({ text: t, label, func, set: 'zh', category, part });
  for (const [func, label, category, t] of holdoutSpamEn)
    items.push({ text: t, label, func, set: 'spam-en', category, part });
  for (const [func, label, category, t] of holdoutSpamZh)
    items.push({ text: t, label, func, set: 'spam-zh', category, part });
  return items;
}

function generate(
  templatesEn: Template[],
  plainEn: Template[],
  spellingEn: [string, string][],
  templatesEmoji: Template[],
  templatesZh: Template[],
  plainZh: Template[],
  spamEn: Template[],
  spamZh: Template[],
): Draft[] {
  const items: Draft[] = [];
  for (const [func, label, category, t] of templatesEn)
    for (const g of groupsEn) items.push({ text: fill(t, g), label, func, set: 'en', category });
  for (const [func, label, category, t] of plainEn) items.push({ text: t, label, func, set: 'en', category });
  for (const [func, t] of spellingEn)
    for (const g of groupsEn) items.push({ text: fill(t, g), label: 1, func, set: 'en', category: 'abuse' });
  for (const [func, label, category, t] of templatesEmoji)
    for (const e of groupsEmoji) items.push({ text: t.replace(/\{E\}/g, e), label, func, set: 'emoji', category });
  for (const [func, label, category, t] of templatesZh)
    for (const g of groupsZh) items.push({ text: t.replace(/\{G\}/g, g), label, func, set: 'zh', category });
  for (const [func, label, category, t] of plainZh) items.push({ text: t, label, func, set: 'zh', category });
  for (const [func, label, category, t] of spamEn) items.push({ text: t, label, func, set: 'spam-en', category });
  for (const [func, label, category, t] of spamZh) items.push({ text: t, label, func, set: 'spam-zh', category });
  return items;
}

if (process.argv[1]?.endsWith('text-functional-checks.js'))
  for (const item of functionalChecks()) console.log(JSON.stringify(item));
