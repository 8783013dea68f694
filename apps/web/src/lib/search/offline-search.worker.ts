// The search worker: a thin shell that wires the offline search engine to this browser's storage
// (segments and the doc cache in IndexedDB, the service worker's cached bodies) and to the page.
/// <reference lib="webworker" />
import * as Y from 'yjs';
import { parseDocName, threadView } from '@wharf/model';
import { createOfflineIndex } from '@wharf/search';
import { localDatabaseName, openLocalDocStore, type LocalDocStore } from '../docs/local-doc-store.ts';
import { messageUrl } from '../thread/message-bodies.ts';
import { heldThreadOf, htmlText } from './offline-documents.ts';
import {
  createOfflineSearchEngine,
  type BodySource,
  type HeldThreadSource,
  type OfflineSearchEngine,
} from './offline-search-engine.ts';
import type { FromSearchWorker, ToSearchWorker } from './offline-search-protocol.ts';
import { openSegmentStore, searchDatabaseName } from './segment-store.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Long bodies are cut: the offline index is for finding a thread, not a full-text archive. */
const MAX_BODY = 20_000;

function heldSource(store: LocalDocStore): HeldThreadSource {
  return {
    async threads() {
      return (await store.docNames()).flatMap((name) => {
        const ref = parseDocName(name);
        return ref?.kind === 'thread' ? [{ mailboxId: ref.mailboxId, threadId: ref.threadId, name }] : [];
      });
    },
    async load(name) {
      const { updates } = await store.load(name);
      if (updates.length === 0) return undefined;
      const doc = new Y.Doc();
      try {
        doc.transact(() => {
          for (const update of updates) Y.applyUpdate(doc, update);
        });
        const view = threadView(doc, Date.now());
        return view ? heldThreadOf(view) : undefined;
      } finally {
        doc.destroy();
      }
    },
  };
}

const bodySource: BodySource = {
  async text(mailboxId, messageId) {
    if (typeof caches === 'undefined') return undefined;
    const cached = await (await caches.open('bodies')).match(messageUrl(mailboxId, messageId));
    if (!cached) return undefined;
    const body = (await cached.json()) as { text?: string; html?: string };
    const text = body.text ?? (body.html ? htmlText(body.html) : '');
    return text.slice(0, MAX_BODY);
  },
};

const post = (message: FromSearchWorker) => self.postMessage(message);
let engine: Promise<OfflineSearchEngine> | undefined;

async function start(userId: string): Promise<OfflineSearchEngine> {
  const [segments, docs] = await Promise.all([
    openSegmentStore(searchDatabaseName(userId)).catch(() => null),
    openLocalDocStore(localDatabaseName(userId)).catch(() => null),
  ]);
  return createOfflineSearchEngine({
    index: createOfflineIndex({ now: () => Date.now() }),
    segments,
    held: docs ? heldSource(docs) : null,
    bodies: bodySource,
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
    elapsed: () => performance.now(),
    onError: (error) => post({ type: 'error', id: null, message: String(error) }),
  });
}

self.onmessage = (event: MessageEvent<ToSearchWorker>) => {
  const message = event.data;
  if (message.type === 'start') {
    engine ??= start(message.userId);
    return;
  }
  if (!engine) return;
  void engine
    .then(async (e) => {
      switch (message.type) {
        case 'rows':
          return e.rows(message.changed, message.removed);
        case 'refresh-held':
          return e.refreshHeld();
        case 'search':
          return post({
            type: 'result',
            id: message.id,
            result: await e.search(message.ast, message.scope, message.options),
          });
        case 'stats':
          return post({ type: 'stats', id: message.id, stats: await e.settled() });
      }
    })
    .catch((error: unknown) =>
      post({ type: 'error', id: 'id' in message ? message.id : null, message: String(error) }),
    );
};
