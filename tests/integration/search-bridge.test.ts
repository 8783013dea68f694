// Search end to end on `npm start` (scripts/start.ts): real Dovecot, the relay and the bridge in one
// process. Messages are indexed in the bridge's store as they are ingested (attachments included)
// and found through GET /api/search, only in the mailboxes the caller may read.
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCjkPdf, makeDocx, makeXlsx } from '@wharf/search/testing';
import { startWharfWithMailboxes, type WharfWithMailboxes } from '../helpers/wharf-process.ts';
import { startDovecot, type Dovecot } from '../helpers/dovecot.ts';

const SECRET = Buffer.alloc(32, 9).toString('base64');
const sales = { email: 'sales@wharf.test', password: 'secret-s' };
const info = { email: 'info@wharf.test', password: 'secret-i' };

interface Attachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

function mail(id: string, to: string, subject: string, text: string, attachments: Attachment[] = []) {
  return new MailComposer({
    messageId: `<${id}@buyer.example>`,
    from: { name: 'Buyer', address: 'buyer@buyer.example' },
    to,
    subject,
    text,
    date: new Date('2026-11-20T08:00:00Z'),
    attachments: attachments.map((a) => ({ ...a, content: Buffer.from(a.content) })),
  })
    .compile()
    .build();
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Hit {
  key: string;
  mailbox: string;
  subject: { text: string };
  snippet: { text: string; highlights: [number, number][]; source: string; filename?: string };
}
interface Result {
  hits: Hit[];
  warnings: { message: string }[];
}

const post = (url: string, body: unknown, cookie?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

describe('search through the bridge on npm start', () => {
  let dovecot: Dovecot;
  let wharf: WharfWithMailboxes;
  let admin: string;
  let member: string;

  const search = async (q: string, cookie: string, extra = ''): Promise<Result> => {
    const response = await fetch(`${wharf.url}/api/search?q=${encodeURIComponent(q)}${extra}`, {
      headers: { cookie },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Result;
  };
  /** Polls until the query finds something or the deadline passes; returns the last answer. */
  const searchUntilFound = async (q: string, cookie: string, deadlineMs: number): Promise<Result> => {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const result = await search(q, cookie);
      if (result.hits.length > 0 || Date.now() > deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  beforeAll(async () => {
    dovecot = await startDovecot([sales, info]);
    const docx = await makeDocx(['Packliste für Auftrag PO-7781', '装箱单：不锈钢球阀 Zollnummer 84818081']);
    const pdf = await makeCjkPdf(['报价：真空保温杯，杯身激光刻字', '交货期 25 天']);
    dovecot.seed(sales.email, 'INBOX', [
      {
        raw: await mail('pdf-1', sales.email, 'Quotation attached', 'Please find our quotation.', [
          { filename: '报价.pdf', content: pdf, contentType: 'application/pdf' },
        ]),
      },
      {
        raw: await mail('zh-1', sales.email, '询价：集装箱运费', '请报 40HQ 到汉堡的海运费，起订量 500 个。'),
      },
      {
        raw: await mail(
          'de-1',
          sales.email,
          'Anfrage Kugelhähne',
          'Bitte senden Sie uns ein Angebot für 200 Kugelhähne in Größe DN50.',
        ),
      },
      {
        raw: await mail('docx-1', sales.email, 'Documents for shipment', 'See the attached list.', [
          { filename: 'packing-list.docx', content: docx, contentType: DOCX },
        ]),
      },
    ]);
    dovecot.seed(info.email, 'INBOX', [
      {
        raw: await mail(
          'info-1',
          info.email,
          '货代报价',
          'Vertraulich: Rabatt für Kugelhähne, 集装箱 拼箱。',
        ),
      },
    ]);
    wharf = await startWharfWithMailboxes(dovecot.port, SECRET, [
      { id: 'sales', ...sales },
      { id: 'info', ...info },
    ]);
    const setup = await post(`${wharf.url}/api/setup`, {
      workspaceName: 'Acme Trading',
      name: 'Ada',
      email: 'ada@acme.example',
      password: 'correct horse 1',
    });
    expect(setup.status).toBe(201);
    admin = cookieOf(setup);
    const invite = await post(`${wharf.url}/api/invites`, { role: 'member', mailboxes: ['sales'] }, admin);
    expect(invite.status).toBe(201);
    const { token } = (await invite.json()) as { token: string };
    const accepted = await post(`${wharf.url}/api/invites/${token}/accept`, {
      name: 'Bo 王',
      email: 'bo@acme.example',
      password: 'pw-123456',
    });
    expect(accepted.status).toBe(201);
    member = cookieOf(accepted);
    // the seeded mail, bodies and attachment text included, before the tests ask for it
    for (const q of ['Zollnummer', 'Rabatt', '刻字'])
      expect((await searchUntilFound(q, admin, 30_000)).hits.length).toBeGreaterThan(0);
  }, 60_000);

  afterAll(async () => {
    await wharf?.stop();
    await dovecot?.[Symbol.asyncDispose]();
  });

  it('finds a two-character Chinese query and a German one, with highlighted snippets', async () => {
    const zh = await search('运费', member);
    expect(zh.hits.map((h) => h.subject.text)).toEqual(['询价：集装箱运费']);
    const body = await search('起订', member);
    expect(body.hits).toHaveLength(1);
    const [start, end] = body.hits[0]!.snippet.highlights[0]!;
    expect(body.hits[0]!.snippet.text.slice(start, end)).toBe('起订');

    // folded: "grosse" finds "Größe"; "kugelhähne" the umlaut form
    const de = await search('grosse kugelhähne', member);
    expect(de.hits.map((h) => h.subject.text)).toEqual(['Anfrage Kugelhähne']);
    const snippet = de.hits[0]!.snippet;
    expect(snippet.highlights.map(([s, e]) => snippet.text.slice(s, e))).toContain('Größe');
  });

  it('finds the text of a DOCX attachment and names the file', async () => {
    const result = await search('装箱单', member);
    expect(result.hits.map((h) => h.subject.text)).toEqual(['Documents for shipment']);
    expect(result.hits[0]!.snippet).toMatchObject({ source: 'attachment', filename: 'packing-list.docx' });
  });

  it('finds a 2-character Chinese query in a PDF with an embedded CJK font', async () => {
    const result = await search('刻字', member);
    expect(result.hits.map((h) => h.subject.text)).toEqual(['Quotation attached']);
    expect(result.hits[0]!.snippet).toMatchObject({ source: 'attachment', filename: '报价.pdf' });
  });

  it('returns nothing from a mailbox the member has no grant on; the admin sees it', async () => {
    expect((await search('货代', member)).hits).toEqual([]);
    expect((await search('Rabatt', member)).hits).toEqual([]);
    const forAdmin = await search('货代', admin);
    expect(forAdmin.hits.map((h) => h.mailbox)).toEqual(['info']);
    // a word in both mailboxes: the member gets the sales one only
    const both = await search('Kugelhähne', member);
    expect(both.hits.map((h) => h.mailbox)).toEqual(['sales']);
    expect((await search('Kugelhähne', admin)).hits.map((h) => h.mailbox).sort()).toEqual(['info', 'sales']);
  });

  it('finds a message appended while running within 2 s, then its XLSX attachment text', async () => {
    const xlsx = await makeXlsx({
      报价: [
        ['型号', '单价'],
        ['Flanschventil-9921', 42.5],
      ],
    });
    await dovecot.append(
      sales,
      'INBOX',
      await mail('live-1', sales.email, 'Neue Bestellung Schieberventile', 'Details im Anhang.', [
        { filename: 'angebot.xlsx', content: xlsx, contentType: XLSX },
      ]),
    );
    const live = await searchUntilFound('Schieberventile', member, 2_000);
    expect(live.hits.map((h) => h.subject.text)).toEqual(['Neue Bestellung Schieberventile']);
    // the body (and its attachment) follows the metadata
    const sheet = await searchUntilFound('Flanschventil-9921', member, 10_000);
    expect(sheet.hits.map((h) => h.subject.text)).toEqual(['Neue Bestellung Schieberventile']);
    expect(sheet.hits[0]!.snippet).toMatchObject({ source: 'attachment', filename: 'angebot.xlsx' });
  });

  it('answers 401 without a session, 400 with a bilingual reason, and warnings for what it could not read', async () => {
    expect((await fetch(`${wharf.url}/api/search?q=x`)).status).toBe(401);
    const empty = await fetch(`${wharf.url}/api/search?q=`, { headers: { cookie: member } });
    expect(empty.status).toBe(400);
    const { error } = (await empty.json()) as { error: { message: string } };
    expect(error.message).toMatch(/empty/);
    expect(error.message).toMatch(/为空/);
    const badLimit = await fetch(`${wharf.url}/api/search?q=x&limit=0`, { headers: { cookie: member } });
    expect(badLimit.status).toBe(400);
    const warned = await search('运费 before:someday', member);
    expect(warned.warnings.length).toBeGreaterThan(0);
    expect(warned.hits.map((h) => h.subject.text)).toEqual(['询价：集装箱运费']);
  });
});
