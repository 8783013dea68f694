import { describe, expect, it } from 'vitest';
import { CLOSE, closeCodeFor, shouldReconnect } from './close-codes.ts';
import type { Message } from './protocol.ts';
import {
  decodeClientMessage,
  decodeMessage,
  decodeServerMessage,
  encodeMessage,
  ProtocolError,
  TAG,
} from './protocol.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

const SAMPLES: Message[] = [
  { type: 'hello', version: 1 },
  { type: 'welcome', version: 1 },
  { type: 'subscribe', doc: 'thread/m1/t1', seq: 42, stateVector: bytes(0) },
  { type: 'unsubscribe', doc: 'workspace' },
  { type: 'subscribed', doc: 'workspace', seq: 0, access: 'read' },
  {
    type: 'catch-up',
    docs: [
      { doc: 'workspace', seq: 3 },
      { doc: 'user/u1', seq: 2 ** 40 },
    ],
  },
  { type: 'catch-up-result', docs: [{ doc: 'user/u2', seq: 7, access: 'append' }] },
  { type: 'sync-step1', doc: 'customer/c1', stateVector: bytes(1, 2, 3) },
  { type: 'sync-step2', doc: 'customer/c1', seq: 9, update: bytes(0, 0) },
  { type: 'update', doc: '线程', ref: 5, update: bytes(9, 9, 9) },
  { type: 'ack', doc: 'index/m1/hot', ref: 5, seq: 11 },
  { type: 'remote-update', doc: 'index/m1/hot', seq: 12, update: bytes(4) },
  { type: 'awareness', update: bytes(1, 0) },
  { type: 'denied', doc: 'thread/m2/t1', code: 'forbidden', reason: 'no grant' },
  { type: 'rejected', doc: 'workspace', ref: 3, code: 'read_only', reason: 'members read the workspace' },
];

describe('sync protocol', () => {
  it.each(SAMPLES.map((m) => [m.type, m] as const))('round-trips %s', (_type, message) => {
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
  });

  it('puts the tag first and the doc name right after it', () => {
    const encoded = encodeMessage({ type: 'unsubscribe', doc: 'ab' });
    expect([...encoded]).toEqual([TAG.unsubscribe, 2, 97, 98]);
  });

  it('narrows by direction', () => {
    expect(() => decodeClientMessage(encodeMessage({ type: 'welcome', version: 1 }))).toThrow(ProtocolError);
    expect(() => decodeServerMessage(encodeMessage({ type: 'hello', version: 1 }))).toThrow(ProtocolError);
    expect(decodeClientMessage(encodeMessage({ type: 'awareness', update: bytes(0) })).type).toBe(
      'awareness',
    );
    expect(decodeServerMessage(encodeMessage({ type: 'awareness', update: bytes(0) })).type).toBe(
      'awareness',
    );
  });

  it('rejects unknown tags, truncation, trailing bytes and unknown access', () => {
    expect(() => decodeMessage(bytes(99))).toThrow(ProtocolError);
    const subscribe = encodeMessage({ type: 'subscribe', doc: 'workspace', seq: 1, stateVector: bytes(0) });
    expect(() => decodeMessage(subscribe.slice(0, -2))).toThrow(ProtocolError);
    expect(() => decodeMessage(new Uint8Array([...subscribe, 0]))).toThrow(ProtocolError);
    const badAccess = new Uint8Array([TAG.subscribed, 1, 97, 0, 3, 98, 97, 100]);
    expect(() => decodeMessage(badAccess)).toThrow(/unknown access/);
  });

  it('maps an unknown error code from a newer relay to internal', () => {
    const encoded = encodeMessage({ type: 'denied', doc: 'x', code: 'forbidden', reason: '' });
    const patched = new Uint8Array([TAG.denied, 1, 120, 3, 110, 101, 119, 0]);
    expect(decodeMessage(encoded)).toMatchObject({ code: 'forbidden' });
    expect(decodeMessage(patched)).toMatchObject({ code: 'internal' });
  });
});

describe('close codes', () => {
  it('are unique and in the standard or application range', () => {
    const codes = Object.values(CLOSE).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes)
      expect(code === 1001 || code === 1009 || (code >= 4000 && code < 5000)).toBe(true);
  });

  it('say whether to reconnect', () => {
    expect(shouldReconnect(CLOSE.SLOW_CONSUMER.code)).toBe(true);
    expect(shouldReconnect(CLOSE.REVOKED.code)).toBe(false);
    expect(shouldReconnect(CLOSE.PROTOCOL_VERSION.code)).toBe(false);
    expect(shouldReconnect(1006)).toBe(true);
    expect(closeCodeFor(4004)?.name).toBe('revoked');
  });
});
