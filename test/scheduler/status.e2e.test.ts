import { CommissionModel } from '../../src/commissions/model';
import { MeetingModel } from '../../src/meetings/model';
import { NotificationModel } from '../../src/scheduler/model';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

const LEAD = 'U0LEAD';
const STRANGER = 'U0STRANGER';
const NOW = new Date('2026-05-06T15:00:00Z'); // Wednesday
const DAY = 24 * 60 * 60_000;

describe('/iec status through Slack', () => {
  const h = useHarness({
    now: NOW,
    seed: async () => {
      await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: [LEAD] });
      const base = { kind: 'digest', recipient: { channel: 'C0HEALTH' }, commissionKey: 'healthcare', ref: {}, attempts: 1 };
      await NotificationModel.create([
        { ...base, key: 'sent-1', status: 'sent', dueAt: new Date(NOW.getTime() - DAY), expiresAt: NOW },
        { ...base, key: 'sent-2', status: 'sent', dueAt: new Date(NOW.getTime() - 2 * DAY), expiresAt: NOW },
        {
          ...base,
          key: 'skipped-1',
          status: 'skipped',
          reason: 'the meeting was cancelled',
          dueAt: new Date(NOW.getTime() - 3 * DAY),
          expiresAt: NOW,
        },
        {
          ...base,
          key: 'failed-1',
          status: 'failed',
          reason: 'the channel is archived (`is_archived`)',
          dueAt: new Date(NOW.getTime() - 4 * DAY),
          expiresAt: NOW,
        },
        { ...base, key: 'old-failure', status: 'failed', reason: 'long ago', dueAt: new Date(NOW.getTime() - 10 * DAY), expiresAt: NOW },
      ]);
      // due in the coming week: a meeting's reminders and attendance
      await MeetingModel.create({
        commissionKey: 'healthcare',
        title: 'Spring advisory meeting',
        startsAt: new Date('2026-05-12T14:00:00Z'),
        durationMinutes: 60,
        createdBy: LEAD,
      });
    },
  });

  async function status(userId: string): Promise<{ text?: string; blocks?: unknown[] }> {
    const res = await h().slack.command('/iec', 'status', { userId });
    expect(res.status).toBe(200);
    const call = await h().fake.waitFor('response_url');
    expect(checkMessage(call.args)).toEqual([]);
    return call.args as { text?: string; blocks?: unknown[] };
  }

  it('shows the last 7 days, the failures with reasons, and what is due next', async () => {
    const reply = await status(LEAD);
    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain('2 sent · 1 skipped · 1 failed');
    expect(shown).toContain('is_archived');
    expect(shown).not.toContain('long ago');
    // the real digest source plans next Monday's digest for the commission channel
    expect(shown).toMatch(/Due next \(\d+ in the coming week\)/);
    // every line names what it is about
    expect(shown).toContain('digest (Healthcare, week 2026-W20) to <#C0HEALTH>');
    expect(shown).toContain('meeting-reminder (“Spring advisory meeting”) to <#C0HEALTH>');
    const lines = shown
      .slice(shown.indexOf('Due next'))
      .split('\\n')
      .filter((l) => l.startsWith('• '));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatch(/: [a-z-]+ \(.+\) to /);
  });

  it('is for IECs only', async () => {
    expect((await status(STRANGER)).text).toContain('only for Industry Engagement Coordinators');
  });
});
