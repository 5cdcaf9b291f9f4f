import { DateTime } from 'luxon';
import { z } from 'zod';
import { columnOf, type ImportKind, KINDS, matchHeaders, requiredFields } from './columns';
import type { RawRow, RawTable } from './read';

/** A row that cannot be imported: its spreadsheet row number and the reason in plain words. */
export interface RowFault {
  row: number;
  reason: string;
}

/** A problem with one cell: the row is rejected with this reason. */
export class CellFault extends Error {}

/** What our export puts before a value that could be read as a formula; removed on the way back in. */
const EXPORT_GUARD = /^'(?=[=+\-@\t\r])/;

/** A cell as stored: literal text (a formula-looking value stays text), without our export's guard quote. */
export function literal(cell: string | undefined): string {
  return (cell ?? '').replace(EXPORT_GUARD, '').trim();
}

/** `value` shown in a reason: short, in backticks. */
export function shown(value: string): string {
  const clean = value.replace(/`/g, "'").replace(/\s+/g, ' ');
  return `\`${clean.length > 40 ? `${clean.slice(0, 39)}…` : clean}\``;
}

export interface HeaderedTable {
  /** The row number of the header. */
  headerRow: number;
  fields: Map<number, string>;
  unrecognised: string[];
  rows: RawRow[];
}

/**
 * The header: the first of the first ten rows that names a column for every required field (a title row
 * above it is allowed). Undefined when there is none: the reason says which columns are missing.
 */
export function locateHeader(kind: ImportKind, table: RawTable): { ok: true; value: HeaderedTable } | { ok: false; reason: string } {
  const required = requiredFields(kind);
  let best: { missing: string[]; index: number } | undefined;
  for (let i = 0; i < Math.min(10, table.rows.length); i++) {
    const match = matchHeaders(kind, table.rows[i].cells);
    const present = new Set(match.fields.values());
    const missing = required.filter((f) => !present.has(f));
    if (missing.length === 0) {
      return {
        ok: true,
        value: { headerRow: table.rows[i].row, fields: match.fields, unrecognised: match.unrecognised, rows: table.rows.slice(i + 1) },
      };
    }
    if (!best || missing.length < best.missing.length) best = { missing, index: i };
  }
  const missing = (best?.missing ?? required).map((f) => {
    const c = columnOf(kind, f);
    return `*${c.label}* (or ${c.synonyms.slice(0, 3).join(', ')})`;
  });
  return {
    ok: false,
    reason: `I found no header row for ${kind} in the first rows of the file: it needs a column ${missing.join(' and a column ')}. \`npm run import -- --template ${kind}\` writes a file with the columns I know.`,
  };
}

/** The cells of one data row by field; every value checked against its column's length limit. */
export function rowValues(kind: ImportKind, header: HeaderedTable, raw: RawRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [index, field] of header.fields) {
    const value = literal(raw.cells[index]);
    const { max, label } = columnOf(kind, field);
    if (value.length > max)
      throw new CellFault(`${label} has ${value.length.toLocaleString('en-US')} characters; at most ${max.toLocaleString('en-US')}`);
    out[field] = value;
  }
  return out;
}

const emailSchema = z.email();

export function parseEmail(value: string): string {
  const email = value.replace(/^mailto:/i, '').trim();
  if (!emailSchema.safeParse(email).success) throw new CellFault(`${shown(value)} is not an email address`);
  return email.toLowerCase();
}

/** A whole number ≥ `min`, written as digits (`12`, `1,200`, `12.0`). */
export function parseWhole(value: string, what: string, min: number): number {
  const digits = value.replace(/,(?=\d{3}(\D|$))/g, '').replace(/\.0+$/, '');
  const n = /^\d{1,15}$/.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new CellFault(`${what} ${shown(value)} is not a ${min >= 1 ? 'positive ' : ''}whole number${min >= 1 ? '' : ' (0 or more)'}`);
  }
  return n;
}

const DATE_FORMATS = [
  'M/d/yyyy',
  'M/d/yy',
  'yyyy/M/d',
  'd MMM yyyy',
  'd-MMM-yyyy',
  'd-MMM-yy',
  'MMM d, yyyy',
  'MMMM d, yyyy',
  'd MMMM yyyy',
  'MMM d yyyy',
  'MMMM d yyyy',
];

/** 1899-12-30: day 0 of Excel's serial dates (its 1900 leap-year bug included). */
const EXCEL_EPOCH = DateTime.fromISO('1899-12-30', { zone: 'utc' });

/**
 * A date as `YYYY-MM-DD`: ISO (`2026-10-01`, also with a time), US (`10/1/2026`), written out (`1 Oct 2026`,
 * `October 1, 2026`) or an Excel serial number (`46296`). Read by luxon.
 */
export function parseDay(value: string, what: string): string {
  const v = value.trim();
  let d: DateTime | undefined;
  if (/^\d{5}(\.\d+)?$/.test(v)) {
    const serial = Math.floor(Number(v));
    if (serial >= 20000 && serial <= 80000) d = EXCEL_EPOCH.plus({ days: serial });
  } else if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const iso = DateTime.fromISO(v.slice(0, 10), { zone: 'utc' });
    if (iso.isValid) d = iso;
  } else {
    for (const format of DATE_FORMATS) {
      const parsed = DateTime.fromFormat(v, format, { zone: 'utc', locale: 'en-US' });
      if (parsed.isValid) {
        d = parsed;
        break;
      }
    }
  }
  if (!d || d.year < 1990 || d.year > 2100) throw new CellFault(`${what} ${shown(value)} is not a date (write it like 2026-10-01)`);
  return d.toISODate() as string;
}

/** A list in one cell: `a; b`, `a, b` or one per line. */
export function splitList(value: string, separators = /\s*[;\n]\s*/): string[] {
  return value
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Slack user ids look like `U0123ABCD` (or `W…` on Enterprise Grid). */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

export { KINDS };
