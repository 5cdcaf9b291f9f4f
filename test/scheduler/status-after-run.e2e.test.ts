import { CommissionModel } from '../../src/commissions/model';
import { runJob } from '../../src/jobs/jobs';
import { MeetingModel } from '../../src/meetings/model';
import { NotificationModel } from '../../src/scheduler/model';
import { schedulerDeps } from '../../src/scheduler/runner';
import { notificationSources } from '../../src/scheduled';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

/**
 * `/iec status` right after a scheduler run that was given its time (the sandbox's clock, `npm run job -- tick --at`):
 * it counts what that run sent, by the business time of the run, and always says what the latest run did.
 */

const LEAD = 'U0LEAD';
const NOW = new Date('2026-05-06T15:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Three meetings whose 7-day, 1-day and 1-hour reminders fall due half an hour before `at`. */
async function remindersDueBefore(at: Date): Promise<void> {
  const starts = [7 * DAY, DAY, 60 * MIN].map((offset, i) => ({
    commissionKey: 'healthcare',
    title: `Meeting ${i + 1}`,
    startsAt: new Date(at.getTime() + offset - 30 * MIN),
    durationMinutes: 60,
    createdBy: LEAD,
    revisedAt: new Date(at.getTime() - 30 * DAY),
  }));
  await MeetingModel.create(starts);
}

describe('/iec status after a scheduler run given its time', () => {
  const h = useHarness({
    now: NOW,
    seed: async () => {
      await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: [LEAD], timeZone: 'UTC' });
    },
  });

  /** The run's counts as `/iec status` writes them ("3 sent · 1 skipped · 0 failed"), at least the three reminders sent. */
  const run = async (at: Date): Promise<string> => {
    const s = await runJob('tick', at, schedulerDeps(h().config, h().logger, { sources: notificationSources, owner: 'job' }));
    expect(s.sent).toBeGreaterThanOrEqual(3);
    expect(s.failed).toBe(0);
    return `${s.sent} sent · ${s.skipped} skipped · ${s.failed} failed`;
  };

  async function status(): Promise<string> {
    const since = h().fake.calls.length;
    await h().slack.command('/iec', 'status', { userId: LEAD });
    const call = await h().fake.waitFor('response_url', (c) => h().fake.calls.indexOf(c) >= since, 15_000);
    expect(checkMessage(call.args)).toEqual([]);
    return JSON.stringify(call.args.blocks);
  }

  it('counts what the run as of now sent', async () => {
    await remindersDueBefore(NOW);
    const counts = await run(NOW);
    const shown = await status();
    expect(shown).toContain(`*Last 7 days:* ${counts}`);
    expect(shown).toMatch(new RegExp(`\\*Latest run\\* \\(as of <!date\\^\\d+\\^[^>]*>\\): ${counts}"`));
  });

  it('a run as of a month ago (npm run job -- tick --at): counted at that business time, and shown as the latest run now', async () => {
    const past = new Date(NOW.getTime() - 30 * DAY);
    await remindersDueBefore(past);
    const counts = await run(past);
    const shown = await status();
    expect(shown).toContain('*Last 7 days:* 0 sent · 0 skipped · 0 failed');
    expect(shown).toContain(`${counts} — before these 7 days`);
    // asked at that business time (the sandbox's clock there), the 7 days count them
    h().setNow(new Date(past.getTime() + 5 * MIN));
    expect(await status()).toContain(`*Last 7 days:* ${counts}`);
  });

  it('a run as of a later time than the app clock: shown as the latest run, and counted once the clock gets there', async () => {
    const later = new Date(NOW.getTime() + 2 * DAY);
    await remindersDueBefore(later);
    const counts = await run(later);
    const shown = await status();
    expect(shown).toContain('*Last 7 days:* 0 sent · 0 skipped · 0 failed');
    expect(shown).toContain(`${counts} — it ran as of a later time than now`);
    h().setNow(later);
    expect(await status()).toContain(`*Last 7 days:* ${counts}`);
  });

  it('the latest run stays shown when messages finished after it carry no run time (skipped by an erasure)', async () => {
    await remindersDueBefore(NOW);
    const counts = await run(NOW);
    // what an erasure writes: skipped, finished on the wall clock, outside any run
    const erased = Array.from({ length: 5 }, (_, i) => ({
      key: `erased:${i}`,
      kind: 'deliverable-reminder',
      status: 'skipped',
      reason: 'its recipient’s personal data was erased',
      attempts: 0,
      dueAt: new Date(NOW.getTime() + DAY),
      expiresAt: new Date(NOW.getTime() + 2 * DAY),
      finishedAt: new Date(Date.now() + 60 * MIN),
      recipient: { user: 'U0ERASED' },
      ref: {},
    }));
    await NotificationModel.create(erased);
    expect(await status()).toMatch(new RegExp(`\\*Latest run\\* \\(as of <!date\\^\\d+\\^[^>]*>\\): ${counts}"`));
  });
});
