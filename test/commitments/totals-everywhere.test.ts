import { Types } from 'mongoose';
import type { Actor } from '../../src/access/actor';
import { insertCommitments } from '../../src/commitments/bulk';
import { changeStatus, createCommitment, recordFulfilment } from '../../src/commitments/service';
import { PartnerModel } from '../../src/partners/model';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';
import { events } from '../support/slack-requests';
import { ADMIN, LEAD, NOW, seedReportData } from '../reports/seed';

/**
 * #11: `/iec commission show`, the weekly digest, App Home, `/iec report` and `/iec partner show` state the
 * same totals for the same data (they all come from commitments' `commitmentTotals`). One data set: the report
 * tests' (every status, two commissions, two school years), plus a commitment partly fulfilled and then
 * cancelled (it counts in no quantity) and one imported as fulfilled without a fulfilled quantity (it counts in full).
 */

const admin: Actor = { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] };
const DAY = 24 * 60 * 60 * 1000;
const BEACON = 'Beacon Labs';

interface Figures {
  pledged: number;
  fulfilled: number;
  /** Not cancelled; Home does not state it. */
  commitments?: number;
}

/** Every line of text in these blocks (section text and fields, context elements). */
function linesOf(blocks: unknown[] | undefined): string[] {
  const texts: string[] = [];
  for (const b of (blocks ?? []) as Array<{
    text?: { text?: string };
    fields?: Array<{ text?: string }>;
    elements?: Array<{ text?: string }>;
  }>) {
    for (const t of [b.text, ...(b.fields ?? []), ...(b.elements ?? [])]) if (typeof t?.text === 'string') texts.push(t.text);
  }
  return texts.flatMap((t) => t.split('\n'));
}

const number = (s: string) => Number(s.replace(/[$,]/g, ''));

/** The figures per type label that lines matching `pattern` state (groups: label, then the named numbers). */
function figuresOf(lines: string[], pattern: RegExp): Map<string, Figures> {
  const out = new Map<string, Figures>();
  for (const line of lines) {
    const m = pattern.exec(line);
    if (!m?.groups) continue;
    const { label, pledged, fulfilled, commitments } = m.groups;
    out.set(label, {
      pledged: number(pledged),
      fulfilled: number(fulfilled),
      ...(commitments !== undefined ? { commitments: number(commitments) } : {}),
    });
  }
  return out;
}

const N = '\\$?[\\d,]+';
const PATTERNS = {
  // • *Mentoring*: 35 of 100 students mentored pledged · 20 fulfilled · 2 commitments
  show: new RegExp(
    `^• \\*(?<label>[^*]+)\\*: (?<pledged>${N})[^·]* pledged[^·]* · (?<fulfilled>${N}) fulfilled · (?<commitments>${N}) commitments?$`,
  ),
  // • *Mentoring*: 20 of 100 students mentored fulfilled (20%) · 35 pledged in 2 commitments
  digest: new RegExp(
    `^• \\*(?<label>[^*]+)\\*: (?<fulfilled>${N})[^·]* fulfilled[^·]* · (?<pledged>${N}) pledged in (?<commitments>${N}) commitments?`,
  ),
  // *Mentoring*: 35 pledged of a target of 100, 20 fulfilled (students mentored)
  home: new RegExp(`^\\*(?<label>[^*]+)\\*: (?<pledged>${N}) pledged[^,]*, (?<fulfilled>${N}) fulfilled`),
  // *Mentoring*: 20 of 35 students mentored fulfilled (57%) · 2 commitments · target 100 (35% pledged)
  report: new RegExp(
    `^\\*(?<label>[^*]+)\\*: (?<fulfilled>${N}) of (?<pledged>${N})[^·]* fulfilled[^·]* · (?<commitments>${N}) commitments?`,
  ),
  // • *Mentoring*: 35 students mentored pledged · 20 fulfilled (2 commitments)
  partner: new RegExp(
    `^• \\*(?<label>[^*]+)\\*: (?<pledged>${N})[^·]* pledged · (?<fulfilled>${N}) fulfilled \\((?<commitments>${N}) commitments?\\)`,
  ),
};

/** Types every surface shows alike; a surface may leave out a type with nothing pledged, fulfilled or counted. */
function expectSame(actual: Map<string, Figures>, expected: Map<string, Figures>, withCount = true) {
  const labels = new Set([...actual.keys(), ...expected.keys()]);
  for (const label of labels) {
    const zero: Figures = { pledged: 0, fulfilled: 0, commitments: 0 };
    const a = actual.get(label) ?? zero;
    const e = expected.get(label) ?? zero;
    expect({ label, pledged: a.pledged, fulfilled: a.fulfilled, ...(withCount ? { commitments: a.commitments } : {}) }).toEqual({
      label,
      pledged: e.pledged,
      fulfilled: e.fulfilled,
      ...(withCount ? { commitments: e.commitments } : {}),
    });
  }
}

describe('one totals computation (#11)', () => {
  const h = useHarness({
    now: NOW,
    admins: [ADMIN],
    seed: async () => {
      await seedReportData();
      const beacon = await PartnerModel.create({ name: BEACON, commissions: ['healthcare'], status: 'active' });
      const at = (days: number) => new Date(NOW.getTime() - days * DAY);
      // partly fulfilled, then cancelled: counts in no quantity, anywhere
      const { commitment } = await createCommitment(
        {
          partnerId: String(beacon._id),
          commissionKey: 'healthcare',
          type: 'internship_hosting',
          quantity: 4,
          startDate: '2026-10-01',
          schoolIds: [],
          notes: '',
        },
        admin,
        at(60),
      );
      await recordFulfilment(String(commitment._id), 2, admin, at(50));
      await changeStatus(String(commitment._id), 'cancelled', admin, at(40));
      // imported as fulfilled without a fulfilled quantity: counts in full, anywhere
      await insertCommitments(
        [
          {
            id: String(new Types.ObjectId()),
            partnerId: String(beacon._id),
            partnerName: BEACON,
            commissionKey: 'healthcare',
            type: 'mentoring',
            quantity: 7,
            schoolIds: [],
            startDate: '2026-09-20',
            status: 'fulfilled',
            fulfilledQuantity: 0,
            notes: '',
          },
        ],
        { by: ADMIN, now: at(30), source: 'commitments.csv' },
      );
    },
  });

  it('commission show, the digest, Home and the report state the same figures; partner show and its report too', async () => {
    const show = figuresOf(linesOf((await commandReply(h(), 'commission show healthcare', ADMIN)).blocks), PATTERNS.show);
    const digest = figuresOf(linesOf((await commandReply(h(), 'digest healthcare', ADMIN)).blocks), PATTERNS.digest);
    const report = figuresOf(linesOf((await commandReply(h(), 'report healthcare', ADMIN)).blocks), PATTERNS.report);

    const before = h().fake.callsTo('views.publish').length;
    await h().slack.event(events.appHomeOpened(LEAD));
    const published = await h().fake.waitFor(
      'views.publish',
      (c) => c.args.user_id === LEAD && h().fake.callsTo('views.publish').length > before,
      15_000,
    );
    const home = figuresOf(linesOf((published.args.view as { blocks: unknown[] }).blocks), PATTERNS.home);

    // the figures themselves, counted by hand from the seed (healthcare, 2026-27)
    const expected = new Map<string, Figures>([
      // 20 fulfilled + 15 pledged + Beacon's 7, imported fulfilled without a quantity
      ['Mentoring', { pledged: 42, fulfilled: 27, commitments: 3 }],
      // 6 with 4 done; Beacon's 4 with 2 done and then cancelled counts nothing
      ['Internship hosting', { pledged: 6, fulfilled: 4, commitments: 1 }],
      ['Scholarship', { pledged: 5000, fulfilled: 0, commitments: 1 }],
      ['Teacher externship', { pledged: 2, fulfilled: 0, commitments: 1 }],
    ]);
    expect(show.size).toBeGreaterThanOrEqual(4);
    expectSame(show, expected);
    expectSame(digest, expected);
    expectSame(report, expected);
    expectSame(home, expected, false);
    expect(home.size).toBeGreaterThanOrEqual(4);

    const partner = figuresOf(linesOf((await commandReply(h(), `partner show ${BEACON}`, ADMIN)).blocks), PATTERNS.partner);
    const partnerReport = figuresOf(linesOf((await commandReply(h(), `report partner ${BEACON}`, ADMIN)).blocks), PATTERNS.report);
    const beacon = new Map<string, Figures>([['Mentoring', { pledged: 7, fulfilled: 7, commitments: 1 }]]);
    expectSame(partner, beacon);
    expectSame(partnerReport, beacon);
  });
});
