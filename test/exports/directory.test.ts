import { parse } from 'csv-parse/sync';
import type { Actor } from '../../src/access';
import { PARTNER_EXPORT_COLUMNS, SCHOOL_EXPORT_COLUMNS } from '../../src/exports/directory';
import { previewImport } from '../../src/imports';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';
import { ADMIN, AWKWARD_NAME, CONTACT, FORMULA_NAME, LEAD, NOW, STRANGER, seedReportData } from '../reports/seed';

/** `/iec export partners|schools` through the signed app: a CSV by DM that `/iec import` reads back unchanged. */
describe('/iec export partners | schools', () => {
  const h = useHarness({ now: NOW, admins: [ADMIN], seed: seedReportData });

  async function exportAs(userId: string, text: string) {
    const reply = await commandReply(h(), text, userId);
    const file = h().fake.uploadedFiles.at(-1)!;
    return { reply, file, rows: parse(file.bytes.toString('utf8'), { bom: true }) as string[][] };
  }

  it('sends an IEC every partner, one row per contact, in the columns the import reads, and it imports back with nothing to change', async () => {
    const { reply, file, rows } = await exportAs(LEAD, 'export partners');
    expect(reply.text).toBe(':incoming_envelope: I sent you the CSV of 3 partners in a direct message.');
    expect(file.channels).toEqual([h().fake.dmChannelFor(LEAD)]);
    expect(file.filename).toBe('iec-partners-2027-03-10.csv');
    expect(rows[0]).toEqual([...PARTNER_EXPORT_COLUMNS]);
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byName.keys()].sort()).toEqual([`'${FORMULA_NAME}`, 'Acme Health', AWKWARD_NAME].sort());
    // a formula-looking name is written as text, and the contact's Slack account travels with it
    expect(byName.get(`'${FORMULA_NAME}`)).toEqual([
      `'${FORMULA_NAME}`,
      'healthcare; construction',
      'active',
      'Industry',
      '',
      '',
      'Pat',
      '',
      '',
      '',
      CONTACT,
    ]);

    const lead: Actor = { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] };
    const back = await previewImport({
      kind: 'partners',
      filename: file.filename,
      content: file.bytes,
      actor: lead,
      by: ADMIN,
      via: 'slack',
      now: NOW,
    });
    expect(back.ok && back.summary.counts).toEqual({ new: 0, updated: 0, unchanged: 3, rejected: 0 });
  });

  it('sends the schools, and they import back with nothing to change', async () => {
    const { reply, rows, file } = await exportAs(ADMIN, 'export schools');
    expect(reply.text).toBe(':incoming_envelope: I sent you the CSV of 2 schools in a direct message.');
    expect(rows).toEqual([
      [...SCHOOL_EXPORT_COLUMNS],
      ['Aviation, "High" School', '24Q610', ''],
      ['Queens Technical High School', '24Q600', ''],
    ]);
    const admin: Actor = { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] };
    const back = await previewImport({
      kind: 'schools',
      filename: file.filename,
      content: file.bytes,
      actor: admin,
      by: ADMIN,
      via: 'slack',
      now: NOW,
    });
    expect(back.ok && back.summary.counts).toEqual({ new: 0, updated: 0, unchanged: 2, rejected: 0 });
  });

  it("refuses partner contacts and strangers: other organisations' contacts are not theirs to read", async () => {
    for (const userId of [CONTACT, STRANGER]) {
      const reply = await commandReply(h(), 'export partners', userId);
      expect(reply.text).toContain('only for Industry Engagement Coordinators');
    }
    expect(h().fake.uploadedFiles).toEqual([]);
  });
});
