import type { Types } from 'mongoose';
import { resolveActor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { CommitmentModel } from '../../src/commitments/model';
import { createCommitment, type CommitmentInput } from '../../src/commitments/service';
import { followUpKey, FOLLOWUP_ANSWER_BLOCK, FollowUpActions, FollowUpBlocks, FollowUpCallbacks } from '../../src/followups/ids';
import { followUpSource } from '../../src/followups/source';
import { PartnerModel } from '../../src/partners/model';
import { NotificationModel } from '../../src/scheduler/model';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { isSaving, submitForm } from '../support/forms';

/**
 * The follow-up end to end: the scheduler's tick sends the DM (through the fake Slack), the person clicks a
 * button (a signed request into the real Bolt app), the commitment is updated with history through the
 * commitments service, and the question is replaced by the answer (chat.update).
 */

const ADMIN = 'UADMIN01';
const CONTACT = 'UCONTACT1';
const STRANGER = 'USTRANGER';
const NY = 'America/New_York';
// the target date is 2026-10-20; the question goes out the next day at 10:00 in New York (EDT)
const DUE = new Date('2026-10-21T14:00:00Z');
const ANSWERED_AT = new Date('2026-10-21T15:30:00Z');

let conEd: Types.ObjectId;
let quiet: Types.ObjectId;

const h = useHarness({
  admins: [ADMIN],
  now: ANSWERED_AT,
  env: { TZ: NY },
  seed: async () => {
    await CommissionModel.create({ key: 'construction', name: 'Construction', timeZone: NY, leads: [] });
    conEd = (
      await PartnerModel.create({
        name: 'Con Edison',
        commissions: ['construction'],
        contacts: [{ name: 'No Slack' }, { name: 'Dana', slackUserId: CONTACT }],
      })
    )._id;
    quiet = (
      await PartnerModel.create({
        name: 'Quiet Builders',
        commissions: ['construction'],
        contacts: [{ name: 'Email only', email: 'a@b.org' }],
      })
    )._id;
  },
});

async function record(partnerId: Types.ObjectId, quantity: number, dates: { startDate: string; endDate?: string }): Promise<string> {
  const input: CommitmentInput = {
    partnerId: String(partnerId),
    commissionKey: 'construction',
    type: 'site_visit',
    quantity,
    schoolIds: [],
    notes: '',
    ...dates,
  };
  const { commitment } = await createCommitment(input, await resolveActor(ADMIN, [ADMIN]), new Date('2026-09-01T12:00:00Z'));
  return String(commitment._id);
}

async function runTick(at: Date) {
  return tick(at, schedulerDeps(h().config, h().logger, { sources: [followUpSource], owner: 'test' }));
}

/** The follow-up DM to `user`: the posted message as the fake holds it. */
function dmTo(user: string): { channel: string; ts: string; call: FakeSlackCall } {
  const channel = h().fake.dmChannelFor(user);
  const call = h()
    .fake.callsTo('chat.postMessage')
    .find((c) => c.args.channel === channel && c.ok);
  if (!call) throw new Error(`no DM to ${user}`);
  return { channel, ts: String(call.response?.ts), call };
}

function click(user: string, dm: { channel: string; ts: string }, actionId: string) {
  return h().slack.blockAction({ userId: user, actionId, blockId: FOLLOWUP_ANSWER_BLOCK, channelId: dm.channel, message: { ts: dm.ts } });
}

async function stored(id: string) {
  const c = await CommitmentModel.findById(id).lean();
  if (!c) throw new Error('commitment gone');
  return c;
}

describe('fulfilment follow-up, end to end', () => {
  it('asks the first Slack contact once, the day after the end date; "fulfilled" updates the commitment with history and the message', async () => {
    const id = await record(conEd, 10, { startDate: '2026-10-01', endDate: '2026-10-20' });

    expect((await runTick(new Date(DUE.getTime() - 60_000))).sent).toBe(0);
    expect((await runTick(DUE)).sent).toBe(1);
    expect((await runTick(new Date(DUE.getTime() + 60 * 60_000))).sent).toBe(0);
    const notification = await NotificationModel.findOne({ key: followUpKey(id, '2026-10-20') }).lean();
    expect(notification).toMatchObject({ status: 'sent', kind: 'followup' });

    const dm = dmTo(CONTACT);
    expect(h().fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(checkMessage(dm.call.args)).toEqual([]);
    expect(JSON.stringify(dm.call.args.blocks)).toContain('Did this commitment of *Con Edison* happen?');

    await click(CONTACT, dm, FollowUpActions.fulfilled);
    const update = await h().fake.waitFor('chat.update');
    expect(update.ok).toBe(true);
    expect(update.args).toMatchObject({ channel: dm.channel, ts: dm.ts });
    expect(JSON.stringify(update.args.blocks)).toContain(`<@${CONTACT}> confirmed it happened: recorded as fulfilled (10 students)`);
    expect((update.args.blocks as Array<{ type: string }>).some((b) => b.type === 'actions')).toBe(false);
    expect(h().fake.message(dm.channel, dm.ts)?.text).toContain('Con Edison');

    const c = await stored(id);
    expect(c).toMatchObject({ status: 'fulfilled', fulfilledQuantity: 10, fulfilledAt: ANSWERED_AT });
    expect(c.history.at(-1)).toMatchObject({ action: 'follow-up', by: CONTACT, at: ANSWERED_AT });
    expect(c.history.at(-1)?.changes).toEqual(expect.arrayContaining([{ field: 'status', from: 'pledged', to: 'fulfilled' }]));

    // a click on a stale copy of the question (another device still shows the buttons) changes nothing and says so
    await h().slack.blockAction({
      userId: CONTACT,
      actionId: FollowUpActions.cancelled,
      blockId: FOLLOWUP_ANSWER_BLOCK,
      channelId: dm.channel,
      message: { ts: dm.ts, blocks: dm.call.args.blocks as unknown[] },
    });
    const reply = await h().fake.waitFor('response_url');
    expect(String(reply.args.text)).toContain('already answered');
    expect((await stored(id)).status).toBe('fulfilled');
  });

  it('"partly" opens a modal asking how many; a bad number is refused inline; the answer is recorded and shown', async () => {
    const id = await record(conEd, 5, { startDate: '2026-10-20' }); // no end date: the start date is the target
    await runTick(DUE);
    const dm = dmTo(CONTACT);

    await click(CONTACT, dm, FollowUpActions.partly);
    const open = await h().fake.waitFor('views.open');
    expect(open.ok).toBe(true);
    const view = open.response?.view as { id: string; callback_id: string };
    expect(view.callback_id).toBe(FollowUpCallbacks.partly);
    expect(checkView(open.args.view)).toEqual([]);

    const bad = await h().slack.viewSubmission({
      userId: CONTACT,
      view: { id: view.id },
      values: { [FollowUpBlocks.quantity]: { [FollowUpBlocks.quantity]: '0' } },
    });
    expect(bad.json).toEqual({ response_action: 'errors', errors: { [FollowUpBlocks.quantity]: expect.stringContaining('at least 1') } });
    expect((await stored(id)).status).toBe('pledged');

    const good = await submitForm(h(), {
      userId: CONTACT,
      view: { id: view.id },
      values: { [FollowUpBlocks.quantity]: { [FollowUpBlocks.quantity]: '3' } },
    });
    expect(isSaving(good.res.json)).toBe(true);
    expect(good.shown?.title?.text).toBe('Thank you');
    expect(JSON.stringify(good.shown?.blocks)).toContain('3 of 5 students');
    const update = await h().fake.waitFor('chat.update');
    expect(update.args).toMatchObject({ channel: dm.channel, ts: dm.ts });
    expect(JSON.stringify(update.args.blocks)).toContain('reported it partly happened: 3 of 5 students');

    const c = await stored(id);
    expect(c).toMatchObject({ status: 'partially_fulfilled', fulfilledQuantity: 3 });
    expect(c.history.at(-1)).toMatchObject({ action: 'follow-up', by: CONTACT });
    expect(c.history.at(-1)?.changes).toEqual(expect.arrayContaining([{ field: 'fulfilledQuantity', from: 0, to: 3 }]));

    // Slack delivers the same submission again: nothing more is recorded, the modal still says thank you
    const updates = h().fake.callsTo('chat.update').length;
    const before = h().fake.callsTo('views.update').length;
    await h().slack.replay(good.res.request);
    const again = await h().fake.waitFor('views.update', () => h().fake.callsTo('views.update').length > before);
    expect(JSON.stringify(again.args.view)).toContain('3 of 5 students');
    expect(JSON.stringify(again.args.view)).not.toContain('Not saved');
    expect((await stored(id)).history).toHaveLength(c.history.length);
    expect(h().fake.callsTo('chat.update')).toHaveLength(updates);
  });

  it('asks the recording IEC when the partner has nobody in Slack; "rescheduled" moves the dates and the next follow-up', async () => {
    const id = await record(quiet, 4, { startDate: '2026-10-05', endDate: '2026-10-20' });
    await runTick(DUE);
    const dm = dmTo(ADMIN);
    expect(JSON.stringify(dm.call.args.blocks)).toContain('has no contact in Slack, so I am asking you');

    await click(ADMIN, dm, FollowUpActions.rescheduled);
    const open = await h().fake.waitFor('views.open');
    const view = open.response?.view as { id: string };
    expect(checkView(open.args.view)).toEqual([]);

    const past = await h().slack.viewSubmission({
      userId: ADMIN,
      view: { id: view.id },
      values: { [FollowUpBlocks.startDate]: { [FollowUpBlocks.startDate]: '2026-10-01' } },
    });
    expect(past.json?.errors).toEqual({ [FollowUpBlocks.startDate]: 'The new date cannot be in the past.' });

    const backwards = await h().slack.viewSubmission({
      userId: ADMIN,
      view: { id: view.id },
      values: {
        [FollowUpBlocks.startDate]: { [FollowUpBlocks.startDate]: '2026-11-10' },
        [FollowUpBlocks.endDate]: { [FollowUpBlocks.endDate]: '2026-11-09' },
      },
    });
    expect(backwards.json?.errors).toEqual({ [FollowUpBlocks.endDate]: 'The last day cannot be before the first.' });

    await submitForm(h(), {
      userId: ADMIN,
      view: { id: view.id },
      values: {
        [FollowUpBlocks.startDate]: { [FollowUpBlocks.startDate]: '2026-11-10' },
        [FollowUpBlocks.endDate]: { [FollowUpBlocks.endDate]: '2026-11-12' },
      },
    });
    const update = await h().fake.waitFor('chat.update');
    expect(JSON.stringify(update.args.blocks)).toContain('said it was rescheduled to');
    const c = await stored(id);
    expect(c).toMatchObject({ status: 'pledged', startDate: '2026-11-10', endDate: '2026-11-12' });
    expect(c.history.at(-1)).toMatchObject({ action: 'follow-up', by: ADMIN });

    // the old question is stale now; the new date gets its own, once
    const next = await followUpSource.plan(
      { from: new Date('2026-11-13T00:00:00Z'), to: new Date('2026-11-14T00:00:00Z') },
      { now: DUE, timeZone: NY },
    );
    expect(next.map((n) => n.key)).toEqual([followUpKey(id, '2026-11-12')]);
    const old = await followUpSource.render(
      {
        key: followUpKey(id, '2026-10-20'),
        kind: 'followup',
        dueAt: DUE,
        expiresAt: DUE,
        recipient: { user: ADMIN },
        ref: { commitmentId: id, targetDate: '2026-10-20' },
      },
      { now: DUE, timeZone: NY },
    );
    expect(old).toEqual({ skip: 'its date changed to 2026-11-12; it will be asked after that' });
  });

  it('refuses a stranger, changing nothing; "cancelled" from an IEC is recorded', async () => {
    const id = await record(conEd, 2, { startDate: '2026-10-20', endDate: '2026-10-20' });
    await runTick(DUE);
    const dm = dmTo(CONTACT);

    await click(STRANGER, dm, FollowUpActions.fulfilled);
    const refusal = await h().fake.waitFor('response_url');
    expect(refusal.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(refusal.args.text)).toContain('only contacts of *Con Edison* and IECs can answer this');
    await click(STRANGER, dm, FollowUpActions.partly);
    await h().fake.waitForNext('response_url');
    expect(h().fake.callsTo('views.open')).toHaveLength(0);
    expect(h().fake.callsTo('chat.update')).toHaveLength(0);
    const untouched = await stored(id);
    expect(untouched.status).toBe('pledged');
    expect(untouched.history).toHaveLength(1);

    await click(ADMIN, dm, FollowUpActions.cancelled);
    const update = await h().fake.waitFor('chat.update');
    expect(JSON.stringify(update.args.blocks)).toContain(`<@${ADMIN}> said it was cancelled`);
    expect(await stored(id)).toMatchObject({ status: 'cancelled' });
  });

  it('does not ask about commitments already fulfilled or cancelled, nor before the day after their date', async () => {
    const open = await record(conEd, 1, { startDate: '2026-10-20' });
    const done = await record(conEd, 1, { startDate: '2026-10-20' });
    await CommitmentModel.updateOne({ _id: done }, { status: 'fulfilled' });
    await record(conEd, 1, { startDate: '2026-10-21' });
    const planned = await followUpSource.plan({ from: new Date('2026-10-19T00:00:00Z'), to: DUE }, { now: DUE, timeZone: NY });
    expect(planned).toEqual([
      expect.objectContaining({
        key: followUpKey(open, '2026-10-20'),
        dueAt: DUE,
        recipient: { user: CONTACT },
        commissionKey: 'construction',
      }),
    ]);
  });
});
