// The sync client against a scripted fake socket and fake timers: status, acks, seq adoption
// (PROTOCOL.md [P2]) and reconnect backoff, without a relay.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebSocketLike } from './client.ts';
import { createSyncClient } from './client.ts';
import { CLOSE } from './close-codes.ts';
import type { ClientMessage, ServerMessage } from './protocol.ts';
import { decodeClientMessage, encodeMessage, PROTOCOL_VERSION } from './protocol.ts';

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  binaryType = 'blob';
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: ClientMessage[] = [];
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(decodeClientMessage(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: ServerMessage) {
    const bytes = encodeMessage(message);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
  serverClose(code: number) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  take(): ClientMessage[] {
    return this.sent.splice(0);
  }
}

function setup() {
  FakeSocket.all = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const client = createSyncClient({
    url: 'ws://relay/sync',
    token: 'secret token',
    WebSocket: FakeSocket,
    timers: { setTimeout: (fn, ms) => timers.push({ fn, ms }), clearTimeout: () => {} },
    random: () => 0.5,
    backoff: { initialMs: 100, maxMs: 1_000 },
  });
  const socket = () => FakeSocket.all.at(-1)!;
  const welcome = () => {
    socket().open();
    socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
  };
  return { client, timers, socket, welcome };
}

describe('sync client', () => {
  it('says hello with its version and passes the token in the URL', () => {
    const { socket } = setup();
    socket().open();
    expect(socket().url).toBe('ws://relay/sync?token=secret%20token');
    expect(socket().take()).toEqual([{ type: 'hello', version: PROTOCOL_VERSION }]);
  });

  it('is saved only when every local update is acknowledged', () => {
    const { client, socket, welcome } = setup();
    const doc = new Y.Doc();
    client.attach('thread/m1/t1', doc);
    expect(client.status).toBe('offline');
    welcome();
    expect(client.status).toBe('syncing');
    socket().receive({ type: 'subscribed', doc: 'thread/m1/t1', seq: 0, access: 'write' });
    socket().receive({ type: 'sync-step2', doc: 'thread/m1/t1', seq: 0, update: new Uint8Array([0, 0]) });
    expect(client.status).toBe('saved');
    socket().take();

    doc.getText('body').insert(0, 'x');
    const [update] = socket().take();
    expect(update).toMatchObject({ type: 'update', doc: 'thread/m1/t1' });
    expect(client.status).toBe('syncing');
    expect(client.pendingCount).toBe(1);
    socket().receive({ type: 'ack', doc: 'thread/m1/t1', ref: (update as { ref: number }).ref, seq: 1 });
    expect(client.status).toBe('saved');
    expect(client.seqOf('thread/m1/t1')).toBe(1);
  });

  it('keeps an update the relay refused as too large pending, and sends the refused ones again merged, later', () => {
    const { client, socket, welcome, timers } = setup();
    const doc = new Y.Doc();
    const name = 'index/m1/hot';
    const refusals: string[] = [];
    client.on('rejected', (_doc, code) => refusals.push(code));
    client.attach(name, doc);
    welcome();
    socket().receive({ type: 'subscribed', doc: name, seq: 0, access: 'write' });
    socket().receive({ type: 'sync-step2', doc: name, seq: 0, update: new Uint8Array([0, 0]) });
    socket().take();
    const refuse = (message: ClientMessage) =>
      socket().receive({
        type: 'rejected',
        doc: name,
        ref: (message as { ref: number }).ref,
        code: 'doc_too_large',
        reason: 'over the cap',
      });

    doc.getMap('rows').set('t1', { subject: 'one' });
    doc.getMap('rows').set('t2', { subject: 'two' });
    const [first, second] = socket().take();
    refuse(first!);
    refuse(second!);
    expect(refusals).toEqual(['doc_too_large', 'doc_too_large']);
    // not stored, so not saved: whoever waits for the relay keeps waiting
    expect(client.pendingCount).toBe(2);
    expect(client.status).toBe('syncing');
    const retries = timers.filter((t) => t.ms >= 50 && t.ms <= 100);
    expect(retries).toHaveLength(1);

    retries[0]!.fn();
    const [again] = socket().take();
    expect(client.pendingCount).toBe(1);
    const relay = new Y.Doc();
    Y.applyUpdate(relay, (again as { update: Uint8Array }).update);
    expect(relay.getMap('rows').toJSON()).toEqual({ t1: { subject: 'one' }, t2: { subject: 'two' } });
    socket().receive({ type: 'ack', doc: name, ref: (again as { ref: number }).ref, seq: 1 });
    expect(client.status).toBe('saved');
  });

  it('drops an update refused for good (no write access), without retrying', () => {
    const { client, socket, welcome, timers } = setup();
    const doc = new Y.Doc();
    client.attach('workspace', doc);
    welcome();
    socket().receive({ type: 'subscribed', doc: 'workspace', seq: 0, access: 'read' });
    socket().receive({ type: 'sync-step2', doc: 'workspace', seq: 0, update: new Uint8Array([0, 0]) });
    socket().take();
    const before = timers.length;
    doc.getMap('members').set('x', 1);
    const [update] = socket().take();
    socket().receive({
      type: 'rejected',
      doc: 'workspace',
      ref: (update as { ref: number }).ref,
      code: 'read_only',
      reason: 'members read the workspace',
    });
    expect(client.pendingCount).toBe(0);
    expect(timers).toHaveLength(before);
  });

  it('[P2] does not adopt seqs seen before the doc is synced on this connection', () => {
    const { client, socket, welcome } = setup();
    client.attach('thread/m1/t1', new Y.Doc());
    welcome();
    const other = new Y.Doc();
    other.getText('body').insert(0, 'a');
    socket().receive({
      type: 'remote-update',
      doc: 'thread/m1/t1',
      seq: 9,
      update: Y.encodeStateAsUpdate(other),
    });
    expect(client.seqOf('thread/m1/t1')).toBe(0);
    socket().receive({ type: 'subscribed', doc: 'thread/m1/t1', seq: 8, access: 'write' });
    socket().receive({ type: 'sync-step2', doc: 'thread/m1/t1', seq: 8, update: new Uint8Array([0, 0]) });
    expect(client.seqOf('thread/m1/t1')).toBe(8);
    socket().receive({
      type: 'remote-update',
      doc: 'thread/m1/t1',
      seq: 10,
      update: Y.encodeStateAsUpdate(other),
    });
    expect(client.seqOf('thread/m1/t1')).toBe(10);
  });

  it('[P4] reconnects with one catch-up for cached docs and re-sends unacknowledged updates', () => {
    const { client, socket, welcome, timers } = setup();
    const doc = new Y.Doc();
    client.attach('thread/m1/cached', doc, { seq: 5 });
    client.attach('thread/m1/new', new Y.Doc());
    welcome();
    expect(
      socket()
        .take()
        .map((m) => m.type),
    ).toEqual(['hello', 'subscribe', 'catch-up', 'awareness']);
    doc.getText('body').insert(0, 'offline edit');
    socket().serverClose(1006);
    expect(client.status).toBe('offline');
    expect(timers).toHaveLength(1);

    timers[0]!.fn();
    welcome();
    const sent = socket().take();
    expect(sent.map((m) => m.type)).toEqual(['hello', 'subscribe', 'catch-up', 'update', 'awareness']);
    expect(sent[2]).toEqual({ type: 'catch-up', docs: [{ doc: 'thread/m1/cached', seq: 5 }] });
    socket().receive({
      type: 'catch-up-result',
      docs: [{ doc: 'thread/m1/cached', seq: 6, access: 'write' }],
    });
    expect(socket().take()).toMatchObject([{ type: 'sync-step1', doc: 'thread/m1/cached' }]);
  });

  it('backs off exponentially with jitter, and stops for codes that say not to retry', () => {
    const { client, socket, timers } = setup();
    for (let i = 0; i < 4; i++) {
      socket().serverClose(1006);
      timers.at(-1)!.fn();
    }
    // random() = 0.5: three quarters of each ceiling (100, 200, 400, 800 ms).
    expect(timers.map((t) => t.ms)).toEqual([75, 150, 300, 600]);
    socket().serverClose(CLOSE.REVOKED.code);
    expect(timers).toHaveLength(4);
    expect(client.status).toBe('offline');
  });

  it('forgets a denied doc instead of waiting for it forever', () => {
    const { client, socket, welcome } = setup();
    const doc = new Y.Doc();
    client.attach('thread/m9/t1', doc);
    welcome();
    socket().receive({ type: 'denied', doc: 'thread/m9/t1', code: 'forbidden', reason: 'no grant' });
    doc.getText('body').insert(0, 'not sent');
    expect(client.pendingCount).toBe(0);
    expect(client.status).toBe('saved');
  });
});
