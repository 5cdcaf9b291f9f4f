import { eachPartner, PARTNER_KIND_LABELS } from '../partners';
import { allSchools } from '../schools';
import { csvRow, UTF8_BOM } from './csv';

/**
 * `/iec export partners` and `/iec export schools`: the columns `npm run import` and `/iec import` recognise
 * (the import's own names), so every export imports back with nothing to change. Partners: one row per
 * contact (a partner without contacts has one row), lists separated by `; `.
 */

export const PARTNER_EXPORT_COLUMNS = [
  'Partner',
  'Commissions',
  'Status',
  'Kind',
  'Owner',
  'Notes',
  'Contact name',
  'Contact title',
  'Contact email',
  'Contact phone',
  'Contact Slack ID',
] as const;

export const SCHOOL_EXPORT_COLUMNS = ['School', 'Code', 'Programs'] as const;

export async function buildPartnersCsv(): Promise<{ content: Buffer; rows: number }> {
  const chunks: string[] = [UTF8_BOM + csvRow(PARTNER_EXPORT_COLUMNS)];
  let rows = 0;
  for await (const p of eachPartner()) {
    const partner = [p.name, p.commissions.join('; '), p.status, PARTNER_KIND_LABELS[p.kind], p.ownerId ?? '', p.notes];
    const contacts = p.contacts.length > 0 ? p.contacts : [undefined];
    for (const c of contacts)
      chunks.push(csvRow([...partner, c?.name ?? '', c?.title ?? '', c?.email ?? '', c?.phone ?? '', c?.slackUserId ?? '']));
    rows++;
  }
  return { content: Buffer.from(chunks.join(''), 'utf8'), rows };
}

export async function buildSchoolsCsv(): Promise<{ content: Buffer; rows: number }> {
  const schools = await allSchools();
  const body = schools.map((s) => csvRow([s.name, s.code ?? '', s.programs.join('; ')])).join('');
  return { content: Buffer.from(UTF8_BOM + csvRow(SCHOOL_EXPORT_COLUMNS) + body, 'utf8'), rows: schools.length };
}
