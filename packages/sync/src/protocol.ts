// The Wharf sync wire protocol: pure encode/decode, no I/O. One websocket per client carries
// many docs; every doc-scoped message names its doc right after the message tag. The layout of
// each message is described in ../PROTOCOL.md; the tag numbers below are part of the wire format
// and never change meaning (add new tags, bump PROTOCOL_VERSION for incompatible changes).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Bumped on any incompatible change; a client with another version is closed with PROTOCOL_VERSION. */
export const PROTOCOL_VERSION = 1;

/** What a subscriber may do with a doc (the `none` case is a `denied` message instead). */
export type GrantedAccess = 'read' | 'write' | 'append';

/** Why a subscribe or one update was refused. */
export type DocErrorCode =
  | 'forbidden'
  | 'read_only'
  | 'invalid_doc_name'
  | 'invalid_update'
  | 'doc_too_large'
  | 'not_subscribed'
  | 'internal';

export interface CatchUpEntry {
  doc: string;
  seq: number;
}
export interface CatchUpResultEntry {
  doc: string;
  seq: number;
  access: GrantedAccess;
}

export type ClientMessage =
  | { type: 'hello'; version: number }
  /** Subscribe one doc and sync it in one round trip: `seq` is the last seq the client saw (0 = none). */
  | { type: 'subscribe'; doc: string; seq: number; stateVector: Uint8Array }
  | { type: 'unsubscribe'; doc: string }
  /** Subscribe many cached docs at once; the relay answers with their current seqs, nothing else. */
  | { type: 'catch-up'; docs: CatchUpEntry[] }
  /** Ask for what the client lacks (after a catch-up said the doc changed). */
  | { type: 'sync-step1'; doc: string; stateVector: Uint8Array }
  /** A local change; `ref` (> 0, unique per connection) comes back in `ack` once it is durable. */
  | { type: 'update'; doc: string; ref: number; update: Uint8Array }
  /** A y-protocols awareness update for the connection-level presence channel. */
  | { type: 'awareness'; update: Uint8Array };

export type ServerMessage =
  | { type: 'welcome'; version: number }
  | { type: 'subscribed'; doc: string; seq: number; access: GrantedAccess }
  | { type: 'catch-up-result'; docs: CatchUpResultEntry[] }
  /** The relay's state vector: the client answers with an `update` holding what the relay lacks. */
  | { type: 'sync-step1'; doc: string; stateVector: Uint8Array }
  /** Everything the client lacked, as of `seq`. */
  | { type: 'sync-step2'; doc: string; seq: number; update: Uint8Array }
  | { type: 'ack'; doc: string; ref: number; seq: number }
  | { type: 'remote-update'; doc: string; seq: number; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  /** The subscription is refused or ended; the client should stop syncing the doc. */
  | { type: 'denied'; doc: string; code: DocErrorCode; reason: string }
  /** One update (by `ref`) was refused; the subscription stays. */
  | { type: 'rejected'; doc: string; ref: number; code: DocErrorCode; reason: string };

export type Message = ClientMessage | ServerMessage;

/** Wire tags. Shared numbering for both directions; a tag's layout is the same either way. */
export const TAG = {
  hello: 0,
  welcome: 1,
  subscribe: 2,
  unsubscribe: 3,
  subscribed: 4,
  'catch-up': 5,
  'catch-up-result': 6,
  'sync-step1': 7,
  'sync-step2': 8,
  update: 9,
  ack: 10,
  'remote-update': 11,
  awareness: 12,
  denied: 13,
  rejected: 14,
} as const;

const ACCESS_VALUES: readonly GrantedAccess[] = ['read', 'write', 'append'];
const ERROR_CODES: readonly DocErrorCode[] = [
  'forbidden',
  'read_only',
  'invalid_doc_name',
  'invalid_update',
  'doc_too_large',
  'not_subscribed',
  'internal',
];

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** Returns bytes over a plain ArrayBuffer, so DOM `WebSocket.send` accepts them as they are. */
export function encodeMessage(message: Message): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, TAG[message.type]);
  switch (message.type) {
    case 'hello':
    case 'welcome':
      encoding.writeVarUint(e, message.version);
      break;
    case 'subscribe':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarUint(e, message.seq);
      encoding.writeVarUint8Array(e, message.stateVector);
      break;
    case 'unsubscribe':
      encoding.writeVarString(e, message.doc);
      break;
    case 'subscribed':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarUint(e, message.seq);
      encoding.writeVarString(e, message.access);
      break;
    case 'catch-up':
      encoding.writeVarUint(e, message.docs.length);
      for (const entry of message.docs) {
        encoding.writeVarString(e, entry.doc);
        encoding.writeVarUint(e, entry.seq);
      }
      break;
    case 'catch-up-result':
      encoding.writeVarUint(e, message.docs.length);
      for (const entry of message.docs) {
        encoding.writeVarString(e, entry.doc);
        encoding.writeVarUint(e, entry.seq);
        encoding.writeVarString(e, entry.access);
      }
      break;
    case 'sync-step1':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarUint8Array(e, message.stateVector);
      break;
    case 'sync-step2':
    case 'remote-update':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarUint(e, message.seq);
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'update':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarUint(e, message.ref);
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'ack':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarUint(e, message.ref);
      encoding.writeVarUint(e, message.seq);
      break;
    case 'awareness':
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'denied':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarString(e, message.code);
      encoding.writeVarString(e, message.reason);
      break;
    case 'rejected':
      encoding.writeVarString(e, message.doc);
      encoding.writeVarUint(e, message.ref);
      encoding.writeVarString(e, message.code);
      encoding.writeVarString(e, message.reason);
      break;
  }
  return encoding.toUint8Array(e);
}

/** Decodes one message from either direction; throws ProtocolError on anything malformed. */
export function decodeMessage(bytes: Uint8Array): Message {
  const d = decoding.createDecoder(bytes);
  let message: Message;
  try {
    message = readMessage(d);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`malformed message: ${(error as Error).message}`);
  }
  if (decoding.hasContent(d)) throw new ProtocolError(`trailing bytes after ${message.type}`);
  return message;
}

/** Decodes and narrows to what a client may send; the relay uses this. */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  const message = decodeMessage(bytes);
  if (!isClientMessage(message)) throw new ProtocolError(`${message.type} is not a client message`);
  return message;
}

/** Decodes and narrows to what a relay may send; the client uses this. */
export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  const message = decodeMessage(bytes);
  if (!isServerMessage(message)) throw new ProtocolError(`${message.type} is not a server message`);
  return message;
}

const CLIENT_TYPES = new Set<Message['type']>([
  'hello',
  'subscribe',
  'unsubscribe',
  'catch-up',
  'sync-step1',
  'update',
  'awareness',
]);
const SERVER_TYPES = new Set<Message['type']>([
  'welcome',
  'subscribed',
  'catch-up-result',
  'sync-step1',
  'sync-step2',
  'ack',
  'remote-update',
  'awareness',
  'denied',
  'rejected',
]);

function isClientMessage(message: Message): message is ClientMessage {
  // 'update' is client-only in shape (it carries a ref), 'sync-step1'/'awareness' go both ways.
  return CLIENT_TYPES.has(message.type);
}
function isServerMessage(message: Message): message is ServerMessage {
  return SERVER_TYPES.has(message.type);
}

function readMessage(d: decoding.Decoder): Message {
  const tag = decoding.readVarUint(d);
  switch (tag) {
    case TAG.hello:
      return { type: 'hello', version: decoding.readVarUint(d) };
    case TAG.welcome:
      return { type: 'welcome', version: decoding.readVarUint(d) };
    case TAG.subscribe:
      return {
        type: 'subscribe',
        doc: decoding.readVarString(d),
        seq: decoding.readVarUint(d),
        stateVector: decoding.readVarUint8Array(d),
      };
    case TAG.unsubscribe:
      return { type: 'unsubscribe', doc: decoding.readVarString(d) };
    case TAG.subscribed:
      return {
        type: 'subscribed',
        doc: decoding.readVarString(d),
        seq: decoding.readVarUint(d),
        access: readAccess(d),
      };
    case TAG['catch-up']: {
      const docs: CatchUpEntry[] = [];
      for (let n = decoding.readVarUint(d); n > 0; n--)
        docs.push({ doc: decoding.readVarString(d), seq: decoding.readVarUint(d) });
      return { type: 'catch-up', docs };
    }
    case TAG['catch-up-result']: {
      const docs: CatchUpResultEntry[] = [];
      for (let n = decoding.readVarUint(d); n > 0; n--)
        docs.push({ doc: decoding.readVarString(d), seq: decoding.readVarUint(d), access: readAccess(d) });
      return { type: 'catch-up-result', docs };
    }
    case TAG['sync-step1']:
      return {
        type: 'sync-step1',
        doc: decoding.readVarString(d),
        stateVector: decoding.readVarUint8Array(d),
      };
    case TAG['sync-step2']:
      return {
        type: 'sync-step2',
        doc: decoding.readVarString(d),
        seq: decoding.readVarUint(d),
        update: decoding.readVarUint8Array(d),
      };
    case TAG.update:
      return {
        type: 'update',
        doc: decoding.readVarString(d),
        ref: decoding.readVarUint(d),
        update: decoding.readVarUint8Array(d),
      };
    case TAG.ack:
      return {
        type: 'ack',
        doc: decoding.readVarString(d),
        ref: decoding.readVarUint(d),
        seq: decoding.readVarUint(d),
      };
    case TAG['remote-update']:
      return {
        type: 'remote-update',
        doc: decoding.readVarString(d),
        seq: decoding.readVarUint(d),
        update: decoding.readVarUint8Array(d),
      };
    case TAG.awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(d) };
    case TAG.denied:
      return {
        type: 'denied',
        doc: decoding.readVarString(d),
        code: readErrorCode(d),
        reason: decoding.readVarString(d),
      };
    case TAG.rejected:
      return {
        type: 'rejected',
        doc: decoding.readVarString(d),
        ref: decoding.readVarUint(d),
        code: readErrorCode(d),
        reason: decoding.readVarString(d),
      };
    default:
      throw new ProtocolError(`unknown message tag ${tag}`);
  }
}

function readAccess(d: decoding.Decoder): GrantedAccess {
  const value = decoding.readVarString(d);
  if (!(ACCESS_VALUES as readonly string[]).includes(value))
    throw new ProtocolError(`unknown access ${value}`);
  return value as GrantedAccess;
}

function readErrorCode(d: decoding.Decoder): DocErrorCode {
  const value = decoding.readVarString(d);
  // Unknown codes from a newer relay degrade to 'internal' instead of breaking the connection.
  return (ERROR_CODES as readonly string[]).includes(value) ? (value as DocErrorCode) : 'internal';
}
