// @mention autocomplete: pure helpers over the comment text and the caret position.

export interface MentionCandidate {
  id: string;
  name: string;
  email: string;
}

/** The partial name after an `@` right before the caret, or undefined when not mentioning. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before);
  if (!match) return undefined;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

export function matchMembers(
  members: readonly MentionCandidate[],
  query: string,
  limit = 6,
): MentionCandidate[] {
  const q = query.toLowerCase();
  return members
    .filter((m) => m.name.toLowerCase().includes(q) || m.email.toLowerCase().startsWith(q))
    .slice(0, limit);
}

/** Replaces the `@query` at `start` with `@Name `; returns the new text and caret. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  member: MentionCandidate,
): { text: string; caret: number } {
  const inserted = `@${member.name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The chosen members whose `@Name` is still in the text when it is sent. */
export function mentionsIn(text: string, chosen: readonly MentionCandidate[]): string[] {
  return [...new Set(chosen.filter((m) => text.includes(`@${m.name}`)).map((m) => m.id))];
}
