import { ACTION as COMMITMENT_ACTION, BLOCK as COMMITMENT_BLOCK } from '../../src/commitments/ids';
import { submitForm } from '../support/forms';
import { CommissionModel } from '../../src/commissions/model';
import { CommitmentModel } from '../../src/commitments/model';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { HOME_ACTION } from '../../src/home/ids';
import { HomeViewerModel } from '../../src/home/model';
import { HOME_REFRESH_WINDOW_DAYS } from '../../src/home/refresh';
import type { FakeSlackCall } from '../support/fake-slack';
import { events } from '../support/slack-requests';
import { findBlockId } from '../support/blocks';
import { useHarness } from '../support/harness';
import { ADMIN, CONTACT, LEAD, NOW, seedReportData, type Seeded } from '../reports/seed';
import { viewOf } from '../support/views';

/** A second lead of healthcare who never opens the Home tab. */
const QUIET_LEAD = 'ULEAD00002';
const DAY = 24 * 60 * 60 * 1000;

describe('buttons pressed on the Home tab, and Home tabs kept current', () => {
  let seeded: Seeded;

  const h = useHarness({
    now: NOW,
    admins: [ADMIN],
    seed: async () => {
      h().logger.lines.length = 0;
      seeded = await seedReportData();
      await CommissionModel.updateOne({ key: 'healthcare' }, { $push: { leads: QUIET_LEAD } });
    },
  });

  const publishesTo = (userId: string) =>
    h()
      .fake.callsTo('views.publish')
      .filter((c) => c.args.user_id === userId);
  const dmTo = (userId: string) => (c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(userId);
  const homeJson = (userId: string) => JSON.stringify(h().fake.homeView(userId)?.blocks ?? []);

  /** Opens the Home tab as `userId` and returns the view Slack holds. */
  async function openHome(userId: string) {
    const before = publishesTo(userId).length;
    await h().slack.event(events.appHomeOpened(userId));
    await h().fake.waitFor('views.publish', (c) => c.args.user_id === userId && publishesTo(userId).length > before, 15_000);
    return h().fake.homeView(userId)!;
  }

  /** Presses the button with `value` (and `actionId`) on `userId`'s Home tab: a view container, no response_url. */
  async function pressOnHome(userId: string, actionId: string, value: string, blockOf = value) {
    const view = h().fake.homeView(userId)!;
    const res = await h().slack.blockAction({
      userId,
      actionId,
      blockId: findBlockId(view.blocks, blockOf),
      value,
      view: { id: view.id, type: 'home' },
    });
    expect(res.status).toBe(200);
    expect(res.sent).not.toHaveProperty('response_url');
    expect(res.sent.container).toMatchObject({ type: 'view' });
  }

  /** Waits until `userId`'s Home tab was published `count` times in all. */
  const publishedTimes = (userId: string, count: number) =>
    h().fake.waitFor('views.publish', () => publishesTo(userId).length >= count, 10_000);

  it('a status change pressed on the Home tab refreshes the Home tabs of those who opened theirs, and no one else', async () => {
    await openHome(CONTACT);
    await openHome(LEAD);
    const id = seeded.pledgedByContact;
    expect(homeJson(LEAD)).toContain('*Teacher externship*: 2 pledged');

    await pressOnHome(CONTACT, HOME_ACTION.confirmCommitment, id);
    await publishedTimes(CONTACT, 2);
    await publishedTimes(LEAD, 2);

    expect((await CommitmentModel.findById(id).lean())?.status).toBe('confirmed');
    // the contact's tab: the pledge is confirmed, so its Confirm button is gone
    const contactHome = h().fake.homeView(CONTACT)!;
    expect(() => findBlockId(contactHome.blocks, id, HOME_ACTION.confirmCommitment)).toThrow();
    expect(homeJson(CONTACT)).toContain('_Confirmed_');
    // the other lead never opened the Home tab; the administrator is not concerned
    expect(publishesTo(QUIET_LEAD)).toEqual([]);
    expect(publishesTo(ADMIN)).toEqual([]);
    expect(h().fake.callsTo('response_url')).toEqual([]);
    expect(h().logger.errors()).toEqual([]);
  });

  it('record fulfilment from the Home tab: its modal opens, and saving it refreshes the tab', async () => {
    await openHome(CONTACT);
    const id = seeded.pledgedByContact;
    const before = h().fake.callsTo('views.open').length;
    await pressOnHome(CONTACT, COMMITMENT_ACTION.fulfil, id);
    const opened = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before, 10_000);
    expect(opened.ok).toBe(true);

    const viewId = viewOf(opened).id;
    const fulfil = () =>
      submitForm(h(), {
        userId: CONTACT,
        view: { id: viewId },
        values: { [COMMITMENT_BLOCK.fulfilled]: { [COMMITMENT_ACTION.fulfilled]: '2' } },
      });
    // it starts after today (2027): the form asks first, then "Record anyway" records it
    expect(JSON.stringify((await fulfil()).shown?.blocks)).toContain('after today');
    const { shown } = await fulfil();
    expect(JSON.stringify(shown?.blocks)).toContain('Fulfilment recorded');
    await publishedTimes(CONTACT, 2);
    expect((await CommitmentModel.findById(id).lean())?.status).toBe('fulfilled');
    expect(homeJson(CONTACT)).toContain('_Fulfilled_');
    expect(h().logger.errors()).toEqual([]);
  });

  it.each([
    ['record fulfilment', COMMITMENT_ACTION.fulfil],
    ['edit', COMMITMENT_ACTION.edit],
    ['confirm', HOME_ACTION.confirmCommitment],
  ])('an error from %s on the Home tab reaches the person by DM, not as a thrown error', async (_name, actionId) => {
    await openHome(CONTACT);
    const other = await CommitmentModel.findOne({ partnerId: seeded.awkward }).lean();
    // a forged value: another organisation's commitment, on a button of the contact's own row
    await pressOnHome(CONTACT, actionId, String(other!._id), seeded.pledgedByContact);
    const dm = await h().fake.waitFor('chat.postMessage', dmTo(CONTACT), 10_000);
    expect(dm.ok).toBe(true);
    expect(String(dm.args.text)).toContain('only act for your own organisation');
    expect(h().fake.callsTo('views.open')).toEqual([]);
    expect(h().logger.text()).not.toMatch(/unhandled error|respond is not a function/);
  });

  it('an answered request pressed again on the Home tab is told by DM', async () => {
    await openHome(CONTACT);
    const request = await CommitmentRequestModel.findOne({ contactUserId: CONTACT }).lean();
    const view = h().fake.homeView(CONTACT)!;
    await CommitmentRequestModel.updateOne({ _id: request!._id }, { $set: { status: 'answered' } });
    await h().slack.blockAction({
      userId: CONTACT,
      actionId: COMMITMENT_ACTION.openRequest,
      blockId: findBlockId(view.blocks, String(request!._id)),
      view: { id: view.id, type: 'home' },
    });
    const dm = await h().fake.waitFor('chat.postMessage', dmTo(CONTACT), 10_000);
    expect(String(dm.args.text)).toContain('You already answered this request');
    expect(h().fake.callsTo('views.open')).toEqual([]);
  });

  it('a Home tab that cannot be published does not undo or break the change', async () => {
    await openHome(CONTACT);
    h().fake.fail('views.publish', { error: 'internal_error' }, 1);
    await pressOnHome(CONTACT, HOME_ACTION.confirmCommitment, seeded.pledgedByContact);
    await until(() =>
      h()
        .logger.errors()
        .some((e) => e.includes(`could not publish the Home tab of ${CONTACT}`)),
    );
    expect(
      h()
        .fake.callsTo('views.publish')
        .filter((c) => !c.ok),
    ).toHaveLength(1);
    expect((await CommitmentModel.findById(seeded.pledgedByContact).lean())?.status).toBe('confirmed');
    // nothing went wrong for the person: no error message, only the confirmation (with its Undo) by DM
    const dms = h().fake.callsTo('chat.postMessage');
    expect(dms).toHaveLength(1);
    expect(String(dms[0].args.text)).not.toMatch(/wrong|try again/i);
    expect(JSON.stringify(dms[0].args.blocks)).toContain('commitment_undo');
  });

  it(`records who opened the Home tab, and leaves tabs not opened for ${HOME_REFRESH_WINDOW_DAYS} days alone`, async () => {
    await openHome(CONTACT);
    expect(await HomeViewerModel.findById(CONTACT).lean()).toMatchObject({ lastOpenedAt: NOW });
    // the lead opened theirs long ago
    await HomeViewerModel.create({ _id: LEAD, lastOpenedAt: new Date(NOW.getTime() - (HOME_REFRESH_WINDOW_DAYS + 1) * DAY) });
    await pressOnHome(CONTACT, HOME_ACTION.confirmCommitment, seeded.pledgedByContact);
    await publishedTimes(CONTACT, 2);
    expect(publishesTo(LEAD)).toEqual([]);
  });

  it('a deliverable marked done on the Home tab refreshes the leads who look at theirs', async () => {
    await openHome(LEAD);
    await openHome(ADMIN);
    const id = String(seeded.overdueDeliverable);
    await pressOnHome(ADMIN, HOME_ACTION.deliverableDone, id);
    await publishedTimes(ADMIN, 2);
    await publishedTimes(LEAD, 2);
    expect(homeJson(LEAD)).not.toContain('Externship report for the state');
    expect(publishesTo(QUIET_LEAD)).toEqual([]);
  });
});

/** Waits until `condition` holds (for outcomes no successful Slack call marks). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
