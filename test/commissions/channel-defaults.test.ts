import { CommissionModel } from '../../src/commissions/model';
import { BLOCK as COMMITMENT_BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { DeliverableBlocks } from '../../src/deliverables/ids';
import { DeliverableModel } from '../../src/deliverables/model';
import { MeetingBlocks } from '../../src/meetings/ids';
import { MeetingModel } from '../../src/meetings/model';
import { PartnerModel } from '../../src/partners/model';
import { checkMessage, checkView } from '../support/fake-slack';
import { useHarness } from '../support/harness';

/** In a commission's channel, every command that takes a commission defaults to it and says so (signed requests, fake Slack). */

const ADMIN = 'UADMIN0001';
const LEAD = 'ULEAD00001';
const CHANNEL = 'C0CONSTRUCT';
const NOW = new Date('2026-09-15T14:00:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async () => {
    await CommissionModel.create([
      { key: 'construction', name: 'Construction/Sustainability', channelId: CHANNEL, leads: [LEAD] },
      { key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH' },
    ]);
    const [partner] = await PartnerModel.create([{ name: 'Con Edison', commissions: ['construction'], status: 'active' }]);
    const base = {
      partnerId: partner._id,
      partnerName: 'Con Edison',
      type: 'mentoring',
      unit: 'students mentored',
      schoolYear: '2026-27',
      recordedVia: 'iec',
    };
    await CommitmentModel.create([
      { ...base, commissionKey: 'construction', quantity: 3, startDate: '2026-10-01', status: 'pledged', recordedBy: LEAD },
      { ...base, commissionKey: 'healthcare', quantity: 7, startDate: '2026-10-02', status: 'pledged', recordedBy: LEAD },
    ]);
    await DeliverableModel.create([
      { commissionKey: 'construction', title: 'Construction plan', ownerId: LEAD, dueDate: '2026-10-01', createdBy: LEAD },
      { commissionKey: 'healthcare', title: 'Healthcare plan', ownerId: LEAD, dueDate: '2026-10-01', createdBy: LEAD },
    ]);
    await MeetingModel.create([
      {
        commissionKey: 'construction',
        title: 'Construction meeting',
        startsAt: new Date('2026-09-20T14:00:00Z'),
        durationMinutes: 60,
        createdBy: LEAD,
      },
      {
        commissionKey: 'healthcare',
        title: 'Healthcare meeting',
        startsAt: new Date('2026-09-21T14:00:00Z'),
        durationMinutes: 60,
        createdBy: LEAD,
      },
    ]);
  },
});

async function opened(command: string, text: string, userId = LEAD, channelId = CHANNEL) {
  const before = h().fake.callsTo('views.open').length;
  await h().slack.command(command, text, { userId, channelId });
  const call = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before, 15_000);
  const view = call.response?.view as { blocks: Array<Record<string, unknown>> };
  expect(checkView(view)).toEqual([]);
  return view;
}

function selectIn(view: { blocks: Array<Record<string, unknown>> }, blockId: string) {
  const block = view.blocks.find((b) => b.block_id === blockId) as {
    element: { initial_option?: { value: string } };
    hint?: { text: string };
  };
  return { initial: block.element.initial_option?.value, hint: block.hint?.text };
}

async function reply(text: string, userId = LEAD, channelId = CHANNEL) {
  const before = h().fake.callsTo('response_url').length;
  await h().slack.command('/iec', text, { userId, channelId });
  const call = await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before, 15_000);
  const message = call.args as { text: string; blocks?: unknown[] };
  expect(checkMessage(message)).toEqual([]);
  return { ...message, all: JSON.stringify(message) };
}

const HINT = "Construction/Sustainability is this channel's commission, so it is chosen; pick another to change it.";

describe('commands typed in a commission channel', () => {
  it('/commit and /iec commit preselect the channel commission and say why', async () => {
    // the admin leads nothing: without the channel there would be no preselection
    for (const [command, text] of [
      ['/commit', ''],
      ['/iec', 'commit'],
    ]) {
      const view = await opened(command, text, ADMIN);
      expect(selectIn(view, COMMITMENT_BLOCK.commission)).toEqual({ initial: 'construction', hint: HINT });
    }
    const elsewhere = await opened('/commit', '', ADMIN, 'C0GENERAL');
    expect(selectIn(elsewhere, COMMITMENT_BLOCK.commission)).toEqual({ initial: undefined, hint: undefined });
  });

  it('/iec deliverable add and /iec meeting schedule preselect it; a named commission wins', async () => {
    expect(selectIn(await opened('/iec', 'deliverable add', ADMIN), DeliverableBlocks.commission)).toEqual({
      initial: 'construction',
      hint: HINT,
    });
    expect(selectIn(await opened('/iec', 'meeting schedule', ADMIN), MeetingBlocks.commission)).toEqual({
      initial: 'construction',
      hint: HINT,
    });
    expect(selectIn(await opened('/iec', 'deliverable add healthcare', ADMIN), DeliverableBlocks.commission)).toEqual({
      initial: 'healthcare',
      hint: undefined,
    });
  });

  it('/iec deliverables, meetings, report and digest cover the channel commission and say which', async () => {
    const note = "this channel's commission";
    const deliverables = await reply('deliverables', ADMIN);
    expect(deliverables.all).toContain('Construction plan');
    expect(deliverables.all).not.toContain('Healthcare plan');
    expect(deliverables.all).toContain(note);

    const meetings = await reply('meetings', ADMIN);
    expect(meetings.all).toContain('Construction meeting');
    expect(meetings.all).not.toContain('Healthcare meeting');
    expect(meetings.all).toContain(note);

    const report = await reply('report', ADMIN);
    expect(report.text).toContain('Construction/Sustainability');
    expect(report.all).toContain(note);

    const digest = await reply('digest', ADMIN);
    expect(digest.all).toContain('Construction/Sustainability');
    expect(digest.all).toContain(note);

    // named, another commission; elsewhere, no note
    const named = await reply('deliverables healthcare', ADMIN);
    expect(named.all).toContain('Healthcare plan');
    expect(named.all).not.toContain(note);
    const general = await reply('deliverables', ADMIN, 'C0GENERAL');
    expect(general.all).toContain('Healthcare plan');
    expect(general.all).not.toContain(note);
  });

  it('/iec export exports the channel commission unless `all` is asked for', async () => {
    const one = await reply('export', ADMIN);
    expect(one.text).toContain('1 commitment (Construction/Sustainability, 2026-27)');
    expect(one.text).toContain('`/iec export all`');
    const every = await reply('export all', ADMIN);
    expect(every.text).toContain('2 commitments (all commissions, 2026-27)');
  });
});
