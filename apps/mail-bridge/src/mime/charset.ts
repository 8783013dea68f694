// Pure core: bytes in some charset → text, for mail that lies about its charset or names none.
// Order of trust: a stateful 7-bit charset that is declared (ISO-2022-*) → valid UTF-8 (senders
// label UTF-8 as iso-8859-1 or us-ascii all the time, and legacy CJK bytes are almost never valid
// UTF-8) → the declared charset, widened to its superset (gb2312 → GB18030, euc-kr → CP949, ...),
// if it decodes without replacement characters → hints (the message's other charsets) → the
// candidate that reads most like real text.
import iconv from 'iconv-lite';
import encodingJapanese from 'encoding-japanese';

/** Declared names that legacy senders use for a subset of what they actually write. */
const SUPERSETS: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  cp936: 'gb18030',
  'x-gbk': 'gb18030',
  'euc-cn': 'gb18030',
  gb18030: 'gb18030',
  big5: 'big5hkscs',
  'big5-hkscs': 'big5hkscs',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  ks_c_5601: 'cp949',
  cp949: 'cp949',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
};

const STATEFUL_7BIT = /^(iso-?2022-?(jp|kr|cn)|jis|hz-gb-2312)/i;
/** Single-byte charsets: every byte decodes, so "no replacement character" proves nothing. */
const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|cp125\d|latin\d?|us-ascii|ascii)$/i;
const DETECTION_CANDIDATES = [
  'gb18030',
  'big5hkscs',
  'cp932',
  'euc-jp',
  'cp949',
  'windows-1251',
  'windows-1252',
];

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function normalizeCharset(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.trim().toLowerCase().replace(/^"|"$/g, '');
  if (lower === '' || lower === 'utf8' || lower === 'utf-8') return lower === '' ? undefined : 'utf-8';
  return SUPERSETS[lower] ?? lower;
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

function validUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeJapanese7bit(bytes: Uint8Array): string {
  return encodingJapanese.convert(Array.from(bytes), { to: 'UNICODE', from: 'JIS', type: 'string' });
}

function decodeAs(bytes: Uint8Array, charset: string): string | undefined {
  if (charset === 'utf-8') return Buffer.from(bytes).toString('utf8');
  if (/^(iso-?2022-?jp|jis)/i.test(charset)) return decodeJapanese7bit(bytes);
  if (!iconv.encodingExists(charset)) return undefined;
  return iconv.decode(Buffer.from(bytes), charset);
}

const hasReplacement = (text: string) => text.includes('\uFFFD');

const commonHanCache = new Map<string, boolean>();
/** Common = in GB2312 level 1 or Big5 level 1, the characters everyday Chinese is written with. */
function isCommonHan(ch: string): boolean {
  let known = commonHanCache.get(ch);
  if (known === undefined) {
    const gb = iconv.encode(ch, 'gb2312');
    const big5 = iconv.encode(ch, 'big5');
    const gbLead = gb[0] ?? 0;
    const big5Code = ((big5[0] ?? 0) << 8) | (big5[1] ?? 0);
    known =
      (gb.length === 2 && gbLead >= 0xb0 && gbLead <= 0xd7) || (big5Code >= 0xa440 && big5Code <= 0xc67e);
    commonHanCache.set(ch, known);
  }
  return known;
}

const commonHangulCache = new Map<string, boolean>();
/** The 2,350 syllables of KS X 1001; CP949's extra 8,822 are what other charsets misread into. */
function isCommonHangul(ch: string): boolean {
  let known = commonHangulCache.get(ch);
  if (known === undefined) {
    const b = iconv.encode(ch, 'cp949');
    known = b.length === 2 && (b[0] ?? 0) >= 0xb0 && (b[0] ?? 0) <= 0xc8 && (b[1] ?? 0) >= 0xa1;
    commonHangulCache.set(ch, known);
  }
  return known;
}

// The most frequent characters of written Chinese (simplified and traditional forms). EUC-KR hangul
// bytes fall exactly in GB2312 level 1, so "is it a common character" alone cannot tell Korean
// read as GBK from Chinese; real Chinese is dense in these, Korean misread as GBK is not.
const FREQUENT_HAN = new Set(
  '的一是不了在人有我他这個个们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于着下自之年过過发發后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应向头文体美相见被利什二等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四总何电数安少报才结反受目太量再感建务做接必场件计管期市直资命山金指克许统区保至形便空决治展科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边张该交规万取拉格望术领共确传师观清今切院让识候带导争运笑风步改收根干造言联持组每济车亲极林服快办议往元士证近失转夫令准布始怎呢存未远叫台单影具字爱流备连调深商算质团集百需价花华城石级整府离况请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维划致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爵篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵侧價時過們說為對來發個現當沒動還進體樣與長機無實開從間問應頭見產數電條氣題變報結員點會經樣種業'.split(
    '',
  ),
);

/** How much a string reads like real text; mis-decoded bytes land in rare ranges and symbols. */
export function plausibility(text: string): number {
  let score = 0;
  let counted = 0;
  let previous = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const kind = c >= 0x4e00 && c <= 0x9fff ? 'han' : c >= 0xac00 && c <= 0xd7a3 ? 'hangul' : 'other';
    // hanja glued to hangul is how Chinese bytes read as EUC-KR look; business Korean rarely does it
    if ((kind === 'han' && previous === 'hangul') || (kind === 'hangul' && previous === 'han')) score -= 1;
    previous = kind;
    if (c < 0x80) continue;
    counted += 1;
    if (kind === 'han') score += FREQUENT_HAN.has(ch) ? 1.3 : isCommonHan(ch) ? 0.6 : -0.5;
    else if (c >= 0x3040 && c <= 0x30ff)
      score += 1; // kana
    else if (kind === 'hangul') score += isCommonHangul(ch) ? 1 : -0.5;
    else if (c >= 0x0430 && c <= 0x044f)
      score += 0.8; // cyrillic lowercase
    else if (c >= 0x0410 && c <= 0x042f) score += 0.3;
    else if (c >= 0x3000 && c <= 0x303f)
      score += 0.5; // CJK punctuation
    else if (c >= 0xff01 && c <= 0xff5e)
      score += 0.5; // full-width forms
    else if (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) score += 0.2;
    else score -= 1;
  }
  return counted === 0 ? 0 : score / counted;
}

export interface DecodeOptions {
  /** The charset the part or header claims. */
  declared?: string | undefined;
  /** Other charsets seen in the same message, tried before blind detection. */
  hints?: readonly string[];
}

/** Decodes bytes whose charset may be missing or wrong. Never throws. */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): string {
  const declared = normalizeCharset(options.declared);
  if (declared && STATEFUL_7BIT.test(declared)) return decodeAs(bytes, declared) ?? latin1(bytes);
  if (isAscii(bytes)) {
    // an undeclared ISO-2022-JP text is pure ASCII apart from its escape sequences
    const text = latin1(bytes);
    return text.includes('\x1b$B') || text.includes('\x1b$@') ? decodeJapanese7bit(bytes) : text;
  }
  const utf8 = validUtf8(bytes);
  if (utf8 !== undefined) return utf8;

  if (declared && declared !== 'utf-8') {
    const text = decodeAs(bytes, declared);
    if (text !== undefined && !hasReplacement(text) && !SINGLE_BYTE.test(declared)) return text;
    if (text !== undefined && SINGLE_BYTE.test(declared))
      return looksLikeLatinMojibake(declared, text)
        ? (bestOf(bytes, [declared], options.hints) ?? text)
        : text;
  }
  return bestOf(bytes, [], options.hints) ?? Buffer.from(bytes).toString('utf8');
}

const LATIN = /^(windows-1252|iso-8859-(1|15))$/;

/**
 * A single-byte declaration decodes anything, so it is only doubted when it reads like CJK bytes
 * shown as Latin-1: runs of accented letters and symbols with no ASCII between them ("ÕÅÎ°").
 * Real French or German puts at most two such letters side by side.
 */
function looksLikeLatinMojibake(declared: string, text: string): boolean {
  if (!LATIN.test(declared)) return false;
  const runs = text.match(/[\u0080-\uffff]{3,}/g) ?? [];
  const inRuns = runs.reduce((n, run) => n + run.length, 0);
  const nonAscii = text.match(/[\u0080-\uffff]/g)?.length ?? 0;
  return nonAscii >= 4 && inRuns / nonAscii > 0.5;
}

function bestOf(
  bytes: Uint8Array,
  preferred: readonly string[],
  hints: readonly string[] = [],
): string | undefined {
  const hinted = hints.map(normalizeCharset).filter((c): c is string => c !== undefined && c !== 'utf-8');
  // a hint that decodes cleanly wins outright (unless single-byte: those always decode)
  for (const hint of hinted) {
    if (SINGLE_BYTE.test(hint)) continue;
    const text = decodeAs(bytes, hint);
    if (text !== undefined && !hasReplacement(text)) return text;
  }
  let best: { text: string; score: number } | undefined;
  const seen = new Set<string>();
  for (const charset of [...preferred, ...hinted, ...DETECTION_CANDIDATES]) {
    if (seen.has(charset)) continue;
    seen.add(charset);
    const text = decodeAs(bytes, charset);
    if (text === undefined || hasReplacement(text)) continue;
    const score = plausibility(text) + (preferred.includes(charset) ? 0.25 : 0);
    if (!best || score > best.score) best = { text, score };
  }
  return best?.text;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
