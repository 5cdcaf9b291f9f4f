/**
 * CSV as spreadsheets expect it: RFC 4180 (fields with a comma, quote, CR or LF in double quotes, quotes
 * doubled, CRLF line ends), UTF-8 with a byte-order mark so Excel reads the accents right, and no formula
 * injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
 * so `=HYPERLINK(...)` stays text.
 */

export const UTF8_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

/** One cell: neutralised when it could be read as a formula, quoted when needed. Numbers are written as they are. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
