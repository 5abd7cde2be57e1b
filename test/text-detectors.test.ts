import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCase, functionalFamilyRows, functionalRows, moreCases } from '../bench/text-quality.js';
import { textCategories } from '../src/moderation/text/builtin-lexicon.js';
import { findMeaning } from '../src/moderation/text/semantic.js';
import { moderateText } from '../src/moderation/text/text-moderator.js';
import { datasetsDir, moreAvailable } from '../scripts/text-datasets.js';

const check = (text: string) => moderateText(text, textCategories);

/**
 * A fixed sample per detector: [text, expected suggestion side, expected label when flagged, and for the third
 * round's detectors (threat-grammar.ts, insults.ts, the wider comment spam) the kind of finding that must make it and
 * its suggestion].
 */
const samples: [string, 'flag' | 'pass', string?, ('threat' | 'insult' | 'spam')?, ('review' | 'block')?][] = [
  // threats, English and Chinese: future tense, norms, conditionals, calls to others, emoji
  ['I am going to kill all immigrants.', 'flag', 'terrorism'],
  ['Muslims should all be executed.', 'flag', 'terrorism'],
  ['If a refugee moves next door, I will stab them.', 'flag', 'terrorism'],
  ['Grab your guns and go kill some Jews tonight.', 'flag', 'terrorism'],
  ['I will find where you live and break your legs.', 'flag', 'abuse'],
  ['I am going to 🔪 all 🏳️‍🌈', 'flag', 'terrorism'],
  ['我要杀光所有穆斯林。', 'flag', 'terrorism'],
  ['同性恋都应该被枪毙。', 'flag', 'terrorism'],
  ['你再说一句我就弄死你。', 'flag', 'abuse'],
  // identity-directed hate
  ['I hate women.', 'flag', 'abuse'],
  ['Immigrants are vermin.', 'flag', 'abuse'],
  ['Trans people are never any good.', 'flag', 'abuse'],
  ['Black people belong in a zoo.', 'flag', 'abuse'],
  ['👳🏽 are 🐀', 'flag', 'abuse'],
  ['黑人都是垃圾。', 'flag', 'abuse'],
  ['我恨同性恋。', 'flag', 'abuse'],
  // negation and counter-speech pass
  ['I do not hate Muslims.', 'pass'],
  ['Statements like "immigrants are vermin" are deeply hurtful.', 'pass'],
  ['Saying "gay people should all be executed" is hateful and wrong.', 'pass'],
  ['我不恨同性恋。', 'pass'],
  ['说“女人都是垃圾”的人才是真正的歧视者。', 'pass'],
  // benign look-alikes
  ['I am going to kill this presentation tomorrow.', 'pass'],
  ['I will shoot you an email later today.', 'pass'],
  ['I love Muslims.', 'pass'],
  ['The museum tells how the regime murdered six million Jews in the Holocaust.', 'pass'],
  ['南京大屠杀中，日军杀害了大量无辜平民，我们永远铭记。', 'pass'],
  // comment spam
  ['Check out my channel, I make music videos!', 'flag', 'ad'],
  ['sub to my channel pls, trying to reach 1000 subs', 'flag', 'ad'],
  ['Follow me on instagram @dance_queen99 for more!', 'flag', 'ad'],
  ['Vote for my daughter in the contest here http://vote.example.org/entry/42', 'flag', 'ad'],
  ['求关注求点赞，互粉互赞！', 'flag', 'ad'],
  ['点击链接领取红包 http://t.cn/abc123', 'flag', 'ad'],
  ['I subscribed to this channel years ago and it is still great.', 'pass'],
  ['这首歌真好听，单曲循环了一天。', 'pass'],
  // spelling attacks
  ['I haet Muslims.', 'flag', 'abuse'],
  ['I h a t e immigrants.', 'flag', 'abuse'],
  ['Refugees are d1sgust1ng.', 'flag', 'abuse'],
  ['I will k1ll all Jews.', 'flag', 'terrorism'],
  ['女人都是laji。', 'flag', 'abuse'],
  ['黑人都是垃鸡。', 'flag', 'abuse'],
  ['同性恋都该歹匕。', 'flag', 'terrorism'],
  // The third round: threats as grammar (gerund, progressive, passive, quantified, wish; 把, norms), and the
  // look-alikes (idioms, another subject, negation, condemnation, reports, games); insults at a person; comment spam.
  // threats as grammar: gerund subject, progressive, passive with a present auxiliary, quantified patient, wish
  ['Killing every last one of those refugees would be a favour to the world.', 'flag', 'terrorism', 'threat'],
  ['Time to start hanging gays from the lampposts.', 'flag', 'terrorism', 'threat'],
  ['Every Jew in this city is getting shot tonight.', 'flag', 'terrorism', 'threat'],
  ['I want all Muslims dead.', 'flag', 'terrorism', 'threat'],
  ["I'll find you and stab you.", 'flag', 'abuse', 'threat'],
  ['I hope someone shoots you in the face.', 'flag', 'abuse', 'threat'],
  ['迟早砍死你们这帮人', 'flag', 'abuse', 'threat'],
  ['同性恋都应该被活埋', 'flag', 'terrorism', 'threat'],
  ['把你全家都杀了', 'flag', 'abuse', 'threat'],
  ['这些黑人就应该拉出去枪毙', 'flag', 'terrorism', 'threat'],
  // ... and what has the same words without being one: idioms, another subject, negation, condemnation, reports
  ['This joke kills me every time.', 'pass'],
  ["I'm going to hang out with her tonight.", 'pass'],
  ['Smoking kills you slowly.', 'pass'],
  ['No one should ever kill a person for their beliefs.', 'pass'],
  ['People who shoot their neighbours should go to jail.', 'pass'],
  ['Black people are getting shot by police every day and nobody cares.', 'pass'],
  ['In the game you have to kill everyone in the lobby to win.', 'pass'],
  ['发烧你要多喝水', 'pass'],
  ['我不会杀你的，放心吧', 'pass'],
  ['这个游戏里你要先杀掉对面的打野', 'pass'],
  // insults aimed at a person: review, block when strong
  ['@USER you are such a loser', 'flag', 'abuse', 'insult', 'review'],
  ['@USER She is a disgrace', 'flag', 'abuse', 'insult', 'review'],
  ['@USER Antifa are a bunch of cowards', 'flag', 'abuse', 'insult', 'review'],
  ['You are a complete waste of space.', 'flag', 'abuse', 'insult', 'block'],
  ['your mom is disgusting', 'flag', 'abuse', 'insult', 'review'],
  ['nobody asked you', 'flag', 'abuse', 'insult', 'review'],
  ['你这个蠢货', 'flag', 'abuse', 'insult'],
  ['他就是个白痴', 'flag', 'abuse', 'insult'],
  ['你们这些人渣', 'flag', 'abuse', 'insult', 'block'],
  ['滚', 'flag', 'abuse', 'insult', 'review'],
  ['He is a pig farmer from Iowa.', 'pass'],
  ['Shut up, that is amazing news!', 'pass'],
  ['你不傻，只是太善良了', 'pass'],
  ['今天猪肉涨价了', 'pass'],
  ['我当时都傻眼了', 'pass'],
  // comment spam under videos
  ['Hey guys I am a 16 year old rapper, please give my music a listen', 'flag', 'ad', 'spam'],
  ['If you like this you will love my channel', 'flag', 'ad', 'spam'],
  ['PLEASE SUBSCRIBE', 'flag', 'ad', 'spam'],
  ['I make $200 daily from home, ask me how', 'flag', 'ad', 'spam'],
  ['喜欢的可以关注一下', 'flag', 'ad', 'spam'],
  ['欢迎来我的小店逛逛', 'flag', 'ad', 'spam'],
  ['想要的私我', 'flag', 'ad', 'spam'],
  ['Check out the guitar solo at 3:10.', 'pass'],
  ['My channel on the TV is broken again.', 'pass'],
  ['点击右上角的设置就能改', 'pass'],
  ['这家小店的面很好吃', 'pass'],
];

describe('text detectors of meaning (fixed sample)', () => {
  for (const [text, side, label, kind, suggestion] of samples) {
    it(`${side === 'flag' ? `flags as ${label}${kind ? ` (${kind})` : ''}` : 'passes'}: ${text}`, () => {
      const r = check(text);
      if (side === 'pass') {
        assert.equal(r.suggestion, 'pass', JSON.stringify(r));
        return;
      }
      assert.notEqual(r.suggestion, 'pass', JSON.stringify(r));
      assert.ok(
        r.details.some((d) => d.label === label),
        `${label} expected: ${JSON.stringify(r)}`,
      );
      if (!kind) return;
      const finding = findMeaning(text, true).findings.find((f) => f.kind === kind);
      assert.ok(finding, `no ${kind} finding: ${JSON.stringify(findMeaning(text, true))}`);
      assert.equal(text.slice(finding.start, finding.end), finding.segment);
      if (suggestion) assert.equal(finding.suggestion, suggestion, JSON.stringify(finding));
    });
  }

  it('reports a threat with the words that make it as the segment', () => {
    const text = 'Honestly, I am going to kill all immigrants.';
    const finding = findMeaning(text, true).findings.find((f) => f.kind === 'threat')!;
    assert.equal(finding.label, 'terrorism');
    assert.equal(text.slice(finding.start, finding.end), finding.segment);
    assert.match(finding.segment, /kill all immigrants/);
    const r = check(text);
    const segment = r.details.find((d) => d.label === 'terrorism')!.segments[0]!;
    assert.equal(text.slice(...segment.position), segment.segment);
  });

  it('does not read runs of @USER mentions as meaningless, and passes profanity as an exclamation aimed at no one', () => {
    const r = check('@USER @USER @USER @USER @USER @USER @USER this is exactly what I said yesterday');
    assert.equal(r.suggestion, 'pass', JSON.stringify(r));
    assert.equal(check('Holy shit, I passed the exam!').suggestion, 'pass');
    assert.equal(check('Fuck, I missed the bus again.').suggestion, 'pass');
    assert.equal(check('you are a fucking idiot').suggestion, 'block');
  });
});

/**
 * Insults in the style of offensive tweets (OLID-like: at a person or a non-protected group, few swear words), written
 * for the third round; 12 of 20 were flagged before it, 19 after (a bare "shut up" is left alone: it is also surprise).
 */
const tweetInsults = [
  '@USER She is a disgrace',
  '@USER you are a joke',
  '@USER Liberals are idiots',
  '@USER What a clown',
  '@USER Go away, nobody likes you',
  '@USER This guy is a moron',
  '@USER He is so pathetic',
  '@USER You are a liar and a fraud',
  "@USER you're a hypocrite",
  '@USER Antifa are a bunch of cowards',
  '@USER the referee is an idiot',
  '@USER they are disgusting',
  '@USER Get lost loser',
  '@USER you have no brain',
  '@USER you are so dumb it hurts',
  '@USER @USER what a loser lol',
  '@USER Your an idiot',
  '@USER ur so ugly',
  '@USER Democrats are pathetic',
  '@USER Shut up',
];

describe('insults aimed at a person, in the style of offensive tweets', () => {
  it('flags at least 18 of the 20', () => {
    const missed = tweetInsults.filter((t) => check(t).suggestion === 'pass');
    assert.ok(missed.length <= 2, `missed: ${JSON.stringify(missed)}`);
  });
});

describe('functional checks (generated, scripts/text-functional-checks.ts)', () => {
  it('holds floors per set on the dev templates and does not fall under the blind figures', () => {
    const { sets } = functionalRows();
    const floors: Record<string, number> = {
      'en:dev': 0.95,
      'emoji:dev': 0.9,
      'zh:dev': 0.95,
      'spam-en:dev': 0.95,
      'spam-zh:dev': 0.95,
      // The third round (threat-grammar.ts, insults.ts) measured 80.3, 83.6 and 100 here; the fourth 83.3, 70.8
      // and 85.5.
      'en:blind': 0.81,
      'emoji:blind': 0.68,
      'zh:blind': 0.83,
      'spam-en:blind': 0.95,
      // The holdout part (scripts/text-functional-holdout.ts), a few points under what was measured.
      'en:holdout': 0.96,
      'emoji:holdout': 0.95,
      'zh:holdout': 0.95,
      'spam-en:holdout': 0.85,
      'spam-zh:holdout': 0.95,
    };
    for (const row of sets) {
      const floor = floors[row.name];
      if (floor !== undefined) assert.ok(row.accuracy >= floor, `${row.name}: accuracy ${row.accuracy} under ${floor}`);
    }
  });

  it("holds floors on the fourth round's functions (all parts), a few points under what was measured", () => {
    const floors: Record<string, number> = {
      'en:threat_dir_h': 0.97,
      'en:threat_cond_h': 0.95,
      'en:derog_impl_h': 0.9,
      'en:negate_pos_h': 0.9,
      'en:derog_neg_emote_h': 0.88,
      'en:slur_homonym_nh': 0.9,
      'en:reclaimed_nh': 0.75,
      'en:profanity_nh': 0.6,
      'zh:negate_pos_h': 0.95,
      'zh:spell_pinyin_h': 0.95,
      'zh:spell_split_h': 0.95,
      'zh:counter_quote_nh': 0.95,
      'zh:counter_ref_nh': 0.95,
      'zh:negate_neg_nh': 0.95,
    };
    const rows = new Map(functionalRows().functions.map((r) => [r.name, r]));
    for (const [name, floor] of Object.entries(floors)) {
      const row = rows.get(name);
      assert.ok(row, `no functional checks for ${name}`);
      assert.ok(row.accuracy >= floor, `${name}: accuracy ${row.accuracy} under ${floor}`);
    }
  });

  it("holds floors on the fifth round's functions (all parts), a few points under what was measured", () => {
    const floors: Record<string, number> = {
      'en:ref_subs_sent_h': 0.95,
      'en:threat_call_h': 0.95,
      'en:ref_subs_sent_nh': 0.95,
      'zh:derog_impl_h': 0.9,
      'zh:threat_dir_h': 0.95,
      'zh:derog_neg_emote_h': 0.85,
      'zh:threat_norm_h': 0.95,
    };
    const rows = new Map(functionalRows().functions.map((r) => [r.name, r]));
    for (const [name, floor] of Object.entries(floors)) {
      const row = rows.get(name);
      assert.ok(row, `no functional checks for ${name}`);
      assert.ok(row.accuracy >= floor, `${name}: accuracy ${row.accuracy} under ${floor}`);
    }
  });

  it('reads a sentence-initial "they" as the group named in an earlier sentence, and only then', () => {
    const flagged = [
      'I saw some immigrants at the station. They are disgusting animals.',
      'Refugees? They should all be locked up.',
      'We should round up all the Muslims.',
      'Someone needs to deal with the gay people once and for all.',
      'I will make Jews regret being born.',
      'You know what black people are like.',
      "I'm sick of trans people.",
      '早晚收拾河南人。',
      '外地人都一个样。',
      '离同性恋远点。',
      '🧕 should be 🔥',
    ];
    for (const t of flagged) assert.ok(findMeaning(t, false).findings.length > 0, `not found: ${t}`);
    const passed = [
      'I met some immigrants at the station. They were really kind to me.',
      'The trains were late again. They should all be locked up.',
      'Some refugees came by. Later on they said the rats in the camp are disgusting animals.',
      'Time to get rid of the old sofa.',
      'We teach immigrants a lesson in English every week.',
      '烦死这个天气了。',
    ];
    for (const t of passed) assert.equal(findMeaning(t, false).findings.length, 0, `found: ${t}`);
  });

  it('holds floors per detector on the holdout part, in both languages', () => {
    // A few points under what was measured when the holdout part was written and the detectors were reworked.
    const floors: Record<string, number> = {
      'holdout en threat': 0.95,
      'holdout en group_hate': 0.96,
      'holdout en negation_counter': 0.95,
      'holdout en spelling': 0.95,
      'holdout en spam': 0.85,
      'holdout zh threat': 0.95,
      'holdout zh group_hate': 0.95,
      'holdout zh negation_counter': 0.95,
      'holdout zh spelling': 0.95,
      'holdout zh spam': 0.85,
    };
    const rows = new Map(functionalFamilyRows().map((r) => [r.name, r]));
    for (const [name, floor] of Object.entries(floors)) {
      const row = rows.get(name);
      assert.ok(row, `no functional checks for ${name}`);
      assert.ok(row.accuracy >= floor, `${name}: accuracy ${row.accuracy} under ${floor}`);
    }
  });
});

const available = moreAvailable();
describe(
  'held-out parts of the further sets',
  { skip: available ? false : `data sets not found in ${datasetsDir()} (set AISP_DATASETS_DIR); skipped` },
  () => {
    // Floors a couple of points under the figures measured when the model was trained (F1, flagged = any label; the
    // spam set as `ad`).
    const floors: Record<string, number> = {
      civil_comments_toxic_spans: 0.88,
      convabuse: 0.66,
      hatemoji_build: 0.3,
      hatexplain: 0.75,
      implicit_hate_elsherief2021: 0.45,
      janitr_x_scam_spam: 0.76,
      stormfront_degibert2018: 0.38,
      swsr_weibo_sexism_zh: 0.64,
      toxigen_seed_statements: 0.58,
    };
    for (const c of available ? moreCases() : []) {
      const set = c.name.split(' ')[0]!;
      it(`holds its floor on ${c.name}`, () => {
        const f = evaluateCase(c);
        assert.ok(f.f1 >= floors[set]!, `${set}: F1 ${f.f1.toFixed(3)} under ${floors[set]}`);
      });
    }
  },
);
