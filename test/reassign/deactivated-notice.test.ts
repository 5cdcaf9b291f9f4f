import { forgetAccountStatuses } from '../../src/access';
import { AdminModel } from '../../src/access/model';
import { CommissionModel } from '../../src/commissions/model';
import { DeliverableModel } from '../../src/deliverables/model';
import { MeetingModel } from '../../src/meetings/model';
import { PartnerModel } from '../../src/partners/model';
import { deactivatedOwnersSource } from '../../src/reassign';
import { schedulerDeps, tick } from '../../src/scheduler';
import { NotificationModel } from '../../src/scheduler/model';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

/**
 * Deactivated accounts flagged to administrators: every Monday at 09:00 each administrator (named by IEC_ADMINS or
 * made one in Slack) gets a DM naming the people whose Slack account is deactivated and who still own work, with
 * what and how to hand it over. users.info is asked once per person (the cache), not per row or per administrator.
 */

const ADMIN = 'U0ADMIN01';
const SLACK_ADMIN = 'U0ADMIN02';
const ACTIVE = 'U0ACTIVE1';
const GONE = 'U0GONE001';
const GONE_TOO = 'U0GONE002';
// Monday 2 November 2026, 09:05 in New York (the app's zone)
const MONDAY = new Date('2026-11-02T14:05:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: MONDAY,
  seed: async (h) => {
    forgetAccountStatuses();
    h.fake.addUser({ id: ACTIVE, name: 'active' });
    h.fake.addUser({ id: GONE, name: 'gone', deleted: true });
    h.fake.addUser({ id: GONE_TOO, name: 'gone.too', deleted: true });
    await AdminModel.create({ userId: SLACK_ADMIN, addedBy: ADMIN });
    await CommissionModel.create({ key: 'construction', name: 'Construction/Sustainability', leads: [GONE, ACTIVE] });
    await PartnerModel.create([
      { name: 'Turner Construction', commissions: ['construction'], ownerId: GONE },
      { name: 'Skanska', commissions: ['construction'], ownerId: ACTIVE },
      // archived: nothing to hand over
      { name: 'Old Builders', commissions: ['construction'], ownerId: GONE_TOO, archivedAt: new Date('2026-10-01T00:00:00Z') },
    ]);
    await DeliverableModel.create([
      { commissionKey: 'construction', title: 'Externship plan', ownerId: GONE, dueDate: '2026-12-01', createdBy: ACTIVE },
      {
        commissionKey: 'construction',
        title: 'Done long ago',
        ownerId: GONE_TOO,
        dueDate: '2026-09-01',
        status: 'done',
        createdBy: ACTIVE,
      },
    ]);
    await MeetingModel.create({
      commissionKey: 'construction',
      title: 'December board',
      startsAt: new Date('2026-12-03T15:00:00Z'),
      durationMinutes: 60,
      createdBy: GONE,
    });
  },
});

const run = (at: Date) => tick(at, schedulerDeps(h().config, h().logger, { sources: [deactivatedOwnersSource], owner: 'test' }));
const dmsTo = (userId: string) =>
  h()
    .fake.callsTo('chat.postMessage')
    .filter((c) => c.ok && c.args.channel === h().fake.dmChannelFor(userId));
const usersInfoFor = (userId: string) =>
  h()
    .fake.callsTo('users.info')
    .filter((c) => c.args.user === userId);

it('DMs every administrator once a week with the deactivated accounts that still own work', async () => {
  h().fake.reset();
  await run(MONDAY);
  await run(new Date(MONDAY.getTime() + 3600_000));

  for (const admin of [ADMIN, SLACK_ADMIN]) {
    const dms = dmsTo(admin);
    expect(dms).toHaveLength(1);
    expect(checkMessage(dms[0].args as never)).toEqual([]);
    const text = JSON.stringify(dms[0].args.blocks);
    expect(text).toContain(`<@${GONE}> — 1 partner, 1 open deliverable, 1 coming meeting, lead of \`construction\``);
    expect(text).toContain(`/iec reassign <@${GONE}> @someone leads`);
    // an active owner, and a deactivated one who owns nothing in use, are not listed
    expect(text).not.toContain(ACTIVE);
    expect(text).not.toContain(GONE_TOO);
    expect(String(dms[0].args.text)).toBe('1 deactivated account still owns work: hand it over with /iec reassign.');
  }
  // asked once per person for both administrators' notices (and the second tick)
  expect(usersInfoFor(GONE)).toHaveLength(1);
  expect(usersInfoFor(ACTIVE)).toHaveLength(1);
  expect(usersInfoFor(GONE_TOO)).toHaveLength(0);
});

it('a week with nobody to flag is recorded as skipped, and nothing is sent', async () => {
  await PartnerModel.updateOne({ name: 'Turner Construction' }, { $set: { ownerId: ACTIVE } });
  await DeliverableModel.deleteMany({});
  await MeetingModel.deleteMany({});
  await CommissionModel.updateOne({ key: 'construction' }, { $set: { leads: [ACTIVE] } });
  h().fake.reset();
  await run(MONDAY);
  expect(dmsTo(ADMIN)).toHaveLength(0);
  const recorded = await NotificationModel.find({ kind: 'deactivated-owners' }).lean();
  expect(recorded.map((r) => [r.status, r.reason])).toEqual([
    ['skipped', 'no deactivated account owns anything'],
    ['skipped', 'no deactivated account owns anything'],
  ]);
});
