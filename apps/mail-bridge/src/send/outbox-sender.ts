// Sends what thread docs queue, at most once. Order per entry:
// compose (Message-ID and X-Wharf-Outbox-Id fixed) → claim in the store → "sending" in the doc,
// acknowledged by the relay → store "smtp" → SMTP. Retried automatically only on 4xx (nothing
// was accepted); a connection lost after the whole message went out is resolved by looking for
// the Message-ID in Sent, never by sending again. After a crash, "claimed" entries are sent
// (SMTP never started) and "smtp" entries are resolved through Sent.
// Before the claim: an entry with a send time waits for it on an injected timer (model SPEC
// [SC1]), and one that needs approval waits for the relay's approval (approval-gate.ts, [AP2]).
//
// Which threads to watch: only those whose row in the mailbox's hot index says `pendingOutbox`
// (model SPEC [IX5]), plus the threads the store says are mid-send. Holding every open thread doc
// cost memory and a sync per thread for threads with nothing to send; the row is kept true by
// whoever queues (the web app writes the row with the entry) and by the sender itself, which
// rewrites the row when it lets go of a thread, so a thread is opened when it has work and
// released when it has none.
import { PassThrough } from 'node:stream';
import * as Y from 'yjs';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import {
  advanceOutbox,
  BRIDGE_ACTOR,
  bucketFor,
  customerId as toCustomerId,
  docName,
  entryRevision,
  holdForApproval,
  HOT_BUCKET,
  indexRows,
  mailboxId as toMailboxId,
  outboxState,
  repairIndexRow,
  summarizeThread,
  threadId as toThreadId,
  threadMaps,
  workspaceTable,
  type ModelDeps,
  type OutboxEntry,
  type OutboxId,
  type ThreadSummary,
} from '@wharf/model';
import type { Timers } from '../imap/mailbox-sync.ts';
import { nextBackoff } from '../imap/backoff.ts';
import { presetById } from '../mailboxes/presets.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { BridgeStore, MailboxSettings } from '../store/bridge-store.ts';
import { allAcknowledged, docSynced } from '../docs/wait.ts';
import type { DocRegistry } from '../docs/doc-registry.ts';
import { approvalGate, customerIdOf, type ApprovalLookup } from './approval-gate.ts';
import { classifySendError, composeOutgoing, referencesFor, type SendOutcome } from './compose.ts';
import { loadOutgoingAttachments } from './outgoing-attachments.ts';
import { wakeDelay } from './wake-delay.ts';

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
  /** A message went out: Sent has news (the sync IDLEs on INBOX, or Gmail's All Mail, not Sent). */
  onSent?: (mailboxId: string) => void;
  /**
   * The relay's record of approval decisions (model SPEC [AP2]). Without it, mail that needs
   * approval is never sent.
   */
  approvals?: ApprovalLookup;
}

export interface OutboxSender {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when nothing is being sent or waiting to be looked at. */
  idle(): Promise<void>;
  /** The thread docs held now (for tests of what is watched, [IX5]). */
  watching(): string[];
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

  /** Lets go of a thread with nothing pending, after putting its row right (SPEC [IX5]). */
  const unwatchThread = async (name: string, doc: Y.Doc) => {
    clearDue(name);
    await repairRow(doc);
    const held = threads.get(name);
    if (!held || held.doc !== doc || hasPending(doc)) return;
    held.off();
    threads.delete(name);
    docs.release(name);
  };

  const dueTimers = new Map<string, unknown>();
  const clearDue = (name: string) => {
    if (dueTimers.has(name)) timers.clearTimeout(dueTimers.get(name));
    dueTimers.delete(name);
  };
  const wakeAt = (name: string, at: number) => {
    clearDue(name);
    dueTimers.set(
      name,
      timers.setTimeout(
        () => {
          dueTimers.delete(name);
          enqueue(name);
        },
        wakeDelay(at, deps.model.now()),
      ),
    );
  };

  /** Queued (scheduled and awaiting approval too) or being sent, in the doc or in the store. */
  const hasPending = (doc: Y.Doc) =>
    [...threadMaps(doc).outbox.values()].some((entry) => {
      const status = outboxState(threadMaps(doc), entry.id)?.status;
      const record = store.outbox(entry.id)?.state;
      return status === 'queued' || status === 'sending' || record === 'claimed' || record === 'smtp';
    });

  /** Rewrites the thread's index row where it belongs, with every bucket it was in synced first. */
  async function repairRow(doc: Y.Doc) {
    const summary = summarizeThread(doc);
    if (!summary) return;
    const buckets = new Set([HOT_BUCKET, bucketFor(summary), ...threadMaps(doc).buckets.keys()]);
    const names = [...buckets].map((bucket) =>
      docName({ kind: 'index', mailboxId: summary.mailboxId, bucket }),
    );
    const held = names.map((name) => ({ name, doc: docs.acquire(name) }));
    try {
      await Promise.all(names.map((name) => docSynced(client, timers, name, timeoutMs)));
      const byName = new Map(held.map((h) => [h.name, h.doc]));
      repairIndexRow(
        doc,
        (mailboxId, bucket) => byName.get(docName({ kind: 'index', mailboxId, bucket }))!,
        BRIDGE_ACTOR,
      );
      await allAcknowledged(client, timers, timeoutMs);
    } catch {
      // offline: whoever holds both docs next repairs the row (SPEC [IX1])
    } finally {
      for (const { name } of held) docs.release(name);
    }
  }

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
      let nextDue: number | undefined;
      for (const entry of [...threadMaps(doc).outbox.values()].sort((a, b) => a.createdAt - b.createdAt)) {
        const record = store.outbox(entry.id)?.state;
        const status = outboxState(threadMaps(doc), entry.id)?.status;
        if (record === 'claimed' || record === 'smtp') {
          await sendEntry(name, doc, entry);
          continue;
        }
        if (status !== 'queued') continue;
        // not claimed yet (or a failed entry queued again): the time, then approval
        const sendAt = entry.sendAt ?? 0;
        if (sendAt > deps.model.now()) {
          nextDue = Math.min(nextDue ?? sendAt, sendAt);
          continue;
        }
        if (!(await approved(doc, entry))) continue;
        await sendEntry(name, doc, entry);
      }
      if (nextDue !== undefined) wakeAt(name, nextDue);
      else if (!hasPending(doc)) await unwatchThread(name, doc);
    }
  }

  /** Approval as far as the relay knows (approval-gate.ts); holds the revision when it is missing. */
  async function approved(doc: Y.Doc, entry: OutboxEntry): Promise<boolean> {
    const customerId = customerIdOf(doc);
    const customerName = customerId
      ? docName({ kind: 'customer', customerId: toCustomerId(customerId) })
      : undefined;
    const customer = customerName ? docs.acquire(customerName) : undefined;
    try {
      await docSynced(client, timers, 'workspace', timeoutMs);
      if (customerName) await docSynced(client, timers, customerName, timeoutMs);
      const gate = await approvalGate({
        thread: doc,
        entry,
        workspace: workspace!,
        customer,
        lookup: deps.approvals,
      });
      if (gate.kind === 'go') {
        // the entry may have changed while the relay was asked
        const now = threadMaps(doc).outbox.get(entry.id);
        return now !== undefined && entryRevision(now) === entryRevision(entry);
      }
      if ((entry.approvalReasons?.length ?? 0) === 0 && gate.reasons.length > 0) {
        holdForApproval(doc, entry.id, gate.reasons, ctx());
        await allAcknowledged(client, timers, timeoutMs);
      }
      return false;
    } catch {
      return false; // workspace or customer not reachable: wait, the next update retries
    } finally {
      if (customerName) docs.release(customerName);
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
      const composed = await compose(mailbox, doc, entry);
      // an edit that arrived while composing: look again with the new revision (SPEC [SC2])
      const current = threadMaps(doc).outbox.get(entry.id);
      if (!current || entryRevision(current) !== entryRevision(entry)) return enqueue(name);
      if (!composed.ok) {
        if (advanceOutbox(doc, entry.id, 'sending', ctx()))
          advanceOutbox(doc, entry.id, 'failed', ctx(), composed.reason);
        await allAcknowledged(client, timers, timeoutMs);
        return;
      }
      const { sha256 } = await deps.blobs.putBuffer(composed.raw);
      if (entryRevision(threadMaps(doc).outbox.get(entry.id)!) !== entryRevision(entry)) return enqueue(name);
      // claim and "sending" (recording the composed revision) with no await in between
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

  async function compose(
    mailbox: MailboxSettings,
    doc: Y.Doc,
    entry: OutboxEntry,
  ): Promise<{ ok: true; raw: Buffer } | { ok: false; reason: string }> {
    const parent = entry.inReplyTo ? store.messageByKey(mailbox.id, entry.inReplyTo) : undefined;
    // "Name via Sales" where the mailbox allows it, unless the author chose to send as the mailbox
    const author = mailbox.sendAsVia && entry.sendAsVia !== false ? authorName(entry.author) : undefined;
    const files = await loadOutgoingAttachments(store, deps.blobs, mailbox.id, entry.attachments ?? []);
    if (!files.ok) return files;
    const raw = await composeOutgoing({
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
      attachments: files.files,
    });
    return { ok: true, raw };
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
        const check = (threadId: string) => {
          const row = rows.get(threadId);
          // a row written before the flag existed says nothing: open it once, the release repairs it
          if (row && (row.pendingOutbox ?? 1) > 0)
            watchThread(
              docName({ kind: 'thread', mailboxId: toMailboxId(mailbox.id), threadId: toThreadId(threadId) }),
            );
        };
        // only the rows that changed: walking every row on each update made ingest quadratic
        const onRows = (event: Y.YMapEvent<ThreadSummary>) => {
          for (const threadId of event.keysChanged as Set<string>) check(threadId);
        };
        rows.observe(onRows);
        indexes.set(name, { doc, off: () => rows.unobserve(onRows) });
        for (const threadId of rows.keys()) check(threadId);
      }
      // claimed or mid-SMTP entries from before a crash
      for (const record of store.unfinishedOutbox()) watchThread(record.threadDoc);
    },
    async stop() {
      stopped = true;
      await working;
      for (const name of [...dueTimers.keys()]) clearDue(name);
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
    watching: () => [...threads.keys()].sort(),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1';
}
