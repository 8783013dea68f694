// Pure core: a message without its attachment bytes. From BODYSTRUCTURE we choose the sections to
// FETCH — the header, the text parts (text/plain, text/html shown in the body), and the MIME
// header of every other part — and rebuild a MIME message from them in which every attachment,
// inline image and forwarded message is present with its headers and an empty body. mailparser
// reads that skeleton as it would the full message: text, HTML, charsets and the attachments'
// names, types and content ids, with the IMAP part numbers to fetch the bytes later.
export interface StructurePart {
  part?: string | undefined;
  type: string;
  parameters?: Record<string, string> | undefined;
  /** Content-ID */
  id?: string | undefined;
  encoding?: string | undefined;
  size?: number | undefined;
  disposition?: string | undefined;
  dispositionParameters?: Record<string, string> | undefined;
  childNodes?: StructurePart[] | undefined;
}

export interface SkippedPart {
  /** Encoded size, as the server reports it. */
  size: number;
  encoding: string | undefined;
  type: string;
  filename: string | undefined;
  /** An image the HTML can show by `cid:`: part of showing the message, fetched with it. */
  inlineImage: boolean;
}

export interface SkeletonPlan {
  /** Sections to FETCH besides the header (BODY.PEEK[<section>]). */
  sections: string[];
  /** Parts left out, by IMAP part number. */
  skipped: Map<string, SkippedPart>;
}

const isMultipart = (node: StructurePart) => node.type.toLowerCase().startsWith('multipart/');

/** A part shown as the message body: text/plain or text/html not marked as an attachment. */
const isBodyText = (node: StructurePart) => {
  const type = node.type.toLowerCase();
  return (type === 'text/plain' || type === 'text/html') && node.disposition?.toLowerCase() !== 'attachment';
};

/** Undefined when nothing would be left out: then the whole source is fetched, as small as it is. */
export function planSkeleton(root: StructurePart | undefined): SkeletonPlan | undefined {
  if (!root) return undefined;
  const plan: SkeletonPlan = { sections: [], skipped: new Map() };
  const visit = (node: StructurePart, isRoot: boolean) => {
    // the root's own header is the message header; a part's is its .MIME section
    if (!isRoot && node.part) plan.sections.push(`${node.part}.MIME`);
    if (isMultipart(node)) {
      for (const child of node.childNodes ?? []) visit(child, false);
      return;
    }
    if (isBodyText(node)) {
      if (!isRoot && node.part) plan.sections.push(node.part);
      return;
    }
    plan.skipped.set(node.part ?? '1', {
      size: node.size ?? 0,
      encoding: node.encoding,
      type: node.type.toLowerCase(),
      filename: node.dispositionParameters?.['filename'] ?? node.parameters?.['name'],
      inlineImage:
        node.type.toLowerCase().startsWith('image/') &&
        node.id !== undefined &&
        node.disposition?.toLowerCase() !== 'attachment',
    });
  };
  visit(root, true);
  if (plan.skipped.size === 0) return undefined;
  // a root-level text part would be the whole message: nothing is skipped then, handled above
  return plan;
}

/** The skeleton source; `header` is BODY[HEADER] (ending in the blank line), `sections` by name. */
export function buildSkeleton(
  header: Buffer,
  root: StructurePart,
  sections: ReadonlyMap<string, Buffer>,
): Buffer {
  const section = (name: string) => sections.get(name) ?? sections.get(name.toLowerCase()) ?? Buffer.alloc(0);
  const chunks: Buffer[] = [header];
  const body = (node: StructurePart) => {
    if (isMultipart(node)) {
      const boundary = node.parameters?.['boundary'] ?? '';
      for (const child of node.childNodes ?? []) {
        chunks.push(Buffer.from(`--${boundary}\r\n`));
        chunks.push(section(`${child.part}.MIME`));
        body(child);
        chunks.push(Buffer.from('\r\n'));
      }
      chunks.push(Buffer.from(`--${boundary}--\r\n`));
      return;
    }
    if (isBodyText(node) && node.part && node !== root) chunks.push(section(node.part));
  };
  body(root);
  return Buffer.concat(chunks);
}

/** Decoded size from the encoded size BODYSTRUCTURE reports (exact once the part is fetched). */
export function decodedSizeEstimate(size: number, encoding: string | undefined): number {
  if (encoding?.toLowerCase() !== 'base64') return size;
  // 76 characters and CRLF a line, 4 characters for 3 bytes
  const lineBreaks = Math.floor(size / 78) * 2;
  return Math.floor(((size - lineBreaks) * 3) / 4);
}
