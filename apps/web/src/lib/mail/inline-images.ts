// `cid:` images (multipart/related parts) for the email frame. The bytes come from the message's
// attachment route (behind the session and the mailbox grant, like every body) and enter the
// frame as data: URLs: the frame has an opaque origin, so it could not send the session to the
// app's origin anyway, and its CSP (`img-src data: cid:` until remote consent) stays as it is.
// Only image types a browser decodes as pictures are taken; SVG is not (a document, not a bitmap).

/** A part of the message shown in its HTML (`inline` in the bridge's attachment list). */
export interface InlinePart {
  contentId: string;
  /** The attachment id in the route (its content hash). */
  attachmentId: string;
  contentType: string;
  size: number;
}

const IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/avif',
]);
/** Above this the part is left out (the frame's document carries every image it shows). */
export const MAX_INLINE_BYTES = 5 * 1024 * 1024;

/** `<a@b>`, `a@b` and `cid:a%40b` name the same part (RFC 2392: the URL is %-encoded). */
export function normaliseContentId(value: string): string {
  let id = value.trim().replace(/^cid:/i, '').replace(/^<|>$/g, '');
  try {
    id = decodeURIComponent(id);
  } catch {
    // not %-encoded after all: keep it as written
  }
  return id;
}

/** The image parts of the bridge's attachment list that the HTML can show by `cid:`. */
export function inlineParts(attachments: unknown): InlinePart[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((value: unknown) => {
    if (typeof value !== 'object' || value === null) return [];
    const a = value as Partial<{
      inline: boolean;
      contentId: string;
      sha256: string;
      contentType: string;
      size: number;
    }>;
    const type = a.contentType?.toLowerCase().split(';')[0]?.trim() ?? '';
    if (!a.inline || !a.contentId || !a.sha256 || !IMAGE_TYPES.has(type)) return [];
    if (typeof a.size !== 'number' || a.size > MAX_INLINE_BYTES) return [];
    return [
      { contentId: normaliseContentId(a.contentId), attachmentId: a.sha256, contentType: type, size: a.size },
    ];
  });
}

/** Content ids the HTML refers to (`src`, `background`, CSS `url()`). */
export function referencedContentIds(html: string): Set<string> {
  const ids = new Set<string>();
  for (const match of html.matchAll(/cid:([^"'\s)>]+)/gi)) ids.add(normaliseContentId(match[1] ?? ''));
  return ids;
}

export interface InlineImageDeps {
  /** The part's bytes from the attachment route; undefined when it cannot be had. */
  fetchPart(attachmentId: string): Promise<Blob | undefined>;
  /** Blob → data: URL (FileReader in the browser). */
  toDataUrl(blob: Blob): Promise<string>;
}

/**
 * data: URLs by content id for the parts the HTML shows. A part that fails to load is left
 * out: its image stays empty, as a missing `cid:` target does.
 */
export async function resolveInlineImages(
  html: string,
  parts: readonly InlinePart[],
  deps: InlineImageDeps,
): Promise<Map<string, string>> {
  const wanted = referencedContentIds(html);
  const resolved = new Map<string, string>();
  await Promise.all(
    parts
      .filter((part) => wanted.has(part.contentId))
      .map(async (part) => {
        const blob = await deps.fetchPart(part.attachmentId).catch(() => undefined);
        if (!blob || blob.size > MAX_INLINE_BYTES) return;
        // The route serves every file as application/octet-stream; the declared type names it.
        resolved.set(part.contentId, await deps.toDataUrl(new Blob([blob], { type: part.contentType })));
      }),
  );
  return resolved;
}
