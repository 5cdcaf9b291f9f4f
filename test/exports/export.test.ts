import { parse } from 'csv-parse/sync';
import { CommissionModel } from '../../src/commissions/model';
import { CommitmentModel } from '../../src/commitments/model';
import { COMMITMENT_STATUS_LABELS, COMMITMENT_TYPE_INFO, type CommitmentStatus, type CommitmentType } from '../../src/domain/commitments';
import { EXPORT_BATCH, EXPORT_COLUMNS, WBL_CATEGORY, writeCommitmentsCsv } from '../../src/exports/service';
import { ProgramModel } from '../../src/programs/model';
import { SchoolModel } from '../../src/schools/model';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';
import { ADMIN, AWKWARD_NAME, CONTACT, FORMULA_NAME, LEAD, NOW, STRANGER, seedReportData, type Seeded } from '../reports/seed';

/** What the database says each row must be, computed here without the export code. */
async function expectedRows(filter: Record<string, unknown>): Promise<string[][]> {
  const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const commissions = new Map((await CommissionModel.find().lean()).map((c) => [c.key, c.name]));
  const schools = new Map((await SchoolModel.find().lean()).map((s) => [String(s._id), s]));
  const programs = new Map((await ProgramModel.find().lean()).map((p) => [String(p._id), p]));
  const docs = await CommitmentModel.find(filter).sort({ _id: 1 }).lean();
  return docs.map((d) => {
    const named = d.schoolIds.map((id) => schools.get(String(id))!);
    const program = d.programId ? programs.get(d.programId) : undefined;
    return [
      String(d._id),
      safe(d.partnerName),
      d.commissionKey,
      commissions.get(d.commissionKey) ?? '',
      COMMITMENT_TYPE_INFO[d.type as CommitmentType].label,
      WBL_CATEGORY[d.type as CommitmentType],
      String(d.quantity),
      String(d.fulfilledQuantity ?? 0),
      d.unit,
      COMMITMENT_STATUS_LABELS[d.status as CommitmentStatus],
      named.map((s) => s.name).join('; '),
      named.map((s) => s.code).join('; '),
      d.startDate,
      d.endDate ?? '',
      d.schoolYear,
      d.recordedBy,
      d.recordedVia === 'partner' ? 'partner' : 'IEC',
      d.createdAt.toISOString(),
      d.fulfilledAt ? d.fulfilledAt.toISOString() : '',
      safe(d.notes ?? ''),
      program?.name ?? '',
      program ? program.schoolCode || program.schoolName : '',
    ];
  });
}

describe('/iec export', () => {
  let seeded: Seeded;

  const h = useHarness({
    now: NOW,
    admins: [ADMIN],
    seed: async () => {
      seeded = await seedReportData();
    },
  });

  /** Runs the command and returns the CSV sent by DM, parsed by a real CSV parser. */
  async function exportAs(userId: string, text: string): Promise<{ raw: Buffer; rows: string[][]; channels: string[] }> {
    const reply = await commandReply(h(), text, userId);
    expect(reply.text).toContain('I sent you the CSV');
    const file = h().fake.uploadedFiles.at(-1)!;
    expect(file.filename).toMatch(/\.csv$/);
    const rows = parse(file.bytes.toString('utf8'), { bom: true, relax_column_count: false }) as string[][];
    return { raw: file.bytes, rows, channels: file.channels };
  }

  it('sends an IEC every commitment, equal to what the database holds, names with commas, quotes, newlines and = included', async () => {
    const { raw, rows, channels } = await exportAs(ADMIN, 'export all all');
    expect(channels).toEqual([h().fake.dmChannelFor(ADMIN)]);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.toString('utf8')).toContain('\r\n');
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows.slice(1)).toEqual(await expectedRows({}));
    const partners = rows.slice(1).map((r) => r[1]);
    expect(partners).toContain(AWKWARD_NAME);
    expect(partners).toContain(`'${FORMULA_NAME}`);
    expect(partners.some((p) => p.startsWith('='))).toBe(false);
    expect(rows.slice(1).map((r) => r[10])).toContain('Aviation, "High" School; Queens Technical High School');
  });

  it('filters by commission and school year (this school year by default)', async () => {
    const { rows } = await exportAs(LEAD, 'export healthcare');
    expect(rows.slice(1)).toEqual(await expectedRows({ commissionKey: 'healthcare', schoolYear: '2026-27' }));
    const older = await exportAs(LEAD, 'export healthcare 2025-26');
    expect(older.rows.slice(1).map((r) => r[1])).toEqual(['Acme Health']);
  });

  it("gives a partner contact only their organisation's commitments", async () => {
    const { rows } = await exportAs(CONTACT, 'export all all');
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set([`'${FORMULA_NAME}`]));
    expect(rows.slice(1)).toEqual(await expectedRows({ partnerId: seeded.formula }));
  });

  it('refuses strangers and sends nothing', async () => {
    const reply = await commandReply(h(), 'export', STRANGER);
    expect(reply.text).toContain('only for Industry Engagement Coordinators');
    expect(h().fake.uploadedFiles).toEqual([]);
  });

  it('writes a large export in batches', async () => {
    const docs = await CommitmentModel.find().lean();
    const template = docs[0];
    const many = Array.from({ length: EXPORT_BATCH * 2 + 7 }, (_, i) => ({
      ...template,
      _id: undefined,
      submissionKey: undefined,
      history: [],
      notes: `bulk ${i}`,
    }));
    await CommitmentModel.insertMany(many);
    const chunks: string[] = [];
    const count = await writeCommitmentsCsv({}, (chunk) => {
      chunks.push(chunk);
    });
    expect(count).toBe(docs.length + many.length);
    // header, then one chunk per batch
    expect(chunks.length).toBe(1 + Math.ceil(count / EXPORT_BATCH));
    expect((parse(chunks.join(''), { bom: true }) as string[][]).length).toBe(count + 1);
  });
});
