import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { DeliverableActions, DeliverableBlocks } from '../../src/deliverables/ids';
import { DeliverableModel } from '../../src/deliverables/model';
import { AttendanceActions, AttendanceBlocks, MeetingActions, MeetingBlocks } from '../../src/meetings/ids';
import { AttendanceModel } from '../../src/meetings/attendance-model';
import { MeetingModel } from '../../src/meetings/model';
import { MemberBlocks } from '../../src/members/ids';
import { MemberModel } from '../../src/members/model';
import { contactBlockId, PARTNER_ACTION, PARTNER_BLOCK } from '../../src/partners/ids';
import { PartnerModel } from '../../src/partners/model';
import { ProgramActions, ProgramBlocks } from '../../src/programs/ids';
import { ProgramModel } from '../../src/programs/model';
import type { FakeSlackCall } from '../support/fake-slack';
import { useHarness, type Harness } from '../support/harness';
import { viewSubmissionPayload, type StateValuesInput } from '../support/slack-requests';
import { LEAD, seedBasics, storedFields, type Seeded } from '../commitments/fixtures';
import { interactiveRequest, signedRequest } from './support/raw-requests';
import { changedCollections, snapshotDatabase } from './support/snapshot';
import { viewOf } from '../support/views';

/**
 * Slack delivers the same request twice: a view submission sent again byte for byte (a retry after a slow
 * answer, or a double click on Submit), and an event with `X-Slack-Retry-Num`. The second delivery records
 * nothing more: the database is exactly as the first left it, and the person is not told twice.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const LATER = new Date(NOW.getTime() + 4_000); // Slack retries a few seconds later
const ADMIN = 'UADMIN0001';

type Opener = (h: Harness, seeded: Seeded) => Promise<FakeSlackCall>;

interface SubmissionCase {
  name: string;
  userId: string;
  open: Opener;
  values: (seeded: Seeded) => StateValuesInput;
  /** What one delivery stores, exactly once (so the case really records something, and only once). */
  recorded: (seeded: Seeded) => Promise<boolean>;
  /** The confirmation DM may come again (nothing is recorded again, but the listener always confirms). */
  confirmsAgain?: boolean;
  /**
   * A change the second delivery recognises as its own (the stored record is as the form left it): the modal's
   * title it is answered with, the saved one, not the form refused as changed meanwhile.
   */
  savedAgain?: string;
}

const command =
  (text: string, cmd = '/iec', userId = LEAD): Opener =>
  async (h) => {
    await h.slack.command(cmd, text, { userId });
    return h.fake.waitFor('views.open', () => true, 15_000);
  };

const button =
  (actionId: string, value: (s: Seeded) => Promise<string>): Opener =>
  async (h, seeded) => {
    await h.slack.blockAction({ userId: LEAD, actionId, blockId: 'row', value: await value(seeded), ephemeral: true });
    return h.fake.waitFor('views.open', () => true, 15_000);
  };

const commitmentId = async (s: Seeded) =>
  String((await CommitmentModel.create(storedFields(s.conEd, 'Con Edison', { quantity: 10, startDate: '2026-09-01' })))._id);
const deliverableId = async () =>
  String(
    (
      await DeliverableModel.create({
        commissionKey: 'construction',
        title: 'Roster',
        ownerId: LEAD,
        dueDate: '2026-10-01',
        createdBy: LEAD,
      })
    )._id,
  );
const meetingId = async () =>
  String(
    (
      await MeetingModel.create({
        commissionKey: 'construction',
        title: 'Fall meeting',
        startsAt: new Date('2026-10-06T14:00:00Z'),
        durationMinutes: 60,
        createdBy: LEAD,
        revisedAt: NOW,
      })
    )._id,
  );

/** A meeting of the day before: its attendance can be recorded. */
const heldMeetingId = async () =>
  String(
    (
      await MeetingModel.create({
        commissionKey: 'construction',
        title: 'September meeting',
        startsAt: new Date('2026-09-14T14:00:00Z'),
        durationMinutes: 60,
        createdBy: LEAD,
        revisedAt: NOW,
      })
    )._id,
  );
const programId = async (s: Seeded) =>
  String(
    (
      await ProgramModel.create({
        schoolId: String(s.school),
        schoolName: 'Thomas Edison CTE High School',
        name: 'Electrical',
        nameKey: 'electrical',
        commissionKey: 'construction',
        stage: 'development',
        createdBy: LEAD,
      })
    )._id,
  );

const CASES: SubmissionCase[] = [
  {
    name: 'the commitment form',
    userId: LEAD,
    open: command('', '/commit'),
    values: (s) => ({
      [BLOCK.partner]: { [ACTION.partner]: String(s.conEd) },
      [BLOCK.commission]: { [ACTION.commission]: 'construction' },
      [BLOCK.type]: { [ACTION.type]: 'mentoring' },
      [BLOCK.quantity]: { [ACTION.quantity]: '7' },
      [BLOCK.startDate]: { [ACTION.startDate]: '2026-10-01' },
    }),
    recorded: async () => (await CommitmentModel.countDocuments({ quantity: 7 })) === 1,
  },
  {
    name: 'the fulfilment form',
    userId: LEAD,
    open: button(ACTION.fulfil, commitmentId),
    values: () => ({ [BLOCK.fulfilled]: { [ACTION.fulfilled]: '6' } }),
    recorded: async () => (await CommitmentModel.countDocuments({ fulfilledQuantity: 6, status: 'partially_fulfilled' })) === 1,
    confirmsAgain: true,
  },
  {
    name: 'the partner form',
    userId: ADMIN,
    open: command('partner add', '/iec', ADMIN),
    values: () => ({
      [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Brooklyn Navy Yard' },
      [PARTNER_BLOCK.commissions]: { [PARTNER_ACTION.commissions]: ['construction'] },
    }),
    recorded: async () => (await PartnerModel.countDocuments({ name: 'Brooklyn Navy Yard' })) === 1,
  },
  {
    name: "the partner's new contact form",
    userId: ADMIN,
    open: command('partner contact add National Grid', '/iec', ADMIN),
    values: () => ({ [contactBlockId(0, 'name')]: { [PARTNER_ACTION.contactName]: 'Ana Ruiz' } }),
    recorded: async () =>
      (await PartnerModel.findOne({ name: 'National Grid' }).lean())?.contacts.filter((c) => c.name === 'Ana Ruiz').length === 1,
  },
  {
    name: 'the deliverable form',
    userId: LEAD,
    open: command('deliverable add construction'),
    values: () => ({
      [DeliverableBlocks.title]: { [DeliverableBlocks.title]: 'Externship plan' },
      [DeliverableBlocks.owner]: { [DeliverableBlocks.owner]: LEAD },
      [DeliverableBlocks.dueDate]: { [DeliverableBlocks.dueDate]: '2026-10-20' },
    }),
    recorded: async () => (await DeliverableModel.countDocuments({ title: 'Externship plan' })) === 1,
  },
  {
    name: "the deliverable's due date form",
    userId: LEAD,
    open: button(DeliverableActions.changeDue, deliverableId),
    values: () => ({ [DeliverableBlocks.dueDate]: { [DeliverableBlocks.dueDate]: '2026-10-09' } }),
    recorded: async () => (await DeliverableModel.countDocuments({ dueDate: '2026-10-09' })) === 1,
  },
  {
    name: 'the meeting form',
    userId: LEAD,
    open: command('meeting schedule construction'),
    values: () => ({
      [MeetingBlocks.title]: { [MeetingBlocks.title]: 'October meeting' },
      [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-10-13' },
      [MeetingBlocks.time]: { [MeetingBlocks.time]: '10:00' },
      [MeetingBlocks.duration]: { [MeetingBlocks.duration]: '60' },
    }),
    recorded: async () => (await MeetingModel.countDocuments({ title: 'October meeting' })) === 1,
  },
  {
    name: 'the meeting reschedule form',
    userId: LEAD,
    open: button(MeetingActions.reschedule, meetingId),
    values: () => ({
      [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-10-08' },
      [MeetingBlocks.time]: { [MeetingBlocks.time]: '11:00' },
    }),
    recorded: async () => (await MeetingModel.countDocuments({ revision: 1 })) === 1,
    savedAgain: 'Meeting moved',
  },
  {
    // a change recognised by comparison: the attendance is as this form left it, one revision on
    name: 'the attendance form',
    userId: LEAD,
    open: button(AttendanceActions.record, heldMeetingId),
    values: () => ({
      [AttendanceBlocks.guests]: { [AttendanceBlocks.guests]: 'Ana Ruiz, City Tech' },
      [AttendanceBlocks.notes]: { [AttendanceBlocks.notes]: 'Quorum reached' },
    }),
    recorded: async () => (await AttendanceModel.countDocuments({ notes: 'Quorum reached', revision: 1 })) === 1,
    savedAgain: 'Attendance saved',
  },
  {
    // a change recognised by comparison: the program is as this form left it, one revision on
    name: 'the program change form',
    userId: LEAD,
    open: button(ProgramActions.edit, programId),
    values: () =>
      ({
        [ProgramBlocks.name]: { [ProgramBlocks.name]: 'Electrical Installation' },
        [ProgramBlocks.commission]: { [ProgramBlocks.commission]: 'construction' },
        [ProgramBlocks.stage]: { [ProgramBlocks.stage]: 'development' },
      }) as never,
    recorded: async () => (await ProgramModel.countDocuments({ name: 'Electrical Installation', revision: 1 })) === 1,
    savedAgain: 'Program changed',
  },
  {
    name: 'the member form',
    userId: LEAD,
    open: command('commission members construction add'),
    values: () => ({
      [MemberBlocks.kind]: { [MemberBlocks.kind]: 'postsecondary' },
      [MemberBlocks.role]: { [MemberBlocks.role]: 'member' },
      [MemberBlocks.startDate]: { [MemberBlocks.startDate]: '2026-09-01' },
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Prof. Ada Ruiz' },
      [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'City Tech' },
    }),
    recorded: async () => (await MemberModel.countDocuments({ name: 'Prof. Ada Ruiz' })) === 1,
  },
];

describe('Slack delivers the same request twice', () => {
  let seeded: Seeded;
  const harness = useHarness({
    now: NOW,
    admins: [ADMIN],
    seed: async () => {
      seeded = await seedBasics();
    },
  });

  /** Whatever the app does after its acks (saves, confirmations, DMs) is done. */
  const settle = () => harness().idle();

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: the second delivery records nothing more (and, but for a repeated confirmation, tells no one again)',
    async (_name, c) => {
      const h = harness();
      const opened = await c.open(h, seeded);
      const viewId = viewOf(opened).id;
      const first = await h.slack.viewSubmission({ userId: c.userId, view: { id: viewId }, values: c.values(seeded) });
      expect(first.status).toBe(200);
      expect(first.json?.response_action).not.toBe('errors');
      await settle();
      expect(await c.recorded(seeded)).toBe(true);
      const before = await snapshotDatabase();
      const callsBefore = h.fake.calls.length;

      h.setNow(LATER);
      const again = await h.slack.replay(first.request);
      expect(again.status).toBe(200);
      await settle();
      expect(changedCollections(before, await snapshotDatabase())).toEqual([]);
      // no second confirmation: no DM, no ephemeral message
      const told = h.fake.calls.slice(callsBefore).filter((call) => call.method === 'chat.postMessage' || call.method === 'response_url');
      if (!c.confirmsAgain) expect(told.map((call) => call.method)).toEqual([]);
      if (c.savedAgain) {
        const answered = h.fake.calls.slice(callsBefore).filter((call) => call.method === 'views.update' && call.args.view_id === viewId);
        expect((answered.at(-1)?.args.view as { title?: { text?: string } } | undefined)?.title?.text).toBe(c.savedAgain);
      }
    },
  );

  it.each(CASES.map((c) => [c.name, c] as const))('%s: two deliveries at the same moment record once', async (_name, c) => {
    const h = harness();
    const opened = await c.open(h, seeded);
    const viewId = viewOf(opened).id;
    const payload = viewSubmissionPayload(h.slack.ctx, {
      userId: c.userId,
      view: { ...h.fake.view(viewId), id: viewId },
      values: c.values(seeded),
    });
    const raw = signedRequest(`${h.baseUrl}/slack/events`, interactiveRequest(payload));
    const answers = await Promise.all([h.slack.replay(raw), h.slack.replay(raw)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await settle();
    expect(await c.recorded(seeded)).toBe(true);
  });

  it('a status choice made twice (a retried or repeated action) records one change', async () => {
    const h = harness();
    const id = await commitmentId(seeded);
    const choose = () =>
      h.slack.blockAction({
        userId: LEAD,
        actionId: ACTION.status,
        blockId: 'row',
        type: 'static_select',
        selectedOption: `${id}:fulfilled`,
        ephemeral: true,
      });
    await choose();
    await settle();
    h.setNow(LATER);
    await choose();
    await settle();
    const stored = await CommitmentModel.findById(id).lean();
    expect(stored).toMatchObject({ status: 'fulfilled', fulfilledQuantity: 10, fulfilledAt: NOW });
    expect(stored?.history.map((e) => e.action)).toEqual(['status']);
  });

  it('an app_home_opened event retried with X-Slack-Retry-Num changes nothing and publishes the same Home tab', async () => {
    const h = harness();
    const first = await h.slack.event({
      type: 'app_home_opened',
      user: LEAD,
      channel: h.fake.dmChannelFor(LEAD),
      tab: 'home',
      event_ts: '1789480800.000100',
    } as never);
    expect(first.status).toBe(200);
    const published = await h.fake.waitFor('views.publish', () => true, 10_000);
    await settle();
    const before = await snapshotDatabase();
    const retry = await h.slack.replay({
      ...first.request,
      headers: { ...first.request.headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await settle();
    expect(changedCollections(before, await snapshotDatabase())).toEqual([]);
    const publishes = h.fake.callsTo('views.publish');
    expect(publishes.every((p) => p.ok)).toBe(true);
    expect(publishes.length).toBeLessThanOrEqual(2);
    for (const p of publishes) expect(p.args.view).toEqual(published.args.view);
    expect(h.fake.calls.filter((call) => call.method === 'chat.postMessage')).toEqual([]);
  });
});
