/**
 * Built-in term lists per category (English and Chinese). They are the base that per-project glossaries extend;
 * README's "Moderation quality" section gives the recall and false-positive rate measured on the shipped sample
 * (test/fixtures/text-moderation-sample.jsonl). Terms are matched after normalisation (see normalizer.ts).
 */
export const textCategories = ['porn', 'abuse', 'ad', 'terrorism', 'contraband', 'flood'] as const;
export type TextCategory = (typeof textCategories)[number];

export const builtinLexicon: Record<Exclude<TextCategory, 'flood'>, readonly string[]> = {
  porn: [
    'porn', 'porno', 'pornography', 'xxx videos', 'xxx movies', 'nude', 'nudes', 'naked girls', 'sex video', 'sex tape', 'sexcam', 'camgirl',
    'blowjob', 'handjob', 'cumshot', 'creampie', 'gangbang', 'orgy', 'milf', 'hentai', 'dildo', 'vibrator sex',
    'pussy', 'cock', 'dick pic', 'tits', 'boobs', 'nipples', 'anal sex', 'onlyfans leak', 'escort service',
    'hookup tonight', 'horny', 'erotic massage', 'strip club', 'threesome', 'masturbate', 'masturbation',
    '色情', '黄片', '裸聊', '约炮', '一夜情', '成人视频', 'av女优', '援交', '卖淫', '嫖娼', '裸照', '性交', '做爱视频',
    '自慰', '口交', '乱伦', '迷奸', '情色', '小姐上门', '楼凤',
  ],
  abuse: [
    'fuck', 'fucking', 'fucker', 'motherfucker', 'shit', 'bullshit', 'bitch', 'bastard', 'asshole', 'dickhead',
    'cunt', 'whore', 'slut', 'retard', 'moron', 'idiot', 'stupid bitch', 'piece of shit', 'go to hell', 'kill yourself',
    'kys', 'loser', 'scumbag', 'jackass', 'dumbass', 'wanker', 'twat', 'prick', 'shut the fuck up', 'stfu', 'fuck off',
    'son of a bitch', 'damn you', 'die in a fire',
    '傻逼', '傻b', '煞笔', '操你妈', '草泥马', '你妈的', '他妈的', '滚蛋', '去死', '贱人', '婊子', '废物', '脑残', '白痴',
    '混蛋', '王八蛋', '狗娘养的', '尼玛', '妈的智障', '死全家',
  ],
  ad: [
    'buy now', 'click here', 'limited offer', 'free money', 'earn money fast', 'make money online', 'work from home',
    'get rich quick', 'cheap viagra', 'casino bonus', 'online casino', 'sports betting', 'crypto giveaway',
    'double your bitcoin', 'investment opportunity', 'guaranteed profit', 'discount code', 'promo code', 'dm me for price',
    'whatsapp me', 'add me on telegram', 'follow for follow', 'cheap followers', 'buy followers', 'seo service',
    'weight loss pills', 'payday loan', 'loan approval', 'act now',
    '加微信', '加v', '加qq', '微信号', '代开发票', '刷单', '兼职日结', '日赚', '网赚', '免费领取', '点击链接', '优惠券',
    '低价出售', '代理招募', '博彩', '网络赌场', '彩票内幕', '贷款秒批', '无抵押贷款', '代孕', '招聘兼职',
  ],
  terrorism: [
    'bomb making', 'make a bomb', 'build a bomb', 'pipe bomb', 'suicide bomber', 'suicide bombing', 'car bomb',
    'terrorist attack', 'join isis', 'jihad attack', 'behead', 'beheading', 'mass shooting', 'shoot up the school',
    'massacre them', 'kill all', 'plant explosives', 'detonate', 'assassinate', 'hostage execution', 'attack plan',
    'ied', 'jihadi', 'caliphate fighters',
    '恐怖袭击', '炸弹制作', '制造炸弹', '自杀式袭击', '爆炸物', '斩首', '圣战', '人体炸弹', '砍杀', '屠杀', '炸毁', '恐怖组织',
    '暴恐', '袭击警察',
  ],
  contraband: [
    'cocaine', 'heroin', 'meth', 'methamphetamine', 'crystal meth', 'fentanyl', 'lsd', 'mdma', 'ecstasy pills',
    'buy weed', 'weed for sale', 'drug dealer', 'buy drugs', 'sell drugs', 'ketamine', 'opium', 'buy a gun',
    'guns for sale', 'unregistered firearm', 'ghost gun', 'silencer for sale', 'fake passport', 'fake id',
    'counterfeit money', 'stolen credit cards', 'credit card dumps', 'ivory for sale', 'organ trade', 'sell kidney',
    '冰毒', '海洛因', '大麻', '摇头丸', '可卡因', 'k粉', '麻古', '枪支出售', '买枪', '仿真枪', '手枪出售', '假护照', '假币',
    '办假证', '信用卡套现', '迷药', '出售器官', '卖肾', '象牙出售', '代办身份证',
  ],
};

/** How a finding in each category is answered: `block` removes the content, `review` holds it for a person. */
export const categorySuggestion: Record<TextCategory | 'customized', 'block' | 'review'> = {
  porn: 'block',
  abuse: 'block',
  terrorism: 'block',
  contraband: 'block',
  ad: 'block',
  flood: 'review',
  customized: 'block',
};
