import { z } from 'zod';
import { invalidInput } from '../errors';
import type { ReportRequest } from './service';
import { parseSchoolYear } from '../domain/dates';

/** `/iec report` arguments: `[commission | partner <name> | school <name or code> | all] [school year]`. */

export const REPORT_USAGE =
  '`/iec report [commission | partner <name> | school <name or code> | all] [school year]`, e.g. `/iec report healthcare 2025-26`, `/iec report partner "Con Edison"` or `/iec report school 02M475`.';

const argsSchema = z
  .array(z.string().min(1).max(200, 'A word that long is not a commission, partner, school or school year.'))
  .max(20, 'That is too many words for a report.');

export function parseReportArgs(args: readonly string[]): ReportRequest {
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw invalidInput(`${parsed.error.issues[0].message} Usage: ${REPORT_USAGE}`);
  const words = [...parsed.data];
  const year = words.length > 0 ? parseSchoolYear(words[words.length - 1]) : undefined;
  if (year) words.pop();
  const schoolYear = year ? { schoolYear: year } : {};
  if (words.length === 0) return { kind: 'default', ...schoolYear };
  const [first, ...rest] = words;
  const keyword = first.toLowerCase();
  if (keyword === 'partner' || keyword === 'school') {
    if (rest.length === 0) throw invalidInput(`Name the ${keyword}: ${REPORT_USAGE}`);
    return { kind: keyword, input: rest.join(' '), ...schoolYear };
  }
  if (rest.length > 0)
    throw invalidInput(`I did not understand \`${words.join(' ').slice(0, 80).replace(/`/g, '')}\`. Usage: ${REPORT_USAGE}`);
  if (keyword === 'all' || keyword === 'district') return { kind: 'district', ...schoolYear };
  return { kind: 'commission', input: first, ...schoolYear };
}
