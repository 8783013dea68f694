// Pure core: Gmail labels (X-GM-LABELS) → thread tags. System labels (\Inbox, \Sent, \Important,
// \Starred, ...) say where a message is, not what it is about: they are not tags. A user label is
// a tag as the team sees it in Gmail (nested "Customers/ACME" stays one tag); the model trims and
// lower-cases it (SPEC [TG1]). Labels arrive in the flag list as `label:<name>` (imap/mailbox-sync).
// Label edits made in Gmail later are followed as edits, never as a full copy of the labels: a
// newly added label adds its tag, a removed one removes the tag the bridge added for it, and tags
// the team added or removed by hand are left as they are.
import type { ActivityEntry } from '@wharf/model';

const LABEL = 'label:';

export function gmailLabels(flags: readonly string[]): string[] {
  return flags.filter((f) => f.startsWith(LABEL)).map((f) => f.slice(LABEL.length));
}

export function tagsFromLabels(labels: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const label of labels) {
    const name = label.trim();
    if (name === '' || name.startsWith('\\')) continue;
    tags.add(name.toLowerCase());
  }
  return [...tags].sort();
}

export interface LabelTagInput {
  /** Per message written now: the label tags it had when last written (none if never), and now. */
  edits: readonly { before: readonly string[]; now: readonly string[] }[];
  /** The label tags some message of the thread carries now; asked only when a label went away. */
  threadNow: () => readonly string[];
  /** The thread's tags now. */
  tags: ReadonlySet<string>;
  /** The thread's activity log, oldest first; asked only when a label went away. */
  activity: () => readonly ActivityEntry[];
}

/**
 * Tags to add for labels added since the last write, and tags to remove for labels removed since
 * then — only where no message of the thread still carries the label and the bridge's own add is
 * the tag's last change (a tag added by hand, or removed and added again by hand, stays).
 */
export function labelTagChanges(input: LabelTagInput): { add: string[]; remove: string[] } {
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const { before, now } of input.edits) {
    for (const tag of now) if (!before.includes(tag)) added.add(tag);
    for (const tag of before) if (!now.includes(tag)) removed.add(tag);
  }
  const add = [...added].filter((tag) => !input.tags.has(tag)).sort();
  const candidates = [...removed].filter((tag) => !added.has(tag) && input.tags.has(tag));
  if (candidates.length === 0) return { add, remove: [] };
  const carried = input.threadNow();
  const activity = input.activity();
  const lastChange = (tag: string) =>
    activity.findLast(
      (e) => (e.action.type === 'tag-added' || e.action.type === 'tag-removed') && e.action.tag === tag,
    );
  const remove = candidates.filter((tag) => {
    if (carried.includes(tag)) return false;
    const last = lastChange(tag);
    return last?.action.type === 'tag-added' && last.by.kind === 'mail-bridge';
  });
  return { add, remove: remove.sort() };
}
