// Pure core: the part of a subject that stays the same across a conversation.
// Reply/forward prefixes in the languages export teams meet (English, German AW/WG, Nordic SV/VS,
// Dutch Antw, Chinese 回复/答复/转发 and their traditional forms), counted forms (Re[2]:, Re(2):),
// full-width colons, and mailing-list tags like "[sales-list]" in front, repeated in any order.
const PREFIX =
  /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|rif|r[eé]f|回复|答复|转发|回覆|答覆|轉寄|轉發)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]{1,40}\]|【[^】]{1,40}】)\s*/i;

export function normalizeSubject(subject: string): string {
  let rest = subject.normalize('NFKC');
  for (;;) {
    const match = PREFIX.exec(rest);
    if (!match || match[0].length === 0) break;
    rest = rest.slice(match[0].length);
  }
  return rest.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** True when the subject says it answers or forwards something (before any normalisation). */
export function hasReplyPrefix(subject: string): boolean {
  return normalizeSubject(subject) !== subject.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}
