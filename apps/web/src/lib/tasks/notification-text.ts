// The words of a notification: a mention shows its excerpt; an SLA alert names the thread by its
// subject when this user holds its inbox row (the alert itself carries no subject, model SPEC [SL4]).
import type { Notification, ThreadSummary } from '@wharf/model';
import type { I18n } from '../i18n/i18n.svelte.ts';

export function notificationText(
  item: Pick<Notification, 'kind' | 'threadId'> & { excerpt?: string; alert?: string },
  i18n: Pick<I18n, 't'>,
  rows: readonly Pick<ThreadSummary, 'threadId' | 'subject'>[],
): string {
  if (item.kind === 'mention') return item.excerpt ?? '';
  const subject = rows.find((row) => row.threadId === item.threadId)?.subject || i18n.t('sla.aThread');
  switch (item.alert) {
    case 'due-soon':
      return i18n.t('sla.alert.due-soon', { subject });
    case 'escalated':
      return i18n.t('sla.alert.escalated', { subject });
    default:
      return i18n.t('sla.alert.overdue', { subject });
  }
}
