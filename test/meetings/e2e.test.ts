import { forgetAccountStatuses } from '../../src/access';
import { AuditEntryModel } from '../../src/audit/model';
import { CommissionModel } from '../../src/commissions/model';
import { isSaving, noticeOf, submitForm, warningUnder } from '../support/forms';
import { DeliverableModel } from '../../src/deliverables/model';
import { MeetingActions, MeetingBlocks } from '../../src/meetings/ids';
import { MeetingModel } from '../../src/meetings/model';
import { meetingReminderSource } from '../../src/meetings/reminders';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { checkMessage, checkView } from '../support/fake-slack';
import { findBlockId } from '../support/blocks';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';

/** Meetings end to end: the schedule modal in the commission's zone, list, reschedule, cancel, and reminders by tick. */

const ADMIN = 'UADMIN01';
const LEAD = 'ULEAD0001';
const CHANNEL = 'C0HEALTH';
const NOW = new Date('2026-03-01T15:00:00Z');
// 2026-03-20 10:00 in Chicago (CDT, UTC-5)
const START = new Date('2026-03-20T15:00:00Z');
const H = 3_600_000;

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  env: { TZ: 'America/New_York' },
  seed: async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: CHANNEL, leads: [LEAD], timeZone: 'America/Chicago' });
    await CommissionModel.create({ key: 'automotive', name: 'Automotive', channelId: 'C0AUTO', leads: [] });
    await DeliverableModel.create({
      commissionKey: 'healthcare',
      title: 'Externship plan',
      ownerId: LEAD,
      dueDate: '2026-03-25',
      createdBy: LEAD,
    });
  },
});

/** The block_id of the block holding `actionId`'s button for record `id`. */
const rowBlockOf = (message: { blocks?: unknown[] }, actionId: string, id: string): string =>
  findBlockId(message.blocks ?? [], id, actionId);

const lastReply = async () => (await h().fake.waitForNext('response_url')).args as { text?: string; blocks?: unknown[] };
const viewIdOf = (call: { response?: Record<string, unknown> }) => viewOf(call).id;
const blocksOf = (call: { args: Record<string, unknown> }) => JSON.stringify((call.args.view as { blocks: unknown[] }).blocks);

const scheduleValues = (agendaBlock: string, over: Record<string, unknown> = {}) => ({
  [MeetingBlocks.title]: { [MeetingBlocks.title]: 'Spring meeting' },
  [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-03-20' },
  [MeetingBlocks.time]: { [MeetingBlocks.time]: '10:00' },
  [MeetingBlocks.duration]: { [MeetingBlocks.duration]: '90' },
  [MeetingBlocks.place]: { [MeetingBlocks.place]: 'https://meet.example.org/spring' },
  [agendaBlock]: { [MeetingBlocks.agendaPrefix]: 'Open deliverables:\n• Externship plan (due 2026-03-25)\n• Budget' },
  ...over,
});

describe('/iec meeting schedule', () => {
  it('prefills the agenda from the commission given in the command and reads date and time in its zone', async () => {
    await h().slack.command('/iec', 'meeting schedule healthcare', { userId: LEAD });
    const opened = await h().fake.waitFor('views.open');
    expect(checkView(opened.args.view)).toEqual([]);
    expect(blocksOf(opened)).toContain('Externship plan (due 2026-03-25)');
    expect(blocksOf(opened)).toContain('America/Chicago');

    const { shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewIdOf(opened) },
      values: scheduleValues('meeting_agenda:healthcare') as never,
    });
    expect(shown?.title?.text).toBe('Meeting scheduled');
    // confirmed in the channel where /iec meeting schedule was run, only to the lead
    const here = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Spring meeting'));
    expect(here.args).toMatchObject({ response_type: 'ephemeral' });
    const [m] = await MeetingModel.find().lean();
    expect(m).toMatchObject({
      commissionKey: 'healthcare',
      title: 'Spring meeting',
      startsAt: START,
      durationMinutes: 90,
      link: 'https://meet.example.org/spring',
      location: '',
      revision: 0,
      status: 'scheduled',
    });
    expect(m.agenda).toContain('• Budget');
  });

  it('refills the agenda with views.update when the commission is chosen in the modal', async () => {
    await h().slack.command('/iec', 'meeting schedule', { userId: ADMIN });
    const opened = await h().fake.waitFor('views.open');
    expect(blocksOf(opened)).not.toContain('Externship plan');
    await h().slack.blockAction({
      userId: ADMIN,
      actionId: MeetingActions.commissionChosen,
      blockId: MeetingBlocks.commission,
      type: 'static_select',
      selectedOption: 'healthcare',
      view: { id: viewIdOf(opened) },
    });
    const updated = await h().fake.waitFor('views.update');
    expect(updated.ok).toBe(true);
    expect(blocksOf(updated)).toContain('Externship plan (due 2026-03-25)');
    expect(blocksOf(updated)).toContain('meeting_agenda:healthcare');
    expect(blocksOf(updated)).toContain('America/Chicago');
  });

  it('refuses a time that does not exist (spring forward) and a past date, under the field', async () => {
    await h().slack.command('/iec', 'meeting schedule healthcare', { userId: LEAD });
    const viewId = viewIdOf(await h().fake.waitFor('views.open'));
    const gap = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewId },
      values: scheduleValues('meeting_agenda:healthcare', {
        [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-03-08' },
        [MeetingBlocks.time]: { [MeetingBlocks.time]: '02:30' },
      }) as never,
    });
    expect(warningUnder(gap.shown, MeetingBlocks.time)).toContain('does not exist');
    const past = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewId },
      values: scheduleValues('meeting_agenda:healthcare', { [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-02-20' } }) as never,
    });
    expect(warningUnder(past.shown, MeetingBlocks.date)).toContain('in the past');
    expect(await MeetingModel.countDocuments()).toBe(0);
  });
});

describe('/iec meetings, reschedule and cancel, with reminders by tick', () => {
  const runTick = (at: Date) => tick(at, schedulerDeps(h().config, h().logger, { sources: [meetingReminderSource], owner: 'test' }));
  const posted = () =>
    h()
      .fake.callsTo('chat.postMessage')
      .filter((c) => c.ok && c.args.channel === CHANNEL);

  const seedMeeting = () =>
    MeetingModel.create({
      commissionKey: 'healthcare',
      title: 'Spring meeting',
      startsAt: START,
      durationMinutes: 60,
      location: 'Room 204',
      agenda: 'Budget',
      createdBy: LEAD,
      revisedAt: NOW,
    });

  it('posts each reminder once, at exactly 7 days, 1 day and 1 hour before', async () => {
    await seedMeeting();
    for (const hours of [7 * 24, 24, 1]) {
      const at = new Date(START.getTime() - hours * H);
      await runTick(new Date(at.getTime() - 60_000));
      const before = posted().length;
      await runTick(at);
      await runTick(new Date(at.getTime() + 60_000));
      expect(posted().length).toBe(before + 1);
      const msg = posted()[posted().length - 1].args;
      expect(checkMessage(msg)).toEqual([]);
      expect(JSON.stringify(msg.blocks)).toContain(`<!date^${START.getTime() / 1000}^`);
      expect(JSON.stringify(msg.blocks)).toContain('Budget');
    }
    expect(posted().map((c) => String(c.args.text).match(/starts (in 7 days|tomorrow|in 1 hour)/)?.[1])).toEqual([
      'in 7 days',
      'tomorrow',
      'in 1 hour',
    ]);
  });

  it("flags, to an administrator, the meetings whose organiser's Slack account is deactivated (#14)", async () => {
    forgetAccountStatuses();
    const GONE = 'UGONE0001';
    h().fake.addUser({ id: LEAD, name: 'lead' });
    h().fake.addUser({ id: GONE, name: 'gone', deleted: true });
    await seedMeeting();
    await MeetingModel.create({
      commissionKey: 'healthcare',
      title: 'Organised by someone who left',
      startsAt: new Date(START.getTime() + 24 * H),
      durationMinutes: 60,
      createdBy: LEAD,
      organiserId: GONE,
      revisedAt: NOW,
    });
    await h().slack.command('/iec', 'meetings healthcare', { userId: ADMIN });
    const list = await lastReply();
    expect(checkMessage(list)).toEqual([]);
    const rows = (list.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section');
    expect(rows.find((b) => b.text?.text.includes('who left'))?.text?.text).toContain(
      `:warning: Its organiser <@${GONE}>'s Slack account is deactivated: hand their meetings over with \`/iec reassign <@${GONE}> @someone\``,
    );
    expect(rows.find((b) => b.text?.text.includes('Spring meeting'))?.text?.text).not.toContain('deactivated');
    await h().slack.command('/iec', 'meetings healthcare', { userId: LEAD });
    expect(JSON.stringify((await lastReply()).blocks)).not.toContain('deactivated');
  });

  it('lists upcoming meetings; Cancel stops every reminder and redraws the list it was pressed on (#17)', async () => {
    const m = await seedMeeting();
    await runTick(new Date(START.getTime() - 7 * 24 * H));
    expect(posted()).toHaveLength(1);

    await h().slack.command('/iec', 'meetings healthcare', { userId: LEAD });
    const list = await lastReply();
    expect(checkMessage(list)).toEqual([]);
    expect(JSON.stringify(list.blocks)).toContain('Spring meeting');

    const since = h().fake.callsTo('response_url').length;
    await h().slack.blockAction({
      userId: LEAD,
      actionId: MeetingActions.cancel,
      blockId: rowBlockOf(list, MeetingActions.cancel, String(m._id)),
      value: String(m._id),
      ephemeral: true,
    });
    const told = await h().fake.waitFor(
      'response_url',
      (c) => h().fake.callsTo('response_url').indexOf(c) >= since && c.args.replace_original === false,
    );
    expect(told.args.text).toContain('*Spring meeting* is cancelled');
    const redrawn = h()
      .fake.callsTo('response_url')
      .slice(since)
      .find((c) => c.args.replace_original === true)?.args as { text?: string; blocks?: unknown[] };
    expect(checkMessage(redrawn)).toEqual([]);
    expect(redrawn.text).toContain('No upcoming meetings for Healthcare');
    expect(await MeetingModel.findById(m._id).lean()).toMatchObject({ status: 'cancelled', cancelledBy: LEAD });

    await runTick(new Date(START.getTime() - 24 * H));
    await runTick(new Date(START.getTime() - H));
    expect(posted()).toHaveLength(1);
  });

  it('Archive on a row (behind the confirm dialog) archives it, redraws the list without it, answers with Restore; Restore brings it back in place of the answer; audited', async () => {
    const m = await seedMeeting();
    await h().slack.command('/iec', 'meetings healthcare', { userId: LEAD });
    const list = await lastReply();
    expect(checkMessage(list)).toEqual([]);
    const blockId = rowBlockOf(list, MeetingActions.archive, String(m._id));

    const since = h().fake.callsTo('response_url').length;
    await h().slack.blockAction({ userId: LEAD, actionId: MeetingActions.archive, blockId, value: String(m._id), ephemeral: true });
    const told = await h().fake.waitFor(
      'response_url',
      (c) => h().fake.callsTo('response_url').indexOf(c) >= since && c.args.replace_original === false,
    );
    expect(checkMessage(told.args as never)).toEqual([]);
    expect(told.args.text).toBe('Archived the meeting Spring meeting.');
    const redrawn = h()
      .fake.callsTo('response_url')
      .slice(since)
      .find((c) => c.args.replace_original === true)?.args as { text?: string; blocks?: unknown[] };
    expect(redrawn.text).toContain('No upcoming meetings for Healthcare');
    expect(await MeetingModel.findById(m._id).lean()).toMatchObject({ archivedAt: NOW, archivedBy: LEAD });
    expect(await AuditEntryModel.findOne({ action: 'archived meeting' }).lean()).toMatchObject({ by: LEAD, commissionKey: ['healthcare'] });

    const restoreBlock = rowBlockOf(told.args as never, MeetingActions.restore, String(m._id));
    await h().slack.blockAction({
      userId: LEAD,
      actionId: MeetingActions.restore,
      blockId: restoreBlock,
      value: String(m._id),
      ephemeral: true,
    });
    const restored = (await lastReply()) as { text?: string; replace_original?: boolean };
    expect(restored.replace_original).toBe(true);
    expect(restored.text).toBe('Restored the meeting Spring meeting.');
    expect((await MeetingModel.findById(m._id).lean())?.archivedAt).toBeFalsy();
    await h().slack.command('/iec', 'meetings healthcare', { userId: LEAD });
    expect(JSON.stringify((await lastReply()).blocks)).toContain('Spring meeting');
  });

  it('Reschedule opens a modal; the new time bumps the revision and only the new times remind', async () => {
    const m = await seedMeeting();
    await h().slack.command('/iec', 'meetings healthcare', { userId: LEAD });
    const list = await lastReply();
    const openReschedule = async () => {
      const before = h().fake.callsTo('views.open').length;
      await h().slack.blockAction({
        userId: LEAD,
        actionId: MeetingActions.reschedule,
        blockId: rowBlockOf(list, MeetingActions.reschedule, String(m._id)),
        value: String(m._id),
        ephemeral: true,
      });
      await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before);
      return h().fake.callsTo('views.open')[before];
    };
    const opened = await openReschedule();
    // a second form, opened on the same revision in another window
    const other = await openReschedule();
    expect(viewIdOf(other)).not.toBe(viewIdOf(opened));
    expect(blocksOf(opened)).toContain('"initial_time":"10:00"');
    const { res, shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewIdOf(opened) },
      values: { [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-03-27' }, [MeetingBlocks.time]: { [MeetingBlocks.time]: '14:30' } },
    });
    expect(isSaving(res.json)).toBe(true);
    expect(shown?.title?.text).toBe('Meeting moved');
    // confirmed where the lead pressed the button, too
    const here = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('is now on'));
    expect(here.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const moved = await MeetingModel.findById(m._id).lean();
    const newStart = new Date('2026-03-27T19:30:00Z');
    // and the list it was opened from is redrawn with the meeting at its new time (#17)
    const redrawn = await h().fake.waitFor('response_url', (c) => c.args.replace_original === true);
    expect(checkMessage(redrawn.args as never)).toEqual([]);
    expect(JSON.stringify(redrawn.args.blocks)).toContain(`<!date^${newStart.getTime() / 1000}^`);
    expect(moved).toMatchObject({ revision: 1, startsAt: newStart });

    await runTick(new Date(START.getTime() - 24 * H));
    expect(posted()).toHaveLength(0);
    await runTick(new Date(newStart.getTime() - 24 * H));
    expect(posted()).toHaveLength(1);

    // the other (now stale) form is refused under the date rather than overwriting
    const stale = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewIdOf(other) },
      values: { [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-03-28' }, [MeetingBlocks.time]: { [MeetingBlocks.time]: '09:00' } },
    });
    expect(noticeOf(stale.shown)).toContain('Not saved');
    // naming who moved it (from the meeting's history)
    expect(warningUnder(stale.shown, MeetingBlocks.date)).toContain(`was changed by <@${LEAD}> meanwhile`);
    expect((await MeetingModel.findById(m._id).lean())?.startsAt).toEqual(newStart);
  });

  it('refuses someone who does not lead the commission', async () => {
    const m = await MeetingModel.create({
      commissionKey: 'automotive',
      title: 'Auto',
      startsAt: START,
      durationMinutes: 60,
      createdBy: ADMIN,
    });
    await h().slack.blockAction({ userId: LEAD, actionId: MeetingActions.cancel, blockId: 'x', value: String(m._id), ephemeral: true });
    expect((await lastReply()).text).toContain('only the leads of *Automotive*');
    expect((await MeetingModel.findById(m._id).lean())?.status).toBe('scheduled');
  });
});
