// What composing needs to know about the thread's customer: the country (for "their morning") and
// the grade and tags (approval rules). Read from the customer doc, which the browser may hold
// offline; nothing here writes.
import { customerView, docName, type CustomerId } from '@wharf/model';
import type { AppSession } from '../session/app-session.svelte.ts';

export interface CustomerFactsValue {
  country: string | null;
  grade: string | null;
  tags: readonly string[];
}

export class CustomerFacts {
  #value = $state.raw<CustomerFactsValue | null>(null);
  #off: (() => void) | undefined;

  get value(): CustomerFactsValue | null {
    return this.#value;
  }

  async load(session: AppSession, customerId: CustomerId | null): Promise<void> {
    this.destroy();
    if (!customerId) return;
    const doc = await session.docs.open(docName({ kind: 'customer', customerId }));
    const refresh = () => {
      const { profile } = customerView(doc);
      this.#value = {
        country: profile.country ?? null,
        grade: profile.grade ?? null,
        tags: profile.tags ?? [],
      };
    };
    refresh();
    doc.on('update', refresh);
    this.#off = () => doc.off('update', refresh);
  }

  destroy(): void {
    this.#off?.();
    this.#off = undefined;
  }
}
