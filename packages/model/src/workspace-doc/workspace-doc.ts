// The workspace doc: small settings shared by the whole team (design §2). Every table is a
// Y.Map of plain JSON rows keyed by id (SPEC [WS1]). Members can read but not write it; the relay
// enforces that (access.ts), the model does not trust the client with it.
import type * as Y from 'yjs';
import type { Role } from '../access.ts';
import type { OpContext } from '../deps.ts';
import type { MailboxId, UserId } from '../ids.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { deepFreeze } from '../projections/freeze.ts';
import type { DeepReadonly } from '../projections/freeze.ts';

export interface Member {
  id: UserId;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

/** The public part of a mailbox; credentials live only in the bridge's store. */
export interface MailboxInfo {
  id: MailboxId;
  address: string;
  displayName: string;
  signature?: string;
  /** Addresses this mailbox may send as (aliases). */
  sendAs: string[];
  /** A shared mailbox whose mail may say "Name via Sales" (the author's name), the bridge's setting. */
  sendAsVia?: boolean;
}

export interface TagDefinition {
  id: string;
  name: string;
  color: string;
}

export interface Template {
  id: string;
  name: string;
  subject: string;
  body: string;
}

export interface Signature {
  id: string;
  name: string;
  body: string;
  userId?: UserId;
}

/** A team that round-robin and least-loaded rules pick from. */
export interface Team {
  id: string;
  name: string;
  memberIds: UserId[];
}

/** Out of office from `from` until `until` (exclusive; null: until switched off). */
export interface AbsenceRow {
  id: string;
  userId: UserId;
  from: number;
  until: number | null;
}

/** Routing rules, approval rules and SLA policies are shaped by the modules that evaluate them. */
export interface RuleRow {
  id: string;
  [field: string]: unknown;
}

export interface WorkspaceTables {
  members: Member;
  mailboxes: MailboxInfo;
  tags: TagDefinition;
  templates: Template;
  signatures: Signature;
  routingRules: RuleRow;
  approvalRules: RuleRow;
  slaPolicies: RuleRow;
  teams: Team;
  absences: AbsenceRow;
}

export type WorkspaceTable = keyof WorkspaceTables;

export const WORKSPACE_TABLES: readonly WorkspaceTable[] = [
  'members',
  'mailboxes',
  'tags',
  'templates',
  'signatures',
  'routingRules',
  'approvalRules',
  'slaPolicies',
  'teams',
  'absences',
];

export function workspaceTable<T extends WorkspaceTable>(doc: Y.Doc, table: T): Y.Map<WorkspaceTables[T]> {
  return doc.getMap(table);
}

export function putWorkspaceRow<T extends WorkspaceTable>(
  doc: Y.Doc,
  table: T,
  row: WorkspaceTables[T],
  ctx: OpContext,
): void {
  ensureSchema(doc, 'workspace');
  doc.transact(() => workspaceTable(doc, table).set(row.id, row), ctx.actor);
}

export function removeWorkspaceRow(doc: Y.Doc, table: WorkspaceTable, id: string, ctx: OpContext): boolean {
  const rows = workspaceTable(doc, table);
  if (!rows.has(id)) return false;
  ensureSchema(doc, 'workspace');
  doc.transact(() => rows.delete(id), ctx.actor);
  return true;
}

/** Single workspace-wide values (the workspace's name, ...), one key each. */
export function workspaceSettings(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('settings');
}

export function setWorkspaceName(doc: Y.Doc, name: string, ctx: OpContext): void {
  ensureSchema(doc, 'workspace');
  doc.transact(() => workspaceSettings(doc).set('name', name), ctx.actor);
}

export type WorkspaceView = DeepReadonly<
  { name: string | null } & { [T in WorkspaceTable]: WorkspaceTables[T][] }
>;

export function workspaceView(doc: Y.Doc): WorkspaceView {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const tables = Object.fromEntries(
    WORKSPACE_TABLES.map((table) => [table, [...workspaceTable(doc, table).values()].sort(byId)]),
  ) as { [T in WorkspaceTable]: WorkspaceTables[T][] };
  const name = workspaceSettings(doc).get('name');
  return deepFreeze(structuredClone({ name: typeof name === 'string' ? name : null, ...tables }));
}
