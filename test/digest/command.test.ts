import { CommissionModel } from '../../src/commissions/model';
import { resolveActor } from '../../src/access/actor';
import { changeCommissionLead } from '../../src/commissions/service';
import { createCommitment } from '../../src/commitments/service';
import { DeliverableModel } from '../../src/deliverables/model';
import { PartnerModel } from '../../src/partners/model';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

/** `/iec digest [commission]` end to end: the same digest as the channel's, ephemeral, now. */

const ADMIN = 'UADMIN01';
const LEAD = 'ULEAD0001';
const NOW = new Date('2026-12-02T15:00:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  env: { TZ: 'America/New_York' },
  seed: async () => {
    await CommissionModel.create([
      { key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: [LEAD] },
      { key: 'it', name: 'Information Technology', leads: [] },
    ]);
    await DeliverableModel.create(
      Array.from({ length: 60 }, (_, i) => ({
        commissionKey: 'healthcare',
        title: `Report ${i}`,
        dueDate: '2026-11-01',
        ownerId: LEAD,
        createdBy: LEAD,
      })),
    );
  },
});

async function digest(user: string, text: string) {
  await h().slack.command('/iec', `digest ${text}`.trim(), { userId: user });
  return h().fake.waitForNext('response_url');
}

describe('/iec digest', () => {
  it("shows a lead their commission's digest, ephemerally, within Slack's limits", async () => {
    const reply = await digest(LEAD, '');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(checkMessage(reply.args)).toEqual([]);
    const text = JSON.stringify(reply.args.blocks);
    expect(text).toContain('Healthcare — weekly digest');
    expect(text).toContain('Overdue deliverables: 60*');
    expect(text).toContain('and 52 more — `/iec deliverables healthcare overdue`');
    expect(h().fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('takes the commission named, and suggests the nearest for a typo', async () => {
    expect(JSON.stringify((await digest(ADMIN, 'IT')).args.blocks)).toContain('Information Technology — weekly digest');
    expect((await digest(ADMIN, 'helthcare')).args.text).toBe('There is no commission `helthcare`. Did you mean `/iec digest healthcare`?');
  });

  it('asks which commission when the person leads none or several', async () => {
    expect((await digest(ADMIN, '')).args.text).toBe("Which commission's digest? `/iec digest healthcare`, `/iec digest it`");
    await changeCommissionLead('it', LEAD, 'add', { by: ADMIN, at: NOW });
    expect((await digest(LEAD, '')).args.text).toBe(
      "Which commission's digest? You lead several: `/iec digest healthcare`, `/iec digest it`",
    );
  });

  it('is only for IECs', async () => {
    expect(String((await digest('USTRANGER', 'healthcare')).args.text)).toContain('only for Industry Engagement Coordinators');
  });

  it('writes money and numbers as the rest of the app does: $2,500 for a scholarship, 2,500 for other counts', async () => {
    const partner = await PartnerModel.create({ name: 'Con Edison', commissions: ['healthcare'], status: 'active' });
    const admin = await resolveActor(ADMIN, [ADMIN]);
    // recorded in the week the digest reports (ISO week 2026-W48 in New York)
    const inWeek = new Date('2026-11-24T15:00:00Z');
    const base = { partnerId: String(partner._id), commissionKey: 'healthcare', startDate: '2026-10-01', endDate: '2027-03-01', schoolIds: [], notes: '' };
    await createCommitment({ ...base, type: 'scholarship', quantity: 2500 }, admin, inWeek);
    await createCommitment({ ...base, type: 'mentoring', quantity: 2500 }, admin, inWeek);
    const reply = await digest(LEAD, 'healthcare');
    expect(checkMessage(reply.args)).toEqual([]);
    const text = JSON.stringify(reply.args.blocks);
    expect(text).toContain('$2,500');
    expect(text).toContain('2,500 students');
    expect(text).not.toMatch(/[^,\d]2500[^\d]/);
  });
});
