// Writes stored messages into the shared docs through the relay, as a service client: each
// message goes into its thread doc (created on first message) and the thread's row into the
// mailbox's index bucket, with the model's own operations and BRIDGE_ACTOR as origin.
// Exactly-once under crashes: a message is marked written only after the relay acknowledged the
// updates; a crash before the mark replays the write, and `addMessages` ignores a message the
// thread already holds (SPEC [MS1]), so a replay adds nothing. Flags and folders that change on
// the server later are written onto the refs the same way (SPEC [SV1]–[SV4]), and Gmail label
// edits onto the thread's tags (sync/gmail-labels.ts).
import * as Y from 'yjs';
import {
  addMessages,
  addTag,
  BRIDGE_ACTOR,
  closeAsHistory,
  docName,
  HOT_BUCKET,
  removeTag,
  repairIndexRow,
  mailboxId as toMailboxId,
  messageId as toMessageId,
  setServerStates,
  threadId as toThreadId,
  threadMaps,
  writeThread,
  type IndexDocs,
  type MessageRef,
  type ModelDeps,
} from '@wharf/model';
import { OPEN_DAYS, type BridgeStore, type StoredMessage } from '../store/bridge-store.ts';
import { attachmentId } from '../ingest/fetch-on-demand.ts';
import { labelTagChanges } from '../sync/gmail-labels.ts';
import type { Timers } from '../imap/mailbox-sync.ts';
import { docSynced, waitUntil } from './wait.ts';
import type { DocRegistry } from './doc-registry.ts';
import { createThreadRouter } from './route-thread.ts';

export interface DocWriterDeps {
  store: BridgeStore;
  docs: DocRegistry;
  model: ModelDeps;
  timers: Timers;
  /** Messages per flush; each flush waits for the relay's acknowledgement once. */
  batchSize?: number;
  syncTimeoutMs?: number;
  /** The relay refused to store a write (e.g. a doc past its size cap): its messages stay pending. */
  onRefused?: (mailboxId: string, message: string) => void;
}

export interface DocWriter {
  /** Writes everything pending; resolves with the number of messages written. */
  flush(): Promise<number>;
  /** Schedules a flush (coalesced with one already running). */
  poke(): void;
  /** Resolves when no flush is running or scheduled. */
  idle(): Promise<void>;
  close(): void;
}

export function createDocWriter(deps: DocWriterDeps): DocWriter {
  const { store, docs } = deps;
  const client = docs.client;
  const batchSize = deps.batchSize ?? 200;
  const timeoutMs = deps.syncTimeoutMs ?? 30_000;
  const indexDocs = new Map<string, Y.Doc>();
  let running: Promise<void> | undefined;
  let again = false;

  const waitSynced = (name: string) => docSynced(client, deps.timers, name, timeoutMs);

  /** Index docs stay attached: every new thread of the mailbox writes a row into the hot one. */
  const indexDoc = (mailbox: string, bucket: string): Y.Doc => {
    const name = docName({ kind: 'index', mailboxId: toMailboxId(mailbox), bucket });
    let doc = indexDocs.get(name);
    if (!doc) {
      doc = docs.acquire(name);
      indexDocs.set(name, doc);
    }
    return doc;
  };
  const index: IndexDocs = (mailbox, bucket) => indexDoc(mailbox, bucket);
  const router = createThreadRouter({ docs, model: deps.model, index, waitSynced });

  const refOf = (m: StoredMessage, mailboxAddress: string): MessageRef => ({
    id: toMessageId(m.key),
    messageIdHeader: m.messageId ?? '',
    from: m.from ? { name: m.from.name, address: m.from.address } : { address: '' },
    to: m.to,
    cc: m.cc,
    date: m.date ?? 0,
    subject: m.subject,
    snippet: m.body?.snippet ?? '',
    direction: m.from?.address === mailboxAddress.toLowerCase() ? 'out' : 'in',
    hasAttachments: m.hasAttachments || (m.body?.attachments.some((a) => !a.inline) ?? false),
    attachments: (m.body?.attachments ?? [])
      .filter((a) => !a.inline)
      .map((a) => ({
        id: attachmentId(a),
        filename: a.filename ?? '',
        contentType: a.contentType,
        size: a.size,
      })),
    ...(m.body?.parseError ? { parseError: m.body.parseError } : {}),
    ...(m.server ? { server: m.server } : {}),
  });

  async function writeBatch(pending: StoredMessage[]): Promise<number> {
    const byThread = new Map<string, StoredMessage[]>();
    for (const m of pending) {
      const key = `${m.mailboxId}/${m.threadId}`;
      byThread.set(key, [...(byThread.get(key) ?? []), m]);
    }
    for (const mailbox of new Set(pending.map((m) => m.mailboxId))) {
      const name = docName({ kind: 'index', mailboxId: toMailboxId(mailbox), bucket: HOT_BUCKET });
      indexDoc(mailbox, HOT_BUCKET);
      await waitSynced(name);
    }
    const attached: string[] = [];
    /** The label tags each message's write reflects, recorded once the relay acknowledged it. */
    const written = new Map<StoredMessage, string[]>();
    // An update the relay refuses is gone from its point of view: this batch's messages must not be
    // marked written then, or their threads would never reach the team.
    const refused: { doc: string; why: string }[] = [];
    const stopWatching = client.on('rejected', (doc, code, reason) =>
      refused.push({ doc, why: `${code}: ${reason}` }),
    );
    try {
      const threads = [...byThread.values()].map((messages) => {
        const first = messages[0]!;
        const name = docName({
          kind: 'thread',
          mailboxId: toMailboxId(first.mailboxId),
          threadId: toThreadId(first.threadId),
        });
        const doc = docs.acquire(name);
        attached.push(name);
        return { name, doc, messages, first };
      });
      await Promise.all(threads.map((t) => waitSynced(t.name)));
      for (const { doc, messages, first } of threads) {
        const mailbox = store.getMailbox(first.mailboxId);
        const refs = messages.map((m) => refOf(m, mailbox?.address ?? ''));
        const ctx = { deps: deps.model, actor: BRIDGE_ACTOR, index };
        const start = {
          threadId: toThreadId(first.threadId),
          mailboxId: toMailboxId(first.mailboxId),
          subject: first.subject,
        };
        // Mail that was already old when the thread is first written is the mailbox's history:
        // messages and status in one update (a crash cannot leave it open), its row written once,
        // closed, into the month of its last message (model SPEC [ST4])
        const history =
          threadMaps(doc).messages.size === 0 &&
          isHistory(messages, deps.model.now() - (mailbox?.openDays ?? OPEN_DAYS) * DAY_MS);
        if (history) {
          const unindexed = { deps: deps.model, actor: BRIDGE_ACTOR };
          doc.transact(() => {
            addMessages(doc, start, refs, unindexed);
            closeAsHistory(doc, unindexed);
          }, BRIDGE_ACTOR);
          repairIndexRow(doc, index, BRIDGE_ACTOR);
        } else addMessages(doc, start, refs, ctx);
        // Gmail labels added or removed since the messages were last written (all of them for a
        // new message) become tag edits; tags the team edited by hand are left alone
        const labels = new Map(messages.map((m) => [m.key, store.labelTags(first.mailboxId, m.key)]));
        const maps = threadMaps(doc);
        const tagEdits = labelTagChanges({
          edits: messages.map((m) => ({ before: m.labelsWritten, now: labels.get(m.key)! })),
          threadNow: () => store.threadLabelTags(first.mailboxId, first.threadId),
          tags: new Set(maps.tags.keys()),
          activity: () => maps.activity.toArray(),
        });
        for (const tag of tagEdits.add) addTag(doc, tag, ctx);
        for (const tag of tagEdits.remove) removeTag(doc, tag, ctx);
        for (const m of messages) written.set(m, labels.get(m.key)!);
        // a message written before its body was fetched gets its snippet and attachments now
        const late = refs.filter((r) => {
          const held = threadMaps(doc).messages.get(r.id);
          return held !== undefined && held.snippet === '' && r.snippet !== '';
        });
        if (late.length > 0)
          writeThread(doc, ctx, ({ maps }) => {
            for (const r of late) maps.messages.set(r.id, r);
          });
        // flags and folders changed on the server since the ref was written (SPEC [SV1])
        setServerStates(
          doc,
          refs.flatMap((r) => (r.server ? [{ id: r.id, server: r.server }] : [])),
          ctx,
        );
        attached.push(...(await router.routeIfNew(doc, messages)));
      }
      // acknowledged, or refused: the client keeps a refused update and retries it (sync client)
      await waitUntil(
        deps.timers,
        () => client.pendingCount === 0 || refused.length > 0,
        (wake) => {
          const offStatus = client.on('status', wake);
          const offRejected = client.on('rejected', wake);
          return () => {
            offStatus();
            offRejected();
          };
        },
        'the relay to acknowledge',
        timeoutMs,
      );
      if (refused.length > 0) {
        const byDoc = new Map(refused.map((r) => [r.doc, r.why]));
        const message = [...byDoc].map(([doc, why]) => `the relay refused ${doc} (${why})`).join('; ');
        for (const mailbox of new Set(pending.map((m) => m.mailboxId)))
          deps.onRefused?.(mailbox, `${message}; its messages stay pending and are written again`);
        throw new Error(message);
      }
      for (const [mailbox, messages] of groupBy(pending, (m) => m.mailboxId))
        store.markWrittenToDocs(
          mailbox,
          messages.map((m) => ({
            key: m.key,
            withBody: m.body !== undefined,
            serverRev: m.serverRev,
            labels: written.get(m),
          })),
        );
      return pending.length;
    } finally {
      stopWatching();
      for (const name of attached) docs.release(name);
    }
  }

  async function flushAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const pending = store.pendingDocWrites(batchSize);
      if (pending.length === 0) return total;
      total += await writeBatch(pending);
    }
  }

  const writer: DocWriter = {
    flush: flushAll,
    poke() {
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          try {
            await flushAll();
          } catch {
            // offline or timed out: the messages stay pending; the next poke retries
          }
        } while (again);
      })().finally(() => {
        running = undefined;
      });
    },
    async idle() {
      while (running) await running;
    },
    close() {
      for (const name of indexDocs.keys()) docs.release(name);
      indexDocs.clear();
    },
  };
  return writer;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every message arrived before `cutoff`: by the server's receipt time where known (the Date header
 * is the sender's word, and a wrong clock must not close a new inquiry), else the Date header. A
 * message with neither is new.
 */
function isHistory(messages: readonly StoredMessage[], cutoff: number): boolean {
  return messages.every((m) => {
    const at = m.receivedAt ?? m.date;
    return at !== undefined && at > 0 && at < cutoff;
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
