import { describe, expect, it } from 'vitest';
import { mailboxId, threadId } from '@wharf/model';
import { translate, type MessageArgs, type MessageKey } from '../i18n/messages.ts';
import { notificationText } from './notification-text.ts';

const i18n = { t: <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => translate('en', key, ...args) };
const sla = {
  kind: 'sla' as const,
  alert: 'overdue',
  threadId: threadId('t1'),
  mailboxId: mailboxId('sales'),
};

describe('notification text', () => {
  it('names an SLA alert’s thread by the subject of a row the reader holds, else generically', () => {
    expect(notificationText(sla, i18n, [{ threadId: threadId('t1'), subject: 'RFQ valves' }])).toBe(
      'First reply overdue: RFQ valves',
    );
    expect(notificationText({ ...sla, alert: 'escalated' }, i18n, [])).toBe(
      'Escalated, still unanswered: a conversation',
    );
  });

  it('shows a mention’s excerpt', () => {
    expect(
      notificationText({ kind: 'mention', threadId: threadId('t1'), excerpt: '@ann look' }, i18n, []),
    ).toBe('@ann look');
  });
});
