import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import type { FakeEphemeral, FakeSlackCall } from '../support/fake-slack';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import { submitForm } from '../support/forms';
import { useHarness } from '../support/harness';
import { events } from '../support/slack-requests';
import { viewOf } from '../support/views';
import { CONTACT, LEAD, seedBasics, storedFields, type Seeded } from './fixtures';

/**
 * "Record fulfilment" is offered only while a fulfilment can still be recorded: not on a commitment that is fully
 * fulfilled or cancelled (in lists and on Home), and a button drawn before it changed is answered with the reason.
 */

const NOW = new Date('2026-10-15T14:00:00Z');

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Array<{ action_id?: string; value?: string }>;
}

/** The action ids of the buttons offered for commitment `id`. */
const buttonsFor = (blocks: unknown, id: unknown): string[] =>
  ((blocks ?? []) as Block[]).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).filter((e) => e.value === String(id)).map((e) => String(e.action_id)) : [],
  );

describe('Record fulfilment is offered only while it can be recorded', () => {
  let seeded: Seeded;
  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
    },
  });
  const next = (method: string, since: number, match: (c: FakeSlackCall) => boolean = () => true) =>
    h().fake.waitFor(method, (c) => h().fake.calls.indexOf(c) >= since && match(c), 15_000);
  const theList = (): FakeEphemeral => {
    const list = h()
      .fake.ephemerals(LEAD)
      .find((e) => e.text.startsWith('Commitments for'));
    if (!list) throw new Error('no list among the ephemerals');
    return list;
  };

  it('lists and Home leave it out for fulfilled and cancelled ones; fulfilling from the list takes it away; a stale button says why', async () => {
    const make = (status: string, over: Record<string, unknown> = {}) =>
      CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison', { status, startDate: '2026-10-01', ...over }));
    const confirmed = await make('confirmed');
    const partly = await make('partially_fulfilled', { fulfilledQuantity: 4 });
    const fulfilled = await make('fulfilled', { fulfilledQuantity: 12 });
    const cancelled = await make('cancelled');

    await h().slack.command('/iec', 'commitments con edison', { userId: LEAD });
    await h().fake.waitFor('response_url', () => true, 15_000);
    const list = theList();
    expect(checkMessage({ text: list.text, blocks: list.blocks })).toEqual([]);
    expect(buttonsFor(list.blocks, confirmed._id)).toContain(ACTION.fulfil);
    expect(buttonsFor(list.blocks, partly._id)).toContain(ACTION.fulfil);
    expect(buttonsFor(list.blocks, fulfilled._id)).not.toContain(ACTION.fulfil);
    expect(buttonsFor(list.blocks, cancelled._id)).not.toContain(ACTION.fulfil);
    // Edit stays: it corrects a fulfilled one
    expect(buttonsFor(list.blocks, fulfilled._id)).toContain(ACTION.edit);

    // the partner contact's Home
    let since = h().fake.calls.length;
    await h().slack.event(events.appHomeOpened(CONTACT));
    const home = await next('views.publish', since, (c) => c.args.user_id === CONTACT);
    expect(checkView(home.args.view)).toEqual([]);
    const homeBlocks = (home.args.view as { blocks: unknown }).blocks;
    expect(buttonsFor(homeBlocks, confirmed._id)).toContain(ACTION.fulfil);
    expect(buttonsFor(homeBlocks, fulfilled._id)).not.toContain(ACTION.fulfil);
    expect(buttonsFor(homeBlocks, cancelled._id)).not.toContain(ACTION.fulfil);

    // fulfilled in full from the list: the redrawn row no longer offers it
    const rowOf = (e: FakeEphemeral, id: unknown) =>
      ((e.blocks ?? []) as Block[]).find((b) => b.type === 'actions' && b.elements?.some((el) => el.value === String(id)))?.block_id;
    const onList = {
      userId: LEAD,
      ephemeral: true,
      channelId: list.channel,
      container: { type: 'message', message_ts: list.ts, channel_id: list.channel, is_ephemeral: true },
      responseUrl: h().fake.responseUrl('eph', { channelId: list.channel, userId: LEAD, ephemeralTs: list.ts }),
    };
    since = h().fake.calls.length;
    await h().slack.blockAction({
      ...onList,
      actionId: ACTION.fulfil,
      blockId: String(rowOf(list, confirmed._id)),
      value: String(confirmed._id),
    });
    const opened = await next('views.open', since);
    await submitForm(h(), { userId: LEAD, view: { id: viewOf(opened).id }, values: { [BLOCK.fulfilled]: { [ACTION.fulfilled]: '12' } } });
    await next('response_url', since, (c) => c.args.replace_original === true);
    await next('response_url', since, (c) => String(c.args.text).includes('Fulfilment recorded'));
    expect((await CommitmentModel.findById(confirmed._id).lean())?.status).toBe('fulfilled');
    const redrawn = theList();
    expect(redrawn.ts).toBe(list.ts);
    expect(buttonsFor(redrawn.blocks, confirmed._id)).not.toContain(ACTION.fulfil);
    expect(buttonsFor(redrawn.blocks, confirmed._id)).toContain(ACTION.edit);

    // a button drawn before: no form, the reason instead, nothing written
    for (const [c, reason] of [
      [fulfilled, 'is already fulfilled: there is nothing more to record'],
      [cancelled, 'is cancelled, so no fulfilment can be recorded'],
    ] as const) {
      since = h().fake.calls.length;
      await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.fulfil, blockId: 'row', value: String(c._id) });
      const answer = await next('response_url', since);
      expect(checkMessage(answer.args)).toEqual([]);
      expect(String(answer.args.text)).toContain(reason);
      expect(String(answer.args.text)).toContain('Con Edison');
    }
    expect(h().fake.callsTo('views.open')).toHaveLength(1);
    expect((await CommitmentModel.findById(cancelled._id).lean())?.status).toBe('cancelled');
  });
});
