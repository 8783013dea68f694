// Real attachment files generated in tests: PDF (pdf-lib; pdfkit with an embedded CJK font subset),
// DOCX (docx), XLSX (exceljs).
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import PDFKit from 'pdfkit';

/** Debian's fonts-noto-cjk (installed by .ci/run): one collection with the SC/TC/JP/KR faces. */
export const NOTO_SANS_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/** A PDF whose text is Latin only: pdf-lib's standard fonts encode WinAnsi (German umlauts and ß too). */
export async function makePdf(lines: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
  return pdf.save();
}

/**
 * A PDF with Chinese (any script the font has) in a font subset embedded by pdfkit, as office
 * software writes them: the text is stored as glyph ids with a ToUnicode map, which is what a text
 * extractor has to read back. Fails, never skips, when the font is missing.
 */
export async function makeCjkPdf(
  lines: readonly string[],
  font: { path: string; face: string } = { path: NOTO_SANS_CJK, face: 'NotoSansCJKsc-Regular' },
): Promise<Uint8Array> {
  if (!existsSync(font.path))
    throw new Error(
      `${font.path} is missing: .ci/run must install Debian's fonts-noto-cjk (apt-get install -y fonts-noto-cjk)`,
    );
  const pdf = new PDFKit({ size: 'A4', info: { Title: 'test' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(pdf, 'end');
  pdf.font(font.path, font.face).fontSize(12);
  for (const line of lines) pdf.text(line);
  pdf.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function makeDocx(paragraphs: readonly string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function makeXlsx(
  sheets: Record<string, ReadonlyArray<ReadonlyArray<string | number>>>,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
