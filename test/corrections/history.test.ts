import { Types } from 'mongoose';
import { writeCommitments } from '../../src/commitments';
import { CommissionModel } from '../../src/commissions/model';
import { CORRECTION_ACTION, CORRECTION_BLOCK } from '../../src/corrections/ids';
import { PartnerModel } from '../../src/partners/model';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

/** `/iec history <partner>` through signed requests: its commitments' changes, newest first, paged with Show more. */

const LEAD = 'U0LEAD002';
const OTHER = 'U0LEAD003';
const STRANGER = 'U0NOBODY2';

let partnerId = '';
const h = useHarness({
  seed: async () => {
    await CommissionModel.create([{ key: 'healthcare', name: 'Healthcare', leads: [LEAD, OTHER] }]);
    const [p] = await PartnerModel.create([{ name: 'Montefiore Medical Center', commissions: ['healthcare'] }]);
    partnerId = String(p._id);
  },
});

type Reply = {
  text?: string;
  blocks?: Array<{ type: string; text?: { text: string }; elements?: Array<{ value?: string; text?: string }> }>;
};

async function answer(send: () => Promise<unknown>): Promise<Reply> {
  const before = h().fake.callsTo('response_url').length;
  await send();
  await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  const reply = h().fake.callsTo('response_url').at(-1)?.args as Reply;
  if (reply.blocks) checkMessage(reply as never);
  return reply;
}

const sections = (r: Reply) => (r.blocks ?? []).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');

async function recordAndEdit(edits: number): Promise<void> {
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 2, 14, minutes));
  const created = await writeCommitments(
    [
      {
        op: 'create',
        doc: {
          partnerId: new Types.ObjectId(partnerId),
          partnerName: 'Montefiore Medical Center',
          commissionKey: 'healthcare',
          type: 'mentoring',
          quantity: 3,
          unit: 'students mentored',
          schoolYear: '2026-27',
          startDate: '2026-11-10',
          status: 'pledged',
          recordedBy: LEAD,
          recordedVia: 'iec',
        },
      },
    ],
    { by: LEAD, now: at(0), action: 'created' },
  );
  let current = created.written[0];
  for (let i = 1; i <= edits; i++) {
    const out = await writeCommitments([{ op: 'update', before: current, set: { quantity: 3 + i } }], {
      by: i % 2 ? OTHER : LEAD,
      now: at(i),
      action: 'edited',
    });
    current = out.written[0];
  }
}

it('shows who changed what from what to what, newest first', async () => {
  await recordAndEdit(1);
  const reply = await answer(() => h().slack.command('/iec', 'history montefiore medical center', { userId: LEAD }));
  const lines = sections(reply);
  expect(lines[0]).toContain(`<@${OTHER}> · edited — Mentoring`);
  expect(lines[0]).toContain('• quantity: 3 → 4');
  expect(lines[1]).toContain(`<@${LEAD}> · created`);
  expect(JSON.stringify(reply.blocks)).toContain('1–2 of 2 changes, newest first');
});

it('pages with Older changes; refuses someone without access; says when there is nothing yet', async () => {
  expect(sections(await answer(() => h().slack.command('/iec', 'history Montefiore Medical Center', { userId: LEAD })))).toEqual([
    '_No changes recorded yet._',
  ]);
  await recordAndEdit(11);
  const first = await answer(() => h().slack.command('/iec', 'history Montefiore Medical Center', { userId: LEAD }));
  expect(sections(first)).toHaveLength(10);
  expect(sections(first)[0]).toContain('• quantity: 13 → 14');
  const more = first.blocks?.find((b) => b.type === 'actions')?.elements?.[0]?.value;
  const second = await answer(() =>
    h().slack.blockAction({
      userId: LEAD,
      actionId: CORRECTION_ACTION.historyMore,
      blockId: CORRECTION_BLOCK,
      value: more,
      ephemeral: true,
    }),
  );
  expect(sections(second)).toHaveLength(2);
  expect(sections(second)[1]).toContain('created');
  expect(JSON.stringify(second.blocks)).toContain('11–12 of 12 changes');
  expect(second.blocks?.find((b) => b.type === 'actions')?.elements?.map((e) => e.text)).toEqual([
    { type: 'plain_text', text: 'Newer changes' },
  ]);

  expect((await answer(() => h().slack.command('/iec', 'history Montefiore Medical Center', { userId: STRANGER }))).text).toContain(
    'Industry Engagement Coordinators',
  );
  expect((await answer(() => h().slack.command('/iec', 'history', { userId: LEAD }))).text).toContain('/iec history Con Edison');
});
