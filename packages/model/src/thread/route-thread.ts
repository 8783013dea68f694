// Applying a routing decision to a new thread. The decision is stored in the thread doc in the
// same transaction as its effects, so a bridge that crashes and routes the thread again finds it
// and changes nothing: exactly one routing decision per thread (SPEC [RT8]).
import type * as Y from 'yjs';
import type { CustomerId, UserId } from '../ids.ts';
import { readMeta, threadMaps, writeMeta } from './maps.ts';
import { addTag, assignThread, linkCustomer } from './triage.ts';
import type { RoutingOutcome, RoutingValue, ThreadPriority } from './types.ts';
import { writeThread } from './write.ts';
import type { ThreadOpContext } from './write.ts';

type Text = { readonly en: string; readonly zh: string };

/** What `routeMessage` decided (its `RoutingDecision` fits). */
export interface ThreadRoutingDecision {
  readonly outcome: RoutingOutcome;
  readonly assigneeId: UserId | null;
  readonly ruleId: string | null;
  readonly tags: readonly string[];
  readonly priority: ThreadPriority | null;
  readonly spam: boolean;
  readonly reason: Text;
  readonly steps: readonly Text[];
}

export type RouteThreadResult =
  | { readonly applied: true; readonly routing: RoutingValue }
  /** Already routed (by an earlier run or another peer): the stored decision, untouched. */
  | { readonly applied: false; readonly routing: RoutingValue };

export function threadRouting(doc: Y.Doc): RoutingValue | undefined {
  return readMeta(threadMaps(doc), 'routing');
}

/**
 * Records the decision with its reason in the activity log, assigns (through `assignThread`, so the
 * index row follows), tags, and sets priority, spam and the customer link, all in one transaction.
 */
export function routeNewThread(
  doc: Y.Doc,
  input: { readonly decision: ThreadRoutingDecision; readonly customerId: CustomerId | null },
  ctx: ThreadOpContext,
): RouteThreadResult {
  const { decision } = input;
  // The nested operations join this transaction; the index row is rewritten once, at the end.
  const inner: ThreadOpContext = { deps: ctx.deps, actor: ctx.actor };
  return writeThread(doc, ctx, ({ maps, log }): RouteThreadResult => {
    const stored = readMeta(maps, 'routing');
    if (stored) return { applied: false, routing: stored };
    const at = ctx.deps.now();
    const reason = { en: decision.reason.en, zh: decision.reason.zh };
    const routing: RoutingValue = {
      outcome: decision.outcome,
      assigneeId: decision.assigneeId,
      ruleId: decision.ruleId,
      reason,
      steps: decision.steps.map((step) => ({ en: step.en, zh: step.zh })),
      at,
      by: ctx.actor,
    };
    writeMeta(maps, 'routing', routing);
    log({ type: 'routed', outcome: decision.outcome, ruleId: decision.ruleId, reason });
    if (input.customerId !== null) linkCustomer(doc, input.customerId, inner);
    if (decision.assigneeId !== null) assignThread(doc, decision.assigneeId, inner);
    for (const tag of decision.tags) if (tag.trim() !== '') addTag(doc, tag, inner);
    if (decision.priority !== null) {
      writeMeta(maps, 'priority', { priority: decision.priority, at, by: ctx.actor });
      log({ type: 'priority', priority: decision.priority });
    }
    if (decision.spam) {
      writeMeta(maps, 'spam', { spam: true, at, by: ctx.actor });
      log({ type: 'spam', spam: true });
    }
    return { applied: true, routing };
  });
}
