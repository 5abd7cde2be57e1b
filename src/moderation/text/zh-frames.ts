/**
 * Chinese frames that make hate words not the writer's own, in general form (semantic.ts applies them):
 *   - speaking against hate: an act of hate (歧视, 侮辱, 贴标签, 开玩笑 ...) that is opposed (停止, 抵制, 反对, 别再 ...),
 *     judged (... 是不对的, 可耻, 应该被删除) or felt about (受不了有人歧视 ...), or done by someone else (有人欺负 ...);
 *   - a denial that covers a whole group or everyone: 不是每个<g>都 ..., 没有人应该因为 ..., 没有哪个民族 ...;
 *   - a report of what someone said (居然说, 总有人骂, 有人认为 ...), for the critic rule of semantic.ts.
 * None of them is a sentence template: each is a verb or a scope word from a list with a bounded gap.
 */

/** The acts of hate that counter-speech names: discrimination, insult, attack, mockery, labels, slurs on a region. */
const ZH_HATE_ACT =
  '(?:歧视|侮辱|仇恨|暴力|偏见|攻击|谩骂|辱骂|贬低|霸凌|欺负|嘲笑|嘲讽|挖苦|开玩笑|贴标签|地域黑|地图炮|污名化?|刻板印象|仇视|排斥|排挤|羞辱)';

const ZH_OPPOSED = '(?:停止|抵制|反对|拒绝|杜绝|谴责|制止|抗议|不要|别|请勿|不许|不准|不能|不应该|不该)';

const ZH_DETERMINER = '(?:所有的?|这些|那些|一切|任何)?';
/**
 * Speaking against hate aimed at a named group, read on the characters before a group (`before`) and after it
 * (`after`): opposing it (停止歧视<g>, 抵制一切针对<g>的暴力, 不要再拿<g>开玩笑), judging it (歧视<g>是不对的, 侮辱<g>的
 * 言论应该被删除) or being upset at someone else doing it (受不了有人歧视<g>, 看到有人欺负<g>). Anchored on the group: a
 * text that only mentions 种族歧视 while it runs a group down is not counter-speech (COLD labels such discussions
 * offensive), and reading a few characters around each group costs little.
 */
const zhOpposedBefore = new RegExp(
  `(?:${ZH_OPPOSED}再?(?:继续)?(?:一切|所有|任何)?(?:${ZH_HATE_ACT}|针对|对|拿|用|给|黑)(?:一切|所有的?|任何)?(?:针对|对)?|(?:受不了|看不惯|反感|痛恨|气愤|生气|火大|心疼|难过|愤怒|看到|看见)[^。！？]{0,6}?(?:有人|别人|那些人)(?:在|总是|总|老是)?${ZH_HATE_ACT})${ZH_DETERMINER}$`,
);
const zhActBefore = new RegExp(`${ZH_HATE_ACT}${ZH_DETERMINER}$`);
const zhJudgedAfter =
  /^(?:的(?:人|言论|行为|话|做法|评论))?[^。！？]{0,6}?(?:是不对的|是错误的|是错的|不对|不可取|可耻|违法|要不得|不道德|应该被(?:删除|禁止|惩罚|谴责|封)|必须(?:停止|禁止)|太过分)/;
export function zhAgainstHateAround(before: string, after: string): boolean {
  return zhOpposedBefore.test(before) || (zhActBefore.test(before) && zhJudgedAfter.test(after));
}
/** No one deserving it, whoever they are: 没有人应该因为 ..., 谁也不该因为 ..., 没有哪个民族天生 .... */
export const zhNoOneDeserves =
  /(?:谁也不|谁都不|没有人|没人|任何人都不)(?:应该|该|应当|能|可以|配|会)?(?:仅仅|只)?因为|没有(?:哪个|哪一个|任何一?个?)(?:民族|种族|人种|群体)/;

/** A denial before a group that covers all of it: 不是每个<g>, 并非所有<g> (read on the characters before the group). */
export const zhNotAllBefore = /(?:不是|并非|并不是|也不是)(?:每个|每一个|每位|所有的?|全部的?|个个)$/;

/** Reports of what someone said, besides the quotation marks and frames semantic.ts already reads. */
export const zhMoreReports =
  /(?:居然|竟然|竟|还|总|总是|老是|经常|天天)(?:有人)?(?:说|骂|喊|叫嚣|认为|觉得|宣称)|有人(?:说|骂|喊|认为|觉得|叫嚣|声称|宣称|污蔑)|总有人|(?:叫作|称之为)/;

/** Critic words beyond semantic.ts's list: how a writer says a report upset them. */
export const zhMoreCritics =
  /侮辱性|贬义|蔑称|冒犯性|生气|气人|无语|离谱|不像话|不可理喻|没有人性|令人发指|反省|寒心|恶毒|可笑|愚蠢至极/;

/** After a quoted or reported hate: its speaker is what the sentence is about (”的人才恶心, ... 的人应该反省). */
export const zhSpeakerAfter = /^[”"」』]?(?:的|之)(?:人|那些人|家伙|言论|话|说法|论调)/;
