// Plain customer records: the part of the customer doc that identity, merge and split work on.
import type { CustomerId, UserId } from '../ids.ts';

export interface CustomerContact {
  readonly id: string;
  readonly name: string;
  /** Normalised (lower-case) addresses. */
  readonly addresses: readonly string[];
}

export interface CustomerRecord {
  readonly id: CustomerId;
  readonly name: string;
  /** Registrable business domains of the company; never a free-mail domain. */
  readonly domains: readonly string[];
  readonly contacts: readonly CustomerContact[];
  readonly ownerId: UserId | null;
}

/** Addresses and domains that point at a customer by hand or by the customer's own records. */
export interface CustomerLinks {
  readonly addresses: Readonly<Record<string, CustomerId>>;
  readonly domains: Readonly<Record<string, CustomerId>>;
}
