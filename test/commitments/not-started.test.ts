import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage } from '../support/fake-slack/limits';
import { noticeOf, submitForm } from '../support/forms';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';
import { LEAD, seedBasics, storedFields, type Seeded } from './fixtures';

/** Fulfilment of a commitment that has not started yet is recorded only once the person confirms it. */

const NOW = new Date('2026-10-15T14:00:00Z');

describe('fulfilling a commitment that has not started', () => {
  let seeded: Seeded;
  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
    },
  });
  const later = () => CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison', { startDate: '2026-11-02' }));
  const next = (method: string, since: number, match: (c: FakeSlackCall) => boolean = () => true) =>
    h().fake.waitFor(method, (c) => h().fake.calls.indexOf(c) >= since && match(c), 15_000);

  it('the fulfilment form asks first, keeps what was typed, and records on "Record anyway"', async () => {
    const c = await later();
    await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.fulfil, blockId: 'any', value: String(c._id) });
    const opened = await h().fake.waitFor('views.open', () => true, 15_000);
    const viewId = viewOf(opened).id;
    const asked = await submitForm(h(), { userId: LEAD, view: { id: viewId }, values: { [BLOCK.fulfilled]: { [ACTION.fulfilled]: '5' } } });
    expect(noticeOf(asked.shown)).toContain('starts on');
    expect(noticeOf(asked.shown)).toContain('after today');
    expect(JSON.stringify(asked.shown)).toContain('Record anyway');
    expect(await CommitmentModel.findById(c._id).lean()).toMatchObject({ status: 'pledged' });
    expect(h().fake.callsTo('chat.postMessage')).toHaveLength(0);

    const saved = await submitForm(h(), { userId: LEAD, view: { id: viewId }, values: { [BLOCK.fulfilled]: { [ACTION.fulfilled]: '5' } } });
    expect(JSON.stringify(saved.shown?.blocks)).toContain('Partially fulfilled (5 delivered)');
    expect(await CommitmentModel.findById(c._id).lean()).toMatchObject({ status: 'partially_fulfilled', fulfilledQuantity: 5 });
  });

  it('the status select asks first, and "Mark it fulfilled anyway" marks it', async () => {
    const c = await later();
    await h().slack.blockAction({
      userId: LEAD,
      ephemeral: true,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'any',
      selectedOption: `${String(c._id)}:fulfilled`,
    });
    const question = await h().fake.waitFor('response_url', (call) => JSON.stringify(call.args).includes('anyway'), 15_000);
    expect(checkMessage(question.args)).toEqual([]);
    expect(JSON.stringify(question.args.blocks)).toContain('after today');
    expect(await CommitmentModel.findById(c._id).lean()).toMatchObject({ status: 'pledged' });

    // confirming or cancelling it needs no question
    const since = h().fake.calls.length;
    await h().slack.blockAction({
      userId: LEAD,
      ephemeral: true,
      actionId: ACTION.statusAnyway,
      blockId: 'any',
      value: `${String(c._id)}:fulfilled`,
    });
    const answer = await next('response_url', since, (call) => JSON.stringify(call.args).includes('Status changed'));
    expect(answer.args.replace_original).toBe(true);
    expect(checkMessage(answer.args)).toEqual([]);
    expect(await CommitmentModel.findById(c._id).lean()).toMatchObject({ status: 'fulfilled', fulfilledQuantity: 12 });

    const other = await later();
    const before = h().fake.calls.length;
    await h().slack.blockAction({
      userId: LEAD,
      ephemeral: true,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'any',
      selectedOption: `${String(other._id)}:confirmed`,
    });
    await next('response_url', before, (call) => JSON.stringify(call.args).includes('Status changed'));
    expect(await CommitmentModel.findById(other._id).lean()).toMatchObject({ status: 'confirmed' });
  });
});
