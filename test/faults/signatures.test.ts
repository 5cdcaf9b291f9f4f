import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommitmentModel } from '../../src/commitments/model';
import { DeliverableActions } from '../../src/deliverables/ids';
import { DeliverableModel } from '../../src/deliverables/model';
import { SchoolModel } from '../../src/schools/model';
import { startHarness, type Harness } from '../support/harness';
import { blockActionsPayload, slashCommandPayload, viewSubmissionPayload, type RawSlackRequest } from '../support/slack-requests';
import { seedBasics, LEAD, type Seeded } from '../commitments/fixtures';
import { commandRequest, interactiveRequest, signedRequest, type SigningOptions, type UnsignedRequest } from './support/raw-requests';
import { changedCollections, snapshotDatabase } from './support/snapshot';
import { viewOf } from '../support/views';

/**
 * Requests that did not come from Slack, or came from it too long ago: a forged signature, one made with
 * another secret, missing headers, a stale timestamp, a body changed after signing, and a request signed
 * correctly more than five minutes ago (a captured request replayed). Each is rejected before any listener
 * runs: 401, no call to Slack, the database unchanged. The same requests signed correctly do take effect,
 * so "nothing happened" is not an accident of the payloads.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const ADMIN = 'UADMIN0001';

type Kind = 'command' | 'view_submission' | 'block_action';

interface Unsigned extends UnsignedRequest {
  kind: Kind;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('requests that did not come from Slack', () => {
  let h: Harness;
  let seeded: Seeded;
  let appUrl: string;
  let deliverableId: string;
  let formView: NonNullable<ReturnType<Harness['fake']['view']>>;

  beforeAll(async () => {
    h = await startHarness({ now: NOW, admins: [ADMIN] });
    appUrl = `${h.baseUrl}/slack/events`;
    seeded = await seedBasics();
    deliverableId = String(
      (
        await DeliverableModel.create({
          commissionKey: 'construction',
          title: 'Mentor roster',
          ownerId: LEAD,
          dueDate: '2026-09-30',
          createdBy: LEAD,
        })
      )._id,
    );
    await h.slack.command('/commit', '', { userId: LEAD });
    const opened = await h.fake.waitFor('views.open', () => true, 15_000);
    formView = h.fake.view(viewOf(opened).id)!;
  });
  afterAll(() => h.stop());
  beforeEach(() => h.fake.reset());

  /** Requests that change the database when Slack really sends them. */
  function requests(): Unsigned[] {
    const ctx = h.slack.ctx;
    const command = slashCommandPayload(ctx, '/iec', 'school add "Forged Academy" 99X999', { userId: ADMIN });
    const submission = viewSubmissionPayload(ctx, {
      userId: LEAD,
      view: formView,
      values: {
        [BLOCK.partner]: { [ACTION.partner]: String(seeded.conEd) },
        [BLOCK.commission]: { [ACTION.commission]: 'construction' },
        [BLOCK.type]: { [ACTION.type]: 'mentoring' },
        [BLOCK.quantity]: { [ACTION.quantity]: '7' },
        [BLOCK.startDate]: { [ACTION.startDate]: '2026-10-01' },
      },
    });
    const action = blockActionsPayload(ctx, {
      userId: LEAD,
      actionId: DeliverableActions.markDone,
      blockId: 'deliverable_row',
      type: 'button',
      value: deliverableId,
      channelId: 'C0GENERAL',
      message: h.fake.seedMessage('C0GENERAL', { text: 'deliverables' }),
    });
    return [
      { kind: 'command', ...commandRequest(command) },
      { kind: 'view_submission', ...interactiveRequest(submission) },
      { kind: 'block_action', ...interactiveRequest(action) },
    ];
  }

  const signed = (r: Unsigned, opts: SigningOptions = {}): RawSlackRequest => signedRequest(appUrl, r, opts);

  const forgeries: Array<[string, (r: Unsigned) => RawSlackRequest]> = [
    ['a forged signature', (r) => signed(r, { signature: `v0=${'ab'.repeat(32)}` })],
    ['a signature made with another secret', (r) => signed(r, { secret: 'not-the-signing-secret' })],
    ['a signature of another scheme', (r) => signed(r, { signature: signed(r).headers['x-slack-signature'].replace(/^v0=/, 'v1=') })],
    ['no signature header', (r) => signed(r, { omit: ['x-slack-signature'] })],
    ['no timestamp header', (r) => signed(r, { omit: ['x-slack-request-timestamp'] })],
    ['neither header', (r) => signed(r, { omit: ['x-slack-signature', 'x-slack-request-timestamp'] })],
    [
      'a timestamp that is not a number',
      (r) => ({ ...signed(r), headers: { ...signed(r).headers, 'x-slack-request-timestamp': 'yesterday' } }),
    ],
    ['a stale timestamp (ten minutes old, signed with it)', (r) => signed(r, { timestamp: nowSeconds() - 10 * 60 })],
    ['a valid request replayed after five minutes (signed 5 min 1 s ago)', (r) => signed(r, { timestamp: nowSeconds() - 5 * 60 - 1 })],
    [
      'a body changed after signing (another user)',
      (r) => signed(r, { tamper: (b) => b.replaceAll(ADMIN, 'UOTHER0001').replaceAll(LEAD, 'UOTHER0001') }),
    ],
  ];

  it.each(forgeries)('%s: rejected with 401, nothing runs, nothing changes', async (_what, forge) => {
    const before = await snapshotDatabase();
    for (const r of requests()) {
      const res = await h.slack.replay(forge(r));
      expect({ kind: r.kind, status: res.status }).toEqual({ kind: r.kind, status: 401 });
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything a listener would do after its ack
    expect(h.fake.calls.map((c) => c.method)).toEqual([]);
    expect(changedCollections(before, await snapshotDatabase())).toEqual([]);
  });

  it('the same requests signed correctly and on time do take effect (the control)', async () => {
    for (const r of requests()) {
      const res = await h.slack.replay(signed(r));
      expect({ kind: r.kind, status: res.status }).toEqual({ kind: r.kind, status: 200 });
    }
    await h.fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Forged Academy'));
    expect(await SchoolModel.countDocuments({ code: '99X999' })).toBe(1);
    // the commitment form is answered "Saving…" at once and saved right after (src/slack/forms.ts)
    for (let i = 0; i < 50 && (await CommitmentModel.countDocuments({ quantity: 7 })) === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await CommitmentModel.countDocuments({ quantity: 7 })).toBe(1);
    for (let i = 0; i < 50 && (await DeliverableModel.findById(deliverableId).lean())?.status !== 'done'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await DeliverableModel.findById(deliverableId).lean())?.status).toBe('done');
  });
});
