// Whether an outbox entry may go now, as far as approval is concerned (model SPEC [AP1]–[AP3]).
// The rules are evaluated here again from the workspace doc and the thread's customer: the
// author's client may be stale or forged. An entry that needs approval goes only when the relay's
// own record (not the doc, which any member can write) approves the entry's current revision.
import type * as Y from 'yjs';
import {
  approvalReasons,
  customerMaps,
  entryRevision,
  readMeta,
  threadMaps,
  workspaceTable,
  type ApprovalReason,
  type OutboxEntry,
} from '@wharf/model';

export interface ApprovalRecord {
  revision: string;
  decision: 'approved' | 'rejected';
}

/** The relay's record of decisions: undefined when nobody decided on the entry yet. */
export type ApprovalLookup = (outboxId: string) => Promise<ApprovalRecord | undefined>;

export type ApprovalGate =
  | { kind: 'go' }
  /** Needs approval and has none for this revision: `reasons` are what the bridge found. */
  | { kind: 'wait'; reasons: ApprovalReason[] };

export interface ApprovalGateInput {
  thread: Y.Doc;
  entry: OutboxEntry;
  workspace: Y.Doc;
  /** The thread's customer doc, synced, when the thread has a customer. */
  customer: Y.Doc | undefined;
  lookup: ApprovalLookup | undefined;
}

export function customerIdOf(thread: Y.Doc): string | null {
  return readMeta(threadMaps(thread), 'customer')?.customerId ?? null;
}

export async function approvalGate(input: ApprovalGateInput): Promise<ApprovalGate> {
  const { entry } = input;
  const profile = input.customer ? customerMaps(input.customer).profile : undefined;
  const tags = profile?.get('tags') as unknown;
  const found = approvalReasons([...workspaceTable(input.workspace, 'approvalRules').values()], {
    subject: entry.subject,
    body: entry.body,
    customer: profile
      ? {
          grade: (profile.get('grade') as string | null | undefined) ?? null,
          tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
        }
      : null,
  });
  if (found.length === 0 && (entry.approvalReasons?.length ?? 0) === 0) return { kind: 'go' };
  let record: ApprovalRecord | undefined;
  try {
    record = await input.lookup?.(entry.id);
  } catch {
    record = undefined; // the relay cannot say: keep waiting, never guess
  }
  if (record?.decision === 'approved' && record.revision === entryRevision(entry)) return { kind: 'go' };
  return { kind: 'wait', reasons: found };
}

/**
 * The lookup for a bridge running as its own process: the relay's
 * `GET /api/outbox/:id/decision` with the bridge's service token. Any failure reads as "no
 * decision", so the mail waits.
 */
export function relayApprovalLookup(relayUrl: string, token: string): ApprovalLookup {
  return async (outboxId) => {
    const response = await fetch(`${relayUrl}/api/outbox/${encodeURIComponent(outboxId)}/decision`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Partial<ApprovalRecord>;
    return typeof body.revision === 'string' && (body.decision === 'approved' || body.decision === 'rejected')
      ? { revision: body.revision, decision: body.decision }
      : undefined;
  };
}
