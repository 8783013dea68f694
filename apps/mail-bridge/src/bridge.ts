// The bridge process: its store, its blobs and one MailboxSync per active mailbox. The sync
// helpers it is given (clock, timers, ids) are the only source of time and randomness.
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { createParsePool } from './mime/parse-pool.ts';
import { mkdirSync } from 'node:fs';
import { createBlobStore, type BlobStore } from './store/blob-store.ts';
import { openBridgeStore, type BridgeStore, type MailboxSettings } from './store/bridge-store.ts';
import { createSecretBox, loadSecretKey } from './store/secret-box.ts';
import { createDocWriter } from './docs/doc-writer.ts';
import { createOutboxSender } from './send/outbox-sender.ts';
import type { ApprovalLookup } from './send/approval-gate.ts';
import { createSlaChecker } from './docs/sla-checker.ts';
import { createDocRegistry, type DocRegistry } from './docs/doc-registry.ts';
import { allAcknowledged, docSynced } from './docs/wait.ts';
import { createSearchFollower } from './search/search-follower.ts';
import { createSearchRebuild, type RebuildStatus } from './search/search-rebuild.ts';
import { EXTRACT_MAX_BYTES } from './search/attachment-text.ts';
import { createWorkerExtractor } from '@wharf/search/extract';
import { createValueResolver } from './search/resolve-value.ts';
import type { ValueField } from '@wharf/search';
import { BRIDGE_ACTOR, mailboxId as toMailboxId, putWorkspaceRow, removeWorkspaceRow } from '@wharf/model';
import type { SyncClient } from '@wharf/sync';
import {
  createMailboxSync,
  type MailboxProgress,
  type MailboxSync,
  type MailboxSyncDeps,
  type SyncEvent,
} from './imap/mailbox-sync.ts';

export interface BridgeDeps extends Pick<MailboxSyncDeps, 'clock' | 'timers' | 'random' | 'newThreadId'> {
  dataDir: string;
  /** WHARF_SECRET_KEY, when set. */
  secretKey: string | undefined;
  onEvent?: (event: SyncEvent) => void;
  /** Progress of a search index rebuild. */
  onRebuildProgress?: (status: RebuildStatus) => void;
  /** When given, stored messages are written into the docs through this relay connection. */
  docs?: { client: SyncClient; newId: () => string };
  /** The relay's record of approval decisions; without it mail needing approval waits (model SPEC [AP2]). */
  approvals?: ApprovalLookup;
  /** Worker threads that parse bodies (default: one per core; 0 parses on the main thread). */
  parseWorkers?: number;
  sync?: Partial<Omit<MailboxSyncDeps, 'store' | 'blobs' | 'clock' | 'timers' | 'random' | 'newThreadId'>>;
}

/** The bridge's side of search beyond the index in its store. */
export interface BridgeSearch {
  /** Typed names and addresses → stored ids, for `assignee:`, `customer:`, `mailbox:`. */
  resolveValue(field: ValueField, value: string): string[];
  /** Resolves when every thread doc the follower wanted to read has been read. */
  followed(): Promise<void>;
  /** Rewrites the index from the store (search keeps answering); false when one is running. */
  startRebuild(): boolean;
  rebuildStatus(): RebuildStatus;
  rebuildFinished(): Promise<void>;
}

export interface Bridge extends AsyncDisposable {
  store: BridgeStore;
  blobs: BlobStore;
  search: BridgeSearch;
  start(): void;
  stop(): Promise<void>;
  progress(): MailboxProgress[];
  /** Resolves once every stored message has been written into the docs (when docs are on). */
  docsWritten(): Promise<void>;
  /** Resolves when the outbox sender has nothing in hand. */
  outboxIdle(): Promise<void>;
  /** The thread docs the outbox sender holds (model SPEC [IX5]). */
  outboxWatching(): string[];
  /** Runs the SLA check now (it also runs every minute); resolves to the notifications sent. */
  checkSla(): Promise<number>;
  /** After a mailbox was added, edited, paused or removed: restart its sync, publish its public part. */
  mailboxChanged(mailboxId: string): Promise<void>;
}

export function openBridgeState(
  dataDir: string,
  secretKey: string | undefined,
): { store: BridgeStore; blobs: BlobStore } {
  mkdirSync(dataDir, { recursive: true });
  const key = loadSecretKey({ envKey: secretKey, keyFile: join(dataDir, 'secret.key') });
  return {
    store: openBridgeStore(join(dataDir, 'bridge.sqlite'), createSecretBox(key)),
    blobs: createBlobStore(join(dataDir, 'blobs')),
  };
}

export function createBridge(deps: BridgeDeps): Bridge {
  const { store, blobs } = openBridgeState(deps.dataDir, deps.secretKey);
  const syncs = new Map<string, MailboxSync>();
  let started = false;
  let backlog: Promise<void> | undefined;
  let resetRebuilt = false;
  /** Messages stored before the search index existed, indexed in batches between other work. */
  const indexBacklog = async () => {
    let afterSeq = 0;
    while (started) {
      const batch = store.indexBacklog(afterSeq, 500);
      afterSeq = batch.lastSeq;
      if (batch.done) return;
      await new Promise<void>((resolve) => deps.timers.setTimeout(resolve, 0));
    }
  };
  /** The public part of a mailbox lives in the workspace doc (design §2); secrets never do. */
  const publishMailbox = async (
    docs: DocRegistry,
    mailboxId: string,
    settings: MailboxSettings | undefined,
  ) => {
    const doc = docs.acquire('workspace');
    try {
      await docSynced(docs.client, deps.timers, 'workspace', 30_000);
      const ctx = { deps: { now: () => deps.clock.now(), newId: deps.docs!.newId }, actor: BRIDGE_ACTOR };
      if (settings)
        putWorkspaceRow(
          doc,
          'mailboxes',
          {
            id: toMailboxId(settings.id),
            address: settings.address,
            displayName: settings.displayName,
            ...(settings.signature ? { signature: settings.signature } : {}),
            ...(settings.sendAsVia ? { sendAsVia: true } : {}),
            sendAs: [],
          },
          ctx,
        );
      else removeWorkspaceRow(doc, 'mailboxes', mailboxId, ctx);
      await allAcknowledged(docs.client, deps.timers, 30_000);
    } finally {
      docs.release('workspace');
    }
  };
  const workers = deps.parseWorkers ?? availableParallelism();
  const parsePool = workers > 0 ? createParsePool(join(deps.dataDir, 'blobs'), workers) : undefined;
  const registry = deps.docs ? createDocRegistry(deps.docs.client) : undefined;
  const writer =
    registry && deps.docs
      ? createDocWriter({
          store,
          docs: registry,
          model: { now: () => deps.clock.now(), newId: deps.docs.newId },
          timers: deps.timers,
          onRefused: (mailboxId, message) => deps.onEvent?.({ kind: 'error', mailboxId, message }),
        })
      : undefined;
  const sender =
    registry && deps.docs
      ? createOutboxSender({
          store,
          blobs,
          docs: registry,
          model: { now: () => deps.clock.now(), newId: deps.docs.newId },
          timers: deps.timers,
          random: deps.random,
          onSent: (mailboxId) => syncs.get(mailboxId)?.wake(),
          ...(deps.approvals ? { approvals: deps.approvals } : {}),
        })
      : undefined;
  // Attachment text on a worker thread with a hard time limit, for ingest and rebuilds alike.
  const ownExtractor = deps.sync?.extractAttachment
    ? undefined
    : createWorkerExtractor({
        maxBytes: EXTRACT_MAX_BYTES,
        timers: {
          after: (ms, fn) => {
            const handle = deps.timers.setTimeout(fn, ms);
            return () => deps.timers.clearTimeout(handle);
          },
        },
      });
  const extractor = deps.sync?.extractAttachment ?? ownExtractor!;
  const rebuild = createSearchRebuild({
    store,
    blobs,
    extract: extractor,
    clock: deps.clock,
    timers: deps.timers,
    ...(deps.onRebuildProgress ? { onProgress: deps.onRebuildProgress } : {}),
  });
  // thread status, assignee, tags, customer, comments and notes from the docs into the index
  const follower = registry
    ? createSearchFollower({
        store,
        docs: registry,
        clock: deps.clock,
        timers: deps.timers,
        onError: (error, mailboxId) =>
          deps.onEvent?.({
            kind: 'error',
            mailboxId,
            message: `search: could not bring the index up to date with the docs: ${String(error)}`,
          }),
      })
    : undefined;
  const sla =
    registry && deps.docs
      ? createSlaChecker({
          docs: registry,
          model: { now: () => deps.clock.now(), newId: deps.docs.newId },
          timers: deps.timers,
          mailboxes: () =>
            store
              .listMailboxes()
              .filter((m) => !m.paused)
              .map((m) => m.id),
        })
      : undefined;
  const onEvent = (event: SyncEvent) => {
    // new messages, bodies, and server state (flags, expunges; moves settle by the end of a pass)
    if (event.kind !== 'error') writer?.poke();
    deps.onEvent?.(event);
  };
  const bridge: Bridge = {
    store,
    blobs,
    search: {
      resolveValue: createValueResolver({
        members: () => follower?.members() ?? [],
        mailboxes: () => store.listMailboxes(),
        customers: () => follower?.customers() ?? [],
      }),
      followed: async () => follower?.idle(),
      startRebuild: () => rebuild.start(),
      rebuildStatus: () => rebuild.status(),
      rebuildFinished: () => rebuild.finished(),
    },
    start() {
      started = true;
      follower?.start();
      // an index of an older schema was recreated empty: refill it whole (attachment text too)
      if (store.searchWasReset && !resetRebuilt) {
        resetRebuilt = true;
        rebuild.start();
      } else backlog ??= indexBacklog().finally(() => (backlog = undefined));
      writer?.poke(); // replays what a crash left unwritten
      sender?.start();
      sla?.start();
      for (const mailbox of store.listMailboxes()) {
        if (mailbox.paused || syncs.has(mailbox.id)) continue;
        const sync = createMailboxSync(mailbox, {
          ...deps.sync,
          extractAttachment: extractor,
          ...(parsePool ? { parsePool } : {}),
          store,
          blobs,
          clock: deps.clock,
          timers: deps.timers,
          random: deps.random,
          newThreadId: deps.newThreadId,
          onEvent,
        });
        syncs.set(mailbox.id, sync);
        sync.start();
      }
    },
    async stop() {
      started = false;
      await backlog;
      await Promise.all([...syncs.values()].map((s) => s.stop()));
      syncs.clear();
      await writer?.idle();
      await sender?.stop();
      await follower?.stop();
      await sla?.stop();
      await rebuild.finished();
    },
    progress: () => [...syncs.values()].map((s) => s.progress()),
    async mailboxChanged(mailboxId) {
      const running = syncs.get(mailboxId);
      if (running) {
        await running.stop();
        syncs.delete(mailboxId);
      }
      const settings = store.getMailbox(mailboxId);
      if (started) bridge.start();
      if (registry) await publishMailbox(registry, mailboxId, settings);
    },
    checkSla: () => sla?.check() ?? Promise.resolve(0),
    async outboxIdle() {
      await sender?.idle();
    },
    outboxWatching: () => sender?.watching() ?? [],
    async docsWritten() {
      if (!writer) return;
      await writer.idle();
      if (store.pendingDocWrites(1).length > 0) {
        writer.poke();
        await writer.idle();
      }
    },
    async [Symbol.asyncDispose]() {
      await bridge.stop();
      writer?.close();
      await parsePool?.close();
      await ownExtractor?.close();
      store.close();
    },
  };
  return bridge;
}
