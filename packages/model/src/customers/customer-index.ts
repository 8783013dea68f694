// The customer index: the `customers` doc holds one plain row per customer, what the customer
// list, its search, the Due view and routing's address lookup need without opening every
// customer doc. Like an inbox row (SPEC [IX1]) the row is a pure function of its customer doc,
// and any peer holding both rewrites a row that differs (SPEC [CU3]).
import type * as Y from 'yjs';
import { customerCard, type CustomerGrade } from '../customer-doc/customer-doc.ts';
import type { CustomerId, MailboxId, TaskId, ThreadId, UserId } from '../ids.ts';
import { sameJson } from '../index-doc/json.ts';
import type { Origin } from '../origins.ts';
import { deepFreeze, type DeepReadonly } from '../projections/freeze.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { customerLinksFrom } from './customer-key.ts';
import type { CustomerLinks, CustomerRecord } from './customer-record.ts';

export interface CustomerRowTask {
  id: TaskId;
  title: string;
  due: number | null;
  assignee: UserId | null;
  thread: { mailboxId: MailboxId; threadId: ThreadId } | null;
}

export interface CustomerRow {
  id: CustomerId;
  name: string;
  company: string;
  country: string;
  grade: CustomerGrade | null;
  stage: string;
  ownerId: UserId | null;
  tags: string[];
  nextFollowUp: number | null;
  domains: string[];
  /** Every contact address, normalised, sorted: routing's address → customer links. */
  addresses: string[];
  contactNames: string[];
  mergedInto: CustomerId | null;
  /** Open tasks only (done ones stay in the customer doc). */
  openTasks: CustomerRowTask[];
}

export function customerIndexRows(doc: Y.Doc): Y.Map<CustomerRow> {
  return doc.getMap('rows');
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The row of a customer doc; undefined while it has no profile (still syncing, or never created). */
export function summarizeCustomer(doc: Y.Doc): CustomerRow | undefined {
  const view = customerCard(doc);
  const p = view.profile;
  if (!p.id) return undefined;
  return {
    id: p.id,
    name: p.name ?? p.company ?? p.id,
    company: p.company ?? '',
    country: p.country ?? '',
    grade: p.grade ?? null,
    stage: p.stage ?? '',
    ownerId: p.ownerId ?? null,
    tags: sorted(p.tags ?? []),
    nextFollowUp: p.nextFollowUp ?? null,
    domains: sorted(p.domains ?? []),
    addresses: sorted(view.contacts.flatMap((contact) => contact.addresses)),
    contactNames: sorted(view.contacts.map((contact) => contact.name)),
    mergedInto: p.mergedInto ?? null,
    openTasks: view.tasks
      .filter((task) => !task.done)
      .map((task) => ({
        id: task.id,
        title: task.title,
        due: task.due,
        assignee: task.assignee,
        thread: task.thread ? { mailboxId: task.thread.mailboxId, threadId: task.thread.threadId } : null,
      })),
  };
}

/** Writes the customer's row when it differs; true when anything was written (SPEC [CU3]). */
export function repairCustomerRow(customer: Y.Doc, index: Y.Doc, origin: Origin): boolean {
  const row = summarizeCustomer(customer);
  if (!row) return false;
  const rows = customerIndexRows(index);
  if (sameJson(rows.get(row.id), row)) return false;
  ensureSchema(index, 'customers');
  index.transact(() => rows.set(row.id, row), origin);
  return true;
}

export type CustomerListItem = DeepReadonly<CustomerRow>;

/**
 * The customers to list, by name; merged ones left out. `query` matches name, company, country,
 * tags, contact names, addresses and domains, case-insensitive; every word must match.
 */
export function customerList(index: Y.Doc, query = ''): readonly CustomerListItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = [...customerIndexRows(index).values()].filter((row) => !row.mergedInto);
  const hits = rows.filter((row) => {
    if (words.length === 0) return true;
    const text = [
      row.name,
      row.company,
      row.country,
      row.stage,
      row.grade ?? '',
      ...row.tags,
      ...row.contactNames,
      ...row.addresses,
      ...row.domains,
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
  hits.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return deepFreeze(structuredClone(hits));
}

/** Links per index doc, dropped on the doc's next row change (see customerLinksFromIndex). */
const linksByIndex = new WeakMap<Y.Doc, CustomerLinks>();

/**
 * Address and domain links from the index, merged customers left out: what routing follows for an
 * address linked by hand (SPEC [CU4]). Same precedence as the records' own links (id order).
 * Computed once per version of the index: the bridge asks for every new thread, and building the
 * links walks every customer.
 */
export function customerLinksFromIndex(index: Y.Doc): CustomerLinks {
  const known = linksByIndex.get(index);
  if (known) return known;
  const rows = customerIndexRows(index);
  const records: CustomerRecord[] = [];
  for (const row of rows.values()) {
    if (row.mergedInto) continue;
    records.push({
      id: row.id,
      name: row.name,
      domains: row.domains,
      contacts: [{ id: '', name: '', addresses: row.addresses }],
      ownerId: row.ownerId,
    });
  }
  const links = deepFreeze(customerLinksFrom(records));
  linksByIndex.set(index, links);
  const drop = () => {
    linksByIndex.delete(index);
    rows.unobserve(drop);
  };
  rows.observe(drop);
  return links;
}
