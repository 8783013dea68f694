import ExcelJS from 'exceljs';

/** Sheet names and cell text, a row per line, cells separated by tabs. */
export async function xlsxText(bytes: Uint8Array, maxChars: number): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  const lines: string[] = [];
  let size = 0;
  for (const sheet of workbook.worksheets) {
    lines.push(sheet.name);
    sheet.eachRow((row) => {
      if (size > maxChars) return;
      const cells: string[] = [];
      row.eachCell((cell) => {
        const text = cell.text;
        if (text) cells.push(text);
      });
      const line = cells.join('\t');
      size += line.length + 1;
      lines.push(line);
    });
  }
  return lines.join('\n');
}
