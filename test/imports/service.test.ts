import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import type { Actor } from '../../src/access/actor';
import { listAudit } from '../../src/audit/service';
import { CommitmentModel } from '../../src/commitments/model';
import { createCommitment } from '../../src/commitments/service';
import { commitmentTotals } from '../../src/commitments/totals';
import { buildPartnersCsv, buildSchoolsCsv } from '../../src/exports/directory';
import { buildCommitmentsCsv } from '../../src/exports/service';
import { ImportModel, ImportOpModel, ImportPageModel, PAGE_OPS } from '../../src/imports/model';
import { applyImport, cancelImport, previewImport, rollbackImport, type PreviewInput } from '../../src/imports/service';
import { PartnerModel } from '../../src/partners/model';
import { ProgramModel } from '../../src/programs/model';
import { SchoolModel } from '../../src/schools/model';
import { seedCommissions } from '../../src/seed/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const now = new Date('2026-11-02T15:00:00Z');
const admin: Actor = { userId: 'UADMIN', isAdmin: true, leads: [], partnerIds: [] };

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await seedCommissions();
});

function preview(kind: PreviewInput['kind'], filename: string, content: Buffer = fixture(filename), extra: Partial<PreviewInput> = {}) {
  return previewImport({ kind, filename, content, actor: admin, by: admin.userId, via: 'shell', now, ...extra });
}

async function previewed(kind: PreviewInput['kind'], filename: string, content?: Buffer, extra?: Partial<PreviewInput>) {
  const result = await preview(kind, filename, content, extra);
  if (!result.ok) throw new Error(result.reason);
  return result.summary;
}

async function imported(kind: PreviewInput['kind'], filename: string, content?: Buffer) {
  const summary = await previewed(kind, filename, content);
  return applyImport(summary.id, { now, actor: admin });
}

const partnerDocs = () =>
  PartnerModel.find({}, { _id: 0, name: 1, commissions: 1, status: 1, notes: 1, contacts: 1 }).sort({ nameKey: 1 }).lean();

describe('partners from a messy CSV (BOM, CRLF, own headers, trailing empty rows)', () => {
  it('previews counts and plain reasons, and writes nothing', async () => {
    const summary = await previewed('partners', 'partners-messy.csv');
    expect(summary.counts).toEqual({ new: 3, updated: 0, unchanged: 0, rejected: 3 });
    expect(summary.rejected).toEqual([
      { row: 4, reason: '`pat@` is not an email address' },
      { row: 6, reason: 'duplicate of row 2 (same partner and contact)' },
      { row: 7, reason: '`cooking` is not a commission' },
    ]);
    expect(summary.unrecognised).toEqual(['Favourite colour']);
    expect(summary.sample.map((s) => s.label)).toEqual(['Con Edison', 'Mount Sinai Health', 'Brooklyn Navy Yard']);
    expect(await PartnerModel.countDocuments()).toBe(0);
  });

  it('confirm writes exactly the preview: contacts of separate rows together, formulas and phones literal', async () => {
    const result = await imported('partners', 'partners-messy.csv');
    expect(result.status).toBe('applied');
    const partners = await partnerDocs();
    expect(partners.map((p) => p.name)).toEqual(['Brooklyn Navy Yard', 'Con Edison', 'Mount Sinai Health']);
    const conEd = partners[1];
    expect(conEd).toMatchObject({
      commissions: ['construction', 'engineering'],
      status: 'active',
      notes: '=HYPERLINK("http://evil.example","click")',
    });
    expect(conEd.contacts.map((c) => [c.name, c.email, c.phone ?? null])).toEqual([
      ['Marcus Bell', 'marcus.bell@coned.example', '+1 212 555 0100'],
      ['Ana Ruiz', 'ana.ruiz@coned.example', null],
    ]);
    expect(partners[2].notes).toBe('@front desk first');
    expect(partners[0].contacts[0].phone).toBe('-5 ext 12');
  });

  it('the .xlsx LibreOffice saved from it previews the same', async () => {
    const csv = await previewed('partners', 'partners-messy.csv');
    const xlsx = await previewed('partners', 'partners-messy.xlsx');
    expect(xlsx.counts).toEqual(csv.counts);
    expect(xlsx.rejected).toEqual(csv.rejected);
  });

  it('a second import changes nothing; one changed cell is exactly 1 updated', async () => {
    await imported('partners', 'partners-messy.csv');
    const before = await partnerDocs();
    const again = await imported('partners', 'partners-messy.csv');
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 3 });
    expect(await partnerDocs()).toEqual(before);

    const changed = fixture('partners-messy.csv').toString('utf8').replace('Workforce Development', 'Workforce Programs');
    const third = await imported('partners', 'partners-messy.csv', Buffer.from(changed));
    expect(third.counts).toEqual({ new: 0, updated: 1, unchanged: 2, rejected: 3 });
    expect((await PartnerModel.findOne({ name: 'Con Edison' }).lean())?.contacts[0].title).toBe('Workforce Programs');
  });

  it('cancel writes nothing', async () => {
    const summary = await previewed('partners', 'partners-messy.csv');
    expect(await ImportPageModel.countDocuments()).toBe(1);
    const cancelled = await cancelImport(summary.id, admin, now);
    expect(cancelled.status).toBe('cancelled');
    expect(await PartnerModel.countDocuments()).toBe(0);
    expect(await ImportPageModel.countDocuments()).toBe(0);
    await expect(applyImport(summary.id, { now, actor: admin })).rejects.toMatchObject({ code: 'conflict' });
    expect(await PartnerModel.countDocuments()).toBe(0);
  });

  it('rolling back keeps the partners a commitment recorded since refers to, removes the others, and says so', async () => {
    const applied = await imported('partners', 'partners-messy.csv');
    const conEd = await PartnerModel.findOne({ name: 'Con Edison' }).lean();
    await createCommitment(
      {
        partnerId: String(conEd!._id),
        commissionKey: 'construction',
        type: 'mentoring',
        quantity: 2,
        startDate: '2026-11-10',
        schoolIds: [],
        notes: '',
      },
      admin,
      now,
    );
    const rolled = await rollbackImport(applied.id, { now, actor: admin });
    expect(rolled.status).toBe('rolled_back');
    expect((await partnerDocs()).map((p) => p.name)).toEqual(['Con Edison']);
    expect(await CommitmentModel.countDocuments({ partnerId: conEd!._id })).toBe(1);
    expect(rolled.notices).toContain(
      '1 record(s) the import created were kept: records added since (commitments, members, programs) refer to them.',
    );
  });

  it('nothing is written when a partner changed between preview and confirm', async () => {
    await imported('partners', 'partners-messy.csv');
    const changed = fixture('partners-messy.csv').toString('utf8').replace('Workforce Development', 'Workforce Programs');
    const summary = await previewed('partners', 'x.csv', Buffer.from(changed));
    await PartnerModel.updateOne({ name: 'Con Edison' }, { $set: { notes: 'edited meanwhile' } });
    const result = await applyImport(summary.id, { now, actor: admin });
    expect(result.status).toBe('stale');
    expect(result.problem).toMatch(/row 2: Con Edison was changed/);
    expect((await PartnerModel.findOne({ name: 'Con Edison' }).lean())?.contacts[0].title).toBe('Workforce Development');
  });

  it('links contacts to their Slack accounts by email', async () => {
    const lookupEmail = async (email: string) => (email === 'ana.ruiz@coned.example' ? 'UANA' : undefined);
    const summary = await previewed('partners', 'partners-messy.csv', undefined, { lookupEmail });
    expect(summary.notices).toContain('1 contact linked to their Slack account by email.');
    await applyImport(summary.id, { now, actor: admin });
    const conEd = await PartnerModel.findOne({ name: 'Con Edison' }).lean();
    expect(conEd?.contacts.find((c) => c.name === 'Ana Ruiz')?.slackUserId).toBe('UANA');
  });

  it('a lead imports only partners of the commissions they lead', async () => {
    const lead: Actor = { userId: 'ULEAD', isAdmin: false, leads: ['healthcare'], partnerIds: [] };
    const summary = await previewed('partners', 'partners-messy.csv', undefined, { actor: lead, by: lead.userId });
    expect(summary.counts.new).toBe(1);
    expect(summary.rejected.find((r) => r.row === 2)?.reason).toMatch(/you lead Healthcare, not Construction\/Sustainability, Engineering/);
    const nobody: Actor = { userId: 'UX', isAdmin: false, leads: [], partnerIds: [] };
    await expect(preview('partners', 'partners-messy.csv', undefined, { actor: nobody })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a lead changes an existing partner only as its edit form allows: one of its commissions theirs, adding only theirs', async () => {
    await imported('partners', 'partners-messy.csv');
    const lead: Actor = { userId: 'ULEAD', isAdmin: false, leads: ['healthcare'], partnerIds: [] };
    const rows = (line: string) => Buffer.from(`Organisation,Sector,Contact Person,E-mail\n${line}\n`);
    const intoTheirs = await previewed('partners', 'x.csv', rows('Con Edison,healthcare,Lee Chan,lee@coned.example'), {
      actor: lead,
      by: lead.userId,
    });
    expect(intoTheirs.rejected).toEqual([
      { row: 2, reason: expect.stringMatching(/Only the leads of Construction\/Sustainability, Engineering \(this partner's commissions\)/) },
    ]);
    const construction: Actor = { userId: 'UCON', isAdmin: false, leads: ['construction'], partnerIds: [] };
    const widened = await previewed('partners', 'x.csv', rows('Con Edison,healthcare,Lee Chan,lee@coned.example'), {
      actor: construction,
      by: 'UCON',
    });
    expect(widened.rejected).toEqual([{ row: 2, reason: expect.stringMatching(/Only the leads of Healthcare and/) }]);
    const contactOnly = await previewed('partners', 'x.csv', rows('Con Edison,,Lee Chan,lee@coned.example'), {
      actor: construction,
      by: 'UCON',
    });
    expect(contactOnly.rejected).toEqual([]);
    expect(contactOnly.counts.updated).toBe(1);
  });
});

describe('the plan as stored: pages of writes', () => {
  const manyPartners = (n: number, notes = '') =>
    Buffer.from(
      ['Organization,Commission,Notes', ...Array.from({ length: n }, (_, i) => `Partner ${String(i).padStart(3, '0')},healthcare,${notes}`)].join(
        '\r\n',
      ),
    );

  it('a plan over several pages is applied whole and in order, imported again changes nothing, and rolls back whole', async () => {
    const rows = 2 * PAGE_OPS + 100;
    const summary = await previewed('partners', 'many.csv', manyPartners(rows));
    expect(summary.counts).toEqual({ new: rows, updated: 0, unchanged: 0, rejected: 0 });
    expect(summary.sample.map((s) => s.row)).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    expect(await ImportPageModel.countDocuments({ importId: summary.id })).toBe(3);
    const applied = await applyImport(summary.id, { now, actor: admin });
    expect(applied.counts.new).toBe(rows);
    expect(await PartnerModel.countDocuments()).toBe(rows);
    expect((await imported('partners', 'many.csv', manyPartners(rows))).counts).toEqual({ new: 0, updated: 0, unchanged: rows, rejected: 0 });
    // every row changed: updates over several pages (with their before states) are put back by the rollback
    const changed = await imported('partners', 'many-changed.csv', manyPartners(rows, 'moved'));
    expect(changed.counts).toEqual({ new: 0, updated: rows, unchanged: 0, rejected: 0 });
    expect(await PartnerModel.countDocuments({ notes: 'moved' })).toBe(rows);
    await rollbackImport(changed.id, { now, actor: admin });
    expect(await PartnerModel.countDocuments({ notes: 'moved' })).toBe(0);
    await rollbackImport(summary.id, { now, actor: admin });
    expect(await PartnerModel.countDocuments()).toBe(0);
  });

  it('an import previewed before pages (one stored write per document) is still applied and rolled back', async () => {
    const summary = await previewed('partners', 'partners-messy.csv');
    // as imports stored their plan before s14: one ImportOp per write (with its seq), no pages on the import
    const pages = await ImportPageModel.find({ importId: summary.id }).sort({ page: 1 }).lean();
    const ops = pages.flatMap((p) => p.ops as Array<Record<string, unknown>>);
    await ImportOpModel.insertMany(ops.map((op, seq) => ({ ...op, importId: summary.id, seq })));
    await ImportPageModel.deleteMany({});
    await ImportModel.updateOne({ _id: summary.id }, { $unset: { pages: '' } });

    const applied = await applyImport(summary.id, { now, actor: admin });
    expect(applied.sample.map((s) => s.label)).toEqual(['Con Edison', 'Mount Sinai Health', 'Brooklyn Navy Yard']);
    expect((await partnerDocs()).map((p) => p.name)).toEqual(['Brooklyn Navy Yard', 'Con Edison', 'Mount Sinai Health']);
    await rollbackImport(summary.id, { now, actor: admin });
    expect(await PartnerModel.countDocuments()).toBe(0);
  });
});

describe("partners' kinds (industry, postsecondary, educational provider, community organisation)", () => {
  const file = (...lines: string[]) => Buffer.from(`Organisation,Sector,Organization type,Contact Person\n${lines.join('\n')}\n`);
  const kinds = async () => Object.fromEntries((await PartnerModel.find({}, { name: 1, kind: 1 }).lean()).map((p) => [p.name, p.kind]));

  it('reads a kind as exported or as stored, in any case; an unknown kind or a second kind for a partner is refused on its row', async () => {
    const summary = await previewed(
      'partners',
      'kinds.csv',
      file(
        'CUNY City Tech,engineering,Postsecondary,Ana',
        'Career Ladder,engineering,educational_provider,Bo',
        'Block Association,engineering,COMMUNITY ORGANIZATION,Cy',
        'Acme Robotics,engineering,,Di',
        'Widgets Inc,engineering,vendor,Ed',
        'CUNY City Tech,,Industry,Fay',
      ),
    );
    expect(summary.rejected).toEqual([
      { row: 6, reason: 'kind `vendor` is not one of Industry, Postsecondary, Educational provider, Community organisation' },
      { row: 7, reason: "CUNY City Tech's kind is `postsecondary` on row 2 and `industry` here" },
    ]);
    expect(summary.counts).toEqual({ new: 4, updated: 0, unchanged: 0, rejected: 2 });
    await applyImport(summary.id, { now, actor: admin });
    // no kind: industry, as the partner form's default
    expect(await kinds()).toEqual({
      'Acme Robotics': 'industry',
      'Block Association': 'community',
      'CUNY City Tech': 'postsecondary',
      'Career Ladder': 'educational_provider',
    });
  });

  it('a blank kind keeps the stored one, a new one replaces it and rolls back; the export carries kinds and imports back unchanged', async () => {
    await imported('partners', 'kinds.csv', file('CUNY City Tech,engineering,Postsecondary,Ana', 'Career Ladder,engineering,Community,Bo'));
    const blank = await previewed('partners', 'x.csv', file('CUNY City Tech,,,Ana'));
    expect(blank.counts).toEqual({ new: 0, updated: 0, unchanged: 1, rejected: 0 });
    const changed = await previewed('partners', 'x.csv', file('Career Ladder,,Educational provider,Bo'));
    expect(changed.counts).toEqual({ new: 0, updated: 1, unchanged: 0, rejected: 0 });
    const applied = await applyImport(changed.id, { now, actor: admin });
    expect((await kinds())['Career Ladder']).toBe('educational_provider');

    const exported = (await buildPartnersCsv()).content.toString('utf8');
    expect(exported).toContain('Career Ladder,engineering,prospect,Educational provider,');
    expect(exported).toContain('CUNY City Tech,engineering,prospect,Postsecondary,');
    const back = await previewed('partners', 'iec-partners.csv', Buffer.from(exported));
    expect(back.counts).toEqual({ new: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(back.unrecognised).toEqual([]);

    await rollbackImport(applied.id, { now, actor: admin });
    expect((await kinds())['Career Ladder']).toBe('community');
  });
});

describe('file faults reject the whole file and write nothing', () => {
  it.each([
    ['empty.csv', 'The file is empty.'],
    ['not-a-spreadsheet.csv', 'This is not a CSV or Excel (.xlsx) file.'],
    ['old-excel.xls', 'This is an old Excel .xls file.'],
    ['no-header.csv', 'I found no header row for partners'],
  ])('%s', async (name, reason) => {
    const result = await preview('partners', name);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) });
    expect(await ImportModel.countDocuments()).toBe(0);
    expect(await ImportPageModel.countDocuments()).toBe(0);
  });

  it('over 20,000 rows, or over 10 MB', async () => {
    const rows = ['Partner', ...Array.from({ length: 20_001 }, (_, i) => `P${i}`)].join('\r\n');
    expect(await preview('partners', 'big.csv', Buffer.from(rows))).toEqual({
      ok: false,
      reason: expect.stringContaining('at most 20,000'),
    });
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    expect(await preview('partners', 'huge.csv', huge)).toEqual({ ok: false, reason: expect.stringContaining('at most 10 MB') });
    expect(await ImportModel.countDocuments()).toBe(0);
  });

  it('a 500-character field rejects its row only', async () => {
    const csv = `Partner,Notes\r\nGood Co,fine\r\n${'x'.repeat(500)},long name\r\n`;
    const summary = await previewed('partners', 'long.csv', Buffer.from(csv));
    expect(summary.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(summary.rejected[0]).toEqual({ row: 3, reason: 'Partner has 500 characters; at most 100' });
  });
});

describe('schools and commitments', () => {
  beforeEach(async () => {
    await imported('partners', 'partners-messy.csv');
  });

  it('schools match by district code, else by name', async () => {
    const result = await imported('schools', 'schools.csv');
    expect(result.counts).toEqual({ new: 3, updated: 0, unchanged: 0, rejected: 1 });
    expect(result.rejected).toEqual([{ row: 4, reason: 'duplicate of row 2 (same school code)' }]);
    const aviation = await SchoolModel.findOne({ code: '24Q610' }).lean();
    expect(aviation).toMatchObject({ name: 'Aviation High School', programs: ['Aviation maintenance', 'Avionics'] });
    expect((await imported('schools', 'schools.csv')).counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 1 });
  });

  it('commitments from .xlsx: Excel dates (cells, serial numbers, text), numbers as text, duplicates, a bad quantity', async () => {
    await imported('schools', 'schools.csv');
    const result = await imported('commitments', 'commitments.xlsx');
    expect(result.rejected).toEqual([
      { row: 4, reason: 'quantity `2.5` is not a positive whole number' },
      { row: 5, reason: 'duplicate of row 2 (same commitment: partner, commission, type, start date and schools)' },
    ]);
    expect(result.counts).toEqual({ new: 3, updated: 0, unchanged: 0, rejected: 2 });
    const rows = await CommitmentModel.find({}).sort({ startDate: 1 }).lean();
    expect(rows.map((c) => [c.type, c.quantity, c.startDate, c.endDate ?? null, c.status, c.notes])).toEqual([
      ['internship_hosting', 4, '2026-07-06', '2026-08-14', 'pledged', ''],
      ['site_visit', 30, '2026-10-01', '2026-10-02', 'fulfilled', '=1+1'],
      ['guest_speaking', 2, '2026-10-05', null, 'confirmed', '+1 call first'],
    ]);
    expect(rows[0].history).toEqual([expect.objectContaining({ action: 'imported', by: 'UADMIN', source: 'commitments.xlsx' })]);
    expect(rows[1].fulfilledQuantity).toBe(30);
    expect(
      (await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType.map((t) => [t.type, t.pledged]),
    ).toEqual([
      ['internship_hosting', 4],
      ['guest_speaking', 2],
    ]);
    const again = await imported('commitments', 'commitments.xlsx');
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 2 });
    const lo = await previewed('commitments', 'commitments-lo.xlsx');
    expect(lo.counts).toEqual({ new: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it('rollback removes what an import created and puts back what it changed', async () => {
    await imported('schools', 'schools.csv');
    const first = await imported('commitments', 'commitments.xlsx');
    const rolled = await rollbackImport(first.id, { now, actor: admin });
    expect(rolled.status).toBe('rolled_back');
    expect(await CommitmentModel.countDocuments()).toBe(0);
    expect((await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType).toEqual([]);
  });

  it('records the apply and the rollback in the audit trail: who, which file, how many records', async () => {
    const applied = await applyImport((await previewed('schools', 'schools.csv')).id, { now, actor: admin });
    await rollbackImport(applied.id, { now, actor: { ...admin, userId: 'UADMIN2' } });
    const counted = [
      { field: 'new', from: null, to: applied.counts.new },
      { field: 'updated', from: null, to: applied.counts.updated },
    ];
    expect(applied.counts.new + applied.counts.updated).toBeGreaterThan(0);
    const { entries } = await listAudit({}, 0);
    // newest first; the partners this block starts from were imported (and audited) before
    expect(entries.slice(0, 2).map(({ by, action, subject, changes }) => ({ by, action, subject, changes }))).toEqual([
      { by: 'UADMIN2', action: 'import.rollback', subject: 'schools from schools.csv', changes: counted },
      { by: admin.userId, action: 'import.apply', subject: 'schools from schools.csv', changes: counted },
    ]);
  });
});

describe('round trip: every export imports back with nothing to change', () => {
  it('partners, schools and commitments', async () => {
    await imported('partners', 'partners-messy.csv');
    await PartnerModel.updateOne({ name: 'Brooklyn Navy Yard' }, { $set: { notes: '=cmd|calc' } });
    await imported('schools', 'schools.csv');
    await imported('commitments', 'commitments.xlsx');
    const partners = await previewed('partners', 'iec-partners.csv', (await buildPartnersCsv()).content);
    expect(partners.counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(partners.unrecognised).toEqual([]);
    const schools = await previewed('schools', 'iec-schools.csv', (await buildSchoolsCsv()).content);
    expect(schools.counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 0 });
    const commitments = await previewed('commitments', 'iec-commitments.csv', (await buildCommitmentsCsv({})).content);
    expect(commitments.counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(commitments.unrecognised).toEqual([]);
  });

  it('program support keeps its program of study, into the same database and into one without the commitments', async () => {
    await imported('partners', 'partners-messy.csv');
    await imported('schools', 'schools.csv');
    // the same program name at two schools: the export names the school, so the import can tell them apart
    const programsCsv = [
      'School,Program,Commission,Stage',
      '24Q610,Maintenance,construction,development',
      '28Q620,Maintenance,construction,development',
    ];
    await imported('programs', 'programs.csv', Buffer.from(programsCsv.join('\n'), 'utf8'));
    const commitmentsCsv = [
      'Partner,Commission,Type,Quantity,School codes,Start date,Program,Program school',
      'Con Edison,construction,Curriculum review,1,24Q610; 28Q620,2026-04-01,Maintenance,28Q620',
      'Con Edison,construction,Career day,2,24Q610,2026-04-02,,',
    ];
    expect((await imported('commitments', 'commitments.csv', Buffer.from(commitmentsCsv.join('\n'), 'utf8'))).status).toBe('applied');
    const atEdison = await ProgramModel.findOne({ schoolCode: '28Q620' }).lean();
    const programOf = async () => (await CommitmentModel.findOne({ type: 'curriculum_review' }).lean())?.programId;
    expect(await programOf()).toBe(String(atEdison?._id));

    const exported = (await buildCommitmentsCsv({})).content;
    const rows: string[][] = parse(exported, { bom: true });
    const header = rows[0] as string[];
    const review = rows.find((r) => r[header.indexOf('Type')] === 'Curriculum review') as string[];
    expect([review[header.indexOf('Program')], review[header.indexOf('Program school')]]).toEqual(['Maintenance', '28Q620']);
    const again = await previewed('commitments', 'iec-commitments.csv', exported);
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(again.unrecognised).toEqual([]);

    // into a database without those commitments: created again, tied to the same program, nothing refused
    await CommitmentModel.deleteMany({});
    const fresh = await previewed('commitments', 'iec-commitments.csv', exported);
    expect(fresh.counts).toEqual({ new: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect((await applyImport(fresh.id, { now, actor: admin })).status).toBe('applied');
    expect(await programOf()).toBe(String(atEdison?._id));
  });
});
