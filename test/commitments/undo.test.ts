import type { Types } from 'mongoose';
import { ACTION, BLOCK, CALLBACK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { createCommitment } from '../../src/commitments/service';
import { checkTotals, commitmentTotals } from '../../src/commitments/totals';
import { checkMessage } from '../support/fake-slack/limits';
import type { FakeSlackCall } from '../support/fake-slack';
import { submitForm } from '../support/forms';
import { useHarness } from '../support/harness';
import { ADMIN, input, LEAD, seedBasics, type Seeded } from './fixtures';

/**
 * Undo, through signed requests: the confirmation of a change (status, fulfilment, edit) carries an Undo button
 * for its author for 15 minutes, in the DM and where they acted; Undo puts the previous values back with a new
 * history entry, and refuses — saying who changed what — when the commitment changed since.
 */

const NOW = new Date('2026-09-15T14:00:00Z');

type Block = { type: string; block_id?: string; elements?: Array<{ action_id?: string; value?: string; text?: unknown }> };
type Message = { text?: string; blocks?: Block[] };

let seeded: Seeded;
let commitmentId: Types.ObjectId;

const h = useHarness({
  now: NOW,
  admins: [ADMIN],
  seed: async () => {
    seeded = await seedBasics();
    const lead = { userId: LEAD, isAdmin: false, leads: ['construction'], partnerIds: [] };
    // recorded a day earlier, through the write path (so the totals rollup holds it)
    // (it happened already: a commitment that has not started cannot be marked fulfilled)
    const created = await createCommitment(
      input(seeded, { quantity: 12, startDate: '2026-09-01', endDate: '2026-09-12' }),
      lead,
      new Date('2026-09-14T14:00:00Z'),
    );
    commitmentId = created.commitment._id;
  },
});

const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);

function undoValue(m: Message): string | undefined {
  return m.blocks?.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION.undo)?.value;
}

/** Changes the status through the list's select; returns the DM confirmation (and checks the reply where they acted). */
async function changeStatus(status: string, userId = LEAD): Promise<{ dm: FakeSlackCall; here: FakeSlackCall }> {
  const dms = h().fake.callsTo('chat.postMessage').filter(dmTo(userId)).length;
  const replies = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId,
    ephemeral: true,
    type: 'static_select',
    actionId: ACTION.status,
    blockId: 'any',
    selectedOption: `${commitmentId}:${status}`,
  });
  const here = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > replies);
  const dm = await h().fake.waitFor('chat.postMessage', () => h().fake.callsTo('chat.postMessage').filter(dmTo(userId)).length > dms);
  return { dm, here };
}

/** Presses Undo on a DM confirmation; returns what the app answered through the message's response_url. */
async function pressUndo(dm: FakeSlackCall, userId = LEAD): Promise<Message & { replace_original?: boolean }> {
  const before = h().fake.callsTo('response_url').length;
  const ts = String(dm.response?.ts);
  await h().slack.blockAction({
    userId,
    actionId: ACTION.undo,
    blockId: BLOCK.confirmationActions,
    channelId: String(dm.args.channel),
    message: { ts },
  });
  const answer = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  return answer.args as Message & { replace_original?: boolean };
}

it('a status change is undone from its DM: previous values back, a new history entry, totals as a recount, the DM replaced', async () => {
  const { dm, here } = await changeStatus('fulfilled');
  const value = undoValue(dm.args as Message);
  expect(value).toBe(`${commitmentId}:1`);
  // where the person acted too, and both within Slack's limits
  expect(undoValue(here.args as Message)).toBe(value);
  expect(checkMessage(dm.args as never)).toEqual([]);
  expect(JSON.stringify(dm.args.blocks)).toContain('You can undo this for 15 minutes.');
  expect((await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType[0].counts.fulfilled).toBe(1);

  h().setNow(new Date(NOW.getTime() + 10 * 60_000));
  const undone = await pressUndo(dm);
  expect(undone.replace_original).toBe(true);
  expect(undone.text).toContain('Undone');
  expect(JSON.stringify(undone.blocks)).toContain('*Status:* Pledged');
  expect(undoValue(undone)).toBeUndefined();

  const stored = await CommitmentModel.findById(commitmentId).lean();
  expect(stored).toMatchObject({ status: 'pledged', fulfilledQuantity: 0, revision: 2 });
  expect(stored?.fulfilledAt).toBeUndefined();
  expect(stored?.history.map((e) => e.action)).toEqual(['created', 'status', 'undo']);
  expect(stored?.history.at(-1)).toMatchObject({ by: LEAD, source: 'status', at: new Date(NOW.getTime() + 10 * 60_000) });
  expect(stored?.history.at(-1)?.changes).toEqual(
    expect.arrayContaining([
      { field: 'status', from: 'fulfilled', to: 'pledged' },
      { field: 'fulfilledQuantity', from: 12, to: 0 },
    ]),
  );
  const totals = (await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType[0];
  expect(totals.counts).toMatchObject({ pledged: 1, fulfilled: 0 });
  expect(totals.fulfilled).toBe(0);
  expect(await checkTotals()).toBe(0);

  // the DM lost its button; the same Undo pressed again on the copy where they acted changes nothing
  expect(undoValue(h().fake.message(String(dm.args.channel), String(dm.response?.ts)) as Message)).toBeUndefined();
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.undo, blockId: BLOCK.confirmationActions, value });
  const again = (await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before)).args as Message;
  expect(again.text).toContain('You have undone this change already');
  expect((await CommitmentModel.findById(commitmentId).lean())?.revision).toBe(2);
});

it('refuses when someone changed the commitment since, saying who and what, and changes nothing', async () => {
  const { dm } = await changeStatus('confirmed');
  // an administrator records the fulfilment meanwhile
  const { dm: adminDm } = await changeStatus('fulfilled', ADMIN);
  expect(undoValue(adminDm.args as Message)).toBe(`${commitmentId}:2`);

  const refused = await pressUndo(dm);
  expect(refused.text).toContain('changed since');
  expect(refused.text).toContain(`<@${ADMIN}> (status: status, fulfilledQuantity, fulfilledAt)`);
  expect(refused.text).toContain('did not undo your change');
  const stored = await CommitmentModel.findById(commitmentId).lean();
  expect(stored).toMatchObject({ status: 'fulfilled', revision: 2 });
  expect(stored?.history).toHaveLength(3);
});

it('is only for the author and only for 15 minutes', async () => {
  const { dm } = await changeStatus('confirmed');
  const other = await pressUndo(dm, ADMIN);
  expect(other.text).toContain(`Only <@${LEAD}>, who made this change, can undo it`);

  h().setNow(new Date(NOW.getTime() + 16 * 60_000));
  const late = await pressUndo(dm);
  expect(late.text).toContain('Undo is possible for 15 minutes after a change');
  expect(await CommitmentModel.findById(commitmentId).lean()).toMatchObject({ status: 'confirmed', revision: 1 });
});

it('an edit made in the form is undone from the reply where the person acted: every field it changed comes back', async () => {
  await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.edit, blockId: 'any', value: String(commitmentId) });
  const opened = await h().fake.waitFor('views.open');
  const view = opened.response?.view as { id: string; callback_id: string };
  expect(view.callback_id).toBe(CALLBACK.form);
  await submitForm(h(), {
    userId: LEAD,
    view: { id: view.id },
    values: {
      [BLOCK.quantity]: { [ACTION.quantity]: '20' },
      [BLOCK.notes]: { [ACTION.notes]: 'Two cohorts' },
      [BLOCK.schools]: { [ACTION.schools]: [String(seeded.school2)] },
    },
  });
  expect(await CommitmentModel.findById(commitmentId).lean()).toMatchObject({ quantity: 20, notes: 'Two cohorts' });
  const here = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Commitment updated'));
  const value = undoValue(here.args as Message);
  expect(value).toBe(`${commitmentId}:1`);
  const dm = await h().fake.waitFor('chat.postMessage', dmTo(LEAD));
  expect(undoValue(dm.args as Message)).toBe(value);

  // pressed on the ephemeral reply
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.undo, blockId: BLOCK.confirmationActions, value });
  const undone = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  expect(undone.args.text).toContain('Undone');
  const stored = await CommitmentModel.findById(commitmentId).lean();
  expect(stored).toMatchObject({ quantity: 12, notes: 'Summer cohort', revision: 2 });
  expect(stored?.schoolIds.map(String)).toEqual([String(seeded.school)]);
  expect((await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType[0].pledged).toBe(12);
  expect(await checkTotals()).toBe(0);
});

it('a button value that is not ours is refused plainly', async () => {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId: LEAD,
    ephemeral: true,
    actionId: ACTION.undo,
    blockId: BLOCK.confirmationActions,
    value: 'nonsense',
  });
  const answer = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  expect(answer.args.text).toContain('That Undo button is out of date');
});
