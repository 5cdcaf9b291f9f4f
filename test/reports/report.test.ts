import { CommitmentModel } from '../../src/commitments/model';
import { COMMITMENT_TYPES, type CommitmentType } from '../../src/domain/commitments';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/reports/chart';
import { renderCommissionChart } from '../../src/reports';
import { buildReport } from '../../src/reports/service';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { distinctColours, ihdrSize } from './png';
import { ADMIN, CONTACT, FORMULA_NAME, LEAD, NOW, STRANGER, seedReportData, type Seeded } from './seed';

/** Totals per type computed straight from the raw documents, independently of the report code. */
async function rawTotals(filter: Record<string, unknown>) {
  const docs = await CommitmentModel.find(filter).lean();
  const out = new Map<string, { pledged: number; fulfilled: number; commitments: number }>();
  for (const d of docs) {
    const t = out.get(d.type) ?? { pledged: 0, fulfilled: 0, commitments: 0 };
    t.fulfilled += d.fulfilledQuantity ?? 0;
    if (d.status !== 'cancelled') {
      t.pledged += d.quantity;
      t.commitments += 1;
    }
    out.set(d.type, t);
  }
  return { out, docs };
}

describe('/iec report', () => {
  let seeded: Seeded;

  const h = useHarness({
    now: NOW,
    admins: [ADMIN],
    seed: async () => {
      seeded = await seedReportData();
    },
  });

  it('computes totals that match the raw documents, for a commission and for the district', async () => {
    for (const scope of [{ kind: 'commission' as const, key: 'healthcare', name: 'Healthcare' }, { kind: 'district' as const }]) {
      const filter = scope.kind === 'commission' ? { commissionKey: 'healthcare', schoolYear: '2026-27' } : { schoolYear: '2026-27' };
      const { out, docs } = await rawTotals(filter);
      const report = await buildReport(scope, '2026-27', NOW, 'America/New_York');
      for (const row of report.byType) {
        const raw = out.get(row.type) ?? { pledged: 0, fulfilled: 0, commitments: 0 };
        expect({ type: row.type, pledged: row.pledged, fulfilled: row.fulfilled, commitments: row.commitments }).toEqual({
          type: row.type,
          ...raw,
        });
      }
      expect(new Set(report.byType.filter((r) => Object.values(r.counts).some((n) => n > 0)).map((r) => r.type))).toEqual(
        new Set(out.keys()),
      );
      const live = docs.filter((d) => d.status !== 'cancelled');
      expect(report.commitments).toBe(live.length);
      expect(report.fulfilmentRate).toBeCloseTo(live.filter((d) => d.status === 'fulfilled').length / live.length);
      expect(report.partners.total).toBe(new Set(live.map((d) => String(d.partnerId))).size);
      expect(report.schools.total).toBe(new Set(live.flatMap((d) => d.schoolIds.map(String))).size);
      expect(report.byMonth.reduce((s, m) => s + m.starting, 0)).toBe(live.length);
    }
  });

  it('names the coverage gaps of a commission', async () => {
    const report = await buildReport({ kind: 'commission', key: 'healthcare', name: 'Healthcare' }, '2026-27', NOW, 'America/New_York');
    const pledged = new Set<CommitmentType>(['mentoring', 'internship_hosting', 'scholarship', 'teacher_externship']);
    expect(report.gaps).toEqual([
      { commissionKey: 'healthcare', commissionName: 'Healthcare', types: COMMITMENT_TYPES.filter((t) => !pledged.has(t)) },
    ]);
  });

  it('answers a lead with the numbers and sends the chart PNG to their DM', async () => {
    const reply = await commandReply(h(), 'report healthcare 2026-27', LEAD);
    expect(checkMessage(reply)).toEqual([]);
    const json = JSON.stringify(reply.blocks);
    expect(json).toContain('Report: Healthcare commission, 2026-27');
    // mentoring: 20 fulfilled of 20 + 15 pledged; target 100
    expect(json).toContain('*Mentoring*: 20 of 35 students mentored fulfilled (57%)');
    expect(json).toContain('*Internship hosting*: 4 of 6 interns fulfilled (67%)');
    expect(json).toContain('Coverage gaps');
    const upload = await h().fake.waitFor('files.completeUploadExternal');
    expect(upload.ok).toBe(true);
    const file = h().fake.uploadedFiles.find((f) => f.filename.endsWith('.png'));
    expect(file).toBeDefined();
    expect(file!.channels).toEqual([h().fake.dmChannelFor(LEAD)]);
    expect(ihdrSize(file!.bytes)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(distinctColours(file!.bytes)).toBeGreaterThan(20);
  });

  it('lets a partner contact report on their own organisation only', async () => {
    const own = await commandReply(h(), 'report', CONTACT);
    expect(JSON.stringify(own.blocks)).toContain('Report: =HYPERLINK');
    const other = await commandReply(h(), 'report partner Acme Health', CONTACT);
    expect(other.text).toMatch(/don't know a partner called/);
    const commission = await commandReply(h(), 'report healthcare', CONTACT);
    expect(commission.text).toContain('only for Industry Engagement Coordinators');
    expect(FORMULA_NAME).toContain('=HYPERLINK');
  });

  it('refuses strangers and explains unknown scopes', async () => {
    expect((await commandReply(h(), 'report', STRANGER)).text).toContain('only for Industry Engagement Coordinators');
    expect((await commandReply(h(), 'report healthcar', ADMIN)).text).toContain('Did you mean `healthcare`');
    expect((await commandReply(h(), 'report school 24Q610', ADMIN)).blocks).toBeDefined();
    expect(h().fake.uploadedFiles.filter((f) => f.channels.includes(h().fake.dmChannelFor(STRANGER)))).toEqual([]);
  });

  it('reports on a school by its code', async () => {
    const reply = await commandReply(h(), 'report school 24Q600', ADMIN);
    const json = JSON.stringify(reply.blocks);
    expect(json).toContain('Queens Technical High School (24Q600)');
    // mentoring by the awkward partner (fulfilled 20) and by the formula partner (15 pledged)
    expect(json).toContain('*Mentoring*: 20 of 35 students mentored fulfilled');
    expect(seeded.queens).toBeDefined();
  });

  it('renders the commission chart for the digest', async () => {
    const chart = await renderCommissionChart('healthcare', '2026-27', NOW, 'America/New_York');
    const png = chart.content;
    expect(chart.altText.length).toBeGreaterThan(0);
    expect(ihdrSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(distinctColours(png)).toBeGreaterThan(20);
  });
});
