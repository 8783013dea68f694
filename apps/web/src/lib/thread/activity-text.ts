// One line per activity entry of a thread (model ActivityAction), in the reader's language: what
// the log records is ids and values; names, folders and times are filled in here.
import type { ActivityAction, Actor, DeepReadonly } from '@wharf/model';
import { translate, type Locale, type MessageKey } from '../i18n/messages.ts';
import { reasonText } from '../rules/reason-text.ts';

export interface ActivityTextDeps {
  readonly locale: Locale;
  nameOf(userId: string): string;
  dateTime(epochMs: number): string;
}

export function actorName(by: DeepReadonly<Actor>, deps: ActivityTextDeps): string {
  return by.kind === 'user' ? deps.nameOf(by.userId) : translate(deps.locale, 'activity.system');
}

/** Entries whose line needs nothing but their kind. */
const PLAIN = {
  reopened: 'activity.reopened',
  unassigned: 'activity.unassigned',
  'comment-added': 'activity.commentAdded',
  'comment-deleted': 'activity.commentDeleted',
  'note-added': 'activity.noteAdded',
  'note-updated': 'activity.noteUpdated',
  'note-deleted': 'activity.noteDeleted',
  'draft-created': 'activity.draftCreated',
  'draft-discarded': 'activity.draftDiscarded',
  'outbox-queued': 'activity.outboxQueued',
  'outbox-edited': 'activity.outboxEdited',
  'outbox-held': 'activity.outboxHeld',
  'reply-anyway': 'activity.replyAnyway',
} as const satisfies Partial<Record<ActivityAction['type'], MessageKey>>;
type Plain = keyof typeof PLAIN;
const isPlain = (
  action: DeepReadonly<ActivityAction>,
): action is Extract<DeepReadonly<ActivityAction>, { type: Plain }> => action.type in PLAIN;

export function activityText(action: DeepReadonly<ActivityAction>, deps: ActivityTextDeps): string {
  const { locale } = deps;
  if (isPlain(action)) return translate(locale, PLAIN[action.type]);
  switch (action.type) {
    case 'message-added':
      return translate(locale, action.direction === 'in' ? 'activity.messageIn' : 'activity.messageOut');
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
    case 'outbox-approval':
      return translate(
        locale,
        action.decision === 'approved' ? 'activity.outboxApproved' : 'activity.outboxRejected',
      );
    case 'outbox-status':
      return translate(locale, `activity.outbox.${action.status}`);
  }
}
