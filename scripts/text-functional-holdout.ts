/**
 * The holdout part of the functional checks (scripts/text-functional-checks.ts): HateCheck-style templates written
 * for issue 22's second round BEFORE any detector change of that round, with other wordings and other group names
 * than the dev and blind parts. Only measured: a miss here is reported, and fixed (if at all) by general rules
 * worked out on the dev templates and on grammar, never by matching these sentences.
 *
 * {G} plural group, {g} singular, {E} an emoji for a group.
 */
export type HoldoutTemplate = [func: string, label: 0 | 1, category: 'abuse' | 'terrorism' | 'ad', text: string];

/** Groups other than the dev and blind parts' (plural, singular): a test of the group lexicon too. */
export const holdoutGroupsEn: [string, string][] = [
  ['Mexicans', 'Mexican'],
  ['gay men', 'gay man'],
  ['Arabs', 'Arab'],
  ['lesbians', 'lesbian'],
  ['black women', 'black woman'],
  ['Hindus', 'Hindu'],
  ['migrants', 'migrant'],
  ['trans women', 'trans woman'],
  ['disabled folks', 'disabled person'],
  ['Chinese people', 'Chinese person'],
];
export const holdoutGroupsEmoji = ['👨🏾', '👩🏿', '🏳️‍🌈', '🧕🏻', '♿', '👳‍♂️'];
export const holdoutGroupsZh = [
  '女性',
  '同志',
  '回民',
  '东北人',
  '外国人',
  '老人',
  '农民工',
  '上海人',
  '精神病人',
  '少数民族',
];

export const holdoutEn: HoldoutTemplate[] = [
  ['threat_dir_h', 1, 'terrorism', "I'm going to stab every {g} I meet."],
  ['threat_dir_h', 1, 'terrorism', 'Tomorrow I will shoot up the place where {G} meet.'],
  ['threat_dir_h', 1, 'terrorism', 'One day I will strangle a {g} with my bare hands.'],
  ['threat_norm_h', 1, 'terrorism', '{G} need to be wiped off the face of the earth.'],
  ['threat_norm_h', 1, 'terrorism', 'The world would be better if all {G} were dead.'],
  ['threat_norm_h', 1, 'terrorism', '{G} ought to be lined up and shot.'],
  ['threat_call_h', 1, 'terrorism', 'Everyone, arm yourselves and go after the {G}.'],
  ['threat_call_h', 1, 'terrorism', 'Somebody needs to burn every {g} alive.'],
  ['threat_cond_h', 1, 'terrorism', 'If I ever see a {g} in my street again, I will kill them.'],
  ['derog_neg_emote_h', 1, 'abuse', 'I truly detest {G}.'],
  ['derog_neg_emote_h', 1, 'abuse', '{G} make me want to throw up.'],
  ['derog_neg_emote_h', 1, 'abuse', 'I have so much hatred for {G}.'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G} are all liars and thieves.'],
  ['derog_neg_attrib_h', 1, 'abuse', 'Every {g} I have met was lazy and dirty.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are not people, they are cockroaches.'],
  ['derog_dehum_h', 1, 'abuse', '{G} are like a disease spreading through our towns.'],
  ['derog_dehum_h', 1, 'abuse', '{G} breed like rats.'],
  ['derog_impl_h', 1, 'abuse', 'Keep {G} out of our neighbourhood.'],
  ['derog_impl_h', 1, 'abuse', 'A {g} as a doctor? No thanks.'],
  ['derog_impl_h', 1, 'abuse', '{G} are the reason this country is going downhill.'],
  ['negate_pos_h', 1, 'abuse', '{G} will never be equal to us.'],
  ['negate_pos_h', 1, 'abuse', '{G} are never smart.'],
  ['negate_pos_h', 1, 'abuse', 'There is nothing good about {G}.'],
  ['phrase_question_h', 1, 'abuse', "Why can't {G} just disappear?"],
  ['phrase_opinion_h', 1, 'abuse', 'In my opinion {G} are subhuman.'],
  ['profanity_h', 1, 'abuse', 'Screw all {G}.'],
  ['spell_char_swap_h', 1, 'abuse', 'I despies {G}.'],
  ['spell_char_swap_h', 1, 'abuse', '{G} are vremin.'],
  ['spell_leet_h', 1, 'abuse', '{G} are p4r4s1tes.'],
  ['spell_leet_h', 1, 'abuse', 'I h8 {G}.'],
  ['spell_space_add_h', 1, 'abuse', 'I d e s p i s e {G}.'],
  ['spell_char_dup_h', 1, 'abuse', '{G} are disgustinggg.'],
  ['spell_space_del_h', 1, 'abuse', 'Idespise {G}.'],
  ['negate_neg_nh', 0, 'abuse', "I don't despise {G} at all."],
  ['negate_neg_nh', 0, 'abuse', '{G} are not vermin, they are human beings.'],
  ['negate_neg_nh', 0, 'terrorism', 'I will never harm a {g}.'],
  ['counter_quote_nh', 0, 'terrorism', 'He wrote "kill all {G}" and was rightly banned.'],
  ['counter_quote_nh', 0, 'abuse', 'When someone says "{G} are parasites", I report it.'],
  ['counter_ref_nh', 0, 'abuse', 'Claiming that {G} are inferior is pure bigotry.'],
  ['counter_ref_nh', 0, 'abuse', 'We must stand up against people who call {G} animals.'],
  ['ident_neutral_nh', 0, 'abuse', 'There are many {G} in my class.'],
  ['ident_neutral_nh', 0, 'abuse', 'The report looks at how {G} vote in elections.'],
  ['ident_pos_nh', 0, 'abuse', '{G} have enriched our culture.'],
  ['ident_pos_nh', 0, 'abuse', 'I admire {G} for their resilience.'],
  ['news_nh', 0, 'terrorism', 'A man was jailed for threatening to shoot {G} at a rally.'],
  ['news_nh', 0, 'terrorism', 'The documentary shows how {G} were persecuted in the 1930s.'],
];

export const holdoutPlainEn: HoldoutTemplate[] = [
  ['threat_indiv_h', 1, 'abuse', 'I swear I will slit your throat.'],
  ['threat_indiv_h', 1, 'abuse', "Keep talking and I'll put you in the ground."],
  ['threat_indiv_h', 1, 'abuse', "You'd better sleep with one eye open, I'm coming for you."],
  ['threat_indiv_h', 1, 'abuse', 'Say that again and I will beat you to death.'],
  ['profanity_nh', 0, 'abuse', 'Damn, this coffee is strong as hell.'],
  ['profanity_nh', 0, 'abuse', 'What the fuck just happened in that match?!'],
  ['profanity_nh', 0, 'abuse', 'Shit, I forgot my keys again.'],
  ['target_obj_nh', 0, 'abuse', 'I hate traffic jams so much.'],
  ['target_obj_nh', 0, 'abuse', 'Cockroaches are disgusting pests.'],
  ['threat_control_nh', 0, 'terrorism', 'That comedian absolutely killed it tonight.'],
  ['threat_control_nh', 0, 'terrorism', "I'm going to shoot some photos at the wedding."],
  ['threat_control_nh', 0, 'terrorism', "Let's kill two birds with one stone."],
  ['history_nh', 0, 'terrorism', 'Nazi Germany murdered millions of Jews and Roma.'],
  ['history_nh', 0, 'terrorism', 'The war killed thousands of civilians.'],
];

export const holdoutEmoji: HoldoutTemplate[] = [
  ['threat_dir_h', 1, 'terrorism', 'Gonna 💣 every {E} in town'],
  ['threat_norm_h', 1, 'terrorism', '{E} deserve ☠️'],
  ['derog_dehum_h', 1, 'abuse', '{E} 🐀🐀🐀'],
  ['derog_dehum_h', 1, 'abuse', '{E} are 🐛'],
  ['derog_neg_emote_h', 1, 'abuse', '{E} 🤮🤮'],
  ['derog_neg_emote_h', 1, 'abuse', 'I despise {E} 😤'],
  ['ident_pos_nh', 0, 'abuse', 'Proud of my {E} sister 💪'],
  ['ident_pos_nh', 0, 'abuse', '{E} welcome here ❤️'],
  ['negate_neg_nh', 0, 'abuse', "I don't hate {E} 🙂"],
  ['target_obj_nh', 0, 'abuse', 'Killing it at the gym today 💪🔥'],
];

export const holdoutZh: HoldoutTemplate[] = [
  ['threat_dir_h', 1, 'terrorism', '迟早有一天我要把{G}都杀了。'],
  ['threat_norm_h', 1, 'terrorism', '{G}统统该被枪毙！'],
  ['threat_call_h', 1, 'terrorism', '谁看见{G}就往死里打。'],
  ['derog_neg_emote_h', 1, 'abuse', '我最讨厌{G}了。'],
  ['derog_neg_emote_h', 1, 'abuse', '看到{G}就想吐。'],
  ['derog_dehum_h', 1, 'abuse', '{G}就是一群寄生虫。'],
  ['derog_dehum_h', 1, 'abuse', '{G}跟老鼠没什么两样。'],
  ['derog_neg_attrib_h', 1, 'abuse', '{G}全都又脏又懒。'],
  ['derog_impl_h', 1, 'abuse', '{G}滚出我们的城市！'],
  ['derog_impl_h', 1, 'abuse', '别让{G}进我们小区。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}都是la ji。'],
  ['spell_pinyin_h', 1, 'abuse', '{G}就是一群智zhang。'],
  ['spell_homophone_h', 1, 'abuse', '{G}都是人杂。'],
  ['negate_neg_nh', 0, 'abuse', '我从不歧视{G}。'],
  ['counter_ref_nh', 0, 'abuse', '说{G}是寄生虫的人应该反省。'],
  ['ident_pos_nh', 0, 'abuse', '{G}和我们一样值得尊重。'],
  ['ident_neutral_nh', 0, 'abuse', '今天采访了几位{G}。'],
  ['news_nh', 0, 'terrorism', '新闻报道：一男子因威胁杀害{G}被拘留。'],
];

export const holdoutPlainZh: HoldoutTemplate[] = [
  ['threat_indiv_h', 1, 'abuse', '你给我等着，我弄死你。'],
  ['threat_indiv_h', 1, 'abuse', '再让我看见你，我打断你的腿。'],
  ['profanity_nh', 0, 'abuse', '我靠，今天太累了。'],
  ['target_obj_nh', 0, 'abuse', '我讨厌吃香菜。'],
  ['threat_control_nh', 0, 'terrorism', '笑死我了，这个视频太搞笑了。'],
];

export const holdoutSpamEn: HoldoutTemplate[] = [
  ['spam_channel', 1, 'ad', 'yo check my soundcloud, new beats every friday'],
  ['spam_channel', 1, 'ad', 'Subscribe to my channel for daily vlogs!!'],
  ['spam_follow', 1, 'ad', 'Go follow @fitness_jane on insta for free workout plans'],
  ['spam_buy', 1, 'ad', 'Earn $500 a week working from home, DM me'],
  ['spam_link', 1, 'ad', 'Visit www.cheap-watches-online.shop for 70% off'],
  ['spam_link', 1, 'ad', 'Please vote for my band in the battle: https://bandvote.example.com/12'],
  ['spam_ctrl_nh', 0, 'ad', 'I shared this video with my whole family.'],
  ['spam_ctrl_nh', 0, 'ad', 'The link in the description is broken, can someone fix it?'],
  ['spam_ctrl_nh', 0, 'ad', 'Who else came here from the news?'],
  ['spam_ctrl_nh', 0, 'ad', 'Follow the instructions at 4:12 and it works.'],
];

export const holdoutSpamZh: HoldoutTemplate[] = [
  ['spam_channel', 1, 'ad', '关注我，每天分享美食做法！'],
  ['spam_link', 1, 'ad', '我的淘宝店上新了，链接 https://shop.example.cn'],
  ['spam_buy', 1, 'ad', '加我qq 12345678 带你赚钱'],
  ['spam_like', 1, 'ad', '求大家帮我点个赞，谢谢！'],
  ['spam_ctrl_nh', 0, 'ad', '这个视频太感人了。'],
  ['spam_ctrl_nh', 0, 'ad', '我一直关注这个话题。'],
  ['spam_ctrl_nh', 0, 'ad', '链接打不开了，有人知道吗？'],
];
