import { failureReportMessage, statusBlocks } from '../../src/scheduler/views';
import type { SchedulerStatus } from '../../src/scheduler/status';
import { checkBlocks, checkMessage } from '../support/fake-slack/limits';

const zone = 'America/New_York';

function status(failures: number, upcoming: number, reasonLength = 40): SchedulerStatus {
  const dueAt = new Date('2026-05-04T13:00:00Z');
  return {
    now: dueAt,
    counts: { claimed: 1, sent: 120, skipped: 3, failed: failures },
    failures: Array.from({ length: Math.min(failures, 15) }, (_, i) => ({
      key: `k${i}`,
      kind: 'digest',
      dueAt,
      reason: `${'x'.repeat(reasonLength)} *bold* <!here>`,
      target: { channel: `C${i}` },
    })),
    failuresTotal: failures,
    upcoming: Array.from({ length: Math.min(upcoming, 15) }, (_, i) => ({
      key: `u${i}`,
      kind: 'meeting-reminder',
      about: `“${'Spring *advisory* meeting '.repeat(reasonLength > 100 ? 20 : 1)}”`,
      dueAt,
      target: { user: `U${i}` },
    })),
    upcomingTotal: upcoming,
    planningErrors: failures > 100 ? ['meeting-reminder: boom'] : [],
  };
}

describe('scheduler views', () => {
  it('/iec status stays within Slack limits at any size and says what was left out', () => {
    for (const s of [status(0, 0), status(3, 2), status(500, 900, 600)]) {
      const blocks = statusBlocks(s, zone);
      expect(checkBlocks(blocks, 'message')).toEqual([]);
    }
    const big = JSON.stringify(statusBlocks(status(500, 900, 600), zone));
    expect(big).toMatch(/Recent failures \(500\)/);
    expect(big).toMatch(/and \d+ more/);
    expect(big).toContain('Could not plan');
    expect(big).not.toContain('<!here>'); // reasons are escaped
    const none = JSON.stringify(statusBlocks(status(0, 0), zone));
    expect(none).toContain('120 sent · 3 skipped · 0 failed · 1 being sent or retried');
    expect(none).toContain('nothing in the coming week');
    // each due-next line names its record, escaped
    const named = JSON.stringify(statusBlocks(status(0, 2), zone));
    expect(named).not.toContain(' *advisory*'); // escaped (zero-width joiners around the markers)
    expect(named.replace(/\u200d/g, '')).toContain('meeting-reminder (“Spring *advisory* meeting ”) to <@U0>');
  });

  it('the failure DM names the target, the time and the reason', () => {
    const m = failureReportMessage({
      failedKind: 'digest',
      target: '<#CGONE>',
      reason: 'the channel is archived (`is_archived`)',
      dueAt: new Date('2026-05-04T13:00:00Z'),
      timeZone: zone,
    });
    expect(checkMessage({ text: m.text, blocks: m.blocks })).toEqual([]);
    expect(m.text).toContain('<#CGONE>');
    expect(m.text).toContain('<!date^1777899600^');
    expect(m.text).toContain('is_archived');
  });
});
