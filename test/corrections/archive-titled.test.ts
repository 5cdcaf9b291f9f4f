import { AuditEntryModel } from '../../src/audit/model';
import { CommissionModel } from '../../src/commissions/model';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from '../../src/corrections/ids';
import { deliverableReminderSource } from '../../src/deliverables';
import { DeliverableModel } from '../../src/deliverables/model';
import { meetingReminderSource } from '../../src/meetings';
import { MeetingModel } from '../../src/meetings/model';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

/**
 * Archive instead of delete for deliverables and meetings, through signed requests: `/iec archive deliverable|meeting
 * <title>` hides it from its list, the digest and reminders, with history and an audit entry; Restore brings it back.
 * Several of one title: the answer lets you pick. Only the commission's leads and administrators.
 */

const LEAD = 'U0LEAD001';
const OTHER_LEAD = 'U0LEAD002';
const OWNER = 'U0OWNER01';
const NOW = new Date('2026-11-02T15:00:00Z');

const h = useHarness({
  now: NOW,
  seed: async () => {
    await CommissionModel.create([
      { key: 'construction', name: 'Construction/Sustainability', leads: [LEAD], channelId: 'C0CONSTR1' },
      { key: 'healthcare', name: 'Healthcare', leads: [OTHER_LEAD] },
    ]);
    await DeliverableModel.create([
      { commissionKey: 'construction', title: 'Externship plan', ownerId: OWNER, dueDate: '2026-11-04', createdBy: LEAD },
      { commissionKey: 'construction', title: 'Site visits', ownerId: OWNER, dueDate: '2026-11-20', createdBy: LEAD },
    ]);
    // added before the reminders' window (reminders are planned only for days after a deliverable existed)
    await DeliverableModel.collection.updateMany({}, { $set: { createdAt: new Date('2026-10-01T00:00:00Z') } });
    const meeting = (startsAt: string) => ({
      commissionKey: 'construction',
      title: 'Board meeting',
      startsAt: new Date(startsAt),
      durationMinutes: 60,
      revisedAt: new Date('2026-10-01T00:00:00Z'),
      createdBy: LEAD,
    });
    await MeetingModel.create([meeting('2026-11-03T15:00:00Z'), meeting('2026-12-03T15:00:00Z')]);
  },
});

type Block = {
  type: string;
  text?: { text: string };
  accessory?: { value?: string };
  elements?: Array<{ action_id?: string; value?: string }>;
};
type Reply = { text?: string; blocks?: Block[]; replace_original?: boolean };

async function iec(text: string, userId = LEAD): Promise<Reply> {
  const reply = (await commandReply(h(), text, userId)) as Reply;
  if (reply.blocks) expect(checkMessage(reply as never)).toEqual([]);
  return reply;
}

async function press(actionId: string, value: string | undefined, userId = LEAD): Promise<Reply> {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId, actionId, blockId: CORRECTION_BLOCK, value, ephemeral: true });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  return h().fake.callsTo('response_url').at(-1)?.args as Reply;
}

const all = (r: Reply) => JSON.stringify(r.blocks ?? []);
const actionValue = (r: Reply, actionId: string) =>
  (r.blocks ?? []).flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value;
const window = { from: new Date('2026-10-30T00:00:00Z'), to: new Date('2026-11-05T00:00:00Z') };
const ctx = { now: NOW, timeZone: 'America/New_York' };

it('an archived deliverable is gone from the list, the digest and reminders; Restore brings it back', async () => {
  expect((await deliverableReminderSource.plan(window, ctx)).length).toBeGreaterThan(0);
  expect(all(await iec('digest construction'))).toContain('Externship plan');
  const archived = await iec('archive deliverable externship plan');
  expect(archived.text).toContain('Archived the deliverable Externship plan');
  expect(all(await iec('deliverables construction all'))).not.toContain('Externship plan');
  expect(all(await iec('deliverables construction all'))).toContain('Site visits');
  expect(all(await iec('digest construction'))).not.toContain('Externship plan');
  expect(await deliverableReminderSource.plan(window, ctx)).toEqual([]);

  const d = await DeliverableModel.findOne({ title: 'Externship plan' }).lean();
  expect(d).toMatchObject({ archivedBy: LEAD });
  expect(d?.history.at(-1)).toMatchObject({ by: LEAD, action: 'archived' });
  expect((await iec('archive deliverable Externship plan')).text).toContain('that is not archived');

  const restored = await press(CORRECTION_ACTION.restoreTitled, actionValue(archived, CORRECTION_ACTION.restoreTitled));
  expect(restored.replace_original).toBe(true);
  expect(restored.text).toContain('Restored the deliverable Externship plan');
  expect(all(await iec('deliverables construction'))).toContain('Externship plan');
  expect((await DeliverableModel.findOne({ title: 'Externship plan' }).lean())?.archivedAt).toBeUndefined();
  expect((await AuditEntryModel.find({ subject: 'Externship plan' }).sort({ _id: 1 }).lean()).map((a) => a.action)).toEqual([
    'archived deliverable',
    'restored deliverable',
  ]);
});

it('two meetings of one title: the answer lets you pick; the archived one is gone from the list and its reminders', async () => {
  const choice = await iec('archive meeting "Board meeting"');
  expect(choice.text).toBe('2 meetings have that title: pick one.');
  const buttons = (choice.blocks ?? []).flatMap((b) => (b.accessory?.value ? [b.accessory.value] : []));
  expect(buttons).toHaveLength(2);
  // newest first: the second is November's
  const archived = await press(CORRECTION_ACTION.archiveTitled, buttons[1]);
  expect(archived.text).toContain('Archived the meeting Board meeting');
  const november = await MeetingModel.findOne({ startsAt: new Date('2026-11-03T15:00:00Z') }).lean();
  expect(november?.archivedAt).toEqual(NOW);
  expect(november?.history.at(-1)).toMatchObject({ action: 'archived', by: LEAD });
  const listed = all(await iec('meetings construction'));
  expect(listed.match(/Board meeting/g)?.length).toBeGreaterThan(0);
  expect(listed).not.toContain(String(november?._id));
  expect((await meetingReminderSource.plan(window, ctx)).filter((n) => n.ref.meetingId === String(november?._id))).toEqual([]);

  const restored = await iec('restore meeting board meeting');
  expect(restored.text).toContain('Restored the meeting Board meeting');
  expect(all(await iec('meetings construction'))).toContain(String(november?._id));
});

it("only the commission's leads and administrators archive its deliverables and meetings", async () => {
  expect((await iec('archive deliverable Site visits', OTHER_LEAD)).text).toContain('only the leads of *Construction/Sustainability*');
  expect((await DeliverableModel.findOne({ title: 'Site visits' }).lean())?.archivedAt).toBeUndefined();
  expect((await iec('archive gizmo thing')).text).toContain('/iec archive deliverable <title>');
  expect((await iec('delete deliverable Site visits')).text).toContain('/iec delete partner <name>');
});
