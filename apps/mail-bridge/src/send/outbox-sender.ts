// Sends what thread docs queue, at most once. Order per entry:
// compose (Message-ID and X-Wharf-Outbox-Id fixed) → claim in the store → "sending" in the doc,
// acknowledged by the relay → store "smtp" → SMTP. Retried automatically only on 4xx (nothing
// was accepted); a connection lost after the whole message went out is resolved by looking for
// the Message-ID in Sent, never by sending again. After a crash, "claimed" entries are sent
// (SMTP never started) and "smtp" entries are resolved through Sent.
//
// Which threads to watch: every thread listed in the mailbox's hot index (open threads). The
// model's index row does not say "has queued outbox entries", so the bridge holds those thread docs.
import { PassThrough } from 'node:stream';
import * as Y from 'yjs';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import {
  advanceOutbox,
  BRIDGE_ACTOR,
  docName,
  HOT_BUCKET,
  indexRows,
  mailboxId as toMailboxId,
  outboxState,
  queuedOutboxEntries,
  threadId as toThreadId,
  threadMaps,
  workspaceTable,
  type ModelDeps,
  type OutboxEntry,
  type OutboxId,
} from '@wharf/model';
import type { Timers } from '../imap/mailbox-sync.ts';
import { nextBackoff } from '../imap/backoff.ts';
import { presetById } from '../mailboxes/presets.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore, MailboxSettings } from '../store/bridge-store.ts';
import { allAcknowledged, docSynced } from '../docs/wait.ts';
import type { DocRegistry } from '../docs/doc-registry.ts';
import { classifySendError, composeOutgoing, referencesFor, type SendOutcome } from './compose.ts';

export interface OutboxSenderDeps {
  store: BridgeStore;
  blobs: BlobStore;
  docs: DocRegistry;
  model: ModelDeps;
  timers: Timers;
  random: () => number;
  /** Display name of a member, for "Name via Sales" on shared mailboxes; undefined sends as the mailbox. */
  authorName?: (userId: string) => string | undefined;
  maxAttempts?: number;
  timeoutMs?: number;
  /** A message went out: the mailbox's Sent folder has news (the sync IDLEs on INBOX only). */
  onSent?: (mailboxId: string) => void;
}

export interface OutboxSender {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when nothing is being sent or waiting to be looked at. */
  idle(): Promise<void>;
}

const UNKNOWN_DELIVERY = {
  en: 'The connection was lost after the message was handed over and it is not in Sent: it may or may not have arrived. Check with the recipient before sending again.',
  zh: '邮件已交给服务器后连接中断，且“已发送”中找不到：对方可能已收到，也可能没有。请先与收件人确认再重新发送。',
};

export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const { store, docs, timers } = deps;
  const client = docs.client;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const maxAttempts = deps.maxAttempts ?? 5;
  const threads = new Map<string, { doc: Y.Doc; off: () => void }>();
  const indexes = new Map<string, { doc: Y.Doc; off: () => void }>();
  const queue: string[] = [];
  let working: Promise<void> | undefined;
  let stopped = true;
  const ctx = () => ({ deps: deps.model, actor: BRIDGE_ACTOR });
  // member names come from the workspace doc (the relay mirrors members into it)
  let workspace: Y.Doc | undefined;
  const authorName = (userId: string): string | undefined =>
    deps.authorName?.(userId) ??
    (workspace ? workspaceTable(workspace, 'members').get(userId)?.name : undefined);

  const watchThread = (name: string) => {
    if (threads.has(name)) return;
    const doc = docs.acquire(name);
    const onUpdate = () => enqueue(name);
    threads.set(name, { doc, off: () => doc.off('update', onUpdate) });
    doc.on('update', onUpdate);
    void docSynced(client, timers, name, timeoutMs).then(
      () => enqueue(name),
      () => undefined,
    );
  };

  const enqueue = (name: string) => {
    if (stopped) return;
    if (!queue.includes(name)) queue.push(name);
    working ??= drain().finally(() => {
      working = undefined;
    });
  };

  async function drain() {
    while (queue.length > 0 && !stopped) {
      const name = queue.shift()!;
      const doc = threads.get(name)?.doc;
      if (!doc || !client.isSynced(name)) continue;
      const queued = new Set(queuedOutboxEntries(doc).map((e) => e.id));
      for (const entry of [...threadMaps(doc).outbox.values()].sort((a, b) => a.createdAt - b.createdAt)) {
        const state = store.outbox(entry.id)?.state;
        if (queued.has(entry.id) || state === 'claimed' || state === 'smtp')
          await sendEntry(name, doc, entry);
      }
    }
  }

  async function sendEntry(name: string, doc: Y.Doc, entry: OutboxEntry) {
    const meta = threadMaps(doc).meta.get('thread') as { mailboxId: string } | undefined;
    const mailbox = meta ? store.getMailbox(meta.mailboxId) : undefined;
    if (!mailbox || mailbox.paused) return;
    let known = store.outbox(entry.id);
    const docStatus = outboxState(threadMaps(doc), entry.id)?.status;
    if (known?.state === 'failed' && docStatus === 'queued') {
      // a member pressed "retry" on a failed entry: their decision, same Message-ID
      store.setOutboxState(entry.id, 'claimed', known.attempts, known.reason);
      known = store.outbox(entry.id);
    }
    if (known?.state === 'sent' || known?.state === 'failed')
      return reflect(doc, entry.id, known.state, known.reason);
    if (!known) {
      const raw = await compose(mailbox, doc, entry);
      const { sha256 } = await deps.blobs.putBuffer(raw);
      store.claimOutbox({
        outboxId: entry.id,
        mailboxId: mailbox.id,
        threadDoc: name,
        messageId: entry.messageIdHeader,
        rawSha256: sha256,
      });
    }
    if (docStatus === 'queued') advanceOutbox(doc, entry.id, 'sending', ctx());
    await allAcknowledged(client, timers, timeoutMs);
    await transmit(mailbox, doc, entry.id);
  }

  async function compose(mailbox: MailboxSettings, doc: Y.Doc, entry: OutboxEntry): Promise<Buffer> {
    const parent = entry.inReplyTo ? store.messageByKey(mailbox.id, entry.inReplyTo) : undefined;
    const author = mailbox.sendAsVia ? authorName(entry.author) : undefined;
    return composeOutgoing({
      outboxId: entry.id,
      messageIdHeader: entry.messageIdHeader,
      from: {
        name: author ? `${author} via ${mailbox.displayName}` : mailbox.displayName,
        address: mailbox.address,
      },
      to: entry.to,
      cc: entry.cc,
      subject: entry.subject,
      body: entry.body,
      signature: mailbox.signature,
      inReplyTo: parent?.messageId,
      references: parent ? referencesFor(parent) : [],
      date: new Date(deps.model.now()),
    });
  }

  async function transmit(mailbox: MailboxSettings, doc: Y.Doc, outboxId: OutboxId) {
    for (;;) {
      const record = store.outbox(outboxId)!;
      if (record.state === 'smtp') {
        // an earlier run started SMTP and never learned the outcome
        return finish(
          mailbox,
          doc,
          outboxId,
          await resolveThroughSent(mailbox, record.messageId, 'interrupted'),
        );
      }
      const attempts = record.attempts + 1;
      store.setOutboxState(outboxId, 'smtp', attempts);
      const entry = threadMaps(doc).outbox.get(outboxId);
      // the envelope comes from the entry's structured addresses, never from parsing header text
      const recipients = [
        ...new Set([...(entry?.to ?? []), ...(entry?.cc ?? [])].map((a) => a.address.toLowerCase())),
      ];
      const outcome: SendOutcome =
        recipients.length === 0
          ? { kind: 'failed', reason: 'no recipients' }
          : await smtpSend(mailbox, record.rawSha256, recipients);
      if (outcome.kind === 'retry' && attempts < maxAttempts && !stopped) {
        store.setOutboxState(outboxId, 'claimed', attempts, outcome.reason);
        await new Promise<void>((resolve) => timers.setTimeout(resolve, nextBackoff(attempts, deps.random)));
        continue;
      }
      const final =
        outcome.kind === 'ambiguous'
          ? await resolveThroughSent(mailbox, record.messageId, outcome.reason)
          : outcome;
      return finish(mailbox, doc, outboxId, final, outcome.kind === 'sent');
    }
  }

  async function finish(
    mailbox: MailboxSettings,
    doc: Y.Doc,
    outboxId: OutboxId,
    outcome: SendOutcome,
    appendToSent = false,
  ) {
    const record = store.outbox(outboxId)!;
    if (outcome.kind === 'sent') {
      if (appendToSent && !presetById(mailbox.provider)?.savesSentCopy)
        await appendSent(mailbox, record.rawSha256);
      store.setOutboxState(outboxId, 'sent', record.attempts);
      reflect(doc, outboxId, 'sent', undefined);
      deps.onSent?.(mailbox.id);
    } else {
      store.setOutboxState(outboxId, 'failed', record.attempts, outcome.reason);
      reflect(doc, outboxId, 'failed', outcome.reason);
    }
    await allAcknowledged(client, timers, timeoutMs);
  }

  /** Brings the doc in line with the store (the doc may have missed the last step in a crash). */
  function reflect(doc: Y.Doc, outboxId: OutboxId, state: string, reason: string | undefined) {
    const status = outboxState(threadMaps(doc), outboxId)?.status;
    if (state === 'sent' && status !== 'sent') {
      if (status === 'queued') advanceOutbox(doc, outboxId, 'sending', ctx());
      advanceOutbox(doc, outboxId, 'sent', ctx());
    }
    if (state === 'failed' && status !== 'failed' && status !== 'sent') {
      if (status === 'queued') advanceOutbox(doc, outboxId, 'sending', ctx());
      advanceOutbox(doc, outboxId, 'failed', ctx(), reason);
    }
  }

  async function smtpSend(
    mailbox: MailboxSettings,
    rawSha256: string,
    recipients: string[],
  ): Promise<SendOutcome> {
    const chunks: Buffer[] = [];
    for await (const chunk of deps.blobs.read(rawSha256) as AsyncIterable<Buffer>) chunks.push(chunk);
    const raw = Buffer.concat(chunks);
    const transport = nodemailer.createTransport({
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      secure: mailbox.smtp.secure,
      auth: { user: mailbox.username, pass: store.credentials(mailbox.id).password },
      ...(isLoopback(mailbox.smtp.host) ? { ignoreTLS: true } : { requireTLS: !mailbox.smtp.secure }),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    // "Transmitted" = the server has read the whole message: a drop after that is ambiguous.
    let transmitted = false;
    const body = new PassThrough();
    body.on('end', () => {
      transmitted = true;
    });
    body.end(raw);
    try {
      await transport.sendMail({ envelope: { from: mailbox.address, to: recipients }, raw: body });
      return { kind: 'sent' };
    } catch (err) {
      return classifySendError(err, transmitted);
    } finally {
      transport.close();
    }
  }

  async function withImap<T>(
    mailbox: MailboxSettings,
    fn: (imap: ImapFlow, sent: string) => Promise<T>,
  ): Promise<T> {
    const imap = new ImapFlow({
      host: mailbox.imap.host,
      port: mailbox.imap.port,
      secure: mailbox.imap.secure,
      auth: { user: mailbox.username, pass: store.credentials(mailbox.id).password },
      logger: false,
    });
    imap.on('error', () => undefined);
    await imap.connect();
    try {
      const sent = (await imap.list()).find((f) => f.specialUse === '\\Sent')?.path ?? 'Sent';
      return await fn(imap, sent);
    } finally {
      await imap.logout().catch(() => undefined);
    }
  }

  async function resolveThroughSent(
    mailbox: MailboxSettings,
    messageId: string,
    reason: string,
  ): Promise<SendOutcome> {
    try {
      const found = await withImap(mailbox, async (imap, sent) => {
        const lock = await imap.getMailboxLock(sent);
        try {
          const uids = await imap.search({ header: { 'message-id': messageId } }, { uid: true });
          return Array.isArray(uids) && uids.length > 0;
        } finally {
          lock.release();
        }
      });
      if (found) return { kind: 'sent' };
    } catch {
      // Sent unreachable: still never resend; report the unknown outcome
    }
    return { kind: 'failed', reason: `${UNKNOWN_DELIVERY.en} ${UNKNOWN_DELIVERY.zh} (${reason})` };
  }

  async function appendSent(mailbox: MailboxSettings, rawSha256: string) {
    const chunks: Buffer[] = [];
    for await (const chunk of deps.blobs.read(rawSha256) as AsyncIterable<Buffer>) chunks.push(chunk);
    await withImap(mailbox, (imap, sent) => imap.append(sent, Buffer.concat(chunks), ['\\Seen'])).catch(
      () => undefined,
    );
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      workspace = docs.acquire('workspace');
      for (const mailbox of store.listMailboxes()) {
        if (mailbox.paused) continue;
        const name = docName({ kind: 'index', mailboxId: toMailboxId(mailbox.id), bucket: HOT_BUCKET });
        const doc = docs.acquire(name);
        const rows = indexRows(doc);
        const onRows = () => {
          for (const threadId of rows.keys())
            watchThread(
              docName({ kind: 'thread', mailboxId: toMailboxId(mailbox.id), threadId: toThreadId(threadId) }),
            );
        };
        rows.observe(onRows);
        indexes.set(name, { doc, off: () => rows.unobserve(onRows) });
        onRows();
      }
      // claimed or mid-SMTP entries from before a crash
      for (const record of store.unfinishedOutbox()) watchThread(record.threadDoc);
    },
    async stop() {
      stopped = true;
      await working;
      for (const [name, { off }] of indexes) {
        off();
        docs.release(name);
      }
      for (const [name, { off }] of threads) {
        off();
        docs.release(name);
      }
      indexes.clear();
      threads.clear();
      if (workspace) docs.release('workspace');
      workspace = undefined;
    },
    async idle() {
      while (working) await working;
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1';
}
