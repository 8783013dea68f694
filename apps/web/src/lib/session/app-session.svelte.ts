// Everything a signed-in browser tab holds: the sync connection, the doc hub (IndexedDB + sync),
// the workspace and member lists, the clock and presence. Components read its `$state.raw`
// projections; writes go through model operations in the view models, never Y types directly.
import { createContext } from 'svelte';
import * as Y from 'yjs';
import {
  docName,
  userActor,
  userId as toUserId,
  workspaceView,
  type MailboxId,
  type ModelDeps,
  type OpContext,
  type UserId,
  type WorkspaceView,
} from '@wharf/model';
import { createSyncClient, type SyncClient, type SyncStatus } from '@wharf/sync';
import type { MemberInfo, SessionUser } from '../api/relay-api.ts';
import { createDocHub, type DocHub } from '../docs/doc-hub.ts';
import type { LocalDocStore } from '../docs/local-doc-store.ts';
import { Presence } from './presence.svelte.ts';

export interface AppSessionDeps {
  me: SessionUser;
  members: readonly MemberInfo[];
  syncUrl: string;
  store: LocalDocStore | undefined;
  model: ModelDeps;
  /** Re-reads the clock for projections (snoozes ending, SLA ages) this often. */
  tickMs?: number;
  timers?: { setInterval(fn: () => void, ms: number): unknown; clearInterval(handle: unknown): void };
}

export class AppSession {
  readonly me: SessionUser;
  readonly sync: SyncClient;
  readonly docs: DocHub;
  readonly presence: Presence;
  readonly model: ModelDeps;

  #status = $state.raw<SyncStatus>('offline');
  #pending = $state.raw(0);
  #refused = $state.raw(false);
  #now = $state.raw(0);
  #members = $state.raw<readonly MemberInfo[]>([]);
  #workspace = $state.raw<WorkspaceView | undefined>(undefined);
  #cleanup: (() => void)[] = [];

  constructor(deps: AppSessionDeps) {
    this.me = deps.me;
    this.model = deps.model;
    this.#members = deps.members;
    this.#now = deps.model.now();
    this.sync = createSyncClient({ url: deps.syncUrl });
    this.docs = createDocHub({
      sync: this.sync,
      store: deps.store,
      log: (m, e) => console.warn(m, e),
      onLocalChange: () => (this.#pending = this.sync.pendingCount),
    });
    this.#cleanup.push(() => deps.store?.close());
    this.presence = new Presence(this.sync.awareness, deps.me);
    this.#status = this.sync.status;
    this.#cleanup.push(
      this.sync.on('status', (status) => {
        this.#status = status;
        this.#pending = this.sync.pendingCount;
        if (status === 'saved') this.#refused = false;
      }),
      // the client keeps such a change and retries it; until it is stored, the user should know why
      this.sync.on('rejected', (_doc, code) => {
        if (code === 'doc_too_large') this.#refused = true;
      }),
      () => this.presence.destroy(),
    );
    const timers = deps.timers ?? {
      setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
      clearInterval: (h: unknown) => clearInterval(h as number),
    };
    const tick = timers.setInterval(() => {
      this.#now = deps.model.now();
      this.#pending = this.sync.pendingCount;
    }, deps.tickMs ?? 15_000);
    this.#cleanup.push(() => timers.clearInterval(tick));
  }

  async start(): Promise<void> {
    const workspace = await this.docs.open(docName({ kind: 'workspace' }));
    const refresh = () => (this.#workspace = workspaceView(workspace));
    refresh();
    workspace.on('update', refresh);
    this.#cleanup.push(() => workspace.off('update', refresh));
  }

  get status(): SyncStatus {
    return this.#status;
  }
  /** Local changes the relay has not acknowledged. */
  get pending(): number {
    return this.#pending;
  }
  /** The relay refused a change as too large (a doc at its size cap) and it is not stored yet. */
  get refused(): boolean {
    return this.#refused;
  }
  get now(): number {
    return this.#now;
  }
  get workspace(): WorkspaceView | undefined {
    return this.#workspace;
  }

  /** Members from the relay, completed by the workspace doc's mirror (which also works offline). */
  get members(): readonly { id: string; name: string; email: string }[] {
    const known = new Map<string, { id: string; name: string; email: string }>();
    for (const member of this.#workspace?.members ?? []) if (member.active) known.set(member.id, member);
    for (const member of this.#members) if (member.active) known.set(member.id, member);
    return [...known.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  nameOf(id: string | null | undefined): string {
    if (!id) return '';
    return this.members.find((m) => m.id === id)?.name ?? id;
  }

  get isAdmin(): boolean {
    return this.me.role === 'admin';
  }

  /** Mailboxes this user may read: every mailbox for an admin, the granted ones otherwise. */
  get mailboxes(): MailboxId[] {
    const granted = new Set<string>(this.me.mailboxes);
    if (this.isAdmin) for (const mailbox of this.#workspace?.mailboxes ?? []) granted.add(mailbox.id);
    return [...granted].sort() as MailboxId[];
  }

  mailboxLabel(id: string): string {
    const mailbox = this.#workspace?.mailboxes.find((m) => m.id === id);
    return mailbox ? mailbox.displayName || mailbox.address : id;
  }

  get userId(): UserId {
    return toUserId(this.me.id);
  }

  /** The context every operation of this user runs with (clock, ids, origin). */
  opContext(): OpContext {
    return { deps: this.model, actor: userActor(this.userId) };
  }

  /** Reading the clock right now (for writes); projections use `now`, which ticks. */
  tick(): number {
    this.#now = this.model.now();
    return this.#now;
  }

  #destroyed = false;

  /** Idempotent: sign-out and the layout's teardown may both call it. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.docs.destroy();
    this.sync.destroy();
    for (const fn of this.#cleanup.splice(0)) fn();
  }
}

export const [getSession, setSession] = createContext<AppSession>();

export function browserModelDeps(): ModelDeps {
  return { now: () => Date.now(), newId: () => crypto.randomUUID() };
}

export function syncUrlFor(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

export type { Y };
