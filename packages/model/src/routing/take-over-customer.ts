// "Take over" on a thread whose customer another rep owns (issue 5: no two reps chasing one buyer,
// so taking a customer is an explicit act). The owner change is logged on the customer's timeline
// with where it happened, and the thread is assigned to the taker (an `assigned` activity entry).
import type * as Y from 'yjs';
import { changeCustomerOwner, customerMaps } from '../customer-doc/customer-doc.ts';
import type { UserId } from '../ids.ts';
import { assignThread } from '../thread/triage.ts';
import { requireUser, type ThreadOpContext } from '../thread/write.ts';
import { reason } from './reason.ts';

export type TakeOverResult =
  | { readonly ok: true; readonly from: UserId | null }
  /** The customer is already the taker's. */
  | { readonly ok: false };

export function takeOverCustomer(
  docs: { readonly customer: Y.Doc; readonly thread: Y.Doc; readonly subject: string },
  ctx: ThreadOpContext,
): TakeOverResult {
  const me = requireUser(ctx);
  const from = (customerMaps(docs.customer).profile.get('ownerId') as UserId | null | undefined) ?? null;
  if (from === me) return { ok: false };
  const quoted = `'${docs.subject}'`;
  changeCustomerOwner(
    docs.customer,
    {
      from,
      to: me,
      note: reason(`taken over from the thread ${quoted}`, `在会话 ${quoted} 中接手`),
    },
    ctx,
  );
  assignThread(docs.thread, me, ctx);
  return { ok: true, from };
}
