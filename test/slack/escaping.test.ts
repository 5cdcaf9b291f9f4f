import { CommissionModel } from '../../src/commissions/model';
import { createCommitment } from '../../src/commitments/service';
import { createDeliverable } from '../../src/deliverables/service';
import { scheduleMeeting } from '../../src/meetings/service';
import { PartnerModel } from '../../src/partners/model';
import { notificationSources } from '../../src/scheduled';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { SchoolModel } from '../../src/schools/model';
import { CANARY, watchCanary } from '../support/canary';
import { events } from '../support/slack-requests';
import { useHarness } from '../support/harness';

/**
 * The injection sweep: every user-supplied field carries a name that formats, pings and links if it reaches mrkdwn
 * unescaped, and every command, button, Home tab, scheduled message and file that shows it goes through the fake
 * Slack, which flags it (test/support/canary.ts).
 */

const ADMIN = 'UADMINCAN1';
const LEAD = 'ULEADCAN01';
const CONTACT = 'UCONTCAN01';
const CHANNEL = 'C0CANARY1';
// Monday 30 November 2026, 09:05 in New York: the weekly digest is due
const NOW = new Date('2026-11-30T14:05:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  env: { TZ: 'America/New_York' },
  seed: async (h) => {
    // the owners are Slack users: the administrators' notice of deactivated accounts asks Slack about them
    h.fake.addUser({ id: LEAD, name: 'lead' });
    h.fake.addUser({ id: ADMIN, name: 'admin' });
    await CommissionModel.create({ key: 'construction', name: 'Construction/Sustainability', channelId: CHANNEL, leads: [LEAD] });
    const [partner] = await PartnerModel.create([
      {
        name: CANARY,
        commissions: ['construction'],
        contacts: [{ name: CANARY, title: CANARY, email: 'canary@example.org', slackUserId: CONTACT }],
        notes: CANARY,
        status: 'active',
      },
    ]);
    const [school] = await SchoolModel.create([{ name: CANARY, code: '02M475' }]);
    const admin = { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] };
    await createCommitment(
      {
        partnerId: String(partner._id),
        commissionKey: 'construction',
        type: 'mentoring',
        quantity: 4,
        startDate: '2026-11-25',
        schoolIds: [String(school._id)],
        notes: CANARY,
      },
      admin,
      new Date('2026-11-25T15:00:00Z'),
    );
    await createDeliverable(
      admin,
      {
        commissionKey: 'construction',
        title: CANARY,
        description: CANARY,
        ownerId: LEAD,
        dueDate: '2026-11-30',
        linkedTypes: [],
      },
      new Date('2026-11-25T15:00:00Z'),
    );
    await scheduleMeeting(
      admin,
      {
        commissionKey: 'construction',
        title: CANARY,
        date: '2026-12-01',
        time: '10:00',
        durationMinutes: 60,
        place: CANARY,
        agenda: CANARY,
      },
      new Date('2026-11-20T15:00:00Z'),
      'America/New_York',
    );
  },
});

describe('user text shows literally everywhere (the canary sweep)', () => {
  it('no command, Home tab, scheduled message or file shows the canary unescaped', async () => {
    const watch = watchCanary(h().fake);
    const commands: Array<[string, string, string]> = [
      ['/iec', 'partner list', ADMIN],
      ['/iec', `partner show ${CANARY}`, ADMIN],
      ['/iec', 'partner show', CONTACT],
      ['/iec', `partner show ${CANARY}x`, ADMIN],
      ['/iec', `partner edit ${CANARY}`, ADMIN],
      ['/iec', 'commitments', ADMIN],
      ['/iec', 'commitments mine', CONTACT],
      ['/iec', `commitments ${CANARY}`, LEAD],
      ['/iec', 'report all', ADMIN],
      ['/iec', `report partner ${CANARY}`, ADMIN],
      ['/iec', 'report school 02M475', ADMIN],
      ['/iec', 'export all', ADMIN],
      ['/iec', 'digest construction', LEAD],
      ['/iec', 'deliverables construction all', LEAD],
      ['/iec', 'meetings construction', LEAD],
      ['/iec', 'school list', ADMIN],
      ['/iec', 'commission show construction', ADMIN],
      ['/iec', `calendar add 2026-12-24 2026-12-31 ${CANARY}`, ADMIN],
      ['/iec', 'calendar list', ADMIN],
      ['/iec', `request <@${CONTACT}> construction`, LEAD],
      ['/commit', CANARY, LEAD],
    ];
    for (const [command, text, userId] of commands) {
      const before = h().fake.calls.length;
      await h().slack.command(command, text, { userId });
      // the answer: an ephemeral reply, a modal or a DM
      await h()
        .fake.waitFor('response_url', () => h().fake.calls.length > before, 5000)
        .catch(() => undefined);
    }
    for (const user of [LEAD, CONTACT, ADMIN]) {
      await h().slack.event(events.appHomeOpened(user));
      await h().fake.waitFor('views.publish', (c) => c.args.user_id === user);
    }
    // the weekly digest, the meeting's and the deliverable's reminders
    await tick(NOW, schedulerDeps(h().config, h().logger, { sources: notificationSources, owner: 'test' }));
    await tick(new Date('2026-12-01T14:00:00Z'), schedulerDeps(h().config, h().logger, { sources: notificationSources, owner: 'test' }));

    const methods = new Set(
      h()
        .fake.calls.filter((c) => JSON.stringify(c.args).includes('Canary'))
        .map((c) => c.method),
    );
    expect(watch.problems).toEqual([]);
    // it did reach Slack: in replies, modals, Home tabs, channel posts, DMs and files
    expect([...methods].sort()).toEqual(
      expect.arrayContaining(['chat.postMessage', 'files.completeUploadExternal', 'response_url', 'views.open', 'views.publish']),
    );
    expect(watch.seen()).toBeGreaterThan(20);
    // the weekly digest and the meeting reminders reached the channel, with the canary
    expect(
      h()
        .fake.messages(CHANNEL)
        .filter((m) => JSON.stringify(m).includes('Canary')).length,
    ).toBeGreaterThanOrEqual(2);
    // and Slack accepted everything (a canary that broke a payload would show here)
    expect(
      h()
        .fake.failedCalls()
        .map((c) => `${c.method}: ${c.error}`),
    ).toEqual([]);
    watch.stop();
  }, 60_000);
});
