// One /sync connection speaking the Wharf protocol (packages/sync/PROTOCOL.md, rules [P1]–[P10]).
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { checkNotificationAppend, type Principal } from '@wharf/model';
import type { ClientMessage, DocErrorCode, GrantedAccess, ServerMessage } from '@wharf/sync';
import { CLOSE, decodeClientMessage, encodeMessage, PROTOCOL_VERSION, ProtocolError } from '@wharf/sync';
import type { DocStore } from '../storage/doc-store.ts';
import { accessFor } from './access.ts';
import type { AwarenessChannel } from './awareness-channel.ts';
import type { ConnectionContext } from './connection.ts';
import { Connection } from './connection.ts';
import type { Fanout, Rooms } from './rooms.ts';
import { encodedFor } from './rooms.ts';

export interface WharfContext extends ConnectionContext {
  readonly store: DocStore;
  readonly rooms: Rooms;
  readonly awareness: AwarenessChannel;
}

const encodeRemoteUpdate = (f: Fanout) =>
  encodeMessage({ type: 'remote-update', doc: f.doc, seq: f.seq, update: f.update });

export class WharfConnection extends Connection {
  readonly #wharf: WharfContext;
  readonly #subscriptions = new Map<string, GrantedAccess>();
  #greeted = false;

  constructor(ws: WebSocket, socket: Duplex, principal: Principal, ctx: WharfContext) {
    super(ws, socket, principal, ctx);
    this.#wharf = ctx;
  }

  deliver(fanout: Fanout): void {
    this.send(encodedFor(fanout, 'wharf', encodeRemoteUpdate));
  }

  sendAwareness(update: Uint8Array): void {
    this.#send({ type: 'awareness', update });
  }

  protected handle(bytes: Uint8Array): Promise<void> | void {
    const message = decodeClientMessage(bytes);
    if (!this.#greeted) return this.#hello(message);
    switch (message.type) {
      case 'hello':
        throw new ProtocolError('hello sent twice');
      case 'subscribe':
        return this.#subscribe(message.doc, message.seq, message.stateVector);
      case 'unsubscribe':
        return this.#unsubscribe(message.doc);
      case 'catch-up':
        return this.#catchUp(message.docs);
      case 'sync-step1':
        return this.#syncStep1(message.doc, message.stateVector);
      case 'update':
        return this.#update(message.doc, message.ref, message.update);
      case 'awareness':
        return this.#wharf.awareness.receive(this, message.update);
    }
  }

  protected dispose(): void {
    for (const doc of this.#subscriptions.keys()) this.#wharf.rooms.leave(doc, this);
    this.#subscriptions.clear();
    this.#wharf.awareness.leave(this);
  }

  #send(message: ServerMessage): void {
    this.send(encodeMessage(message));
  }

  #hello(message: ClientMessage): void {
    if (message.type !== 'hello') throw new ProtocolError(`${message.type} before hello`);
    if (message.version !== PROTOCOL_VERSION) return this.close(CLOSE.PROTOCOL_VERSION);
    this.#greeted = true;
    this.#send({ type: 'welcome', version: PROTOCOL_VERSION });
    this.#wharf.awareness.join(this);
  }

  /** Checks access and records the subscription; undefined (and a `denied` sent) when refused. */
  #subscribeOne(doc: string): GrantedAccess | undefined {
    const access = accessFor(this.principal, doc);
    if (access === 'invalid' || access === 'none') {
      this.#unsubscribe(doc);
      const code = access === 'invalid' ? 'invalid_doc_name' : 'forbidden';
      const reason = code === 'forbidden' ? 'no access to this doc' : 'unknown doc name';
      this.#send({ type: 'denied', doc, code, reason });
      return undefined;
    }
    this.#subscriptions.set(doc, access);
    // Joined before anything is loaded: an update stored meanwhile is either in the load or fanned out.
    if (access !== 'append') this.#wharf.rooms.join(doc, this);
    return access;
  }

  #unsubscribe(doc: string): void {
    this.#subscriptions.delete(doc);
    this.#wharf.rooms.leave(doc, this);
  }

  async #subscribe(doc: string, seq: number, stateVector: Uint8Array): Promise<void> {
    const access = this.#subscribeOne(doc);
    if (access === undefined) return;
    if (access === 'append') return this.#send({ type: 'subscribed', doc, seq: 0, access });
    if (seq > 0) {
      const current = (await this.#wharf.store.seqs([doc])).get(doc) ?? 0;
      if (current === seq) return this.#send({ type: 'subscribed', doc, seq, access });
    }
    await this.#sync(doc, stateVector, access, true);
  }

  async #catchUp(docs: readonly { doc: string }[]): Promise<void> {
    this.ctx.stats.catchUpDocs += docs.length;
    const granted: { doc: string; access: GrantedAccess }[] = [];
    for (const { doc } of docs) {
      const access = this.#subscribeOne(doc);
      if (access !== undefined) granted.push({ doc, access });
    }
    const seqs = await this.#wharf.store.seqs(granted.map((g) => g.doc));
    this.#send({
      type: 'catch-up-result',
      docs: granted.map(({ doc, access }) => ({
        doc,
        access,
        seq: access === 'append' ? 0 : (seqs.get(doc) ?? 0),
      })),
    });
  }

  async #syncStep1(doc: string, stateVector: Uint8Array): Promise<void> {
    const access = this.#subscriptions.get(doc);
    if (access !== 'read' && access !== 'write')
      return this.#send({ type: 'denied', doc, code: 'not_subscribed', reason: 'subscribe before syncing' });
    await this.#sync(doc, stateVector, access, false);
  }

  /** Sends the diff and the relay's state vector; `subscribed` first when answering a subscribe. */
  async #sync(doc: string, stateVector: Uint8Array, access: GrantedAccess, announce: boolean): Promise<void> {
    const diff = await this.ctx.ops.diff(doc, stateVector);
    if (this.#subscriptions.get(doc) !== access) return;
    if (announce) this.#send({ type: 'subscribed', doc, seq: diff.seq, access });
    this.#send({ type: 'sync-step2', doc, seq: diff.seq, update: diff.update });
    this.#send({ type: 'sync-step1', doc, stateVector: diff.stateVector });
  }

  #update(doc: string, ref: number, update: Uint8Array): void {
    // A subscription holds the access computed from the same principal: no need to parse the name again.
    const access = this.#subscriptions.get(doc) ?? accessFor(this.principal, doc);
    if (access !== 'write' && access !== 'append') {
      const code: DocErrorCode =
        access === 'read' ? 'read_only' : access === 'invalid' ? 'invalid_doc_name' : 'forbidden';
      this.ctx.stats.updatesRejected++;
      return this.#send({ type: 'rejected', doc, ref, code, reason: `update refused: ${code}` });
    }
    // Append access is write-only into another user's doc: only well-formed mentions authored by
    // the member, or SLA alerts from a service, may go in (the model decides what that means).
    if (access === 'append') {
      const principal = this.principal;
      const verdict = checkNotificationAppend(
        update,
        principal.kind === 'user' ? principal.userId : principal,
      );
      if (!verdict.ok) {
        this.ctx.stats.updatesRejected++;
        return this.#send({ type: 'rejected', doc, ref, code: 'invalid_update', reason: verdict.reason });
      }
    }
    this.ctx.ops.append(doc, update, this, (outcome) =>
      outcome.ok
        ? this.#send({ type: 'ack', doc, ref, seq: outcome.seq })
        : this.#send({ type: 'rejected', doc, ref, code: outcome.code, reason: outcome.reason }),
    );
  }
}
