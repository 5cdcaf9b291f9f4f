import { forgetAccountStatuses } from '../../src/access';
import { CommitmentModel } from '../../src/commitments/model';
import { DeliverableModel } from '../../src/deliverables/model';
import { HOME_ACTION } from '../../src/home/ids';
import { events } from '../support/slack-requests';
import { validateView } from '../support/fake-slack';
import { checkView } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';
import { findBlockId } from '../support/blocks';
import { ADMIN, CONTACT, LEAD, NOW, STRANGER, seedReportData, type Seeded } from '../reports/seed';

describe('App Home', () => {
  let seeded: Seeded;

  const h = useHarness({
    now: NOW,
    admins: [ADMIN],
    seed: async () => {
      seeded = await seedReportData();
    },
  });

  /** Opens the Home tab as `userId` and returns the view Slack accepted. */
  async function openHome(userId: string) {
    const before = h().fake.callsTo('views.publish').length;
    await h().slack.event(events.appHomeOpened(userId));
    const call = await h().fake.waitFor(
      'views.publish',
      (c) => c.args.user_id === userId && h().fake.callsTo('views.publish').length > before,
      15_000,
    );
    expect(call.ok).toBe(true);
    const view = h().fake.homeView(userId)!;
    expect(validateView(call.args.view)).toEqual([]);
    expect(checkView(call.args.view)).toEqual([]);
    return { view, json: JSON.stringify(view.blocks) };
  }

  it('shows a lead their commission: totals against targets from the rollup, deliverables, meetings, partners needing attention', async () => {
    const { json } = await openHome(LEAD);
    expect(json).toContain('Healthcare (healthcare)');
    expect(json).not.toContain('Construction (construction)');
    expect(json).toContain('*Mentoring*: 35 pledged of a target of 100, 20 fulfilled');
    expect(json).toContain('Externship report for the state');
    expect(json).toContain('Spring commission meeting');
    expect(json).toContain('Acme Health'); // quiet for 90 days
    expect(json).toContain('were due'); // the February mentoring pledge has no answer
    for (const id of Object.values(HOME_ACTION).slice(0, 4)) expect(json).toContain(id);
  });

  it('shows an administrator every active commission', async () => {
    const { json } = await openHome(ADMIN);
    expect(json).toContain('Healthcare (healthcare)');
    expect(json).toContain('Construction (construction)');
  });

  it("flags, on an administrator's Home, the deliverables whose owner's Slack account is deactivated (#14)", async () => {
    forgetAccountStatuses();
    h().fake.addUser({ id: LEAD, name: 'lead', deleted: true });
    h().fake.addUser({ id: ADMIN, name: 'admin' });
    const flag = `:warning: <@${LEAD}>'s Slack account is deactivated: \`/iec reassign <@${LEAD}> @someone\` hands their work over`;
    const row = (json: string, title: string) =>
      (JSON.parse(json) as Array<{ text?: { text?: string } }>).find((b) => b.text?.text?.includes(title))?.text?.text;
    const { json } = await openHome(ADMIN);
    expect(row(json, 'Externship report for the state')).toContain(flag);
    expect(row(json, 'Construction only deliverable')).not.toContain('deactivated');
    // the lead's own Home (were they still signed in) says nothing of it: it is for the administrators to act on
    expect((await openHome(LEAD)).json).not.toContain('deactivated');
  });

  it("shows a partner contact their organisation's commitments with buttons, and the open request", async () => {
    const { json } = await openHome(CONTACT);
    expect(json).toContain('HYPERLINK');
    expect(json).not.toContain('Smith, Jones');
    expect(json).toContain('commitment_request_open');
    expect(json).toContain(HOME_ACTION.confirmCommitment);
    expect(json).toContain('commitment_fulfil');
  });

  it.each([
    [HOME_ACTION.recordCommitment, 'commitment_form'],
    [HOME_ACTION.addPartner, 'partner_form'],
    [HOME_ACTION.scheduleMeeting, 'meeting_schedule'],
    [HOME_ACTION.addDeliverable, 'deliverable_add'],
  ])('opens the form of the common action %s', async (actionId, callbackId) => {
    const { view } = await openHome(LEAD);
    const before = h().fake.callsTo('views.open').length;
    await h().slack.blockAction({ userId: LEAD, actionId, blockId: 'home_common_actions', view: { id: view.id, type: 'home' } });
    const opened = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before, 10_000);
    expect(opened.ok).toBe(true);
    expect((opened.args.view as { callback_id?: string }).callback_id).toBe(callbackId);
  });

  it('tells anyone else what the app is for and how to get access', async () => {
    const { json } = await openHome(STRANGER);
    expect(json).toContain('How to get access');
  });

  it('ignores the Messages tab', async () => {
    await h().slack.event(events.appHomeOpened(LEAD, { tab: 'messages' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(h().fake.callsTo('views.publish')).toEqual([]);
  });

  it('marks a deliverable done from the Home tab and refreshes it', async () => {
    const { view } = await openHome(LEAD);
    const id = String(seeded.overdueDeliverable);
    const before = h().fake.callsTo('views.publish').length;
    await h().slack.blockAction({
      userId: LEAD,
      actionId: HOME_ACTION.deliverableDone,
      blockId: findBlockId(view.blocks, id),
      value: id,
      view: { id: view.id, type: 'home' },
    });
    await h().fake.waitFor('views.publish', () => h().fake.callsTo('views.publish').length > before, 10_000);
    expect((await DeliverableModel.findById(id).lean())?.status).toBe('done');
    expect(JSON.stringify(h().fake.homeView(LEAD)!.blocks)).not.toContain('Externship report for the state');
  });

  it('lets a partner contact confirm a pledge from the Home tab', async () => {
    const { view } = await openHome(CONTACT);
    const id = seeded.pledgedByContact;
    const before = h().fake.callsTo('views.publish').length;
    await h().slack.blockAction({
      userId: CONTACT,
      actionId: HOME_ACTION.confirmCommitment,
      blockId: findBlockId(view.blocks, id),
      value: id,
      view: { id: view.id, type: 'home' },
    });
    await h().fake.waitFor('views.publish', () => h().fake.callsTo('views.publish').length > before, 10_000);
    expect((await CommitmentModel.findById(id).lean())?.status).toBe('confirmed');
  });

  it('tells a partner contact by DM when a (forged) button is not theirs to press', async () => {
    const { view } = await openHome(CONTACT);
    const other = await CommitmentModel.findOne({ partnerId: seeded.awkward }).lean();
    await h().slack.blockAction({
      userId: CONTACT,
      actionId: HOME_ACTION.confirmCommitment,
      blockId: findBlockId(view.blocks, seeded.pledgedByContact),
      value: String(other!._id),
      view: { id: view.id, type: 'home' },
    });
    const dm = await h().fake.waitFor('chat.postMessage', (c) => c.args.channel === h().fake.dmChannelFor(CONTACT), 10_000);
    expect(String(dm.args.text)).toContain('only act for your own organisation');
    expect((await CommitmentModel.findById(other!._id).lean())?.status).not.toBe('confirmed');
  });
});
