import { parse } from 'csv-parse/sync';
import { resolveActor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { applyImport, previewImport } from '../../src/imports/service';
import { ProgramModel } from '../../src/programs/model';
import { PartnerModel } from '../../src/partners/model';
import { CommitmentModel } from '../../src/commitments/model';
import { SchoolModel } from '../../src/schools/model';
import { useHarness } from '../support/harness';

/** The import kind `programs`: rows checked like the form, applied whole; an export of programs imports back unchanged. */

const ADMIN = 'UADMIN01';
const LEAD = 'ULEAD0001';
const NOW = new Date('2026-03-01T15:00:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async () => {
    await CommissionModel.create([
      { key: 'transportation', name: 'Transportation', channelId: 'C0TRANS', leads: [LEAD], timeZone: 'America/New_York' },
      { key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: [], timeZone: 'America/New_York' },
    ]);
    await SchoolModel.create([
      { name: 'Aviation High School', code: '24Q610' },
      { name: 'Clara Barton High School', code: '17K600' },
    ]);
  },
});

async function importCsv(csv: string, userId = LEAD, kind: 'programs' | 'commitments' = 'programs') {
  const actor = await resolveActor(userId, [ADMIN]);
  const preview = await previewImport({
    kind,
    filename: `${kind}.csv`,
    content: Buffer.from(csv, 'utf8'),
    actor,
    by: userId,
    via: 'shell',
    now: NOW,
  });
  if (!preview.ok) throw new Error(preview.reason);
  return { preview: preview.summary, apply: () => applyImport(preview.summary.id, { now: NOW, actor }) };
}

describe('importing programs of study', () => {
  it('a review date in the past is judged in the commission’s own time zone', async () => {
    await CommissionModel.create({ key: 'maritime', name: 'Maritime', leads: [LEAD], timeZone: 'Pacific/Auckland' });
    // 15:00 UTC on 1 March is 10:00 on 1 March in New York and already 2 March in Auckland
    const csv = [
      'School,Program,Commission,Stage,External review date',
      '24Q610,Aviation Maintenance,transportation,review_scheduled,2026-03-01',
      '24Q610,Marine Technology,maritime,review_scheduled,2026-03-01',
    ].join('\n');
    const { preview } = await importCsv(csv, ADMIN);
    expect(preview.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(preview.rejected).toEqual([{ row: 3, reason: expect.stringContaining('is in the past (today is 2026-03-02)') }]);
  });

  it('creates programs from a spreadsheet, rejecting bad rows with their reason, and an export imports back unchanged', async () => {
    const csv = [
      'School,Program,Commission,Stage,External review date,Approved on,Renewal due',
      '24Q610,Aviation Maintenance,transportation,review_scheduled,2026-04-10,,',
      'Clara Barton High School,Automotive Technology,Transportation,development,,,',
      '24Q610,Electrical,transportation,approved,,2025-06-01,2030-06-01',
      '24Q610,Welding,transportation,review_scheduled,2026-01-10,,',
      '24Q610,Plumbing,transportation,approved,,2025-06-01,2024-06-01',
      '99X999,Robotics,transportation,development,,,',
      '17K600,Nursing,healthcare,development,,,',
      '24Q610,Avionics,transportation,someday,,,',
    ].join('\n');
    const { preview, apply } = await importCsv(csv);
    expect(preview.counts).toEqual({ new: 3, updated: 0, unchanged: 0, rejected: 5 });
    expect(preview.rejected.map((r) => [r.row, r.reason])).toEqual([
      [5, expect.stringContaining('is in the past')],
      [6, expect.stringContaining('is not after the approval date')],
      [7, expect.stringContaining('there is no school')],
      [8, 'you may not import the programs of Healthcare'],
      [9, expect.stringContaining('is not a stage')],
    ]);
    expect(await ProgramModel.countDocuments()).toBe(0);
    expect((await apply()).status).toBe('applied');
    expect(
      (
        await ProgramModel.find({}, { _id: 0, name: 1, schoolName: 1, stage: 1, reviewDate: 1, renewalDate: 1 }).sort({ name: 1 }).lean()
      ).map((p) => ({ ...p })),
    ).toEqual([
      { name: 'Automotive Technology', schoolName: 'Clara Barton High School', stage: 'development' },
      { name: 'Aviation Maintenance', schoolName: 'Aviation High School', stage: 'review_scheduled', reviewDate: '2026-04-10' },
      { name: 'Electrical', schoolName: 'Aviation High School', stage: 'approved', renewalDate: '2030-06-01' },
    ]);

    // the export's CSV imports back with nothing to change
    h().fake.reset();
    await h().slack.command('/iec', 'export programs', { userId: LEAD });
    await h().fake.waitFor('response_url', undefined, 15_000);
    const exported = h().fake.uploadedFiles.at(-1)?.bytes.toString('utf8') ?? '';
    expect((parse(exported, { bom: true }) as string[][]).length).toBe(4);
    const again = await importCsv(exported);
    expect(again.preview.counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(again.preview.unrecognised).toEqual([]);
  });

  it('the commitments import ties program support to its program (#19): named by the Program column, refused without one', async () => {
    await importCsv(
      [
        'School,Program,Commission,Stage',
        '24Q610,Aviation Maintenance,transportation,development',
        '17K600,Automotive Technology,transportation,development',
      ].join('\n'),
      ADMIN,
    ).then((i) => i.apply());
    await PartnerModel.create({ name: 'Delta Air Lines', commissions: ['transportation'] });
    const commitments = (csv: string) => importCsv(csv, ADMIN, 'commitments');
    const header = 'Partner,Commission,Type,Quantity,School codes,Start date,Program';
    const first = await commitments(
      [
        header,
        'Delta Air Lines,transportation,Curriculum review,1,24Q610,2026-04-01,Aviation Maintenance',
        'Delta Air Lines,transportation,External review panelist,1,24Q610,2026-04-02,',
        'Delta Air Lines,transportation,Career day,1,24Q610,2026-04-03,Aviation Maintenance',
        'Delta Air Lines,transportation,Technical assessment review,1,17K600,2026-04-04,Aviation Maintenance',
        'Delta Air Lines,transportation,Career day,2,24Q610,2026-04-05,',
      ].join('\n'),
    );
    expect(first.preview.counts).toEqual({ new: 2, updated: 0, unchanged: 0, rejected: 3 });
    expect(first.preview.rejected.map((r) => [r.row, r.reason])).toEqual([
      [3, expect.stringContaining('an external review panelist supports one program of study: name it in a Program column')],
      [4, expect.stringContaining('only program support (curriculum review, technical assessment review')],
      [5, expect.stringContaining("there is no program of study `Aviation Maintenance` at the row's schools")],
    ]);
    await first.apply();
    const program = await ProgramModel.findOne({ name: 'Aviation Maintenance' }).lean();
    const review = await CommitmentModel.findOne({ type: 'curriculum_review' }).lean();
    expect(review?.programId).toBe(String(program?._id));
    expect((await CommitmentModel.findOne({ type: 'career_day' }).lean())?.programId).toBeUndefined();

    // a blank Program keeps the stored program: the same row without it changes nothing
    const again = await commitments([header, 'Delta Air Lines,transportation,Curriculum review,1,24Q610,2026-04-01,'].join('\n'));
    expect(again.preview.counts).toEqual({ new: 0, updated: 0, unchanged: 1, rejected: 0 });
  });
});
