// Merge and split applied to customer docs (the pure planning is `mergeCustomers` /
// `splitContact`). SPEC [CU5]: a merge copies the source's contacts, domains, timeline threads and
// open tasks into the target and marks the source `mergedInto`; the source keeps its history and
// links nothing any more. A split moves one contact into the customer its first address would
// have had on its own (`a-<address>`), so the split customer is also routing's natural candidate.
import type * as Y from 'yjs';
import {
  addCustomerEvent,
  customerMaps,
  customerView,
  putContact,
  removeContact,
  setCustomerFields,
} from '../customer-doc/customer-doc.ts';
import type { OpContext } from '../deps.ts';
import type { CustomerId } from '../ids.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { normaliseAddress } from './address.ts';
import { customerIdForKey } from './customer-id.ts';
import { customerRecordFromView } from './from-customer-doc.ts';
import { mergeCustomers, splitContact, type MergeResult } from './merge-customers.ts';

/** Merges `source` into `target`; undefined when either has no profile or `source` is already merged. */
export function mergeCustomerDocs(target: Y.Doc, source: Y.Doc, ctx: OpContext): MergeResult | undefined {
  const targetView = customerView(target);
  const sourceView = customerView(source);
  const into = customerRecordFromView(targetView);
  const from = customerRecordFromView(sourceView);
  if (!into || !from || into.id === from.id) return undefined;
  const result = mergeCustomers(into, from);
  // Keep phone and role of contacts: the records carry only what identity needs.
  const original = (contact: { id: string }): { phone?: string; role?: string } =>
    targetView.contacts.find((c) => c.id === contact.id) ??
    sourceView.contacts.find((c) => c.id === contact.id || `${from.id}:${c.id}` === contact.id) ??
    {};
  const targetMaps = customerMaps(target);
  const sourceMaps = customerMaps(source);
  ensureSchema(target, 'customer');
  ensureSchema(source, 'customer');
  target.transact(() => {
    for (const contact of result.customer.contacts)
      putContact(target, { ...original(contact), ...contact, addresses: [...contact.addresses] }, ctx);
    setCustomerFields(
      target,
      { domains: [...result.customer.domains], ownerId: result.customer.ownerId },
      ctx,
    );
    for (const [key, ref] of sourceMaps.threads.entries())
      if (!targetMaps.threads.has(key)) targetMaps.threads.set(key, ref);
    for (const [id, task] of sourceMaps.tasks.entries())
      if (!task.done && !targetMaps.tasks.has(id)) targetMaps.tasks.set(id, task);
    addCustomerEvent(
      target,
      {
        id: ctx.deps.newId(),
        at: ctx.deps.now(),
        by: ctx.actor,
        type: 'merged',
        direction: 'from',
        other: from.id,
      },
      ctx,
    );
  }, ctx.actor);
  source.transact(() => {
    setCustomerFields(source, { mergedInto: into.id }, ctx);
    for (const [id, task] of sourceMaps.tasks.entries()) if (!task.done) sourceMaps.tasks.delete(id);
    addCustomerEvent(
      source,
      {
        id: ctx.deps.newId(),
        at: ctx.deps.now(),
        by: ctx.actor,
        type: 'merged',
        direction: 'into',
        other: into.id,
      },
      ctx,
    );
  }, ctx.actor);
  return result;
}

/** Where `splitContactOut` puts a contact: the customer of its first address alone. */
export function splitTargetId(contact: { addresses: readonly string[] }): CustomerId | undefined {
  const address = contact.addresses.map((a) => normaliseAddress(a)).find((a) => a !== undefined);
  return address === undefined
    ? undefined
    : customerIdForKey({ kind: 'address', key: `address:${address}`, address });
}

/**
 * Moves a contact out of `source` into `target` (the doc named by `splitTargetId`). A target that
 * was merged away earlier comes back to life (its `mergedInto` is cleared). Returns the new
 * customer's id, undefined when there is nothing to split.
 */
export function splitContactOut(
  source: Y.Doc,
  target: Y.Doc,
  contactId: string,
  ctx: OpContext,
): CustomerId | undefined {
  const view = customerView(source);
  const record = customerRecordFromView(view);
  const contact = view.contacts.find((c) => c.id === contactId);
  const id = contact && splitTargetId(contact);
  if (!record || !contact || !id || id === record.id) return undefined;
  const { split } = splitContact(record, contactId, { id, name: contact.name });
  const existing = customerView(target).profile;
  ensureSchema(target, 'customer');
  ensureSchema(source, 'customer');
  target.transact(() => {
    setCustomerFields(
      target,
      existing.id
        ? { mergedInto: null, ownerId: existing.ownerId ?? split.ownerId }
        : {
            id,
            name: split.name,
            company: '',
            country: view.profile.country ?? '',
            website: '',
            domains: [],
            grade: null,
            stage: view.profile.stage ?? '',
            ownerId: split.ownerId,
          },
      ctx,
    );
    putContact(target, { ...contact, addresses: [...contact.addresses] }, ctx);
    addCustomerEvent(
      target,
      {
        id: ctx.deps.newId(),
        at: ctx.deps.now(),
        by: ctx.actor,
        type: 'split',
        direction: 'from',
        other: record.id,
        contact: contact.name,
      },
      ctx,
    );
  }, ctx.actor);
  source.transact(() => {
    removeContact(source, contactId, ctx);
    addCustomerEvent(
      source,
      {
        id: ctx.deps.newId(),
        at: ctx.deps.now(),
        by: ctx.actor,
        type: 'split',
        direction: 'into',
        other: id,
        contact: contact.name,
      },
      ctx,
    );
  }, ctx.actor);
  return id;
}
