// Which SLA alerts a thread has had (SPEC [SL4]): a grow-only map `slaAlerts` in the thread doc,
// alert kind → when it was recorded. The mail bridge writes it after the relay acknowledged the
// notifications, so a crash in between repeats a notification (same id: one row) and never
// loses one. Bookkeeping like the bucket set (SPEC [IX2]): not in the activity log.
import type * as Y from 'yjs';
import type { OpContext } from '../../deps.ts';
import { ensureSchema } from '../../schema/migrations.ts';
import type { SlaAlertKind } from './sla-alerts.ts';

const KINDS: readonly SlaAlertKind[] = ['due-soon', 'overdue', 'escalated'];

function ledger(thread: Y.Doc): Y.Map<number> {
  return thread.getMap('slaAlerts');
}

export function slaAlertsSent(thread: Y.Doc): Set<SlaAlertKind> {
  return new Set(KINDS.filter((kind) => ledger(thread).has(kind)));
}

/** Records the kinds not recorded yet; returns those it wrote. */
export function recordSlaAlerts(
  thread: Y.Doc,
  kinds: Iterable<SlaAlertKind>,
  ctx: OpContext,
): SlaAlertKind[] {
  const fresh = [...new Set(kinds)].filter((kind) => !ledger(thread).has(kind));
  if (fresh.length === 0) return [];
  ensureSchema(thread, 'thread');
  const at = ctx.deps.now();
  thread.transact(() => {
    for (const kind of fresh) ledger(thread).set(kind, at);
  }, ctx.actor);
  return fresh;
}
