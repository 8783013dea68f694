import { describe, expect, it } from 'vitest';
import {
  BRIDGE_ACTOR,
  userActor,
  userId,
  type ActivityAction,
  type CommentId,
  type CustomerId,
  type MessageId,
  type OutboxId,
} from '@wharf/model';
import { LOCALES } from '../i18n/messages.ts';
import { activityText, actorName, type ActivityTextDeps } from './activity-text.ts';

const names: Record<string, string> = { 'u-ann': 'Ann', 'u-ben': 'Ben' };
const deps = (locale: ActivityTextDeps['locale']): ActivityTextDeps => ({
  locale,
  nameOf: (id) => names[id] ?? id,
  dateTime: (ms) => new Date(ms).toISOString().slice(0, 16),
});
const ann = userId('u-ann');
const ben = userId('u-ben');
const message = 'm1' as MessageId;
const outbox = 'o1' as OutboxId;

/** One of every kind of entry the model logs. */
const EVERY: Record<ActivityAction['type'], ActivityAction> = {
  'message-added': { type: 'message-added', messageId: message, direction: 'in' },
  reopened: { type: 'reopened', messageId: message },
  'removed-from-server': { type: 'removed-from-server', messageId: message, folders: ['INBOX'] },
  'moved-on-server': {
    type: 'moved-on-server',
    messageId: message,
    folders: ['INBOX'],
    to: { kind: 'trash', folder: 'Deleted Items' },
  },
  assigned: { type: 'assigned', assignee: ann },
  unassigned: { type: 'unassigned' },
  claimed: { type: 'claimed', userId: ann },
  released: { type: 'released', userId: ann },
  status: { type: 'status', status: 'pending' },
  'tag-added': { type: 'tag-added', tag: 'vip' },
  'tag-removed': { type: 'tag-removed', tag: 'vip' },
  'customer-linked': { type: 'customer-linked', customerId: 'd-acme.com' as CustomerId },
  routed: {
    type: 'routed',
    outcome: 'owner',
    ruleId: null,
    reason: { en: 'owner of customer Acme', zh: '客户 Acme 的负责人' },
  },
  priority: { type: 'priority', priority: 'urgent' },
  spam: { type: 'spam', spam: true },
  'handed-over': { type: 'handed-over', what: 'outbox', from: ann, to: ben },
  'comment-added': { type: 'comment-added', commentId: 'c1' as CommentId, mentions: [] },
  'comment-deleted': { type: 'comment-deleted', commentId: 'c1' as CommentId },
  'note-added': { type: 'note-added', noteId: 'n1' },
  'note-updated': { type: 'note-updated', noteId: 'n1' },
  'note-deleted': { type: 'note-deleted', noteId: 'n1' },
  'draft-created': { type: 'draft-created' },
  'draft-discarded': { type: 'draft-discarded' },
  'outbox-queued': { type: 'outbox-queued', outboxId: outbox },
  'outbox-edited': { type: 'outbox-edited', outboxId: outbox, revision: 'r2' },
  'outbox-approval': { type: 'outbox-approval', outboxId: outbox, revision: 'r2', decision: 'rejected' },
  'outbox-held': { type: 'outbox-held', outboxId: outbox, revision: 'r2' },
  'reply-anyway': { type: 'reply-anyway', outboxId: outbox, despite: ['u-ben'] },
  'outbox-status': { type: 'outbox-status', outboxId: outbox, attempt: 1, status: 'failed' },
};

describe('activity log lines', () => {
  it('say something for every kind of entry, in both languages, with no raw ids or gaps', () => {
    for (const locale of LOCALES)
      for (const action of Object.values(EVERY)) {
        const text = activityText(action, deps(locale));
        expect(text, `${locale} ${action.type}`).toMatch(/\S/);
        expect(text).not.toMatch(/undefined|u-ann|u-ben|activity\./);
      }
    const zh = Object.values(EVERY).map((a) => activityText(a, deps('zh-CN')));
    const en = Object.values(EVERY).map((a) => activityText(a, deps('en')));
    expect(zh.filter((line, i) => line === en[i])).toEqual([]);
  });

  it('name people, folders and reasons, and tell imported history from a close', () => {
    expect(activityText(EVERY['moved-on-server'], deps('en'))).toBe(
      'Message deleted in another mail client (moved to Deleted Items)',
    );
    expect(activityText(EVERY['handed-over'], deps('zh-CN'))).toBe('待发邮件由 Ann 交接给 Ben');
    expect(activityText(EVERY.routed, deps('zh-CN'))).toBe('自动分配：客户 Acme 的负责人');
    expect(activityText({ type: 'status', status: 'closed' }, deps('en'))).toBe('Closed');
    expect(activityText({ type: 'status', status: 'closed', history: true }, deps('en'))).toBe(
      "Imported from the mailbox's history, closed",
    );
    expect(
      activityText({ type: 'status', status: 'snoozed', until: Date.UTC(2026, 10, 24, 8) }, deps('en')),
    ).toBe('Snoozed until 2026-11-24T08:00');
    expect(actorName(userActor(ann), deps('en'))).toBe('Ann');
    expect(actorName(BRIDGE_ACTOR, deps('zh-CN'))).toBe('Wharf 系统');
  });
});
