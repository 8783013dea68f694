// The /sync connection against an in-memory store and a fake socket: the protocol rules of
// packages/sync/PROTOCOL.md without a network.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { MailboxId, Principal, UserId } from '@wharf/model';
import { commentId, mailboxId, notifyMention, threadId, userId } from '@wharf/model';
import { userContext } from '@wharf/model/testing';
import type { ClientMessage, ServerMessage } from '@wharf/sync';
import { CLOSE, decodeServerMessage, encodeMessage, PROTOCOL_VERSION } from '@wharf/sync';
import { createMemoryDocStore } from '../storage/memory-doc-store.ts';
import { createAwarenessChannel } from './awareness-channel.ts';
import { createDocOps, emptyStats } from './doc-ops.ts';
import { DEFAULT_SYNC_LIMITS } from './limits.ts';
import { createRooms } from './rooms.ts';
import { WharfConnection } from './wharf-connection.ts';

const member = (id: string, mailboxes: string[]): Principal => ({
  kind: 'user',
  userId: id as UserId,
  role: 'member',
  mailboxes: new Set(mailboxes as MailboxId[]),
});

class FakeWs extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  received: ServerMessage[] = [];
  closeCodes: number[] = [];
  send(bytes: Uint8Array) {
    this.received.push(decodeServerMessage(bytes));
  }
  close(code: number) {
    this.closeCodes.push(code);
  }
  terminate() {}
}

class FakeSocket extends EventEmitter {
  cork() {}
  uncork() {}
  pause() {}
  resume() {}
}

/** Lets queued handling finish: the memory store settles in microtasks, uncork runs on nextTick. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function relay() {
  const store = createMemoryDocStore();
  const rooms = createRooms();
  const stats = emptyStats();
  const ops = createDocOps({ store, rooms, stats, docWarnBytes: 1 << 20, log: () => {} });
  const context = {
    limits: DEFAULT_SYNC_LIMITS,
    timers: { setTimeout: () => undefined, clearTimeout: () => {} },
    clock: { now: () => 0 },
    stats,
    ops,
    log: () => {},
    onClosed: () => {},
    store,
    rooms,
    awareness: createAwarenessChannel(() => false),
  };
  const open = (principal: Principal) => {
    const ws = new FakeWs();
    new WharfConnection(
      ws as unknown as WebSocket,
      new FakeSocket() as unknown as Duplex,
      principal,
      context,
    );
    const send = async (message: ClientMessage) => {
      ws.emit('message', Buffer.from(encodeMessage(message)));
      await turn();
      await ops.settled();
      await turn();
    };
    return { ws, received: ws.received, send };
  };
  const connect = async (principal: Principal) => {
    const c = open(principal);
    await c.send({ type: 'hello', version: PROTOCOL_VERSION });
    c.received.length = 0;
    return c;
  };
  return { store, stats, open, connect };
}

function textUpdate(text: string, clientID: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getText('body').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const EMPTY_SV = new Uint8Array([0]);
const ALICE = member('u-alice', ['m1']);

/** What a commenter posts into the mentioned user's doc: one mention notification. */
function mentionUpdate(by: string, to: string): Uint8Array {
  const doc = new Y.Doc();
  const comment = { id: commentId('c1'), author: userId(by), body: '@bob', mentions: [userId(to)], at: 5 };
  notifyMention(doc, { threadId: threadId('t'), mailboxId: mailboxId('m1'), comment }, userContext(by));
  return Y.encodeStateAsUpdate(doc);
}

describe('wharf session', () => {
  it('[P1] refuses anything before hello and closes a client of another version', async () => {
    const r = relay();
    const early = r.open(ALICE);
    await early.send({ type: 'unsubscribe', doc: 'workspace' });
    expect(early.ws.closeCodes).toEqual([CLOSE.PROTOCOL_ERROR.code]);
    const stale = r.open(ALICE);
    await stale.send({ type: 'hello', version: PROTOCOL_VERSION + 1 });
    expect(stale.ws.closeCodes).toEqual([CLOSE.PROTOCOL_VERSION.code]);
    expect(stale.received).toEqual([]);
  });

  it('[P3] answers a subscribe with subscribed, the diff and its state vector; nothing more when seqs match', async () => {
    const r = relay();
    await r.store.append('thread/m1/t1', textUpdate('hi', 1));
    const a = await r.connect(ALICE);
    await a.send({ type: 'subscribe', doc: 'thread/m1/t1', seq: 0, stateVector: EMPTY_SV });
    expect(a.received.map((m) => m.type)).toEqual(['subscribed', 'sync-step2', 'sync-step1']);
    expect(a.received[0]).toMatchObject({ seq: 1, access: 'write' });

    const b = await r.connect(ALICE);
    await b.send({ type: 'subscribe', doc: 'thread/m1/t1', seq: 1, stateVector: EMPTY_SV });
    expect(b.received).toEqual([{ type: 'subscribed', doc: 'thread/m1/t1', seq: 1, access: 'write' }]);
    expect(r.stats.syncs).toBe(1);
  });

  it('[P3] denies a doc outside the grant and an unknown doc name', async () => {
    const r = relay();
    const a = await r.connect(ALICE);
    await a.send({ type: 'subscribe', doc: 'thread/m2/t1', seq: 0, stateVector: EMPTY_SV });
    await a.send({ type: 'subscribe', doc: 'secrets', seq: 0, stateVector: EMPTY_SV });
    expect(a.received).toMatchObject([
      { type: 'denied', doc: 'thread/m2/t1', code: 'forbidden' },
      { type: 'denied', doc: 'secrets', code: 'invalid_doc_name' },
    ]);
  });

  it('[P4] answers a catch-up with seqs only, in one message', async () => {
    const r = relay();
    await r.store.append('thread/m1/a', textUpdate('a', 1));
    const a = await r.connect(ALICE);
    await a.send({
      type: 'catch-up',
      docs: [
        { doc: 'thread/m1/a', seq: 1 },
        { doc: 'thread/m1/b', seq: 3 },
        { doc: 'thread/m9/c', seq: 1 },
        { doc: 'user/u-bob', seq: 2 },
      ],
    });
    expect(a.received).toMatchObject([
      { type: 'denied', doc: 'thread/m9/c' },
      {
        type: 'catch-up-result',
        docs: [
          { doc: 'thread/m1/a', seq: 1, access: 'write' },
          { doc: 'thread/m1/b', seq: 0, access: 'write' },
          { doc: 'user/u-bob', seq: 0, access: 'append' },
        ],
      },
    ]);
    expect(r.stats.syncs).toBe(0);
    a.received.length = 0;
    await a.send({ type: 'sync-step1', doc: 'thread/m1/a', stateVector: EMPTY_SV });
    expect(a.received.map((m) => m.type)).toEqual(['sync-step2', 'sync-step1']);
    expect(a.received[0]).toMatchObject({ seq: 1 });
    expect(r.stats.syncs).toBe(1);
  });

  it('[P5] acks the writer after storing and fans out to readers, not to append-only subscribers', async () => {
    const r = relay();
    const bob = member('u-bob', ['m1']);
    const a = await r.connect(ALICE);
    const b = await r.connect(bob);
    const carolOnBob = await r.connect(member('u-carol', []));
    await b.send({ type: 'subscribe', doc: 'user/u-bob', seq: 0, stateVector: EMPTY_SV });
    await a.send({ type: 'subscribe', doc: 'user/u-bob', seq: 0, stateVector: EMPTY_SV });
    await carolOnBob.send({ type: 'subscribe', doc: 'user/u-bob', seq: 0, stateVector: EMPTY_SV });
    for (const c of [a, b, carolOnBob]) c.received.length = 0;

    await a.send({ type: 'update', doc: 'user/u-bob', ref: 7, update: mentionUpdate('u-alice', 'u-bob') });
    await b.send({ type: 'update', doc: 'user/u-bob', ref: 1, update: textUpdate('note', 6) });
    expect(a.received).toEqual([{ type: 'ack', doc: 'user/u-bob', ref: 7, seq: 1 }]);
    expect(b.received).toMatchObject([
      { type: 'remote-update', seq: 1 },
      { type: 'ack', ref: 1, seq: 2 },
    ]);
    expect(carolOnBob.received).toEqual([]);
    expect((await r.store.stats('user/u-bob')).seq).toBe(2);
  });

  it('[P5] rejects updates without write access and garbage that is not a Yjs update', async () => {
    const r = relay();
    const a = await r.connect(ALICE);
    await a.send({ type: 'update', doc: 'workspace', ref: 1, update: textUpdate('x', 1) });
    await a.send({ type: 'update', doc: 'thread/m2/t', ref: 2, update: textUpdate('x', 1) });
    await a.send({ type: 'update', doc: 'thread/m1/t', ref: 3, update: new Uint8Array([200, 1, 2, 3]) });
    expect(a.received).toMatchObject([
      { type: 'rejected', ref: 1, code: 'read_only' },
      { type: 'rejected', ref: 2, code: 'forbidden' },
      { type: 'rejected', ref: 3, code: 'invalid_update' },
    ]);
    expect(r.stats.updatesStored).toBe(0);
  });

  it('[P4] answers sync-step1 only for subscribed docs', async () => {
    const r = relay();
    const a = await r.connect(ALICE);
    await a.send({ type: 'sync-step1', doc: 'thread/m1/t', stateVector: EMPTY_SV });
    expect(a.received).toMatchObject([{ type: 'denied', code: 'not_subscribed' }]);
  });
});
