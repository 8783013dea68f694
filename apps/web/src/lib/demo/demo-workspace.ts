// A realistic demo workspace to try Wharf without connecting a mailbox: one "Demo" mailbox and
// inquiries an export team gets (RFQs, samples, price negotiation, payment terms) in several
// languages. Written through model operations, like the bridge would ingest them.
import type * as Y from 'yjs';
import {
  addMessages,
  addTag,
  docName,
  HOT_BUCKET,
  mailboxId as toMailboxId,
  messageId,
  putWorkspaceRow,
  threadId as toThreadId,
  type MailboxId,
  type OpContext,
} from '@wharf/model';

export const DEMO_MAILBOX: MailboxId = toMailboxId('demo');

interface DemoThread {
  id: string;
  subject: string;
  from: { name: string; address: string };
  text: string;
  hoursAgo: number;
  tags?: string[];
}

const THREADS: readonly DemoThread[] = [
  {
    id: 'rfq-bottles',
    subject: 'RFQ: 5,000 pcs stainless steel vacuum bottles, FOB Ningbo',
    from: { name: 'Maria Lopez', address: 'maria@importadora-lopez.example' },
    text: 'Please quote 500 ml and 750 ml, with our logo laser engraved. Delivery before March.',
    hoursAgo: 1,
    tags: ['rfq'],
  },
  {
    id: 'samples-silicone',
    subject: '样品申请：硅胶厨具三套',
    from: { name: '陈先生', address: 'chen@sz-trading.example' },
    text: '请寄三套样品到深圳，运费到付。谢谢！',
    hoursAgo: 3,
    tags: ['sample'],
  },
  {
    id: 'price-led',
    subject: 'Re: Price for LED panel 600x600 — 5% discount for 3x40HQ?',
    from: { name: 'Ahmed Al-Farsi', address: 'ahmed@gulf-lighting.example' },
    text: 'Your price is 8% above our other supplier. Can you do 5% off for three containers?',
    hoursAgo: 5,
    tags: ['negotiation', 'vip'],
  },
  {
    id: 'terms-tt',
    subject: 'Payment terms: 30% T/T deposit, 70% against B/L copy',
    from: { name: 'Olga Petrova', address: 'olga@baltic-import.example' },
    text: 'We can accept 30/70 but need the B/L copy within 3 days of loading.',
    hoursAgo: 8,
  },
  {
    id: 'anfrage-moebel',
    subject: 'Anfrage: Gartenmöbel aus Aluminium, 2 Container',
    from: { name: 'Jonas Becker', address: 'j.becker@garten-handel.example' },
    text: 'Bitte senden Sie uns Ihren aktuellen Katalog und Preise EXW.',
    hoursAgo: 20,
    tags: ['rfq'],
  },
  {
    id: 'cotizacion-textil',
    subject: 'Cotización: toallas de algodón 500 g/m²',
    from: { name: 'Lucía Fernández', address: 'lucia@textiles-andinos.example' },
    text: '¿Pueden enviar precio CIF Callao para 10.000 unidades?',
    hoursAgo: 26,
    tags: ['rfq'],
  },
  {
    id: 'lc-question',
    subject: 'L/C at sight — discrepancy in the invoice description',
    from: { name: 'Bank Trade Desk', address: 'tradedesk@bank.example' },
    text: 'The commercial invoice says "steel bottles", the L/C says "vacuum flasks". Please amend.',
    hoursAgo: 30,
    tags: ['urgent'],
  },
  {
    id: 'mitsumori',
    subject: '見積依頼：ステンレスタンブラー 3,000個',
    from: { name: '佐藤 健', address: 'sato@tokyo-goods.example' },
    text: 'ロゴ印刷込みの単価と納期を教えてください。',
    hoursAgo: 44,
    tags: ['rfq'],
  },
  {
    id: 'devis-emballage',
    subject: 'Demande de devis : emballages kraft personnalisés',
    from: { name: 'Claire Martin', address: 'claire@epicerie-fine.example' },
    text: 'Quel est votre MOQ pour des sacs kraft imprimés en deux couleurs ?',
    hoursAgo: 60,
  },
  {
    id: 'complaint-damage',
    subject: 'Damaged cartons on arrival — PO 2026-114',
    from: { name: 'Tom Walker', address: 'tom@walker-retail.example' },
    text: 'About 40 cartons arrived crushed. Photos attached. How do you want to handle this?',
    hoursAgo: 75,
    tags: ['claim'],
  },
  {
    id: 'zapros-ceny',
    subject: 'Запрос цены: светодиодные прожекторы 100 Вт',
    from: { name: 'Иван Смирнов', address: 'ivan@svet-opt.example' },
    text: 'Интересует цена FOB Шанхай на 2000 штук и сертификат EAC.',
    hoursAgo: 96,
    tags: ['rfq'],
  },
  {
    id: 'follow-up-sample',
    subject: 'Follow-up: feedback on the samples you sent',
    from: { name: 'Priya Nair', address: 'priya@kitchenworld.example' },
    text: 'The team liked the blue version. Can we get a price for 2,000 sets?',
    hoursAgo: 120,
    tags: ['sample'],
  },
];

export interface DemoDocs {
  workspace: Y.Doc;
  index: Y.Doc;
  thread(threadId: string): Y.Doc;
}

/** Names of every doc the demo writes, so the caller can open them first. */
export function demoDocNames(): { workspace: string; index: string; threads: string[] } {
  return {
    workspace: docName({ kind: 'workspace' }),
    index: docName({ kind: 'index', mailboxId: DEMO_MAILBOX, bucket: HOT_BUCKET }),
    threads: THREADS.map((t) =>
      docName({ kind: 'thread', mailboxId: DEMO_MAILBOX, threadId: toThreadId(t.id) }),
    ),
  };
}

export function writeDemoWorkspace(docs: DemoDocs, ctx: OpContext): number {
  putWorkspaceRow(
    docs.workspace,
    'mailboxes',
    { id: DEMO_MAILBOX, address: 'demo@wharf.example', displayName: 'Demo · 演示', sendAs: [] },
    ctx,
  );
  const now = ctx.deps.now();
  const index = () => docs.index;
  for (const thread of THREADS) {
    const doc = docs.thread(thread.id);
    const threadId = toThreadId(thread.id);
    addMessages(
      doc,
      { threadId, mailboxId: DEMO_MAILBOX, subject: thread.subject },
      [
        {
          id: messageId(`${thread.id}-1`),
          messageIdHeader: `<${thread.id}-1@demo.wharf.example>`,
          from: thread.from,
          to: [{ name: 'Demo', address: 'demo@wharf.example' }],
          cc: [],
          date: now - thread.hoursAgo * 3_600_000,
          subject: thread.subject,
          snippet: thread.text,
          direction: 'in',
          hasAttachments: false,
          attachments: [],
        },
      ],
      { ...ctx, index },
    );
    for (const tag of thread.tags ?? []) addTag(doc, tag, { ...ctx, index });
  }
  return THREADS.length;
}
