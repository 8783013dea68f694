// Test support: an inbox row (ThreadSummary) with plain defaults, for the search modules' tests.
import type { ThreadSummary } from '@wharf/model';

export function testRow(
  over: Partial<ThreadSummary> & Pick<ThreadSummary, 'threadId' | 'subject'>,
): ThreadSummary {
  return {
    mailboxId: 'sales' as ThreadSummary['mailboxId'],
    counterpart: null,
    snippet: '',
    lastActivity: 0,
    messageCount: 1,
    hasAttachments: false,
    assignee: null,
    claim: null,
    status: 'open',
    snoozeUntil: null,
    closedAt: null,
    tags: [],
    unread: false,
    needsReply: false,
    customerId: null,
    receivedAt: null,
    firstReplyAt: null,
    ...over,
  };
}
