/**
 * The Chinese word lists that the hate and threat rules of semantic.ts plug into their slots, kept apart from the
 * rules so that widening a list never means writing a rule: who can be a target (groups), what a group is called
 * when it is degraded (bad nouns), what it is said to be (bad qualities), what is felt about it (emotions) and what is
 * done to it when others are called on (acts of collective violence).
 */

/**
 * Groups beyond the first rounds' list (semantic.ts zhGroups): peoples and nationalities, ethnic minorities, regions,
 * gender and sexuality, disability, migration and religion, and the slurs for each. Longer names first, so that a
 * group alternation takes the whole name (维吾尔族人 before 维吾尔族).
 */
export const zhMoreGroups: readonly string[] = [
  // Ethnic minorities and peoples
  '维吾尔族人|维吾尔人|维吾尔族|维族|藏族人|藏族|回族人|回族|蒙古族|壮族|苗族|彝族|朝鲜族|哈萨克族|原住民|土著人|土著|印第安人|吉普赛人',
  // Nationalities and race
  '阿拉伯人|越南人|菲律宾人|泰国人|巴基斯坦人|孟加拉人|缅甸人|俄罗斯人|美国人|英国人|法国人|德国人|欧洲人|白人|白皮猪|黄种人|亚洲人|墨西哥人|拉丁裔|非裔|黑皮|尼哥|黑奴|小日本|日本鬼子|鬼子|高丽棒子|南蛮|蛮子|大陆人|香港人|台湾人',
  // Regions
  '四川人|安徽人|湖南人|湖北人|江西人|山东人|福建人|潮汕人|温州人|广西人|贵州人|甘肃人|山西人|陕西人|云南人|江苏人|浙江人|天津人|重庆人|内蒙人|西北人|南方人|北方人|外来人口|外来务工人员|乡巴佬|土包子',
  // Gender and sexuality
  '田园女权|女拳师|小仙女|男同性恋|女同性恋|双性恋|无性恋|间性人|酷儿|跨性别女性|跨性别男性|伪娘|人妖',
  // Disability and illness
  '残障人士|残障人|聋哑人|聋人|哑巴|盲人|自闭症患者|唐氏儿|弱智儿',
  // Migration and religion
  '移民|难民|非法移民|偷渡客|基督徒|天主教徒|佛教徒|印度教徒|异教徒|教徒',
]
  .join('|')
  .split('|');

/**
 * Nouns that degrade a group beyond the first list (semantic.ts ZH_NOUN): criminals, pests and monsters, burdens,
 * sickness. 病 only where it is not 病人/病房 (a patient, a ward).
 */
export const ZH_MORE_NOUNS =
  '恐怖分子|小偷|骗子|强盗|土匪|流氓|罪犯|贼|吸血鬼|母狗|母猪|疯狗|走狗|奴才|变态|黑社会|累赘|负担|蛀虫|祸害|疯子|神经病|精神病|低等生物|劣等人种|下等人|二等公民|蛆虫|细菌|瘟神|野人|原始人|害群之马|一种病|病态|病(?![人房床历号友例])';

/**
 * Bad qualities said of a group (<g>天生就懒, <g>都很暴力, <g>都没文化). The single characters need a degree or
 * quantity word before them (<g>都脏, not 黑人脏辫); the longer words may follow the group directly.
 */
export const ZH_BAD_CHAR = '(?:懒|脏|臭|蠢|笨|坏|贱|丑|傻|骚|穷酸)';
export const ZH_BAD_WORD =
  '(?:野蛮|暴力|愚蠢|愚昧|肮脏|懒惰|狡猾|虚伪|贪婪|自私|邪恶|恶毒|无耻|下流|低贱|粗鲁|没文化|没教养|没脑子|没良心|没素质|不要脸|好吃懒做|不讲卫生|(?:爱|喜欢|就爱|就会|只会|专门)(?:偷东西|偷|抢|骗人|骗钱|骗|占便宜|撒谎|闹事|惹事|犯罪|要饭|碰瓷)|只会(?:生孩子|要钱|吃)|低能|弱智|脑残)';
/** What degree and quantity words may stand between a group and its quality (都, 天生就, 真的很, 普遍). */
export const ZH_DEGREE =
  '(?:的人|都|全|全都|个个|一个个|天生|生来|本来|就|就是|真是|真的|真|实在|太|很|特别|非常|那么|这么|都是|向来|普遍|大多|大部分|多半|基本上|果然|确实|是)';
/** 智商, 素质, 人品 ... and their being low: <g>智商就是低, <g>的人品太差. */
export const ZH_LOW_TRAIT =
  '的?(?:智商|素质|人品|品德|脑子|教养)(?:都|就|就是|很|太|真|普遍|确实|实在)*(?:低|差|不行|有问题|堪忧)';

/**
 * Feelings towards a group said by the writer: aversion (受不了<g>, 我对<g>没好感), or the group as the cause of disgust
 * (<g>让人恶心, <g>令我反胃).
 */
export const ZH_AVERSION = '(?:受不了|忍不了|受不了了|看不惯|看不顺眼|烦透了?|忍受不了|容不下)';
export const ZH_DISGUST = '(?:恶心|反胃|想吐|作呕|厌恶|讨厌|火大|来气|不爽|受不了|鄙视|烦|窝火|膈应|犯恶心)';

/** Acts the writer calls on others to do to a group (大家一起去教训<g>, 谁去把<g>收拾一下). */
export const ZH_CALL_ACT =
  '(?:收拾|教训|揍|暴打|痛打|殴打|围殴|打一顿|打残|打|赶出去|赶走|赶跑|驱逐|清理|清除|清理掉|铲除|灭了|杀了|杀光|烧了|砍了|弄死|打死|抵制|封杀)';
