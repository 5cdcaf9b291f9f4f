import type { Types } from 'mongoose';
import { buildDigest } from '../../src/digest/service';
import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { createCommitment } from '../../src/commitments/service';
import { checkTotals, commitmentTotals } from '../../src/commitments/totals';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import type { FakeSlackCall } from '../support/fake-slack';
import { events } from '../support/slack-requests';
import { submitForm } from '../support/forms';
import { useHarness } from '../support/harness';
import { CONTACT, input, LEAD, seedBasics, type Seeded } from './fixtures';

/**
 * Archive and restore of a commitment, through signed requests: an archived commitment is gone from the list,
 * the totals (equal to a recount), the digest, the report and Home, and comes back when restored; Undo of a
 * recording archives it. Each step is in its history.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const lead = { userId: LEAD, isAdmin: false, leads: ['construction'], partnerIds: [] };

let seeded: Seeded;
let archivedId: Types.ObjectId;

const h = useHarness({
  now: NOW,
  seed: async () => {
    seeded = await seedBasics();
    const at = new Date('2026-09-08T14:00:00Z');
    await createCommitment(input(seeded, { quantity: 5 }), lead, at);
    archivedId = (
      await createCommitment(input(seeded, { quantity: 7, type: 'mentoring', startDate: '2026-11-01', endDate: undefined }), lead, at)
    ).commitment._id;
  },
});

type Block = { type: string; block_id?: string; elements?: Array<{ action_id?: string; value?: string }> };

function rowBlockOf(list: FakeSlackCall, id: Types.ObjectId): string {
  const row = (list.args.blocks as Block[]).find((b) => b.type === 'actions' && b.elements?.some((e) => e.value === String(id)));
  expect(row?.elements?.map((e) => e.action_id)).toEqual([ACTION.fulfil, ACTION.edit, ACTION.history, ACTION.archive]);
  return String(row?.block_id);
}

async function homeOf(userId: string): Promise<string> {
  const before = h().fake.callsTo('views.publish').length;
  await h().slack.event(events.appHomeOpened(userId));
  await h().fake.waitFor('views.publish', (c) => c.args.user_id === userId && h().fake.callsTo('views.publish').length > before);
  return JSON.stringify(h().fake.homeView(userId)?.blocks);
}

async function whatShows() {
  const list = JSON.stringify((await commandReply(h(), 'commitments con edison', LEAD)).blocks);
  const report = JSON.stringify((await commandReply(h(), 'report construction 2026-27', LEAD)).blocks);
  const digest = await buildDigest('construction', NOW, 'America/New_York');
  const totals = (await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType;
  return { list, report, digest: JSON.stringify(digest.totals), totals, home: await homeOf(CONTACT) };
}

it('an archived commitment leaves the list, totals, digest, report and Home; Restore brings it back', async () => {
  const before = await whatShows();
  expect(before.list).toContain('Mentoring: 7 students mentored');
  expect(before.report).toContain('Mentoring');
  expect(before.home).toContain('Mentoring: 7 students mentored');
  expect(before.totals.map((t) => t.type).sort()).toEqual(['internship_hosting', 'mentoring']);

  const replies = h().fake.callsTo('response_url').length;
  await h().slack.command('/iec', 'commitments con edison', { userId: LEAD });
  const list = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > replies);
  const blockId = rowBlockOf(list, archivedId);
  const pressed = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({ userId: LEAD, ephemeral: true, actionId: ACTION.archive, blockId, value: String(archivedId) });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length >= pressed + 2);
  const [redrawn, told] = h().fake.callsTo('response_url').slice(pressed);
  expect(redrawn.args.replace_original).toBe(true);
  expect(JSON.stringify(redrawn.args.blocks)).not.toContain('Mentoring: 7');
  expect(checkMessage(told.args)).toEqual([]);
  expect(String(told.args.text)).toContain('Commitment archived');
  const restore = (told.args.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION.restore);
  expect(restore?.value).toBe(String(archivedId));

  const stored = await CommitmentModel.findById(archivedId, null, { withArchived: true }).lean();
  expect(stored?.archivedAt).toEqual(NOW);
  expect(stored?.history.at(-1)).toMatchObject({ action: 'archived', by: LEAD, changes: [{ field: 'archivedAt', from: null, to: NOW }] });

  const after = await whatShows();
  expect(after.list).not.toContain('Mentoring: 7');
  expect(after.list).toContain('Internship hosting: 5 interns');
  expect(after.report).not.toContain('*Mentoring*');
  expect(after.digest).not.toContain('mentoring');
  expect(after.home).not.toContain('Mentoring: 7');
  expect(after.home).toContain('Internship hosting: 5 interns');
  expect(after.totals.map((t) => t.type)).toEqual(['internship_hosting']);
  expect(await checkTotals()).toBe(0);
  // a change to it meanwhile is refused plainly
  const status = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId: LEAD,
    ephemeral: true,
    type: 'static_select',
    actionId: ACTION.status,
    blockId: 'any',
    selectedOption: `${archivedId}:confirmed`,
  });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > status);
  expect(String(h().fake.callsTo('response_url').at(-1)?.args.text)).toContain('That commitment is archived, so it was not changed');

  const restoring = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId: LEAD,
    ephemeral: true,
    actionId: ACTION.restore,
    blockId: BLOCK.confirmationActions,
    value: restore?.value,
  });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > restoring);
  expect(String(h().fake.callsTo('response_url').at(-1)?.args.text)).toContain('Commitment restored');
  const back = await whatShows();
  expect(back.list).toContain('Mentoring: 7 students mentored');
  expect(back.home).toContain('Mentoring: 7 students mentored');
  expect(back.totals).toEqual(before.totals);
  expect(await checkTotals()).toBe(0);
  expect((await CommitmentModel.findById(archivedId).lean())?.history.map((e) => e.action)).toEqual(['created', 'archived', 'restored']);
});

it('Undo of a recording archives it: gone from the totals, its history kept', async () => {
  await h().slack.command('/commit', 'con edison', { userId: LEAD });
  const opened = await h().fake.waitFor('views.open');
  const view = opened.response?.view as { id: string };
  await submitForm(h(), {
    userId: LEAD,
    view: { id: view.id },
    values: {
      [BLOCK.partner]: { [ACTION.partner]: String(seeded.conEd) },
      [BLOCK.commission]: { [ACTION.commission]: 'construction' },
      [BLOCK.type]: { [ACTION.type]: 'scholarship' },
      [BLOCK.quantity]: { [ACTION.quantity]: '2500' },
      [BLOCK.startDate]: { [ACTION.startDate]: '2026-10-01' },
    },
  });
  const dm = await h().fake.waitFor('chat.postMessage', (c) => c.args.channel === h().fake.dmChannelFor(LEAD));
  const undo = (dm.args.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION.undo);
  expect(undo?.value).toMatch(/:0$/);
  expect((await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType.map((t) => t.type)).toContain(
    'scholarship',
  );

  const before = h().fake.callsTo('response_url').length;
  await h().slack.blockAction({
    userId: LEAD,
    actionId: ACTION.undo,
    blockId: BLOCK.confirmationActions,
    channelId: String(dm.args.channel),
    message: { ts: String(dm.response?.ts) },
  });
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  const answer = h().fake.callsTo('response_url').at(-1)?.args as { text: string; replace_original: boolean };
  expect(answer.replace_original).toBe(true);
  expect(answer.text).toContain('Undone: the commitment is archived');
  expect((await commitmentTotals({ commissionKey: 'construction', schoolYear: '2026-27' })).byType.map((t) => t.type)).not.toContain(
    'scholarship',
  );
  expect(await checkTotals()).toBe(0);
  const stored = await CommitmentModel.findOne({ type: 'scholarship' }, null, { withArchived: true }).lean();
  expect(stored?.history.map((e) => [e.action, e.source ?? null])).toEqual([
    ['created', null],
    ['undo', 'created'],
  ]);
});
