import { CommissionModel } from '../../src/commissions/model';
import { MEETING_HISTORY_BLOCK, MeetingActions, MeetingCallbacks } from '../../src/meetings/ids';
import { rescheduleMeeting, scheduleMeeting } from '../../src/meetings/service';
import { checkMessage, checkView } from '../support/fake-slack';
import { useHarness } from '../support/harness';

/** A meeting's History through signed requests: the button on its `/iec meetings` row opens its changes, newest first. */

const LEAD = 'ULEAD0001';
const STRANGER = 'USTRANGE1';
const NOW = new Date('2026-03-01T15:00:00Z');
const lead = { userId: LEAD, isAdmin: false, leads: ['healthcare'], partnerIds: [] };

const h = useHarness({
  now: NOW,
  seed: async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', leads: [LEAD], timeZone: 'America/Chicago' });
  },
});

type Block = { type: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string }> };
type View = { id: string; callback_id?: string; blocks: Block[] };
const texts = (v: View) => v.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
const buttons = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

it('shows a reschedule’s before and after from the meeting’s row, pages, and is refused to a stranger', async () => {
  const m = await scheduleMeeting(
    lead,
    {
      commissionKey: 'healthcare',
      title: 'Spring meeting',
      date: '2026-03-20',
      time: '10:00',
      durationMinutes: 60,
      place: 'Room 204',
      agenda: 'Budget',
    },
    NOW,
    'America/New_York',
  );
  let revision = m.revision ?? 0;
  for (const [i, time] of ['14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '09:00', '09:30', '11:00', '11:30'].entries()) {
    const moved = await rescheduleMeeting(
      lead,
      String(m._id),
      { date: '2026-03-27', time, durationMinutes: i === 0 ? 90 : 60 },
      revision,
      new Date(NOW.getTime() + (i + 1) * 60_000),
      'America/New_York',
    );
    revision = moved.revision ?? 0;
  }

  await h().slack.command('/iec', 'meetings healthcare', { userId: LEAD });
  const list = await h().fake.waitForNext('response_url');
  expect(checkMessage(list.args)).toEqual([]);
  const history = buttons(list.args.blocks as Block[]).find((e) => e.action_id === MeetingActions.history);
  expect(history?.value).toBe(String(m._id));
  await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: MeetingActions.history, blockId: 'any', value: history?.value });
  const opened = await h().fake.waitForNext('views.open');
  expect(opened.ok).toBe(true);
  const view = opened.response?.view as View;
  expect(checkView(view)).toEqual([]);
  expect(view.callback_id).toBe(MeetingCallbacks.history);
  const [subject, newest] = texts(view);
  expect(subject).toContain('*Spring meeting* · Healthcare');
  expect(newest).toContain(`<@${LEAD}> · rescheduled`);
  expect(newest).toMatch(/• starts: <!date\^\d+\^.*→ <!date\^\d+\^/);
  expect(JSON.stringify(view)).toContain('1–10 of 11 changes, newest first');

  const older = buttons(view.blocks).find((b) => b.action_id === MeetingActions.historyOlder);
  await h().slack.blockAction({
    userId: LEAD,
    actionId: MeetingActions.historyOlder,
    blockId: MEETING_HISTORY_BLOCK,
    value: older?.value,
    view: { id: view.id },
  });
  const updated = await h().fake.waitForNext('views.update');
  expect(updated.ok).toBe(true);
  const [, created] = texts(updated.args.view as View);
  expect(created).toContain('scheduled');
  expect(created).toContain('• place: Room 204');
  expect(created).toContain('• duration: 1 h');

  await h().slack.blockAction({
    userId: STRANGER,
    ephemeral: true,
    actionId: MeetingActions.history,
    blockId: 'any',
    value: history?.value,
  });
  const refused = await h().fake.waitForNext('response_url');
  expect(JSON.stringify(refused.args)).toContain('only for Industry Engagement Coordinators');
});
