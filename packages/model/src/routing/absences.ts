// Out of office as the team page toggles it: one row per member, `away:<userId>`, in the
// workspace's `absences` table (routing skips members with a current absence, `routingMembers`).
// Switching off ends the absence (`until` = now) rather than deleting it, so a concurrent "on"
// by a manager and "off" by the member converge to one row that every peer reads the same way.
import type * as Y from 'yjs';
import type { OpContext } from '../deps.ts';
import type { UserId } from '../ids.ts';
import { putWorkspaceRow, workspaceTable } from '../workspace-doc/workspace-doc.ts';
import { routingMembers } from './routing-members.ts';

export const awayRowId = (userId: UserId): string => `away:${userId}`;

/** Whether the member has an absence covering `now` (a toggled one or any other row). */
export function isOutOfOffice(doc: Y.Doc, userId: UserId, now: number): boolean {
  const [member] = routingMembers({
    members: [{ id: userId, name: '', active: true }],
    teams: [],
    absences: [...workspaceTable(doc, 'absences').values()],
    openThreads: {},
    now,
  });
  return member?.outOfOffice ?? false;
}

/** Switches the member's toggled absence on (from now, open-ended) or off (ends now); false when nothing changed. */
export function setOutOfOffice(doc: Y.Doc, userId: UserId, away: boolean, ctx: OpContext): boolean {
  const now = ctx.deps.now();
  const id = awayRowId(userId);
  const row = workspaceTable(doc, 'absences').get(id);
  const current = row !== undefined && row.from <= now && (row.until === null || now < row.until);
  if (away === current) return false;
  putWorkspaceRow(
    doc,
    'absences',
    away ? { id, userId, from: now, until: null } : { id, userId, from: row?.from ?? now, until: now },
    ctx,
  );
  return true;
}
