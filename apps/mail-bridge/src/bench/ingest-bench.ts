// Ingest benchmark on a seeded loopback Dovecot (design §4, issue 3): the raw imapflow FETCH rate,
// the standalone mailparser rate, Wharf's metadata-first time-to-usable-inbox and its full ingest
// rate, reported as ratios. Started by bench/ingest/run.ts. Numbers depend on the machine (shared,
// 2 cores here): the ratios are what to compare between runs.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ImapFlow } from 'imapflow';
import iconv from 'iconv-lite';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { DatabaseSync } from 'node:sqlite';
import type { MailboxId, MessageId, ThreadId } from '@wharf/model';
import { createArchiveIndex, type SearchDocument } from '@wharf/search';
import { createBridge } from '../bridge.ts';
import { METADATA_HEADERS } from '../ingest/message-meta.ts';
import { dovecotMailbox, eventLog, realTimeDeps, startDovecot, type Dovecot } from '../testing/index.ts';

export interface IngestBenchOptions {
  messages: number;
  batchSize: number;
  bodyBatchSize?: number;
  log: (line: string) => void;
}

const user = { email: 'bench@wharf.test', password: 'bench' };
const SUBJECTS = [
  'Quote for valves',
  '询价：不锈钢管道配件',
  'Re: PI 2026-118',
  '見積もり依頼',
  'Order confirmation',
  'Fwd: 装箱单',
];

/**
 * A business-mail mix (~25 KB on average, the size class the design's ~390 msg/s per core was
 * measured on): HTML newsletters-style replies with quoted history, GBK plain text, and one in
 * five with a 20–120 KB attachment. Tiny messages would make the benchmark measure IMAP round
 * trips instead of parsing.
 */
export function benchMessage(n: number, date = new Date(Date.UTC(2026, 10, 23, 8))): Buffer {
  const subject = SUBJECTS[n % SUBJECTS.length]!;
  const encoded = `=?utf-8?B?${Buffer.from(`${subject} #${n}`).toString('base64')}?=`;
  const head =
    `Message-ID: <bench-${n}@buyer${n % 97}.example>\r\nFrom: Buyer ${n % 97} <buyer${n % 97}@buyer${n % 97}.example>\r\n` +
    `To: bench@wharf.test\r\nSubject: ${encoded}\r\nDate: ${date.toUTCString()}\r\nMIME-Version: 1.0\r\n` +
    (n % 3 === 1 ? `In-Reply-To: <bench-${n - 1}@buyer${(n - 1) % 97}.example>\r\n` : '');
  const para = `Dear team, please quote item ${n}. We need delivery before week ${n % 52}. `.repeat(
    10 + (n % 30),
  );
  const quoted = Array.from(
    { length: 4 + (n % 8) },
    (_, i) => `> On day ${i}, buyer wrote: ${para.slice(0, 400)}`,
  ).join('\r\n');
  const rows = Array.from(
    { length: 20 + (n % 60) },
    (_, i) =>
      `<tr><td style="padding:4px;border:1px solid #ccc">Item ${i}</td><td>${(i * 3.7).toFixed(2)} USD</td><td>${i * 100} pcs</td></tr>`,
  ).join('');
  const html = `<html><body><p>${para}</p><table>${rows}</table><blockquote>${quoted.replace(/\r\n/g, '<br>')}</blockquote></body></html>`;
  if (n % 5 === 1) {
    return Buffer.concat([
      Buffer.from(`${head}Content-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
      iconv.encode(`您好，请报价 ${n}。交货期请尽快确认。`.repeat(120), 'gbk'),
      Buffer.from(`\r\n${quoted}\r\n`),
    ]);
  }
  const alternative =
    'Content-Type: multipart/alternative; boundary="a"\r\n\r\n' +
    `--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${para}\r\n${quoted}\r\n` +
    `--a\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n` +
    `${html.replace(/=/g, '=3D').replace(/.{72}/g, '$&=\r\n')}\r\n--a--\r\n`;
  if (n % 5 === 0) {
    const file = Buffer.alloc(20_000 + (n % 100_000), n % 251)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    return Buffer.from(
      head +
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n' +
        alternative +
        `--b\r\nContent-Type: application/pdf; name="spec-${n}.pdf"\r\nContent-Transfer-Encoding: base64\r\n` +
        `Content-Disposition: attachment; filename="spec-${n}.pdf"\r\n\r\n${file}\r\n--b--\r\n`,
    );
  }
  return Buffer.from(head + alternative);
}

/** How far back the bench mailbox goes: a sales mailbox connected with two years of mail. */
export const BENCH_HISTORY_DAYS = 730;

/**
 * The bench mailbox: `messages` of benchMessage, received (INTERNALDATE and Date header) evenly over
 * the last BENCH_HISTORY_DAYS, oldest first as Dovecot numbers them. What is older than a mailbox's
 * open window is imported as history (model SPEC [ST4]), as it would be for a real mailbox.
 */
export function seedBenchMailbox(dovecot: Dovecot, email: string, messages: number, now = Date.now()): void {
  const step = (BENCH_HISTORY_DAYS * 24 * 60 * 60 * 1000) / messages;
  for (let from = 0; from < messages; from += 5000)
    dovecot.seed(
      email,
      'INBOX',
      Array.from({ length: Math.min(5000, messages - from) }, (_, i) => {
        const received = new Date(now - (messages - from - i) * step);
        return { raw: benchMessage(from + i, received), received };
      }),
    );
}

/** Linux: CPU ms of each thread of this process, by thread name (where the time goes). */
function threadCpu(): string {
  const dir = '/proc/self/task';
  if (!existsSync(dir)) return 'n/a';
  const ticks = 1000 / 100; // USER_HZ
  return readdirSync(dir)
    .map((tid) => {
      const stat = readFileSync(`${dir}/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = readFileSync(`${dir}/${tid}/comm`, 'utf8').trim();
      return { name, ms: (Number(fields[11]) + Number(fields[12])) * ticks };
    })
    .filter((t) => t.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .map((t) => `${t.name} ${t.ms}`)
    .join(', ');
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.flatMap((v) => (v.address ? [{ name: v.name, address: v.address }] : [])),
  );

/** What the bridge indexes of a message (bridge-store's searchDocument), from mailparser's result. */
function searchDocumentOf(mail: ParsedMail, n: number): SearchDocument {
  return {
    key: `bench/${n}` as MessageId,
    mailbox: 'bench' as MailboxId,
    thread: `t-${n}` as ThreadId,
    date: (mail.date?.getTime() ?? 0) + n,
    subject: mail.subject ?? '',
    from: addressesOf(mail.from),
    to: [...addressesOf(mail.to), ...addressesOf(mail.cc)],
    body: mail.text ?? '',
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', text: '' })),
    internal: [],
  };
}

const rate = (count: number, ms: number) => (count / ms) * 1000;
/** CPU time of this process, every thread (the parse and extraction workers included); Dovecot's is not in it. */
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

export async function runIngestBench({ messages, batchSize, bodyBatchSize, log }: IngestBenchOptions) {
  await using dovecot = await startDovecot([user]);
  const seedStart = performance.now();
  seedBenchMailbox(dovecot, user.email, messages);
  log(`seeded ${messages} messages in ${Math.round(performance.now() - seedStart)} ms`);

  // Dovecot indexes a fresh Maildir on first SELECT; do it once so no measurement pays for it.
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: user.email, pass: user.password },
    logger: false,
  });
  await imap.connect();
  await imap.mailboxOpen('INBOX');

  let start = performance.now();
  let fetched = 0;
  for await (const m of imap.fetch(
    '1:*',
    { uid: true, flags: true, size: true, bodyStructure: true, headers: METADATA_HEADERS },
    { uid: true },
  ))
    if (m.uid) fetched += 1;
  const rawMetadataMs = performance.now() - start;

  start = performance.now();
  const sources: Buffer[] = [];
  for await (const m of imap.fetch('1:*', { uid: true, source: true }, { uid: true }))
    if (m.source) sources.push(m.source);
  const rawSourceMs = performance.now() - start;
  await imap.logout();
  log(
    `raw FETCH: metadata ${fetched} in ${Math.round(rawMetadataMs)} ms, sources ${sources.length} in ${Math.round(rawSourceMs)} ms`,
  );

  start = performance.now();
  const cpu = process.cpuUsage();
  const parsed: ParsedMail[] = [];
  for (const source of sources) parsed.push(await simpleParser(source, { skipTextToHtml: true }));
  const parserMs = performance.now() - start;
  const parserCpuMs = cpuMs(process.cpuUsage(cpu));
  sources.length = 0;
  log(`mailparser (one core): ${messages} in ${Math.round(parserMs)} ms`);

  // The search index is part of ingest (search covers every stored body): the same messages into
  // FTS5 alone, in the bridge's batches, is a floor under what any full ingest can cost.
  const indexDir = mkdtempSync(join(tmpdir(), 'wharf-bench-index-'));
  const indexDb = new DatabaseSync(join(indexDir, 'index.db'));
  indexDb.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  const index = createArchiveIndex(indexDb);
  const docs = parsed.map((mail, n) => searchDocumentOf(mail, n));
  parsed.length = 0;
  start = performance.now();
  const indexCpu = process.cpuUsage();
  for (let from = 0; from < docs.length; from += batchSize) {
    indexDb.exec('BEGIN IMMEDIATE');
    index.upsertMany(docs.slice(from, from + batchSize));
    indexDb.exec('COMMIT');
  }
  const indexMs = performance.now() - start;
  const indexCpuMs = cpuMs(process.cpuUsage(indexCpu));
  indexDb.close();
  rmSync(indexDir, { recursive: true, force: true });
  log(`FTS5 index alone (one core): ${messages} in ${Math.round(indexMs)} ms`);

  const wharf = async (metadataOnly: boolean) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-'));
    const events = eventLog();
    const bridge = createBridge({
      ...realTimeDeps(),
      dataDir,
      secretKey: Buffer.alloc(32, 1).toString('base64'),
      onEvent: events.onEvent,
      sync: { batchSize, metadataOnly, ...(bodyBatchSize ? { bodyBatchSize } : {}) },
    });
    bridge.store.addMailbox(dovecotMailbox('bench', user.email, dovecot.port), { password: user.password });
    const began = performance.now();
    const cpuBefore = process.cpuUsage();
    const dovecotBefore = dovecot.cpuMs();
    bridge.start();
    await events.waitFor('messages-stored', undefined, 600_000);
    const firstBatchMs = performance.now() - began;
    let bodiesFrom: number | undefined;
    if (!metadataOnly)
      void events.waitFor('bodies-stored', undefined, 1_800_000).then(() => (bodiesFrom = performance.now()));
    await events.waitFor('synced', undefined, 1_800_000);
    const doneMs = performance.now() - began;
    const cpuDoneMs = cpuMs(process.cpuUsage(cpuBefore));
    const dovecotCpuMs = dovecot.cpuMs() - dovecotBefore;
    const bodiesMs = bodiesFrom === undefined ? 0 : performance.now() - bodiesFrom;
    const stored = bridge.store.countMessages('bench');
    log(`threads (CPU ms since start): ${threadCpu()}`);
    await bridge[Symbol.asyncDispose]();
    rmSync(dataDir, { recursive: true, force: true });
    return { firstBatchMs, doneMs, stored, bodiesMs, cpuDoneMs, dovecotCpuMs };
  };

  const metadata = await wharf(true);
  log(
    `Wharf metadata-first: first ${batchSize} newest in ${Math.round(metadata.firstBatchMs)} ms, all ${metadata.stored} in ${Math.round(metadata.doneMs)} ms (CPU ${Math.round(metadata.cpuDoneMs)} ms)`,
  );
  const full = await wharf(false);
  log(
    `Wharf full ingest: ${full.stored} in ${Math.round(full.doneMs)} ms (body phase ~${Math.round(full.bodiesMs)} ms, CPU ${Math.round(full.cpuDoneMs)} ms)`,
  );

  // An upper bound for any full ingest here: two cores doing nothing but the three stages every
  // message needs, at the CPU cost each was measured at in this run: parsing (mailparser), the
  // search index (FTS5) and Wharf's metadata pass (inbox first). Dovecot's CPU, moving the bytes and
  // storing bodies are left out, so the real ceiling is lower still.
  const cpuPerMessageMs = (parserCpuMs + indexCpuMs) / messages + metadata.cpuDoneMs / metadata.stored;
  const ceilingPerSec = Math.round((2 * 1000) / cpuPerMessageMs);
  const parseAndIndexCeilingPerSec = Math.round((2 * 1000 * messages) / (parserCpuMs + indexCpuMs));
  const goalPerSec = Math.round(0.75 * 2 * rate(messages, parserMs));
  // The same goal read by CPU: mailparser on one thread also keeps V8's GC threads busy, so two
  // cores of it allow two cores over its CPU per message, less than twice its one-thread rate.
  const goalByCpuPerSec = Math.round((0.75 * 2 * 1000 * messages) / parserCpuMs);
  // The stages the issue itself asks for, nothing of Wharf's own: the metadata-first pass, parsing
  // with mailparser, and Dovecot serving both passes (it shares the two cores).
  const requiredCpuMs =
    metadata.cpuDoneMs / metadata.stored + parserCpuMs / messages + full.dovecotCpuMs / full.stored;
  const requiredCeilingPerSec = Math.round((2 * 1000) / requiredCpuMs);
  log(
    `Dovecot CPU per message while Wharf ingests: ${(full.dovecotCpuMs / full.stored).toFixed(3)} ms; ` +
      `metadata pass + mailparser + Dovecot alone allow ${requiredCeilingPerSec} msg/s on two cores; ` +
      `the goal read by CPU (0.75 x two cores over mailparser's CPU per message): ${goalByCpuPerSec} msg/s`,
  );
  log(
    `two-core ceiling (CPU of parse + index + metadata pass, nothing else): ${ceilingPerSec} msg/s; ` +
      `of parse + index alone: ${parseAndIndexCeilingPerSec} msg/s; the goal (0.75 x two cores of mailparser): ${goalPerSec} msg/s`,
  );
  const result = {
    messages,
    rawFetchMetadataPerSec: Math.round(rate(fetched, rawMetadataMs)),
    rawFetchSourcePerSec: Math.round(rate(messages, rawSourceMs)),
    mailparserPerSecOneCore: Math.round(rate(messages, parserMs)),
    wharfFirstBatchMs: Math.round(metadata.firstBatchMs),
    wharfMetadataPerSec: Math.round(rate(metadata.stored, metadata.doneMs)),
    wharfFullIngestPerSec: Math.round(rate(full.stored, full.doneMs)),
    /** From the first stored body to the end: the parse pipeline alone, without the metadata pass. */
    wharfBodyPhasePerSec: Math.round(rate(full.stored, full.bodiesMs)),
    /** CPU per message, all of the process's threads: what load on the machine changes least. */
    mailparserCpuMsPerMessage: +(parserCpuMs / messages).toFixed(3),
    wharfMetadataCpuMsPerMessage: +(metadata.cpuDoneMs / metadata.stored).toFixed(3),
    wharfFullIngestCpuMsPerMessage: +(full.cpuDoneMs / full.stored).toFixed(3),
    indexPerSecOneCore: Math.round(rate(messages, indexMs)),
    indexCpuMsPerMessage: +(indexCpuMs / messages).toFixed(3),
    ceilingPerSec,
    parseAndIndexCeilingPerSec,
    dovecotCpuMsPerMessage: +(full.dovecotCpuMs / full.stored).toFixed(3),
    /** Two cores over the CPU of the metadata pass, mailparser and Dovecot: no index, no store, no docs. */
    requiredCeilingPerSec,
  };
  const ratios = {
    metadataVsRawFetch: +(result.wharfMetadataPerSec / result.rawFetchMetadataPerSec).toFixed(2),
    fullIngestVsOneCoreMailparser: +(result.wharfFullIngestPerSec / result.mailparserPerSecOneCore).toFixed(
      2,
    ),
    fullIngestVsTwoCoresMailparser: +(
      result.wharfFullIngestPerSec /
      (2 * result.mailparserPerSecOneCore)
    ).toFixed(2),
    fullIngestVsCeiling: +(result.wharfFullIngestPerSec / ceilingPerSec).toFixed(2),
    goalVsCeiling: +(goalPerSec / ceilingPerSec).toFixed(2),
    goalVsRequiredCeiling: +(goalPerSec / requiredCeilingPerSec).toFixed(2),
    goalByCpuVsRequiredCeiling: +(goalByCpuPerSec / requiredCeilingPerSec).toFixed(2),
  };
  const goals = {
    inboxUsableAtLeast1000PerSec: result.wharfMetadataPerSec >= 1000,
    fullIngestAtLeast75PctOfTwoCores: ratios.fullIngestVsTwoCoresMailparser >= 0.75,
  };
  return { result, ratios, goals };
}
