import type { Highlighted } from '@wharf/search';

/** Text split into plain and marked parts, for rendering as text (never as HTML). */
export function highlightParts(h: Highlighted): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...h.highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    if (start > at) parts.push({ text: h.text.slice(at, start), mark: false });
    parts.push({ text: h.text.slice(start, end), mark: true });
    at = end;
  }
  if (at < h.text.length) parts.push({ text: h.text.slice(at), mark: false });
  return parts;
}
