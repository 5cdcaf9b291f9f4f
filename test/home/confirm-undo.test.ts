import { ACTION as COMMITMENT_ACTION, BLOCK as COMMITMENT_BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { changeStatus } from '../../src/commitments/service';
import { HOME_ACTION } from '../../src/home/ids';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { events } from '../support/slack-requests';
import { findBlockId } from '../support/blocks';
import { ADMIN, CONTACT, NOW, seedReportData, type Seeded } from '../reports/seed';

/**
 * Home's Confirm gets the Undo of the equivalent status change, through signed requests: the DM confirmation
 * carries Undo for its author for 15 minutes, and so does the commitment's row on the refreshed Home tab, where the
 * person acted. Undo puts the pledge back (history `undo`); after someone else's change it refuses, saying who.
 */

let seeded: Seeded;
const h = useHarness({
  now: NOW,
  admins: [ADMIN],
  seed: async () => {
    seeded = await seedReportData();
  },
});

const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);
const publishesTo = (userId: string) =>
  h()
    .fake.callsTo('views.publish')
    .filter((c) => c.args.user_id === userId);

async function openHome(): Promise<void> {
  const before = publishesTo(CONTACT).length;
  await h().slack.event(events.appHomeOpened(CONTACT));
  await h().fake.waitFor('views.publish', () => publishesTo(CONTACT).length > before, 15_000);
}

async function pressOnHome(actionId: string, value: string): Promise<void> {
  const view = h().fake.homeView(CONTACT)!;
  await h().slack.blockAction({
    userId: CONTACT,
    actionId,
    blockId: findBlockId(view.blocks, value, actionId),
    value,
    view: { id: view.id, type: 'home' },
  });
}

/** Confirms the contact's pledge on Home; the DM confirmation, once the Home tab was published again. */
async function confirmOnHome(): Promise<FakeSlackCall> {
  const id = seeded.pledgedByContact;
  const dms = h().fake.callsTo('chat.postMessage').filter(dmTo(CONTACT)).length;
  const published = publishesTo(CONTACT).length;
  await pressOnHome(HOME_ACTION.confirmCommitment, id);
  const dm = await h().fake.waitFor(
    'chat.postMessage',
    () => h().fake.callsTo('chat.postMessage').filter(dmTo(CONTACT)).length > dms,
    15_000,
  );
  await h().fake.waitFor('views.publish', () => publishesTo(CONTACT).length > published, 15_000);
  expect((await CommitmentModel.findById(id).lean())?.status).toBe('confirmed');
  return dm;
}

const undoValueOf = (blocks: unknown) =>
  (blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === COMMITMENT_ACTION.undo)?.value;

it('Confirm on Home is confirmed by DM with Undo, the row on Home carries Undo too, and Undo there puts the pledge back', async () => {
  await openHome();
  const id = seeded.pledgedByContact;
  expect(undoValueOf(h().fake.homeView(CONTACT)!.blocks)).toBeUndefined();
  const dm = await confirmOnHome();
  const revision = (await CommitmentModel.findById(id).lean())?.revision;
  expect(checkMessage(dm.args as never)).toEqual([]);
  expect(undoValueOf(dm.args.blocks)).toBe(`${id}:${revision}`);
  expect(JSON.stringify(dm.args.blocks)).toContain('You can undo this for 15 minutes.');
  // where they acted: the refreshed row
  expect(undoValueOf(h().fake.homeView(CONTACT)!.blocks)).toBe(`${id}:${revision}`);
  expect(() => findBlockId(h().fake.homeView(CONTACT)!.blocks, id, HOME_ACTION.confirmCommitment)).toThrow();

  const dms = h().fake.callsTo('chat.postMessage').filter(dmTo(CONTACT)).length;
  const published = publishesTo(CONTACT).length;
  await pressOnHome(COMMITMENT_ACTION.undo, `${id}:${revision}`);
  const told = await h().fake.waitFor(
    'chat.postMessage',
    () => h().fake.callsTo('chat.postMessage').filter(dmTo(CONTACT)).length > dms,
    15_000,
  );
  expect(String(told.args.text)).toContain('Undone: the commitment is back as it was');
  const back = await CommitmentModel.findById(id).lean();
  expect(back?.status).toBe('pledged');
  expect(back?.history.at(-1)).toMatchObject({ by: CONTACT, action: 'undo', source: 'status' });
  // Home again: Confirm is back, no Undo (an undo is not undone from here)
  // a refresh started before the undo may publish first: wait for the tab as the undo left it
  const confirmBack = () => {
    try {
      return Boolean(findBlockId(h().fake.homeView(CONTACT)?.blocks ?? [], id, HOME_ACTION.confirmCommitment));
    } catch {
      return false;
    }
  };
  await h().fake.waitFor('views.publish', () => publishesTo(CONTACT).length > published && confirmBack(), 15_000);
  expect(findBlockId(h().fake.homeView(CONTACT)!.blocks, id, HOME_ACTION.confirmCommitment)).toBeTruthy();
  expect(undoValueOf(h().fake.homeView(CONTACT)!.blocks)).toBeUndefined();
});

it('Undo of a Home Confirm refuses after someone else changed the commitment, saying who, and the row offers no Undo of another’s change', async () => {
  await openHome();
  const id = seeded.pledgedByContact;
  const dm = await confirmOnHome();
  await changeStatus(id, 'cancelled', { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] }, NOW);
  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId: CONTACT,
    actionId: COMMITMENT_ACTION.undo,
    blockId: COMMITMENT_BLOCK.confirmationActions,
    channelId: String(dm.args.channel),
    message: { ts: String(dm.response?.ts) },
  });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before, 15_000);
  expect(String(h().fake.callsTo('response_url').at(-1)?.args.text)).toContain(`This commitment was changed since, by <@${ADMIN}>`);
  expect((await CommitmentModel.findById(id).lean())?.status).toBe('cancelled');
  // the admin's change is not the contact's to undo: no Undo on the row
  await openHome();
  expect(undoValueOf(h().fake.homeView(CONTACT)!.blocks)).toBeUndefined();
});
