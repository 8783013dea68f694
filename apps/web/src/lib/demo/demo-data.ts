// What the demo workspace holds: an export team selling valves and fittings, its colleagues, the
// inquiries it gets (RFQs, samples, price negotiation, payment terms) in several languages, and
// the settings that route them. Plain data; `demo-workspace.ts` writes it through model operations.
import {
  mailboxId as toMailboxId,
  userId as toUserId,
  type CustomerGrade,
  type MailboxId,
  type Member,
  type RoutingRule,
  type SlaPolicyInput,
  type UserId,
} from '@wharf/model';

export const DEMO_MAILBOX: MailboxId = toMailboxId('demo');
export const DEMO_ADDRESS = 'demo@wharf.example';

// Colleagues for rules and owners to point at. They cannot sign in: the relay has no account for
// them, only these rows of the workspace doc.
export const ANNA = toUserId('demo-anna');
export const LI_NA = toUserId('demo-li-na');
export const CARLOS = toUserId('demo-carlos');

export const DEMO_MEMBERS: readonly Member[] = [
  { id: ANNA, name: 'Anna Weber', email: 'anna@wharf.example', role: 'member', active: true },
  { id: LI_NA, name: '李娜', email: 'lina@wharf.example', role: 'member', active: true },
  { id: CARLOS, name: 'Carlos Souza', email: 'carlos@wharf.example', role: 'member', active: true },
];

export const DEMO_RULES: readonly RoutingRule[] = [
  {
    id: 'demo-eu-valves',
    name: 'EU valve inquiries → Anna',
    enabled: true,
    match: 'any',
    conditions: [
      {
        kind: 'keyword',
        keywords: ['Kugelhahn', 'Kugelhähne', 'Ventil', 'Absperrklappe', 'vanne', 'vannes'],
        fields: ['subject', 'body'],
      },
    ],
    actions: [
      { kind: 'assign', memberId: ANNA },
      { kind: 'tag', tag: 'eu' },
    ],
    continue: false,
  },
  {
    id: 'demo-cjk',
    name: '中文/日本語询盘 → 李娜',
    enabled: true,
    match: 'any',
    conditions: [
      { kind: 'keyword', keywords: ['阀门', '球阀', '样品', '报价', 'バルブ'], fields: ['subject', 'body'] },
    ],
    actions: [
      { kind: 'assign', memberId: LI_NA },
      { kind: 'tag', tag: 'asia' },
    ],
    continue: false,
  },
  {
    id: 'demo-latam',
    name: 'Español / Português → Carlos',
    enabled: true,
    match: 'any',
    conditions: [{ kind: 'language', languages: ['es', 'pt'] }],
    actions: [
      { kind: 'assign', memberId: CARLOS },
      { kind: 'tag', tag: 'latam' },
    ],
    continue: false,
  },
];

const OFFICE = [{ start: '09:00', end: '18:00' }];

/** First reply within 2 working hours in Ningbo's office hours. */
export const DEMO_SLA: SlaPolicyInput = {
  name: 'Demo · first reply 2 h',
  firstReplyMinutes: 120,
  dueSoonMinutes: 30,
  workingHours: {
    timeZone: 'Asia/Shanghai',
    week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
    holidays: [],
  },
};

/** An approval rule row (`approvalRuleFrom` reads it): contracts and big totals need a manager. */
export const DEMO_APPROVAL_RULE = {
  id: 'demo-final-contract',
  name: 'Final contract / 最终合同',
  enabled: true,
  phrases: ['final contract', '最终合同', 'Endvertrag'],
  totalAbove: 50_000,
  currency: 'USD',
};

export interface DemoMessage {
  from: { name: string; address: string };
  text: string;
  hoursAgo: number;
  direction?: 'in' | 'out';
}

export interface DemoThread {
  id: string;
  subject: string;
  messages: readonly [DemoMessage, ...DemoMessage[]];
  tags?: readonly string[];
}

const us = (name: string) => ({ name, address: DEMO_ADDRESS });

// First wave: mail that arrived before the team set owners on these customers.
export const EARLIER_THREADS: readonly DemoThread[] = [
  {
    id: 'rfq-butterfly',
    subject: 'RFQ: butterfly valves DN100–DN300, 3×40HQ, CIF Jebel Ali',
    messages: [
      {
        from: { name: 'Ahmed Al-Farsi', address: 'ahmed@gulf-pipes.example' },
        text: 'Please quote wafer type butterfly valves, ductile iron body, EPDM seat, PN16. Quantity for three 40HQ containers, CIF Jebel Ali.',
        hoursAgo: 50,
      },
      {
        from: us('Wang Fang'),
        text: 'Dear Ahmed, please find our quotation attached: USD 18.60–61.20/pc by size, MOQ 200 pcs per size, CIF Jebel Ali.',
        hoursAgo: 46,
        direction: 'out',
      },
    ],
    tags: ['rfq'],
  },
  {
    id: 'samples-brass',
    subject: 'Follow-up: feedback on the brass fitting samples',
    messages: [
      {
        from: { name: 'Priya Nair', address: 'priya@aqua-fittings.example' },
        text: 'The team liked the lead-free brass elbows. Can we get a proforma invoice for 2,000 sets, FOB Ningbo?',
        hoursAgo: 120,
      },
    ],
    tags: ['sample'],
  },
  {
    id: 'damage-claim',
    subject: 'Damaged cartons on arrival — PO 2026-114',
    messages: [
      {
        from: { name: 'Tom Walker', address: 'tom@walker-plumbing.example' },
        text: 'About 40 cartons of gate valves arrived crushed. Photos attached. How do you want to handle this?',
        hoursAgo: 75,
      },
      {
        from: us('Wang Fang'),
        text: 'Sorry to hear that, Tom. We have filed a claim with the forwarder and will replace the damaged valves in the next shipment.',
        hoursAgo: 70,
        direction: 'out',
      },
    ],
    tags: ['claim'],
  },
  {
    id: 'zapros-fitingi',
    subject: 'Запрос цены: латунные фитинги для отопления',
    messages: [
      {
        from: { name: 'Иван Смирнов', address: 'ivan@teplo-opt.example' },
        text: 'Добрый день! Интересует цена FOB Нинбо на латунные фитинги 1/2" и 3/4", 10 000 штук, и сертификат EAC.',
        hoursAgo: 96,
      },
    ],
    tags: ['rfq'],
  },
];

/** A free-mail address a rep links by hand to its company before this mail arrives. */
export const LINKED_FREE_MAIL = { name: 'Priya Nair', address: 'priya.nair.home@gmail.com' };

// Second wave: owners, the hand-linked address and the rules are in place; routing decides.
export const LATER_THREADS: readonly DemoThread[] = [
  {
    id: 'price-butterfly',
    subject: 'Re: butterfly valves — 5% discount for 3×40HQ?',
    messages: [
      {
        from: { name: 'Procurement · Gulf Pipes', address: 'procurement@gulf-pipes.example' },
        text: 'Your price is 8% above our other supplier. Can you do 5% off if we confirm three containers this month?',
        hoursAgo: 5,
      },
    ],
    tags: ['negotiation'],
  },
  {
    id: 'contract-brass',
    subject: 'PI for 2,000 sets — final contract draft',
    messages: [
      {
        from: LINKED_FREE_MAIL,
        text: 'Writing from my personal mail while travelling: the final contract draft is fine for us. Total USD 64,800, T/T 30% deposit, balance against B/L copy.',
        hoursAgo: 20,
      },
    ],
  },
  {
    id: 'anfrage-kugelhaehne',
    subject: 'Anfrage: Kugelhähne DN50 PN40 aus Edelstahl, 500 Stück',
    messages: [
      {
        from: { name: 'Jonas Becker', address: 'j.becker@armaturen-becker.example' },
        text: 'Sehr geehrte Damen und Herren, bitte senden Sie uns Ihr Angebot für 500 Stück Kugelhähne DN50 PN40 aus Edelstahl 1.4408, Lieferung CIF Hamburg. Wie hoch sind MOQ und Lieferzeit?',
        hoursAgo: 2,
      },
    ],
    tags: ['rfq'],
  },
  {
    id: 'devis-vannes',
    subject: 'Demande de devis : vannes à boisseau sphérique 2"',
    messages: [
      {
        from: { name: 'Claire Martin', address: 'claire@robinetterie-martin.example' },
        text: 'Bonjour, quel est votre MOQ pour des vannes à boisseau sphérique en laiton, et pouvez-vous envoyer un échantillon ?',
        hoursAgo: 60,
      },
    ],
    tags: ['rfq'],
  },
  {
    id: 'yangpin-qiufa',
    subject: '样品申请：不锈钢球阀 DN25 三个',
    messages: [
      {
        from: { name: '陈先生', address: 'chen@sz-fluid.example' },
        text: '你好，请寄三个不锈钢球阀样品到深圳，运费到付。如果质量可以，下个月下单 2000 个。',
        hoursAgo: 3,
      },
    ],
    tags: ['sample'],
  },
  {
    id: 'mitsumori-valve',
    subject: '見積依頼：ステンレス製ニードルバルブ 300個',
    messages: [
      {
        from: { name: '佐藤 健', address: 'sato@tokyo-valve.example' },
        text: 'ニードルバルブの単価と納期を教えてください。支払条件は T/T でお願いします。',
        hoursAgo: 44,
      },
    ],
    tags: ['rfq'],
  },
  {
    id: 'cotizacion-valvulas',
    subject: 'Cotización: válvulas de compuerta de 2 y 4 pulgadas',
    messages: [
      {
        from: { name: 'Lucía Fernández', address: 'lucia@valvulas-andinas.example' },
        text: 'Buenos días, ¿pueden enviarnos el precio CIF Callao para 1.500 válvulas de compuerta? También necesitamos saber el plazo de entrega y las condiciones de pago.',
        hoursAgo: 26,
      },
    ],
    tags: ['rfq'],
  },
  {
    id: 'orcamento-conexoes',
    subject: 'Pedido de orçamento: conexões de aço inox 316',
    messages: [
      {
        from: { name: 'João Silva', address: 'joao@conexoes-brasil.example' },
        text: 'Olá, gostaríamos de receber um orçamento FOB Ningbo para conexões de aço inoxidável 316. Qual é a quantidade mínima e o prazo de entrega?',
        hoursAgo: 30,
      },
    ],
    tags: ['rfq'],
  },
  {
    id: 'usloviya-oplaty',
    subject: 'Условия оплаты: 30% T/T предоплата, 70% против копии B/L',
    messages: [
      {
        from: { name: 'Ольга Петрова', address: 'olga@baltic-armatura.example' },
        text: 'Мы согласны на 30/70, но копия коносамента нужна в течение 3 дней после погрузки.',
        hoursAgo: 8,
      },
    ],
  },
  {
    id: 'lc-discrepancy',
    subject: 'L/C at sight — discrepancy in the invoice description',
    messages: [
      {
        from: { name: 'Trade Desk', address: 'tradedesk@harbour-bank.example' },
        text: 'The commercial invoice says "gate valves", the L/C says "sluice valves". Please amend before presentation.',
        hoursAgo: 30,
      },
    ],
    tags: ['urgent'],
  },
];

export const DEMO_THREADS: readonly DemoThread[] = [...EARLIER_THREADS, ...LATER_THREADS];

/** The card of a customer the team has worked on; `owner: 'me'` is whoever loads the demo. */
export interface DemoCustomer {
  /** A sender of the customer: its customer is the one routing created for that address. */
  sender: string;
  company: string;
  country: string;
  website: string;
  grade: CustomerGrade;
  stage: string;
  owner: 'me' | UserId;
  market: string;
  products: string[];
  tags: string[];
  /** Hours from now (negative: already due). */
  followUpInHours?: number;
  /** Open tasks; `for: 'me'` is whoever loads the demo. */
  tasks?: { title: string; dueInHours: number; for: 'me' | UserId; thread?: string }[];
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    sender: 'ahmed@gulf-pipes.example',
    company: 'Gulf Pipes Trading LLC',
    country: 'AE',
    website: 'https://gulf-pipes.example',
    grade: 'A',
    stage: 'negotiation',
    owner: 'me',
    market: 'Middle East',
    products: ['butterfly valves'],
    tags: ['price-sensitive'],
    followUpInHours: -2,
    tasks: [
      {
        title: 'Send revised PI: 3% off, CIF Jebel Ali',
        dueInHours: 0,
        for: 'me',
        thread: 'price-butterfly',
      },
    ],
  },
  {
    sender: 'priya@aqua-fittings.example',
    company: 'Aqua Fittings Pvt Ltd',
    country: 'IN',
    website: 'https://aqua-fittings.example',
    grade: 'B',
    stage: 'payment-terms',
    owner: 'me',
    market: 'South Asia',
    products: ['brass fittings'],
    tags: ['quality-focused'],
    followUpInHours: 48,
    tasks: [{ title: 'Get the final contract approved, then send it', dueInHours: 24, for: 'me' }],
  },
  {
    sender: 'tom@walker-plumbing.example',
    company: 'Walker Plumbing Supplies',
    country: 'GB',
    website: 'https://walker-plumbing.example',
    grade: 'B',
    stage: 'after-sales',
    owner: ANNA,
    market: 'Europe',
    products: ['gate valves'],
    tags: [],
    tasks: [{ title: 'Send the damage photos to the insurer', dueInHours: -20, for: ANNA }],
  },
  {
    sender: 'j.becker@armaturen-becker.example',
    company: 'Armaturen Becker GmbH',
    country: 'DE',
    website: 'https://armaturen-becker.example',
    grade: 'A',
    stage: 'inquiry',
    owner: ANNA,
    market: 'Europe',
    products: ['ball valves'],
    tags: ['quality-focused'],
    followUpInHours: 24,
  },
  {
    sender: 'chen@sz-fluid.example',
    company: '深圳流体设备有限公司',
    country: 'CN',
    website: 'https://sz-fluid.example',
    grade: 'C',
    stage: 'samples',
    owner: LI_NA,
    market: 'China',
    products: ['ball valves'],
    tags: [],
    tasks: [
      { title: '寄出三个 DN25 球阀样品（运费到付）', dueInHours: 72, for: LI_NA, thread: 'yangpin-qiufa' },
    ],
  },
  {
    sender: 'lucia@valvulas-andinas.example',
    company: 'Válvulas Andinas S.A.C.',
    country: 'PE',
    website: 'https://valvulas-andinas.example',
    grade: 'B',
    stage: 'inquiry',
    owner: CARLOS,
    market: 'Latin America',
    products: ['gate valves'],
    tags: [],
  },
];
