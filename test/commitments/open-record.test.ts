import { CommitmentModel } from '../../src/commitments/model';
import { DeliverableActions, DeliverableBlocks } from '../../src/deliverables/ids';
import { DeliverableModel } from '../../src/deliverables/model';
import { PARTNER_ACTION } from '../../src/partners/ids';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import { submitForm } from '../support/forms';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';
import { changeStatusFromList, CONTACT, LEAD, seedBasics, storedFields, STRANGER, type Seeded } from './fixtures';

/** A confirmation names the record and has a button to it: the partner's card, the deliverable's details. */

const NOW = new Date('2026-10-15T14:00:00Z');

interface Element {
  type: string;
  action_id?: string;
  value?: string;
  text?: { text: string };
}

/** The buttons of a message as sent. */
function buttonsOf(message: { blocks?: unknown }): Element[] {
  const blocks = (message.blocks ?? []) as Array<{ type: string; elements?: Element[]; accessory?: Element }>;
  return blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.type === 'button');
}

describe('confirmations open the record', () => {
  let seeded: Seeded;
  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
    },
  });
  const next = (method: string, since: number, match: (c: FakeSlackCall) => boolean = () => true) =>
    h().fake.waitFor(method, (c) => h().fake.calls.indexOf(c) >= since && match(c), 15_000);

  it("a commitment's confirmation opens its partner's card, with the commitment in it; others are refused", async () => {
    const c = await CommitmentModel.create(
      storedFields(seeded.conEd, 'Con Edison', { type: 'guest_speaking', quantity: 4, unit: 'sessions' }),
    );

    const confirmation = await changeStatusFromList(h(), LEAD, c._id, 'confirmed');
    expect(checkMessage(confirmation.args)).toEqual([]);
    const open = buttonsOf(confirmation.args).find((b) => b.action_id === PARTNER_ACTION.open);
    expect(open?.text?.text).toBe('Open Con Edison');
    expect(open?.value).toBe(String(seeded.conEd));

    let since = h().fake.calls.length;
    await h().slack.blockAction({ userId: LEAD, actionId: PARTNER_ACTION.open, blockId: 'x', value: open!.value!, ephemeral: true });
    const card = await next('response_url', since);
    expect(checkMessage(card.args)).toEqual([]);
    const json = JSON.stringify(card.args.blocks);
    expect(json).toContain('"text":"Con Edison"');
    expect(json).toContain('Construction/Sustainability');
    expect(json).toContain('Guest speaking');
    expect(json).toContain('Confirmed');

    // the partner's own contact may open it; someone with no role may not
    since = h().fake.calls.length;
    await h().slack.blockAction({ userId: CONTACT, actionId: PARTNER_ACTION.open, blockId: 'x', value: open!.value!, ephemeral: true });
    expect(JSON.stringify((await next('response_url', since)).args.blocks)).toContain('Guest speaking');
    since = h().fake.calls.length;
    await h().slack.blockAction({ userId: STRANGER, actionId: PARTNER_ACTION.open, blockId: 'x', value: open!.value!, ephemeral: true });
    const refused = await next('response_url', since);
    expect(String(refused.args.text)).toContain(':lock:');
    expect(JSON.stringify(refused.args)).not.toContain('Guest speaking');
    // a button whose partner is gone says so
    since = h().fake.calls.length;
    await h().slack.blockAction({ userId: LEAD, actionId: PARTNER_ACTION.open, blockId: 'x', value: 'not-an-id', ephemeral: true });
    expect(String((await next('response_url', since)).args.text)).toContain('no longer exists');
  });

  it('"Deliverable added" is told where the person acted, with Open details', async () => {
    let since = h().fake.calls.length;
    await h().slack.command('/iec', 'deliverable add construction', { userId: LEAD });
    const opened = await next('views.open', since);
    since = h().fake.calls.length;
    const { shown } = await submitForm(h(), {
      userId: LEAD,
      view: { id: viewOf(opened).id },
      values: {
        [DeliverableBlocks.title]: { [DeliverableBlocks.title]: 'Externship plan' },
        [DeliverableBlocks.description]: { [DeliverableBlocks.description]: '' },
        [DeliverableBlocks.owner]: { [DeliverableBlocks.owner]: LEAD },
        [DeliverableBlocks.dueDate]: { [DeliverableBlocks.dueDate]: '2026-11-20' },
        [DeliverableBlocks.linkedTypes]: { [DeliverableBlocks.linkedTypes]: [] },
      } as never,
    });
    expect(shown?.title?.text).toBe('Deliverable added');
    const told = await next('response_url', since, (call) => String(call.args.text).includes('Externship plan'));
    expect(checkMessage(told.args)).toEqual([]);
    const d = await DeliverableModel.findOne().lean();
    const details = buttonsOf(told.args).find((b) => b.action_id === DeliverableActions.details);
    expect(details?.value).toBe(String(d?._id));

    since = h().fake.calls.length;
    await h().slack.blockAction({
      userId: LEAD,
      actionId: DeliverableActions.details,
      blockId: 'x',
      value: details!.value!,
      ephemeral: true,
    });
    const modal = await next('views.open', since);
    expect(modal.ok).toBe(true);
    expect(checkView(modal.args.view)).toEqual([]);
    expect(JSON.stringify(modal.args.view)).toContain('Externship plan');
  });
});
