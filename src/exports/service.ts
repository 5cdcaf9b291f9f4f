import type { Types } from 'mongoose';
import { isIec, requireKnown, type Actor } from '../access';
import { findCommission, findCommissions } from '../commissions';
import { eachCommitment } from '../commitments';
import { programsForImport } from '../programs';
import { schoolsByIds } from '../schools';
import { csvRow, UTF8_BOM, type CsvValue } from './csv';
import {
  COMMITMENT_STATUS_LABELS,
  COMMITMENT_TYPE_INFO,
  COMMITMENT_TYPES,
  type CommitmentStatus,
  type CommitmentType,
} from '../domain/commitments';

/**
 * `/iec export`: every commitment the requester may see, one CSV row each, read with a cursor in batches
 * (school names looked up once per batch and cached), so a large export never holds every document at once.
 */

/** Work-based learning category of each commitment type (defined with the types, src/commitments/types.ts). */
export const WBL_CATEGORY = Object.fromEntries(COMMITMENT_TYPES.map((t) => [t, COMMITMENT_TYPE_INFO[t].wbl])) as Record<
  CommitmentType,
  string
>;

export const EXPORT_COLUMNS = [
  'Commitment ID',
  'Partner',
  'Commission',
  'Commission name',
  'Type',
  'Work-based learning category',
  'Quantity',
  'Fulfilled quantity',
  'Unit',
  'Status',
  'Schools',
  'School codes',
  'Start date',
  'End date',
  'School year',
  'Recorded by',
  'Recorded via',
  'Recorded at',
  'Last fulfilled at',
  'Notes',
  'Program',
  'Program school',
] as const;

/** Rows read from the database per batch. */
export const EXPORT_BATCH = 500;

export interface ExportScope {
  /** The commission key, or all of them. */
  commissionKey?: string;
  /** The school year, or all of them. */
  schoolYear?: string;
  /** Set for partner contacts: only these organisations. */
  partnerIds?: Types.ObjectId[];
}

/** What the actor may export: IECs everything asked for; a partner contact only their organisation; anyone else nothing. */
export async function resolveExportScope(request: { commission?: string; schoolYear?: string }, actor: Actor): Promise<ExportScope> {
  requireKnown(actor);
  const commissionKey = request.commission ? (await findCommission(request.commission)).key : undefined;
  return {
    ...(commissionKey ? { commissionKey } : {}),
    ...(request.schoolYear ? { schoolYear: request.schoolYear } : {}),
    ...(isIec(actor) ? {} : { partnerIds: [...actor.partnerIds] }),
  };
}

interface SchoolInfo {
  name: string;
  code: string;
}

/** A program of study as the commitments import names it back: its name, and its school (code, else name). */
interface ProgramInfo {
  name: string;
  school: string;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

/**
 * Writes the CSV (byte-order mark, header, one row per commitment, oldest first) through `write`, one chunk
 * per batch. Returns the number of commitments.
 */
export async function writeCommitmentsCsv(scope: ExportScope, write: (chunk: string) => void | Promise<void>): Promise<number> {
  const commissions = new Map((await findCommissions({ limit: 1000 })).map((c) => [c.key, c.name]));
  const schools = new Map<string, SchoolInfo>();
  const programs = new Map<string, ProgramInfo>();
  await write(UTF8_BOM + csvRow(EXPORT_COLUMNS));
  const cursor = eachCommitment(
    {
      ...(scope.commissionKey ? { commissionKey: scope.commissionKey } : {}),
      ...(scope.schoolYear ? { schoolYear: scope.schoolYear } : {}),
      ...(scope.partnerIds ? { partnerIds: scope.partnerIds } : {}),
    },
    { byId: true, batchSize: EXPORT_BATCH },
  );
  let count = 0;
  let batch: ExportedCommitment[] = [];
  const flush = async () => {
    const missing = [...new Set(batch.flatMap((c) => (c.schoolIds ?? []).map(String)))].filter((id) => !schools.has(id));
    if (missing.length > 0) {
      for (const s of await schoolsByIds(missing)) schools.set(String(s._id), { name: s.name, code: s.code ?? '' });
    }
    const unread = [...new Set(batch.flatMap((c) => (c.programId ? [String(c.programId)] : [])))].filter((id) => !programs.has(id));
    if (unread.length > 0) {
      for (const p of await programsForImport(unread)) programs.set(p.id, { name: p.name, school: p.schoolCode || p.schoolName });
    }
    await write(batch.map((c) => csvRow(rowOf(c, commissions, schools, programs))).join(''));
    count += batch.length;
    batch = [];
  };
  for await (const c of cursor) {
    batch.push(c as unknown as ExportedCommitment);
    if (batch.length >= EXPORT_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return count;
}

interface ExportedCommitment {
  _id: Types.ObjectId;
  partnerName: string;
  commissionKey: string;
  type: string;
  quantity: number;
  fulfilledQuantity?: number | null;
  unit: string;
  status?: string | null;
  schoolIds?: Types.ObjectId[];
  startDate: string;
  endDate?: string | null;
  schoolYear: string;
  recordedBy: string;
  recordedVia: string;
  createdAt?: Date;
  fulfilledAt?: Date | null;
  notes?: string | null;
  programId?: string | null;
}

function rowOf(
  c: ExportedCommitment,
  commissions: Map<string, string>,
  schools: Map<string, SchoolInfo>,
  programs: Map<string, ProgramInfo>,
): CsvValue[] {
  const program = c.programId ? programs.get(String(c.programId)) : undefined;
  const named = (c.schoolIds ?? []).map((id) => schools.get(String(id))).filter((s): s is SchoolInfo => Boolean(s));
  const type = c.type as CommitmentType;
  return [
    String(c._id),
    c.partnerName,
    c.commissionKey,
    commissions.get(c.commissionKey) ?? '',
    COMMITMENT_TYPE_INFO[type]?.label ?? c.type,
    WBL_CATEGORY[type] ?? 'Other',
    c.quantity,
    c.fulfilledQuantity ?? 0,
    c.unit,
    COMMITMENT_STATUS_LABELS[(c.status ?? 'pledged') as CommitmentStatus] ?? c.status,
    named.map((s) => s.name).join('; '),
    named.map((s) => s.code).join('; '),
    c.startDate,
    c.endDate ?? '',
    c.schoolYear,
    c.recordedBy,
    c.recordedVia === 'partner' ? 'partner' : 'IEC',
    iso(c.createdAt),
    iso(c.fulfilledAt),
    c.notes ?? '',
    program?.name ?? '',
    program?.school ?? '',
  ];
}

/** The whole export as bytes for files.uploadV2 (built chunk by chunk from the batches). */
export async function buildCommitmentsCsv(scope: ExportScope): Promise<{ content: Buffer; rows: number }> {
  const chunks: Buffer[] = [];
  const rows = await writeCommitmentsCsv(scope, (chunk) => {
    chunks.push(Buffer.from(chunk, 'utf8'));
  });
  return { content: Buffer.concat(chunks), rows };
}
