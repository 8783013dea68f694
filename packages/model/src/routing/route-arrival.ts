// A new thread's first inbound message, routed and linked to its customer: the one call the mail
// bridge makes once it holds the docs involved (synced). Safe to repeat: the decision stored in
// the thread doc guards the routing (SPEC [RT8]) and the customer writes are idempotent (SPEC [CU2]).
import type * as Y from 'yjs';
import {
  addCustomerThread,
  createCustomerIfNew,
  customerCard,
  putContact,
} from '../customer-doc/customer-doc.ts';
import { normaliseAddress } from '../customers/address.ts';
import { customerIdForKey, newCustomerFor } from '../customers/customer-id.ts';
import { customerKeyFor, customerLinksFrom } from '../customers/customer-key.ts';
import type { CustomerRecord } from '../customers/customer-record.ts';
import { customerRecordFromView } from '../customers/from-customer-doc.ts';
import type { CustomerId, MailboxId, ThreadId } from '../ids.ts';
import { routeNewThread, type RouteThreadResult } from '../thread/route-thread.ts';
import type { ThreadOpContext } from '../thread/write.ts';
import { routeMessage } from './route-message.ts';
import type { MessageSummary, RoutingCustomer } from './rule-types.ts';
import { saveRoutingState, workspaceRouting } from './workspace-routing.ts';

export interface ArrivalInput {
  readonly thread: Y.Doc;
  readonly threadId: ThreadId;
  readonly mailboxId: MailboxId;
  readonly workspace: Y.Doc;
  /** The sender's candidate customer docs (`candidateCustomerIds`), synced; missing ones are new. */
  readonly customers: ReadonlyMap<CustomerId, Y.Doc>;
  readonly message: MessageSummary;
  /** When the message was sent (for the customer's timeline). */
  readonly at: number;
  /** Open threads per member, for least-loaded rules. */
  readonly openThreads: Readonly<Record<string, number>>;
  /**
   * A thread imported from the mailbox's past (`closeAsHistory`, SPEC [ST4]): linked to its
   * customer and given to the customer's owner, but no rule runs and no round-robin turn is taken.
   */
  readonly history?: boolean;
}

const HISTORY = {
  en: "imported from the mailbox's history: closed; only a customer's owner is assigned, no rule runs",
  zh: '从邮箱历史导入：已关闭；只分配给客户负责人，不运行规则',
};

export interface ArrivalResult {
  readonly routed: RouteThreadResult;
  readonly customerId: CustomerId | null;
  readonly invalidRules: readonly string[];
}

export function routeArrival(input: ArrivalInput, ctx: ThreadOpContext): ArrivalResult {
  const records: CustomerRecord[] = [];
  for (const doc of input.customers.values()) {
    const record = customerRecordFromView(customerCard(doc));
    if (record) records.push(record);
  }
  const from = input.message.from;
  const key = customerKeyFor(from.address, customerLinksFrom(records));
  const known = key?.kind === 'customer' ? records.find((record) => record.id === key.customerId) : undefined;
  const customerId =
    key === undefined ? null : key.kind === 'customer' ? key.customerId : customerIdForKey(key);

  const setup = workspaceRouting(input.workspace, { now: ctx.deps.now(), openThreads: input.openThreads });
  const customer: RoutingCustomer | null = known
    ? { id: known.id, name: known.name, ownerId: known.ownerId }
    : null;
  const routing = routeMessage({
    message: input.message,
    customer,
    rules: input.history ? [] : setup.rules,
    members: setup.members,
    state: setup.state,
    teams: setup.teams,
  });
  const decision = input.history
    ? {
        ...routing.decision,
        steps: [HISTORY, ...routing.decision.steps],
        reason: routing.decision.outcome === 'owner' ? routing.decision.reason : HISTORY,
      }
    : routing.decision;
  const routed = routeNewThread(input.thread, { decision, customerId }, ctx);
  if (routed.applied && !input.history) saveRoutingState(input.workspace, routing.state, ctx);

  const customerDoc = customerId === null ? undefined : input.customers.get(customerId);
  if (key && customerDoc) {
    if (key.kind !== 'customer') {
      const fresh = newCustomerFor(key, from);
      createCustomerIfNew(customerDoc, fresh.profile, fresh.contact, ctx);
    } else if (key.via === 'domain') addContactIfNew(customerDoc, from, ctx);
    addCustomerThread(
      customerDoc,
      { mailboxId: input.mailboxId, threadId: input.threadId, subject: input.message.subject, at: input.at },
      ctx,
    );
  }
  return { routed, customerId, invalidRules: setup.invalidRules };
}

/** A new address at a known company becomes one of its contacts, so it is recognised by address too. */
function addContactIfNew(doc: Y.Doc, sender: MessageSummary['from'], ctx: ThreadOpContext): void {
  const address = normaliseAddress(sender.address);
  if (!address) return;
  if (customerCard(doc).contacts.some((contact) => contact.addresses.includes(address))) return;
  const { contact } = newCustomerFor({ kind: 'address', key: `address:${address}`, address }, sender);
  putContact(doc, contact, ctx);
}
