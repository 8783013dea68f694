// Which messages and senders the reader allowed to load remote images. Per message lasts for
// the session; per sender is remembered (the store is injected: local storage today, the
// user's own doc once it carries personal settings).
export interface ConsentStore {
  load(): readonly string[];
  save(senders: readonly string[]): void;
}

export class RemoteImageConsent {
  #messages = $state.raw<ReadonlySet<string>>(new Set());
  #senders = $state.raw<ReadonlySet<string>>(new Set());
  readonly #store: ConsentStore;

  constructor(store: ConsentStore) {
    this.#store = store;
    this.#senders = new Set(store.load().map(normaliseSender));
  }

  allows(messageId: string, sender: string): boolean {
    return this.#messages.has(messageId) || this.#senders.has(normaliseSender(sender));
  }

  allowMessage(messageId: string): void {
    this.#messages = new Set([...this.#messages, messageId]);
  }

  trustSender(sender: string): void {
    this.#senders = new Set([...this.#senders, normaliseSender(sender)]);
    this.#store.save([...this.#senders]);
  }
}

function normaliseSender(sender: string): string {
  return sender.trim().toLowerCase();
}

export function localConsentStore(storage: Pick<Storage, 'getItem' | 'setItem'>): ConsentStore {
  const key = 'wharf.remote-images.senders';
  return {
    load() {
      try {
        const value: unknown = JSON.parse(storage.getItem(key) ?? '[]');
        return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      } catch {
        return [];
      }
    },
    save: (senders) => storage.setItem(key, JSON.stringify(senders)),
  };
}
