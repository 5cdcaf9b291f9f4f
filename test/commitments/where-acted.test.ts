import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import type { FakeEphemeral, FakeSlackCall } from '../support/fake-slack';
import { checkMessage } from '../support/fake-slack/limits';
import { submitForm } from '../support/forms';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';
import { LEAD, seedBasics, storedFields, type Seeded } from './fixtures';

/** A change made from a list is shown in that list: the page it was made on is redrawn in place. */

const NOW = new Date('2026-10-15T14:00:00Z');

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id?: string };
  elements?: Array<{ action_id?: string; value?: string }>;
}

describe('a list changed from its own controls', () => {
  let seeded: Seeded;
  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
    },
  });

  const theList = (): FakeEphemeral => {
    const list = h()
      .fake.ephemerals(LEAD)
      .find((e) => e.text.startsWith('Commitments for'));
    if (!list) throw new Error('no list among the ephemerals');
    return list;
  };
  const blocksOf = (e: FakeEphemeral) => (e.blocks ?? []) as Block[];
  const rowWith = (e: FakeEphemeral, actionId: string) => {
    const block = blocksOf(e).find((b) => b.accessory?.action_id === actionId || b.elements?.some((el) => el.action_id === actionId));
    if (!block?.block_id) throw new Error(`no row with ${actionId}`);
    return block.block_id;
  };
  /** A click on the ephemeral list: Slack sends no message, only the block and a response_url tied to it. */
  const onList = (e: FakeEphemeral) => ({
    userId: LEAD,
    ephemeral: true,
    channelId: e.channel,
    container: { type: 'message', message_ts: e.ts, channel_id: e.channel, is_ephemeral: true },
    responseUrl: h().fake.responseUrl('eph', { channelId: e.channel, userId: LEAD, ephemeralTs: e.ts }),
  });
  /** The next call to `method` after the first `since` calls. */
  const next = (method: string, since: number, match: (c: FakeSlackCall) => boolean = () => true) =>
    h().fake.waitFor(method, (c) => h().fake.calls.indexOf(c) >= since && match(c), 15_000);
  const replaced = (since = 0) => next('response_url', since, (c) => c.args.replace_original === true);

  it('redraws the page with the new status, fulfilment and edit, and still confirms naming the record', async () => {
    const c = await CommitmentModel.create(
      storedFields(seeded.conEd, 'Con Edison', { type: 'guest_speaking', quantity: 4, unit: 'sessions', schoolIds: [seeded.school] }),
    );
    await h().slack.command('/iec', 'commitments con edison', { userId: LEAD });
    await h().fake.waitFor('response_url', () => true, 15_000);
    const list = theList();
    expect(JSON.stringify(list.blocks)).toContain('Pledged');

    await h().slack.blockAction({
      ...onList(list),
      type: 'static_select',
      actionId: ACTION.status,
      blockId: rowWith(list, ACTION.status),
      selectedOption: `${String(c._id)}:confirmed`,
    });
    const redraw = await replaced();
    expect(checkMessage(redraw.args)).toEqual([]);
    const confirmation = await h().fake.waitFor('response_url', (call) => JSON.stringify(call.args).includes('Status changed'), 15_000);
    expect(JSON.stringify(confirmation.args.blocks)).toContain('*Schools:* Thomas Edison CTE High School');
    // the same ephemeral, now with the new status; no second list
    const afterStatus = theList();
    expect(afterStatus.ts).toBe(list.ts);
    expect(
      h()
        .fake.ephemerals(LEAD)
        .filter((e) => e.text.startsWith('Commitments for')),
    ).toHaveLength(1);
    expect(JSON.stringify(afterStatus.blocks)).toContain('· _Confirmed_');
    expect(JSON.stringify(afterStatus.blocks)).not.toContain('_Pledged_');

    let since = h().fake.calls.length;
    await h().slack.blockAction({
      ...onList(afterStatus),
      actionId: ACTION.fulfil,
      blockId: rowWith(afterStatus, ACTION.fulfil),
      value: String(c._id),
    });
    const opened = await next('views.open', since);
    const saved = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewOf(opened).id },
      values: { [BLOCK.fulfilled]: { [ACTION.fulfilled]: '3' } },
    });
    expect(JSON.stringify(saved.shown?.blocks)).toContain('Partially fulfilled (3 delivered)');
    const redrawn = await replaced(since);
    expect(checkMessage(redrawn.args)).toEqual([]);
    const afterFulfil = theList();
    expect(afterFulfil.ts).toBe(list.ts);
    expect(JSON.stringify(afterFulfil.blocks)).toContain('· _Partially fulfilled');

    since = h().fake.calls.length;
    await h().slack.blockAction({
      ...onList(afterFulfil),
      actionId: ACTION.edit,
      blockId: rowWith(afterFulfil, ACTION.edit),
      value: String(c._id),
    });
    const edit = await next('views.open', since);
    await submitForm(h(), { userId: LEAD, view: { id: viewOf(edit).id }, values: { [BLOCK.quantity]: { [ACTION.quantity]: '6' } } });
    await replaced(since);
    const afterEdit = theList();
    expect(afterEdit.ts).toBe(list.ts);
    expect(JSON.stringify(afterEdit.blocks)).toContain('Guest speaking: 6 sessions');
  });
});
