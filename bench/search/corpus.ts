// Seeded synthetic mail for the search benchmark: 45% English, 35% Chinese, 20% mixed, with the
// vocabulary of export trade (products, incoterms, ports, payment terms), ~12% with attachment text.
import type { CustomerId, MailboxId, MessageId, ThreadId, UserId } from '@wharf/model';
import type { SearchDocument } from '@wharf/search';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PRODUCTS: ReadonlyArray<readonly [en: string, zh: string]> = [
  ['stainless steel vacuum flask', '不锈钢保温杯'],
  ['LED panel light', 'LED面板灯'],
  ['bamboo cutting board', '竹制砧板'],
  ['silicone baking mat', '硅胶烘焙垫'],
  ['cotton tote bag', '棉布手提袋'],
  ['ceramic coffee mug', '陶瓷咖啡杯'],
  ['solar garden light', '太阳能庭院灯'],
  ['PVC raincoat', 'PVC雨衣'],
  ['electric kettle', '电热水壶'],
  ['yoga mat', '瑜伽垫'],
  ['USB-C charging cable', 'USB-C充电线'],
  ['aluminium camping chair', '铝合金露营椅'],
  ['glass food container', '玻璃保鲜盒'],
  ['wooden toy train', '木制玩具火车'],
  ['nitrile gloves', '丁腈手套'],
  ['car phone holder', '车载手机支架'],
];
export const PORTS: ReadonlyArray<readonly [en: string, zh: string]> = [
  ['Ningbo', '宁波'],
  ['Shanghai', '上海'],
  ['Shenzhen', '深圳'],
  ['Qingdao', '青岛'],
  ['Xiamen', '厦门'],
  ['Hamburg', '汉堡'],
  ['Rotterdam', '鹿特丹'],
  ['Los Angeles', '洛杉矶'],
  ['Felixstowe', '费利克斯托'],
  ['Jebel Ali', '杰贝阿里'],
];
const INCOTERMS = ['FOB', 'CIF', 'EXW', 'DDP', 'CFR'];
const EN_FIRST = [
  'Alice',
  'Bob',
  'Carlos',
  'Diana',
  'Erik',
  'Fatima',
  'George',
  'Hannah',
  'Ivan',
  'Julia',
  'Kevin',
  'Laura',
];
const EN_LAST = [
  'Smith',
  'Johnson',
  'Garcia',
  'Müller',
  'Rossi',
  'Nowak',
  'Dubois',
  'Kowalski',
  'Brown',
  'Silva',
];
const ZH_NAMES = [
  '王经理',
  '李娜',
  '张伟',
  '刘洋',
  '陈静',
  '杨帆',
  '赵磊',
  '黄丽',
  '周杰',
  '吴芳',
  '徐明',
  '孙悦',
];
const COMPANIES = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'huaxin',
  'dongfang',
  'zhongda',
  'hengtai',
  'kaiyuan',
];
export const TAGS = ['urgent', 'vip', 'sample', 'complaint', 'payment', 'logistics', '紧急', '重要客户'];
export const STATUSES = ['open', 'pending', 'closed', 'snoozed'];

const EN_SENTENCES = [
  'Please send us your best price for {qty} pcs of {product}, {incoterm} {port}.',
  'Our MOQ for the {product} is {qty} pcs per color.',
  'Payment terms: 30% deposit by T/T, 70% against copy of the bill of lading.',
  'The container will be loaded at {port} next week, ETD {date}.',
  'Kindly confirm the packing list and the shipping marks before production.',
  'The freight forwarder says space is tight this week, we suggest booking early.',
  'Attached is the proforma invoice {po}, please arrange the deposit.',
  'The samples were sent by DHL, tracking number {tracking}.',
  'Lead time is about {days} days after receipt of the deposit.',
  'We found some defects during inspection, please explain the reason.',
  'Could you offer a discount if the order quantity exceeds {qty} pcs?',
  'The shipment is delayed due to port congestion at {port}.',
  'Please check the commercial invoice, the unit price is {price} per piece.',
  'Our factory is ISO9001 certified and passed the BSCI audit last year.',
  'We need the certificate of origin and the insurance policy for customs clearance.',
  'Thank you for your inquiry, we will reply with a quotation within 24 hours.',
  'The customer asked for a new design of the {product} with their logo.',
  'Please advise the final destination and the consignee details.',
  'Balance payment received, thanks. We will release the telex release B/L today.',
  'Let me know if you need any further information. Best regards.',
];
const ZH_SENTENCES = [
  '您好，请报{product}的最低价格，数量{qty}个，{incoterm}{port}。',
  '{product}的起订量是每个颜色{qty}个，低于起订量需要加收开模费。',
  '付款方式：30%定金，70%见提单副本付清。',
  '集装箱下周在{port}装船，预计开船日期为{date}。',
  '请确认装箱单和唛头，确认后安排生产。',
  '货代说这周舱位很紧张，建议提前订舱。',
  '附件是形式发票{po}，请安排定金。',
  '样品已经通过顺丰寄出，运单号{tracking}，请注意查收。',
  '交期大约是收到定金后{days}天。',
  '验货时发现部分次品，请说明原因并提出解决方案。',
  '如果订单数量超过{qty}个，可以给5%的折扣。',
  '由于{port}港口拥堵，这批货的出运会延迟一周。',
  '请核对商业发票，单价是{price}。',
  '我们的工厂通过了ISO9001认证和BSCI验厂。',
  '清关需要原产地证和保险单，请尽快提供。',
  '感谢您的询价，我们会在24小时内回复报价。',
  '客户要求{product}印上他们的标志，请确认打样费用。',
  '请告知最终目的港和收货人信息。',
  '尾款已收到，今天安排电放提单。',
  '如有其他问题请随时联系，谢谢！',
  '海运费最近上涨，报价有效期为七天。',
  '我们接受信用证付款，但需要即期信用证。',
];
const EN_SUBJECTS = [
  'Inquiry for {product}',
  'RE: Quotation {product} {incoterm} {port}',
  'Invoice {po}',
  'Shipment delay for order {po}',
  'Packing list and B/L for {po}',
  'Sample request: {product}',
  'Payment received {po}',
  'New order {po} - {product}',
];
const ZH_SUBJECTS = [
  '询价：{product}',
  '回复：{product}报价 {incoterm}{port}',
  '订单{po}的装箱单和提单',
  '样品寄出通知',
  '付款确认 {po}',
  '货代订舱 {port}',
  '验货报告 {po}',
  '新订单{po}：{product}',
];

export interface CorpusOptions {
  readonly count: number;
  readonly seed?: number;
  readonly mailboxes?: number;
  /** First message date; messages spread over `months`. */
  readonly start?: number;
  readonly months?: number;
}

export function mailboxIds(n: number): MailboxId[] {
  return Array.from({ length: n }, (_, i) => `mb-${i}` as MailboxId);
}

export function* generateCorpus(options: CorpusOptions): Generator<SearchDocument> {
  const random = mulberry32(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const mailboxes = mailboxIds(options.mailboxes ?? 10);
  const start = options.start ?? Date.UTC(2024, 0, 1);
  const span = (options.months ?? 24) * 30 * 86_400_000;

  const fill = (template: string, zh: boolean) => {
    const [en, cn] = pick(PRODUCTS);
    const [portEn, portZh] = pick(PORTS);
    return template
      .replace('{product}', zh ? cn : en)
      .replace('{port}', zh ? portZh : portEn)
      .replace('{incoterm}', pick(INCOTERMS))
      .replace('{qty}', String(int(1, 50) * 100))
      .replace('{price}', `USD ${int(1, 40)}.${int(10, 99)}`)
      .replace('{po}', `PO-${int(2023, 2025)}-${String(int(1, 9999)).padStart(4, '0')}`)
      .replace('{tracking}', String(int(1e9, 9e9)))
      .replace('{days}', String(int(15, 60)))
      .replace('{date}', `${int(1, 12)}月${int(1, 28)}日`);
  };
  const paragraph = (zh: boolean, n: number) =>
    Array.from({ length: n }, () => fill(pick(zh ? ZH_SENTENCES : EN_SENTENCES), zh)).join(zh ? '' : ' ');
  const person = (zh: boolean) => {
    const company = pick(COMPANIES);
    if (zh)
      return {
        name: pick(ZH_NAMES),
        address: `${['wang', 'li', 'zhang', 'liu', 'chen'][int(0, 4)]}${int(1, 99)}@${company}.cn`,
      };
    const first = pick(EN_FIRST);
    const last = pick(EN_LAST);
    return { name: `${first} ${last}`, address: `${first.toLowerCase()}.${int(1, 99)}@${company}.com` };
  };

  for (let i = 0; i < options.count; i++) {
    const r = random();
    const kind = r < 0.45 ? 'en' : r < 0.8 ? 'zh' : 'mixed';
    const zhSubject = kind === 'zh' || (kind === 'mixed' && random() < 0.5);
    const subject = fill(pick(zhSubject ? ZH_SUBJECTS : EN_SUBJECTS), zhSubject);
    const body =
      kind === 'en'
        ? paragraph(false, int(4, 12))
        : kind === 'zh'
          ? paragraph(true, int(4, 12))
          : `${paragraph(true, int(1, 4))}\n\n${paragraph(false, int(1, 4))}`;
    const withAttachment = random() < 0.12;
    const attachments = withAttachment
      ? [
          {
            filename: random() < 0.5 ? `PI-${int(1000, 9999)}.pdf` : `报价单-${int(1, 999)}.xlsx`,
            text: `${paragraph(kind !== 'en', int(2, 6))}\nItem\tQty\tPrice\n${fill('{product}\t{qty}\t{price}', kind === 'zh')}`,
          },
        ]
      : [];
    const fromZh = kind === 'zh' ? true : kind === 'en' ? false : random() < 0.5;
    yield {
      key: `m-${i}` as MessageId,
      mailbox: mailboxes[i % mailboxes.length]!,
      thread: `t-${Math.floor(i / 3)}` as ThreadId,
      date: start + Math.floor(random() * span),
      subject,
      from: [person(fromZh)],
      to: [person(!fromZh), ...(random() < 0.3 ? [person(fromZh)] : [])],
      body,
      attachments,
      internal: random() < 0.1 ? [paragraph(kind !== 'en', 1)] : [],
      status: pick(STATUSES),
      assignee: random() < 0.7 ? (`u-${int(1, 12)}` as UserId) : null,
      customer: random() < 0.8 ? (`c-${int(1, 300)}` as CustomerId) : null,
      tags: random() < 0.4 ? [pick(TAGS)] : [],
    };
  }
}

/** Query pools per kind, seeded. Filter values match what the corpus generates. */
export function queryPools(seed: number, n: number): Record<QueryKind, string[]> {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const words = [
    'invoice',
    'container',
    'samples',
    'deposit',
    'congestion',
    'quotation',
    'defects',
    'discount',
    'forwarder',
    'customs',
    'logo',
    'consignee',
    'Hamburg',
    'ningbo',
    'flask',
    'kettle',
    'certified',
    'tracking',
    'MOQ',
    'telex',
  ];
  const cjk2 = [
    '货代',
    '报价',
    '样品',
    '交期',
    '提单',
    '定金',
    '唛头',
    '订舱',
    '清关',
    '尾款',
    '验货',
    '折扣',
    '宁波',
    '汉堡',
    '电放',
    '舱位',
  ];
  const cjkPhrase = [
    '集装箱',
    '起订量',
    '付款方式',
    '不锈钢保温杯',
    '海运费',
    '形式发票',
    '原产地证',
    '商业发票',
    '即期信用证',
    '装箱单',
    '开模费',
    '港口拥堵',
  ];
  const phrases = [
    '"bill of lading"',
    '"packing list"',
    '"payment terms"',
    '"port congestion"',
    '"proforma invoice"',
    '"vacuum flask"',
    '"certificate of origin"',
    '"best price"',
  ];
  const gen = (f: () => string) => Array.from({ length: n }, f);
  // what the box holds while a word is being typed: 3-5 letters, or one or two CJK characters
  const typing = () => {
    const word = pick([...words, ...cjk2, ...cjkPhrase]);
    const chars = [...word];
    const cut = /[a-z]/i.test(word) ? Math.min(chars.length, int(3, 5)) : int(1, Math.min(2, chars.length));
    return chars.slice(0, cut).join('');
  };
  return {
    word: gen(() => pick(words)),
    'type-ahead': gen(typing),
    'cjk-2char': gen(() => pick(cjk2)),
    'cjk-phrase': gen(() => pick(cjkPhrase)),
    phrase: gen(() => pick(phrases)),
    'filter-heavy': gen(() =>
      pick([
        () => `${pick(cjk2)} tag:${pick(TAGS)} status:${pick(STATUSES)} after:2024-06-01`,
        () => `has:attachment ${pick(words)} mailbox:mb-${int(0, 9)} before:2025-06-01`,
        () => `customer:c-${int(1, 300)} status:${pick(STATUSES)}`,
        () =>
          `from:${pick(['alice', 'bob', '王经理', '李娜', 'garcia'])} assignee:u-${int(1, 12)} ${pick(cjkPhrase)}`,
        () => `filename:pi after:2024-09-01 ${pick(words)}`,
      ])(),
    ),
    negation: gen(() =>
      pick([
        () => `${pick(words)} -${pick(words)}`,
        () => `${pick(cjk2)} -${pick(cjkPhrase)}`,
        () => `${pick(cjkPhrase)} -from:${pick(['alice', '张伟'])} -tag:${pick(TAGS)}`,
        () => `"payment terms" -deposit`,
      ])(),
    ),
  };
}

export const QUERY_KINDS = [
  'word',
  'cjk-2char',
  'cjk-phrase',
  'phrase',
  'filter-heavy',
  'negation',
  'type-ahead',
] as const;
/** Kinds searched with `prefixLast` (the last word is still being typed). */
export const PREFIX_KINDS: ReadonlySet<QueryKind> = new Set(['type-ahead']);
export type QueryKind = (typeof QUERY_KINDS)[number];
