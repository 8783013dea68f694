// One line per activity entry of a thread (model ActivityAction), in the reader's language: what
// the log records is ids and values; names, folders and times are filled in here.
import type { ActivityAction, Actor, DeepReadonly } from '@wharf/model';
import { translate, type Locale } from '../i18n/messages.ts';
import { reasonText } from '../rules/reason-text.ts';

export interface ActivityTextDeps {
  readonly locale: Locale;
  nameOf(userId: string): string;
  dateTime(epochMs: number): string;
}

export function actorName(by: DeepReadonly<Actor>, deps: ActivityTextDeps): string {
  return by.kind === 'user' ? deps.nameOf(by.userId) : translate(deps.locale, 'activity.system');
}

export function activityText(action: DeepReadonly<ActivityAction>, deps: ActivityTextDeps): string {
  const { locale } = deps;
  switch (action.type) {
    case 'message-added':
      return translate(locale, action.direction === 'in' ? 'activity.messageIn' : 'activity.messageOut');
    case 'reopened':
      return translate(locale, 'activity.reopened');
    case 'removed-from-server':
      return translate(locale, 'activity.removedFromServer', { folders: action.folders.join(', ') });
    case 'moved-on-server':
      return translate(
        locale,
        action.to.kind === 'trash' ? 'activity.movedToTrash' : 'activity.movedToJunk',
        {
          folder: action.to.folder,
        },
      );
    case 'assigned':
      return translate(locale, 'activity.assigned', { name: deps.nameOf(action.assignee) });
    case 'unassigned':
      return translate(locale, 'activity.unassigned');
    case 'claimed':
      return translate(locale, 'activity.claimed', { name: deps.nameOf(action.userId) });
    case 'released':
      return translate(locale, 'activity.released', { name: deps.nameOf(action.userId) });
    case 'status':
      if (action.history) return translate(locale, 'activity.history');
      if (action.status === 'snoozed')
        return translate(locale, 'activity.snoozed', { until: deps.dateTime(action.until ?? 0) });
      return translate(locale, `activity.${action.status}`);
    case 'tag-added':
      return translate(locale, 'activity.tagAdded', { tag: action.tag });
    case 'tag-removed':
      return translate(locale, 'activity.tagRemoved', { tag: action.tag });
    case 'customer-linked':
      return translate(
        locale,
        action.customerId === null ? 'activity.customerUnlinked' : 'activity.customerLinked',
      );
    case 'routed':
      return translate(locale, 'activity.routed', { reason: reasonText(action.reason, locale) });
    case 'priority':
      return translate(locale, 'activity.priority', {
        priority: translate(locale, `activity.priority.${action.priority ?? 'none'}`),
      });
    case 'spam':
      return translate(locale, action.spam ? 'activity.spam' : 'activity.notSpam');
    case 'handed-over':
      return translate(
        locale,
        action.what === 'draft' ? 'activity.handedOverDraft' : 'activity.handedOverOutbox',
        {
          from: deps.nameOf(action.from),
          to: deps.nameOf(action.to),
        },
      );
    case 'comment-added':
      return translate(locale, 'activity.commentAdded');
    case 'comment-deleted':
      return translate(locale, 'activity.commentDeleted');
    case 'note-added':
      return translate(locale, 'activity.noteAdded');
    case 'note-updated':
      return translate(locale, 'activity.noteUpdated');
    case 'note-deleted':
      return translate(locale, 'activity.noteDeleted');
    case 'draft-created':
      return translate(locale, 'activity.draftCreated');
    case 'draft-discarded':
      return translate(locale, 'activity.draftDiscarded');
    case 'outbox-queued':
      return translate(locale, 'activity.outboxQueued');
    case 'outbox-edited':
      return translate(locale, 'activity.outboxEdited');
    case 'outbox-approval':
      return translate(
        locale,
        action.decision === 'approved' ? 'activity.outboxApproved' : 'activity.outboxRejected',
      );
    case 'outbox-held':
      return translate(locale, 'activity.outboxHeld');
    case 'reply-anyway':
      return translate(locale, 'activity.replyAnyway');
    case 'outbox-status':
      return translate(locale, `activity.outbox.${action.status}`);
  }
}
