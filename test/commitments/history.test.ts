import type { Types } from 'mongoose';
import { ACTION, BLOCK, CALLBACK } from '../../src/commitments/ids';
import { changeStatus, createCommitment, updateCommitment } from '../../src/commitments/service';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import type { FakeSlackCall } from '../support/fake-slack';
import { useHarness } from '../support/harness';
import { input, LEAD, seedBasics, STRANGER, type Seeded } from './fixtures';

/**
 * A commitment's History, through signed requests: the button on a list row (and on its confirmations) opens a
 * modal with its changes — who, when, which field from what to what — newest first, ten a page, with Older /
 * Newer changes, within Slack's limits; only for those who may see the commitment.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const lead = { userId: LEAD, isAdmin: false, leads: ['construction'], partnerIds: [] };

let seeded: Seeded;
let id: Types.ObjectId;

const h = useHarness({
  now: NOW,
  seed: async () => {
    seeded = await seedBasics();
    id = (await createCommitment(input(seeded, { quantity: 12 }), lead, new Date('2026-09-01T14:00:00Z'))).commitment._id;
  },
});

type View = {
  id: string;
  callback_id?: string;
  blocks: Array<{
    type: string;
    block_id?: string;
    text?: { text: string };
    elements?: Array<{ action_id?: string; value?: string; text?: { text: string } }>;
  }>;
};

const texts = (v: View) => v.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
const buttons = (v: View) => v.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

async function openFromList(userId = LEAD): Promise<FakeSlackCall> {
  const replies = h().fake.callsTo('response_url').length;
  await h().slack.command('/iec', 'commitments con edison', { userId: LEAD });
  const list = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > replies);
  expect(checkMessage(list.args)).toEqual([]);
  const history = (list.args.blocks as View['blocks']).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION.history);
  expect(history?.value).toBe(String(id));
  const opened = h().fake.callsTo('views.open').length;
  await h().slack.blockAction({ userId, ephemeral: true, actionId: ACTION.history, blockId: 'any', value: history?.value });
  return h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > opened);
}

it('shows an edit’s before and after, newest first, from a list row', async () => {
  h().setNow(new Date('2026-09-02T10:00:00Z'));
  await updateCommitment(
    String(id),
    { quantity: 15, notes: 'Two cohorts', schoolIds: [String(seeded.school2)] },
    lead,
    new Date('2026-09-02T10:00:00Z'),
  );
  await changeStatus(String(id), 'confirmed', lead, new Date('2026-09-03T10:00:00Z'));

  const opened = await openFromList();
  expect(opened.ok).toBe(true);
  const view = opened.response?.view as View;
  expect(checkView(view)).toEqual([]);
  expect(view.callback_id).toBe(CALLBACK.history);
  const [subject, newest, edit, created] = texts(view);
  expect(subject).toContain('*Con Edison* — Internship hosting: 15 interns');
  expect(newest).toContain(`<@${LEAD}> · status`);
  expect(newest).toContain('• status: Pledged → Confirmed');
  expect(edit).toContain('edited');
  expect(edit).toContain('• quantity: 12 → 15');
  expect(edit).toContain('• notes: Summer cohort → Two cohorts');
  expect(edit).toContain('• schools: Thomas Edison CTE High School → Queens Technical High School');
  expect(created).toContain('created');
  expect(created).toContain('• quantity: 12');
  expect(JSON.stringify(view)).toContain('1–3 of 3 changes, newest first');
  expect(buttons(view)).toEqual([]);
});

it('pages a long history ten at a time with Older and Newer changes', async () => {
  for (let i = 0; i < 24; i++) await changeStatus(String(id), i % 2 ? 'pledged' : 'confirmed', lead, new Date(Date.UTC(2026, 8, 2, 10, i)));
  const opened = await openFromList();
  const first = opened.response?.view as View;
  expect(checkView(first)).toEqual([]);
  expect(JSON.stringify(first)).toContain('1–10 of 25 changes, newest first');
  expect(buttons(first).map((b) => b.text?.text)).toEqual(['Older changes']);

  const press = async (view: View, actionId: string): Promise<View> => {
    const before = h().fake.callsTo('views.update').length;
    const value = buttons(view).find((b) => b.action_id === actionId)?.value;
    await h().slack.blockAction({ userId: LEAD, actionId, blockId: BLOCK.historyPaging, value, view: { id: view.id } });
    const updated = await h().fake.waitFor('views.update', () => h().fake.callsTo('views.update').length > before);
    expect(updated.ok).toBe(true);
    return updated.args.view as View;
  };
  const second = await press(first, ACTION.historyOlder);
  expect(JSON.stringify(second)).toContain('11–20 of 25 changes');
  const third = await press({ ...second, id: first.id }, ACTION.historyOlder);
  expect(JSON.stringify(third)).toContain('21–25 of 25 changes');
  expect(texts(third).at(-1)).toContain('created');
  expect(buttons(third).map((b) => b.text?.text)).toEqual(['Newer changes']);
  const back = await press({ ...third, id: first.id }, ACTION.historyNewer);
  expect(JSON.stringify(back)).toContain('11–20 of 25 changes');
});

it('is on the confirmation of a change too, and refused to someone who may not see the commitment', async () => {
  await h().slack.blockAction({
    userId: LEAD,
    ephemeral: true,
    type: 'static_select',
    actionId: ACTION.status,
    blockId: 'any',
    selectedOption: `${id}:confirmed`,
  });
  const dm = await h().fake.waitFor('chat.postMessage', (c) => c.args.channel === h().fake.dmChannelFor(LEAD));
  const actions = (dm.args.blocks as View['blocks']).find((b) => b.block_id === BLOCK.confirmationActions);
  expect(actions?.elements?.map((e) => e.action_id)).toEqual([ACTION.undo, ACTION.history, 'partner_open']);

  const replies = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId: STRANGER, ephemeral: true, actionId: ACTION.history, blockId: 'any', value: String(id) });
  const refused = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > replies);
  expect(String(refused.args.text)).toMatch(/Sorry|not allowed|only/i);
  expect(h().fake.callsTo('views.open')).toHaveLength(0);
});
