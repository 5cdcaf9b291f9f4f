import ExcelJS from 'exceljs';
import { type ImportKind, KINDS } from './columns';

/** An .xlsx with the columns an import of this kind recognises (our export's names) and one example row. */
export async function templateWorkbook(kind: ImportKind): Promise<Buffer> {
  const spec = KINDS[kind];
  const labels = spec.columns.filter((c) => !['firstName', 'lastName'].includes(c.field)).map((c) => c.label);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(labels).font = { bold: true };
  // every cell as text, so codes like 02M475 and dates stay as written
  sheet.addRow(labels.map((l) => spec.example[l] ?? ''));
  labels.forEach((label, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, label.length + 4, (spec.example[label] ?? '').length + 2);
    column.numFmt = '@';
  });
  const notes = workbook.addWorksheet('Column names');
  notes.addRow(['Column', 'Also recognised as']).font = { bold: true };
  for (const c of spec.columns) notes.addRow([c.label, c.synonyms.join(', ')]);
  notes.getColumn(1).width = 22;
  notes.getColumn(2).width = 80;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
