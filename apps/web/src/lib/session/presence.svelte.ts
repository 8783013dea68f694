// Who is viewing or replying where, from the sync connection's one awareness channel (PROTOCOL
// rule 6: per-doc presence is a field of the connection's state).
import type { Awareness } from 'y-protocols/awareness';
import type { SessionUser } from '../api/relay-api.ts';

export interface PresenceState {
  user: { id: string; name: string };
  viewing: string | null;
  typing: string | null;
}

export interface DocPresence {
  viewing: readonly { id: string; name: string }[];
  typing: readonly { id: string; name: string }[];
}

const NOBODY: DocPresence = { viewing: [], typing: [] };

export class Presence {
  #others = $state.raw<readonly PresenceState[]>([]);
  readonly #awareness: Awareness;
  readonly #me: SessionUser;

  constructor(awareness: Awareness, me: SessionUser) {
    this.#awareness = awareness;
    this.#me = me;
    awareness.setLocalState({ user: { id: me.id, name: me.name }, viewing: null, typing: null });
    awareness.on('change', this.#refresh);
  }

  #refresh = () => {
    const others: PresenceState[] = [];
    for (const [clientId, state] of this.#awareness.getStates()) {
      if (clientId === this.#awareness.clientID) continue;
      const value = state as Partial<PresenceState>;
      if (value.user && value.user.id !== this.#me.id) others.push(value as PresenceState);
    }
    this.#others = others;
  };

  /** Sets what this tab is looking at / typing in (doc names), or null. */
  set(field: 'viewing' | 'typing', doc: string | null): void {
    const state = this.#awareness.getLocalState() as PresenceState | null;
    if (state?.[field] === doc) return;
    this.#awareness.setLocalStateField(field, doc);
  }

  of(doc: string): DocPresence {
    const viewing = new Map<string, { id: string; name: string }>();
    const typing = new Map<string, { id: string; name: string }>();
    for (const state of this.#others) {
      if (state.viewing === doc) viewing.set(state.user.id, state.user);
      if (state.typing === doc) typing.set(state.user.id, state.user);
    }
    if (viewing.size === 0 && typing.size === 0) return NOBODY;
    return { viewing: [...viewing.values()], typing: [...typing.values()] };
  }

  destroy(): void {
    this.#awareness.off('change', this.#refresh);
  }
}
