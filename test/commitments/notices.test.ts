import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';
import { LEAD, seedBasics, storedFields, type Seeded } from './fixtures';

/** What people read about a commitment names it as they do: the commission's name, the schools, the quantity. */

const NOW = new Date('2026-10-15T14:00:00Z');

describe('commitment lists and notices', () => {
  let seeded: Seeded;
  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
    },
  });
  const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);

  it('shows the commission by name, and the status and fulfilment notices name the schools', async () => {
    const c = await CommitmentModel.create(
      storedFields(seeded.conEd, 'Con Edison', { type: 'guest_speaking', quantity: 1, unit: 'sessions', schoolIds: [seeded.school] }),
    );
    await h().slack.command('/iec', 'commitments con edison', { userId: LEAD });
    const list = await h().fake.waitFor('response_url', () => true, 15_000);
    expect(checkMessage(list.args)).toEqual([]);
    const listed = JSON.stringify(list.args.blocks);
    expect(listed).toContain('Guest speaking: 1 session · Construction/Sustainability');
    expect(listed).not.toContain('· construction ·');

    await h().slack.blockAction({
      userId: LEAD,
      ephemeral: true,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'any',
      selectedOption: `${String(c._id)}:confirmed`,
    });
    const status = await h().fake.waitFor('response_url', (call) => JSON.stringify(call.args).includes('Status changed'), 15_000);
    expect(checkMessage(status.args)).toEqual([]);
    const statusText = JSON.stringify(status.args.blocks);
    expect(statusText).toContain('*Commission:* Construction/Sustainability');
    expect(statusText).toContain('*Schools:* Thomas Edison CTE High School');
    // the status change is also confirmed by DM
    await h().fake.waitFor('chat.postMessage', (call) => dmTo(LEAD)(call) && JSON.stringify(call.args).includes('Status changed'), 15_000);

    await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.fulfil, blockId: 'any', value: String(c._id) });
    const opened = await h().fake.waitFor('views.open', () => true, 15_000);
    await h().slack.viewSubmission({
      userId: LEAD,
      view: { id: viewOf(opened).id },
      values: { [BLOCK.fulfilled]: { [ACTION.fulfilled]: '1' } },
    });
    const dm = await h().fake.waitFor(
      'chat.postMessage',
      (call) => dmTo(LEAD)(call) && JSON.stringify(call.args).includes('Fulfilment recorded'),
      15_000,
    );
    expect(checkMessage(dm.args)).toEqual([]);
    const dmText = JSON.stringify(dm.args.blocks);
    expect(dmText).toContain('*Schools:* Thomas Edison CTE High School');
    expect(dmText).toContain('*Quantity:* 1 session');
  });

  it('the partner card names the commission of each commitment', async () => {
    await CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison'));
    await h().slack.command('/iec', 'partner show con edison', { userId: LEAD });
    const card = await h().fake.waitFor('response_url', () => true, 15_000);
    expect(checkMessage(card.args)).toEqual([]);
    expect(JSON.stringify(card.args.blocks)).toContain('12 students mentored · Construction/Sustainability · Pledged');
  });

  it('writes scholarships as money', async () => {
    await CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison', { type: 'scholarship', quantity: 2500, unit: 'dollars' }));
    await h().slack.command('/iec', 'commitments con edison', { userId: LEAD });
    const list = await h().fake.waitFor('response_url', () => true, 15_000);
    expect(JSON.stringify(list.args.blocks)).toContain('Scholarship: $2,500 · Construction/Sustainability');
  });
});
