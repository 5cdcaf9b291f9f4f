import { z } from 'zod';
import { invalidInput } from '../errors';
import { parseSchoolYear } from '../domain/dates';

/** `/iec export [commission | all] [school year | all]`: the current school year unless another (or `all`) is named. */

export const EXPORT_USAGE =
  '`/iec export [commission | all] [school year | all]`, e.g. `/iec export`, `/iec export healthcare 2025-26` or `/iec export all all` (every commission, every year).';

export interface ExportRequest {
  commission?: string;
  /** `all` was asked for: every commission, even in a commission's channel. */
  everyCommission?: true;
  /** A school year, `all`, or absent for the current one. */
  schoolYear?: string | 'all';
}

const argsSchema = z.array(z.string().min(1).max(100, 'A word that long is not a commission or a school year.')).max(2, 'Too many words.');

export function parseExportArgs(args: readonly string[]): ExportRequest {
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw invalidInput(`${parsed.error.issues[0].message} Usage: ${EXPORT_USAGE}`);
  const words = [...parsed.data];
  let schoolYear: string | undefined;
  const last = words[words.length - 1];
  const year = last ? parseSchoolYear(last) : undefined;
  if (year) {
    schoolYear = year;
    words.pop();
  } else if (words.length === 2 && last.toLowerCase() === 'all') {
    schoolYear = 'all';
    words.pop();
  }
  if (words.length > 1)
    throw invalidInput(`I did not understand \`${args.join(' ').slice(0, 80).replace(/`/g, '')}\`. Usage: ${EXPORT_USAGE}`);
  const every = words[0]?.toLowerCase() === 'all';
  const commission = words[0] && !every ? words[0] : undefined;
  return { ...(commission ? { commission } : {}), ...(every ? { everyCommission: true } : {}), ...(schoolYear ? { schoolYear } : {}) };
}
