import { CommissionModel } from '../../src/commissions/model';
import { DELIVERABLE_HISTORY_BLOCK, DeliverableActions, DeliverableCallbacks } from '../../src/deliverables/ids';
import { changeDeliverableOwner, createDeliverable, markDeliverableDone } from '../../src/deliverables/service';
import { checkMessage, checkView } from '../support/fake-slack';
import { useHarness } from '../support/harness';

/**
 * A deliverable's History through signed requests: the button on its list row (open or done) opens a modal with
 * its changes — who, when, which field from what to what — newest first, paged; refused to those who may not see it.
 */

const LEAD = 'ULEAD0001';
const OWNER = 'UOWNER001';
const OTHER = 'UOTHER001';
const STRANGER = 'USTRANGE1';
const NOW = new Date('2026-03-02T15:00:00Z');
const lead = { userId: LEAD, isAdmin: false, leads: ['healthcare'], partnerIds: [] };

const h = useHarness({
  now: NOW,
  seed: async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', leads: [LEAD], timeZone: 'America/Chicago' });
  },
});

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Array<{ action_id?: string; value?: string; text?: { text: string } }>;
};
type View = { id: string; callback_id?: string; blocks: Block[] };
const texts = (v: View) => v.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
const buttons = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

async function add(title: string) {
  return createDeliverable(
    lead,
    { commissionKey: 'healthcare', title, description: '', ownerId: OWNER, dueDate: '2026-03-20', linkedTypes: ['teacher_externship'] },
    new Date('2026-03-01T15:00:00Z'),
  );
}

async function historyFromList(userId = LEAD): Promise<{ ok: boolean; view?: View }> {
  const replies = h().fake.callsTo('response_url').length;
  await h().slack.command('/iec', 'deliverables healthcare all', { userId: LEAD });
  const list = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > replies);
  expect(checkMessage(list.args)).toEqual([]);
  const history = buttons(list.args.blocks as Block[]).find((e) => e.action_id === DeliverableActions.history);
  const opened = h().fake.callsTo('views.open').length;
  await h().slack.blockAction({ userId, ephemeral: true, actionId: DeliverableActions.history, blockId: 'any', value: history?.value });
  if (userId !== LEAD) {
    const refused = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > replies + 1);
    return { ok: false, view: refused.args as unknown as View };
  }
  const call = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > opened);
  return { ok: call.ok, view: call.response?.view as View };
}

it('shows who changed the owner and marked it done, newest first, from the row of a done deliverable', async () => {
  const d = await add('Externship plan');
  await changeDeliverableOwner(lead, String(d._id), OTHER, new Date('2026-03-01T16:00:00Z'));
  await markDeliverableDone({ ...lead, userId: LEAD }, String(d._id), new Date('2026-03-01T17:00:00Z'));

  const { ok, view } = await historyFromList();
  expect(ok).toBe(true);
  expect(checkView(view)).toEqual([]);
  expect(view?.callback_id).toBe(DeliverableCallbacks.history);
  const [subject, done, owner, created] = texts(view as View);
  expect(subject).toContain('*Externship plan*');
  expect(done).toContain(`<@${LEAD}> · done`);
  expect(done).toContain('• status: open → done');
  expect(owner).toContain(`• owner: <@${OWNER}> → <@${OTHER}>`);
  expect(created).toContain('created');
  expect(created).toContain('• linked commitment types: Teacher externship');
  expect(JSON.stringify(view)).toContain('1–3 of 3 changes, newest first');
});

it('pages a long history with Older changes, and is refused to someone who is not an IEC nor its owner', async () => {
  const d = await add('Long one');
  for (let i = 0; i < 12; i++)
    await changeDeliverableOwner(lead, String(d._id), i % 2 ? OWNER : OTHER, new Date(Date.UTC(2026, 2, 1, 16, i)));
  const { view } = await historyFromList();
  expect(JSON.stringify(view)).toContain('1–10 of 13 changes, newest first');
  const older = buttons((view as View).blocks).find((b) => b.action_id === DeliverableActions.historyOlder);
  expect(older?.value).toBe(`${String(d._id)}:10`);
  const before = h().fake.callsTo('views.update').length;
  await h().slack.blockAction({
    userId: LEAD,
    actionId: DeliverableActions.historyOlder,
    blockId: DELIVERABLE_HISTORY_BLOCK,
    value: older?.value,
    view: { id: (view as View).id },
  });
  const updated = await h().fake.waitFor('views.update', () => h().fake.callsTo('views.update').length > before);
  expect(updated.ok).toBe(true);
  expect(JSON.stringify(updated.args.view)).toContain('11–13 of 13 changes');
  expect(texts(updated.args.view as View).at(-1)).toContain('created');

  const refused = await historyFromList(STRANGER);
  expect(refused.ok).toBe(false);
  expect(JSON.stringify(refused.view)).toContain('only for Industry Engagement Coordinators');
  expect(JSON.stringify(refused.view)).not.toContain('changes, newest first');
});
