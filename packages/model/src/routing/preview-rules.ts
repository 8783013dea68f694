// Pure: the rule editor's preview. Replays recent threads through a draft rule set, oldest first,
// as if each arrived now, and reports what would differ from how the thread stands today.
import type { ThreadId, UserId } from '../ids.ts';
import { routeMessage, type RoutingDecision, type RoutingInput } from './route-message.ts';
import type {
  MessageSummary,
  Priority,
  RoutingCustomer,
  RoutingMember,
  RoutingRule,
  RoutingState,
} from './rule-types.ts';

export interface PreviewThread {
  readonly threadId: ThreadId;
  readonly message: MessageSummary;
  readonly customer: RoutingCustomer | null;
  readonly current: {
    readonly assigneeId: UserId | null;
    readonly tags: readonly string[];
    readonly priority: Priority | null;
    readonly spam: boolean;
  };
}

export interface PreviewContext {
  readonly members: readonly RoutingMember[];
  readonly state: RoutingState;
  readonly teams?: RoutingInput['teams'];
}

export type PreviewChange = 'assignee' | 'tags' | 'priority' | 'spam';

export interface PreviewRow {
  readonly threadId: ThreadId;
  readonly current: PreviewThread['current'];
  readonly proposed: RoutingDecision;
  readonly changes: readonly PreviewChange[];
  readonly addedTags: readonly string[];
}

export interface RulePreview {
  readonly rows: readonly PreviewRow[];
  readonly changed: number;
  readonly unchanged: number;
}

export function previewRules(
  rules: readonly RoutingRule[],
  recentThreads: readonly PreviewThread[],
  ctx: PreviewContext,
): RulePreview {
  let state = ctx.state;
  const rows = recentThreads.map((thread): PreviewRow => {
    const result = routeMessage({
      message: thread.message,
      customer: thread.customer,
      rules,
      members: ctx.members,
      state,
      ...(ctx.teams ? { teams: ctx.teams } : {}),
    });
    state = result.state;
    const proposed = result.decision;
    // Routing only adds tags, so a tag someone removed by hand is not a change the rules would make.
    const addedTags = proposed.tags.filter((tag) => !thread.current.tags.includes(tag));
    const changes: PreviewChange[] = [];
    if (proposed.assigneeId !== thread.current.assigneeId) changes.push('assignee');
    if (addedTags.length > 0) changes.push('tags');
    if (proposed.priority !== null && proposed.priority !== thread.current.priority) changes.push('priority');
    if (proposed.spam !== thread.current.spam) changes.push('spam');
    return { threadId: thread.threadId, current: thread.current, proposed, changes, addedTags };
  });
  const changed = rows.filter((row) => row.changes.length > 0).length;
  return { rows, changed, unchanged: rows.length - changed };
}
