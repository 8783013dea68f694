// One /sync connection speaking the Wharf protocol (packages/sync/PROTOCOL.md).
import type { Principal } from '@wharf/model';
import type { ClientMessage, GrantedAccess, ServerMessage } from '@wharf/sync';
import { CLOSE, decodeClientMessage, encodeMessage, PROTOCOL_VERSION, ProtocolError } from '@wharf/sync';
import type { DocStore } from '../storage/doc-store.ts';
import { accessFor } from './access.ts';
import type { AwarenessChannel, AwarenessPeer } from './awareness-channel.ts';
import type { DocOps, SyncStats } from './doc-ops.ts';
import type { Outbound } from './outbound.ts';
import type { Fanout, Rooms, Subscriber } from './rooms.ts';
import { encodedFor } from './rooms.ts';

export interface WharfSessionDeps {
  principal: Principal;
  outbound: Outbound;
  store: DocStore;
  ops: DocOps;
  rooms: Rooms;
  awareness: AwarenessChannel;
  stats: SyncStats;
}

export interface WharfSession {
  handle(bytes: Uint8Array): Promise<void> | void;
  /** Leaves every room and the awareness channel. */
  dispose(): void;
}

const encodeRemoteUpdate = (f: Fanout) =>
  encodeMessage({ type: 'remote-update', doc: f.doc, seq: f.seq, update: f.update });

export function createWharfSession(deps: WharfSessionDeps): WharfSession {
  const { principal, outbound, store, ops, rooms, awareness, stats } = deps;
  const subscriptions = new Map<string, GrantedAccess>();
  let greeted = false;

  const send = (message: ServerMessage) => outbound.send(encodeMessage(message));
  const subscriber: Subscriber & AwarenessPeer = {
    deliver: (fanout) => outbound.send(encodedFor(fanout, 'wharf', encodeRemoteUpdate)),
    sendAwareness: (update) => send({ type: 'awareness', update }),
  };

  /** Checks access and records the subscription; undefined (and a `denied` sent) when refused. */
  const subscribeOne = (doc: string): GrantedAccess | undefined => {
    const access = accessFor(principal, doc);
    if (access === 'invalid' || access === 'none') {
      unsubscribe(doc);
      const code = access === 'invalid' ? 'invalid_doc_name' : 'forbidden';
      send({
        type: 'denied',
        doc,
        code,
        reason: code === 'forbidden' ? 'no access to this doc' : 'unknown doc name',
      });
      return undefined;
    }
    subscriptions.set(doc, access);
    // Joined before anything is loaded: an update stored meanwhile is either in the load or fanned out.
    if (access !== 'append') rooms.join(doc, subscriber);
    return access;
  };

  const unsubscribe = (doc: string) => {
    subscriptions.delete(doc);
    rooms.leave(doc, subscriber);
  };

  /** Sends the diff and the relay's state vector; `subscribed` first when answering a subscribe. */
  const syncDoc = async (doc: string, stateVector: Uint8Array, access: GrantedAccess, announce: boolean) => {
    const diff = await ops.diff(doc, stateVector);
    if (subscriptions.get(doc) !== access) return;
    if (announce) send({ type: 'subscribed', doc, seq: diff.seq, access });
    send({ type: 'sync-step2', doc, seq: diff.seq, update: diff.update });
    send({ type: 'sync-step1', doc, stateVector: diff.stateVector });
  };

  const handlers: { [K in ClientMessage['type']]: (m: Extract<ClientMessage, { type: K }>) => unknown } = {
    hello: () => {
      throw new ProtocolError('hello sent twice');
    },
    subscribe: async ({ doc, seq, stateVector }) => {
      const access = subscribeOne(doc);
      if (access === undefined) return;
      if (access === 'append') return send({ type: 'subscribed', doc, seq: 0, access });
      if (seq > 0) {
        const current = (await store.seqs([doc])).get(doc) ?? 0;
        if (current === seq) return send({ type: 'subscribed', doc, seq, access });
      }
      await syncDoc(doc, stateVector, access, true);
    },
    unsubscribe: ({ doc }) => unsubscribe(doc),
    'catch-up': async ({ docs }) => {
      stats.catchUpDocs += docs.length;
      const granted: { doc: string; access: GrantedAccess }[] = [];
      for (const { doc } of docs) {
        const access = subscribeOne(doc);
        if (access !== undefined) granted.push({ doc, access });
      }
      const seqs = await store.seqs(granted.map((g) => g.doc));
      send({
        type: 'catch-up-result',
        docs: granted.map(({ doc, access }) => ({
          doc,
          access,
          seq: access === 'append' ? 0 : (seqs.get(doc) ?? 0),
        })),
      });
    },
    'sync-step1': async ({ doc, stateVector }) => {
      const access = subscriptions.get(doc);
      if (access !== 'read' && access !== 'write')
        return send({ type: 'denied', doc, code: 'not_subscribed', reason: 'subscribe before syncing' });
      await syncDoc(doc, stateVector, access, false);
    },
    update: ({ doc, ref, update }) => {
      const access = accessFor(principal, doc);
      if (access !== 'write' && access !== 'append') {
        const code =
          access === 'read' ? 'read_only' : access === 'invalid' ? 'invalid_doc_name' : 'forbidden';
        stats.updatesRejected++;
        return send({ type: 'rejected', doc, ref, code, reason: `update refused: ${code}` });
      }
      ops.append(doc, update, subscriber, (outcome) =>
        outcome.ok
          ? send({ type: 'ack', doc, ref, seq: outcome.seq })
          : send({ type: 'rejected', doc, ref, code: outcome.code, reason: outcome.reason }),
      );
    },
    awareness: ({ update }) => awareness.receive(subscriber, update),
  };

  return {
    handle(bytes) {
      const message = decodeClientMessage(bytes);
      if (!greeted) {
        if (message.type !== 'hello') throw new ProtocolError(`${message.type} before hello`);
        if (message.version !== PROTOCOL_VERSION) return outbound.close(CLOSE.PROTOCOL_VERSION);
        greeted = true;
        send({ type: 'welcome', version: PROTOCOL_VERSION });
        awareness.join(subscriber);
        return;
      }
      const handler = handlers[message.type] as (m: ClientMessage) => unknown;
      return handler(message) as Promise<void> | void;
    },
    dispose() {
      for (const doc of subscriptions.keys()) rooms.leave(doc, subscriber);
      subscriptions.clear();
      awareness.leave(subscriber);
    },
  };
}
