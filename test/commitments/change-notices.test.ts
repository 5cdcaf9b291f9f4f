import { ACTION, BLOCK, CHANGE_NOTICE_KIND } from '../../src/commitments/ids';
import { CommissionModel } from '../../src/commissions/model';
import { rebuildChanges } from '../../src/commitments/change-index';
import { CommitmentModel } from '../../src/commitments/model';
import { NotificationModel } from '../../src/scheduler/model';
import { notificationSources } from '../../src/scheduled';
import { schedulerDeps, tick } from '../../src/scheduler';
import type { FakeSlackCall } from '../support/fake-slack';
import { checkMessage } from '../support/fake-slack/limits';
import { submitForm } from '../support/forms';
import { useHarness } from '../support/harness';
import { CONTACT, LEAD, seedBasics, storedFields, type Seeded } from './fixtures';

/**
 * #12 "changes are told": a partner contact records and changes a pledge through Slack; the commission's lead is
 * told once, by DM, of both changes (before → after, by whom) when the 10-minute window has passed; a lead's change
 * of the partner's pledge is told to the partner's contact. Through the real app, its real scheduler source and the
 * fake Slack, with several replicas ticking at once and Slack redelivering the submission.
 */

const NOW = new Date('2026-10-15T14:00:00Z');
const at = (hhmm: string) => new Date(`2026-10-15T${hhmm}:00Z`);

describe('change notices to leads and partner contacts', () => {
  let seeded: Seeded;
  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
    },
  });
  const dmTo = (userId: string) => (c: FakeSlackCall) => c.ok && c.args.channel === h().fake.dmChannelFor(userId);
  const notices = (userId: string) =>
    h()
      .fake.callsTo('chat.postMessage')
      .filter((c) => dmTo(userId)(c) && JSON.stringify(c.args.metadata ?? {}).includes(CHANGE_NOTICE_KIND));
  /** One scheduler tick of a replica, with the app's configuration and the registered sources. */
  const tickAs = (owner: string, now: Date) => tick(now, schedulerDeps(h().config, h().logger, { sources: notificationSources, owner }));

  async function contactRecords(): Promise<{ request: Parameters<ReturnType<typeof h>['slack']['replay']>[0] }> {
    await h().slack.command('/commit', '', { userId: CONTACT });
    const opened = await h().fake.waitFor('views.open', () => true, 15_000);
    const view = opened.response?.view as { id: string };
    const values = {
      [BLOCK.commission]: { [ACTION.commission]: 'construction' },
      [BLOCK.type]: { [ACTION.type]: 'internship_hosting' },
      [BLOCK.quantity]: { [ACTION.quantity]: '5' },
      [BLOCK.startDate]: { [ACTION.startDate]: '2026-11-01' },
      [BLOCK.notes]: { [ACTION.notes]: 'Spring cohort' },
    };
    const { res, shown } = await submitForm(h(), { userId: CONTACT, view: { id: view.id }, values });
    expect(JSON.stringify(shown)).toContain('Commitment recorded');
    return { request: res.request };
  }

  async function changeStatus(userId: string, id: string, status: string): Promise<void> {
    await h().slack.blockAction({
      userId,
      ephemeral: true,
      type: 'static_select',
      actionId: ACTION.status,
      blockId: 'any',
      selectedOption: `${id}:${status}`,
    });
    await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Status changed'), 15_000);
  }

  it('a partner contact records and confirms a pledge: the lead is told once, after the window, of both changes', async () => {
    await contactRecords();
    const stored = await CommitmentModel.findOne({}).lean();
    expect(stored).toMatchObject({ recordedBy: CONTACT, recordedVia: 'partner' });
    h().setNow(at('14:04'));
    await changeStatus(CONTACT, String(stored?._id), 'confirmed');

    // within the window nothing is told yet: more changes may follow
    await tickAs('replica-a', at('14:09'));
    expect(notices(LEAD)).toHaveLength(0);

    await tickAs('replica-a', at('14:11'));
    const [notice] = notices(LEAD);
    expect(notices(LEAD)).toHaveLength(1);
    expect(checkMessage(notice.args)).toEqual([]);
    const shown = JSON.stringify(notice.args.blocks);
    expect(shown).toContain('2 changes to commitments');
    expect(shown).toContain('*Con Edison* — Internship hosting: 5');
    expect(shown).toContain('Construction/Sustainability');
    expect(shown).toContain(`<@${CONTACT}> · created`);
    expect(shown).toContain(`<@${CONTACT}> · status`);
    expect(shown).toContain('• status: Pledged → Confirmed');
    // the contact made the changes: they are not told of them
    expect(notices(CONTACT)).toHaveLength(0);

    // later ticks send nothing again
    await tickAs('replica-a', at('14:12'));
    await tickAs('replica-b', at('15:00'));
    expect(notices(LEAD)).toHaveLength(1);
    expect(await NotificationModel.find({ kind: CHANGE_NOTICE_KIND }).lean()).toMatchObject([
      { key: `${CHANGE_NOTICE_KIND}:${LEAD}:2026-10-15T14:00:00.000Z`, status: 'sent', recipient: { user: LEAD } },
    ]);
  });

  it('a lead changes the partner’s pledge: the partner’s contact is told, the lead is not', async () => {
    const c = await CommitmentModel.create(storedFields(seeded.conEd, 'Con Edison', { recordedBy: CONTACT, recordedVia: 'partner' }));
    h().setNow(at('14:20'));
    await changeStatus(LEAD, String(c._id), 'cancelled');
    await tickAs('replica-a', at('14:31'));
    expect(notices(LEAD)).toHaveLength(0);
    const [notice] = notices(CONTACT);
    expect(notices(CONTACT)).toHaveLength(1);
    expect(checkMessage(notice.args)).toEqual([]);
    expect(JSON.stringify(notice.args.blocks)).toContain(`<@${LEAD}> · status`);
    expect(JSON.stringify(notice.args.blocks)).toContain('• status: Pledged → Cancelled');
  });

  it('three replicas ticking at once, and Slack redelivering the submission: one commitment, one notice', async () => {
    const { request } = await contactRecords();
    const again = await h().slack.replay(request);
    expect(again.status).toBe(200);
    await h().slack.replay(request);
    expect(await CommitmentModel.countDocuments()).toBe(1);
    h().setNow(at('14:05'));
    const stored = await CommitmentModel.findOne({}).lean();
    await changeStatus(CONTACT, String(stored?._id), 'confirmed');

    // every replica plans the same key at the same instant; the unique claim lets one of them send it
    const summaries = await Promise.all(['replica-a', 'replica-b', 'replica-c'].map((owner) => tickAs(owner, at('14:11'))));
    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(1);
    // and again a minute later, and after an hour
    await Promise.all(['replica-a', 'replica-b', 'replica-c'].map((owner) => tickAs(owner, at('14:12'))));
    await Promise.all(['replica-b', 'replica-c'].map((owner) => tickAs(owner, at('15:12'))));
    expect(notices(LEAD)).toHaveLength(1);
    const shown = JSON.stringify(notices(LEAD)[0].args.blocks);
    expect(shown).toContain('2 changes to commitments');
    expect(shown.match(/· created/g)).toHaveLength(1);
  });

  it('a commitment moved to another commission: the leads of both are told; planning reads the move from its history', async () => {
    const HEALTH_LEAD = 'UHEALTH001';
    await CommissionModel.updateOne({ key: 'healthcare' }, { $set: { leads: [HEALTH_LEAD] } });
    const history = [
      { at: at('09:00'), by: 'seed', action: 'created', changes: [] },
      {
        at: at('14:02'),
        by: 'UADMIN0001',
        action: 'edited',
        changes: [{ field: 'commissionKey', from: 'healthcare', to: 'construction' }],
      },
    ];
    await CommitmentModel.create(storedFields(seeded.grid, 'National Grid', { history, revision: 1 }));
    await rebuildChanges(); // written with its history as it is, not through the write path: the change index from it
    await tickAs('replica-a', at('14:11'));
    for (const lead of [LEAD, HEALTH_LEAD]) {
      expect(notices(lead)).toHaveLength(1);
      expect(JSON.stringify(notices(lead)[0].args.blocks)).toContain('• commission: Healthcare → Construction/Sustainability');
    }
  });
});
