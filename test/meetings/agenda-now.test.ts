import { CommissionModel } from '../../src/commissions/model';
import { submitForm } from '../support/forms';
import { DeliverableModel } from '../../src/deliverables/model';
import { MeetingBlocks } from '../../src/meetings/ids';
import { MeetingModel } from '../../src/meetings/model';
import { meetingReminderSource } from '../../src/meetings/reminders';
import { agendaWithoutDeliverables } from '../../src/meetings/views';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { checkMessage } from '../support/fake-slack';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';

/** A reminder shows the commission's deliverables as they are when it is sent, not as they were copied into the agenda. */

const LEAD = 'ULEAD0001';
const CHANNEL = 'C0HEALTH';
const NOW = new Date('2026-03-01T15:00:00Z');
const START = new Date('2026-03-20T15:00:00Z'); // 10:00 in Chicago

const h = useHarness({
  now: NOW,
  env: { TZ: 'America/New_York' },
  seed: async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: CHANNEL, leads: [LEAD], timeZone: 'America/Chicago' });
    await DeliverableModel.create([
      { commissionKey: 'healthcare', title: 'Externship plan', ownerId: LEAD, dueDate: '2026-03-25', createdBy: LEAD },
      { commissionKey: 'healthcare', title: 'Budget draft', ownerId: LEAD, dueDate: '2026-03-10', createdBy: LEAD },
    ]);
  },
});

it('the agenda copied at scheduling is replaced by the current titles and due dates in the reminder', async () => {
  await h().slack.command('/iec', 'meeting schedule healthcare', { userId: LEAD });
  const opened = await h().fake.waitFor('views.open', () => true, 15_000);
  const view = viewOf(opened) as { id: string; blocks: Array<{ block_id?: string; element?: { initial_value?: string } }> };
  const agendaBlock = view.blocks.find((b) => b.block_id?.startsWith(MeetingBlocks.agendaPrefix));
  const prefilled = agendaBlock?.element?.initial_value ?? '';
  expect(prefilled).toContain('Externship plan (due 2026-03-25)');
  const { shown: scheduled } = await submitForm(h(), {
    userId: LEAD,
    view: { id: view.id },
    values: {
      [MeetingBlocks.title]: { [MeetingBlocks.title]: 'Spring meeting' },
      [MeetingBlocks.date]: { [MeetingBlocks.date]: '2026-03-20' },
      [MeetingBlocks.time]: { [MeetingBlocks.time]: '10:00' },
      [MeetingBlocks.duration]: { [MeetingBlocks.duration]: '60' },
      [MeetingBlocks.place]: { [MeetingBlocks.place]: 'Room 204' },
      [agendaBlock?.block_id ?? '']: { [MeetingBlocks.agendaPrefix]: `Welcome\n${prefilled}` },
    } as never,
  });
  expect(scheduled?.title?.text).toBe('Meeting scheduled');
  expect((await MeetingModel.findOne().lean())?.agenda).toContain('Externship plan (due 2026-03-25)');

  // a week later: the plan was renamed and moved, the budget is done
  await DeliverableModel.updateOne({ title: 'Externship plan' }, { $set: { title: 'Externship plan v2', dueDate: '2026-04-02' } });
  await DeliverableModel.updateOne({ title: 'Budget draft' }, { $set: { status: 'done' } });

  const at = new Date(START.getTime() - 7 * 24 * 3_600_000);
  await tick(at, schedulerDeps(h().config, h().logger, { sources: [meetingReminderSource], owner: 'test' }));
  const posts = h()
    .fake.callsTo('chat.postMessage')
    .filter((c) => c.ok && c.args.channel === CHANNEL);
  expect(posts).toHaveLength(1);
  const message = posts[0].args;
  expect(checkMessage(message)).toEqual([]);
  const shown = JSON.stringify(message.blocks);
  expect(shown).toContain('Welcome');
  expect(shown).toContain('Externship plan v2');
  expect(shown).toContain('|2026-04-02>'); // a Slack date in the commission's zone
  expect(shown).not.toContain('2026-03-25');
  expect(shown).not.toContain('Budget draft');
  expect(shown).toContain('Healthcare · all meetings');
});

it('keeps what the person wrote and drops only the copied deliverable lines', () => {
  expect(agendaWithoutDeliverables('Welcome\nOpen deliverables:\n• Plan (due 2026-03-25)\n…and 3 more (/iec deliverables)\n• Budget')).toBe(
    'Welcome\n• Budget',
  );
  expect(agendaWithoutDeliverables('Just talk')).toBe('Just talk');
});
