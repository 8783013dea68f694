// Editing one mailbox's SLA policy from the rules page. Rows are untrusted when read
// (`parseSlaPolicy`); a malformed policy is refused before it is written, never stored for the
// bridge to skip silently.
import type * as Y from 'yjs';
import type { OpContext } from '../../deps.ts';
import type { MailboxId } from '../../ids.ts';
import { putWorkspaceRow, removeWorkspaceRow, workspaceTable } from '../../workspace-doc/workspace-doc.ts';
import { parseSlaPolicy, slaPolicyFor, type SlaPolicyRow } from './sla-policy-rows.ts';

/**
 * The row the editor writes for this mailbox: the policy that covers exactly this mailbox, else a
 * new `sla:<mailbox>` row (a shared or default policy is not rewritten from one mailbox's page).
 */
export function mailboxSlaRowId(doc: Y.Doc, mailboxId: MailboxId): string {
  const current = slaPolicyFor(mailboxId, workspaceTable(doc, 'slaPolicies').values());
  return current?.mailboxIds.length === 1 && current.mailboxIds[0] === mailboxId
    ? current.id
    : `sla:${mailboxId}`;
}

export type SlaPolicyInput = Omit<SlaPolicyRow, 'id' | 'mailboxIds'>;

/** Stores the mailbox's own policy; false (and nothing written) when it is not a valid policy. */
export function saveMailboxSlaPolicy(
  doc: Y.Doc,
  mailboxId: MailboxId,
  input: SlaPolicyInput,
  ctx: OpContext,
): boolean {
  const row = parseSlaPolicy(
    structuredClone({ ...input, id: mailboxSlaRowId(doc, mailboxId), mailboxIds: [mailboxId] }),
  );
  if (!row) return false;
  putWorkspaceRow(doc, 'slaPolicies', { ...row }, ctx);
  return true;
}

/** Removes the mailbox's own policy (the workspace default, if any, applies again). */
export function removeMailboxSlaPolicy(doc: Y.Doc, mailboxId: MailboxId, ctx: OpContext): boolean {
  return removeWorkspaceRow(doc, 'slaPolicies', mailboxSlaRowId(doc, mailboxId), ctx);
}
