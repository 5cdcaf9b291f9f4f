import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { CommissionModel } from '../../src/commissions/model';
import { PartnerModel } from '../../src/partners/model';
import { PARTNER_ACTION } from '../../src/partners/ids';
import { SchoolModel } from '../../src/schools/model';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { changeStatusFromList } from '../commitments/fixtures';
import { events } from '../support/slack-requests';

/**
 * Slack limits a button's and an option's text to 75 characters. Partner, school and program names may be longer
 * (up to their stored limits), so where one goes into a label it is cut to fit, ending in "…", never in the middle
 * of a character; the confirmation shows the full name. Every call below goes through the fake Slack, which
 * checks each message and view against Slack's limits.
 */

const ADMIN = 'UADMIN0001';
const LEAD = 'ULEAD00001';
const CONTACT = 'UCONTACT01';
const NOW = new Date('2026-10-15T14:00:00Z');
// 99 characters (the stored limit is 100), an emoji past the 75th
const PARTNER = 'Northeastern Regional Building Trades Apprenticeship & Training Partnership 🏗️ of Queens County NY';
// 147 characters (the stored limit is 150)
const SCHOOL =
  'Thomas A. Edison Career and Technical Education High School for Construction, Sustainability, Engineering and the Skilled Trades of Jamaica, Queens';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async () => {
    await CommissionModel.create({ key: 'construction', name: 'Construction/Sustainability', leads: [LEAD] });
    await PartnerModel.create({
      name: PARTNER,
      commissions: ['construction'],
      contacts: [{ name: 'Pat Lee', slackUserId: CONTACT }],
      status: 'active',
    });
    await SchoolModel.create({ name: SCHOOL, code: '27Q650' });
  },
});

/** The text of every button and option in a message, view or options answer. */
function labelsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return out;
  if (Array.isArray(value)) {
    for (const v of value) labelsOf(v, out);
    return out;
  }
  const o = value as Record<string, unknown>;
  const text = (o.text as { text?: unknown } | undefined)?.text;
  if (typeof text === 'string' && (o.type === 'button' || ('value' in o && !('type' in o)))) out.push(text);
  for (const v of Object.values(o)) labelsOf(v, out);
  return out;
}

/** Labels that carry a long name: within 75 characters, ending in "…", whole characters only. */
function expectCut(labels: string[], start: string): void {
  const named = labels.filter((l) => l.includes(start));
  expect(named.length).toBeGreaterThan(0);
  for (const label of named) {
    expect(label.length).toBeLessThanOrEqual(75);
    expect(label.endsWith('…')).toBe(true);
    expect(label).not.toMatch(LONE_SURROGATE);
  }
}

const next = (method: string, since: number, match: (c: FakeSlackCall) => boolean = () => true) =>
  h().fake.waitFor(method, (c) => h().fake.calls.indexOf(c) >= since && match(c), 15_000);

describe('long partner and school names in labels', () => {
  it('the commitment form and its type-ahead cut them to 75 characters', async () => {
    const since = h().fake.calls.length;
    await h().slack.command('/iec', `commit ${PARTNER}`, { userId: LEAD });
    const opened = await next('views.open', since);
    expect(opened.ok).toBe(true);
    expect(checkView(opened.args.view)).toEqual([]);
    // the form names the partner in full where there is room (a section), or cut in its select
    expect(JSON.stringify(opened.args.view)).toContain('Northeastern Regional Building Trades');

    const partners = await h().slack.options({ userId: LEAD, actionId: ACTION.partner, blockId: BLOCK.partner, value: 'northeastern' });
    expectCut(labelsOf(partners.json), 'Northeastern Regional');
    const schools = await h().slack.options({ userId: LEAD, actionId: ACTION.schools, blockId: BLOCK.schools, value: 'edison' });
    expectCut(labelsOf(schools.json), 'Thomas A. Edison');
  });

  it('a confirmation shows the full names, its "Open …" button a cut one; list, card and Home stay within limits', async () => {
    const partner = (await PartnerModel.findOne().lean())!;
    const school = (await SchoolModel.findOne().lean())!;
    const c = await CommitmentModel.create({
      partnerId: partner._id,
      partnerName: PARTNER,
      commissionKey: 'construction',
      type: 'guest_speaking',
      quantity: 3,
      unit: 'sessions',
      schoolYear: '2026-27',
      startDate: '2026-10-01',
      schoolIds: [school._id],
      recordedBy: LEAD,
      recordedVia: 'iec',
    });

    let since = h().fake.calls.length;
    await h().slack.command('/iec', 'commitments construction', { userId: LEAD });
    const list = await next('response_url', since);
    expect(checkMessage(list.args)).toEqual([]);

    const confirmation = await changeStatusFromList(h(), LEAD, c._id, 'confirmed');
    expect(checkMessage(confirmation.args)).toEqual([]);
    const shown = JSON.stringify(confirmation.args.blocks);
    expect(shown).toContain(PARTNER.replace('&', '&amp;'));
    expect(shown).toContain(SCHOOL);
    expectCut(labelsOf(confirmation.args.blocks), 'Open Northeastern');

    since = h().fake.calls.length;
    await h().slack.blockAction({ userId: LEAD, actionId: PARTNER_ACTION.open, blockId: 'x', value: String(partner._id), ephemeral: true });
    const card = await next('response_url', since);
    expect(card.ok).toBe(true);
    expect(checkMessage(card.args)).toEqual([]);

    since = h().fake.calls.length;
    await h().slack.event(events.appHomeOpened(CONTACT));
    const home = await next('views.publish', since, (call) => call.args.user_id === CONTACT);
    expect(home.ok).toBe(true);
    expect(checkView(home.args.view)).toEqual([]);
  });
});
