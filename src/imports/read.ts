import type { CellValue } from 'exceljs';

/**
 * A file as offices have them — CSV (UTF-8 with or without a byte-order mark, or Windows-1252; commas,
 * semicolons or tabs; CRLF) or Excel .xlsx — read by csv-parse and exceljs into rows of text cells with the
 * row numbers a spreadsheet shows. Excel dates become `YYYY-MM-DD`, numbers their digits, formulas their
 * literal text (never a computed result), links their text. Whatever cannot be read is a file fault with the
 * reason in plain words. Both libraries are loaded on the first file of their format, not when the app starts
 * (exceljs alone adds about 20 MB to the process).
 */

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_DATA_ROWS = 20_000;

export type FileFormat = 'csv' | 'xlsx';

export interface RawRow {
  /** 1-based, as the spreadsheet shows it. */
  row: number;
  cells: string[];
}

export interface RawTable {
  format: FileFormat;
  /** Non-empty rows, in order. */
  rows: RawRow[];
  /** Notices about how the file was read (e.g. its text encoding). */
  notices: string[];
}

export type ReadResult = { ok: true; table: RawTable } | { ok: false; reason: string };

const fault = (reason: string): ReadResult => ({ ok: false, reason });

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Reads `content`; `filename` only tells which format to expect when the bytes do not. */
export async function readFile(content: Buffer, filename: string): Promise<ReadResult> {
  if (content.length === 0) return fault('The file is empty.');
  if (content.length > MAX_FILE_BYTES) {
    return fault(`The file is ${(content.length / 1024 / 1024).toFixed(1)} MB; files can be at most 10 MB. Split it into smaller files.`);
  }
  const head = content.subarray(0, 4);
  if (head.equals(ZIP)) return readXlsx(content);
  if (head.equals(OLE))
    return fault('This is an old Excel .xls file. In Excel choose *Save As → Excel Workbook (.xlsx)* or *CSV UTF-8*, then import that.');
  if (/\.(xlsx|xlsm)$/i.test(filename)) return fault('This file is named .xlsx but is not an Excel workbook (it may be damaged).');
  return readCsv(content);
}

function decodeText(content: Buffer): { text: string; notice?: string } | undefined {
  if (content.subarray(0, Math.min(content.length, 8192)).includes(0)) return undefined;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(content) };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(content),
      notice: 'The file is not UTF-8: it was read as Windows-1252 (Excel’s older “CSV” format).',
    };
  }
}

/** The separator of the header line: the one of `,` `;` tab that it uses most (commas when none). */
function delimiterOf(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].d : ',';
}

async function readCsv(content: Buffer): Promise<ReadResult> {
  const decoded = decodeText(content);
  if (!decoded) return fault('This is not a CSV or Excel (.xlsx) file.');
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(decoded.text, {
      bom: true,
      delimiter: delimiterOf(decoded.text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: false,
    }) as string[][];
  } catch (err) {
    return fault(`This CSV cannot be read: ${(err as Error).message.replace(/^Invalid Record Length: /, '').slice(0, 200)}`);
  }
  const rows: RawRow[] = [];
  records.forEach((cells, i) => {
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: i + 1, cells: cells.map((c) => c.trim()) });
  });
  return finish('csv', rows, decoded.notice ? [decoded.notice] : []);
}

function finish(format: FileFormat, rows: RawRow[], notices: string[]): ReadResult {
  if (rows.length === 0) return fault('The file has no rows.');
  if (rows.length - 1 > MAX_DATA_ROWS) {
    return fault(
      `The file has ${(rows.length - 1).toLocaleString('en-US')} rows; an import can have at most 20,000. Split it into smaller files.`,
    );
  }
  return { ok: true, table: { format, rows, notices } };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date cell as `YYYY-MM-DD` (exceljs gives date-only cells as UTC midnight). */
function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDay(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value && typeof value.formula === 'string') return `=${value.formula}`;
    if ('sharedFormula' in value) return `=${String(value.sharedFormula)}`;
    if ('hyperlink' in value) return cellText((value as { text?: CellValue }).text ?? value.hyperlink);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

async function readXlsx(content: Buffer): Promise<ReadResult> {
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return fault('This Excel file cannot be read: it may be damaged or password-protected. Save it again as .xlsx, or as CSV UTF-8.');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return fault('The workbook has no rows.');
  if (sheet.actualRowCount - 1 > MAX_DATA_ROWS) {
    return fault(
      `The sheet has ${(sheet.actualRowCount - 1).toLocaleString('en-US')} rows; an import can have at most 20,000. Split it into smaller files.`,
    );
  }
  const notices = workbook.worksheets.length > 1 ? [`Only the first sheet with data (“${sheet.name}”) was read.`] : [];
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as CellValue[];
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]).trim());
    if (cells.some((c) => c !== '')) rows.push({ row: rowNumber, cells });
  });
  return finish('xlsx', rows, notices);
}
