import type { KnownBlock } from '@slack/types';
import type { DigestData, DigestDeliverable, DigestPartner } from '../../src/digest/service';
import { DIGEST_MAX_LINES, digestBlocks, digestText, listSection } from '../../src/digest/views';
import { checkMessage, LIMITS } from '../support/fake-slack/limits';

const NOW = new Date('2026-12-02T15:00:00Z');

function emptyDigest(): DigestData {
  return {
    commission: { key: 'healthcare', name: 'Healthcare', channelId: 'C1' },
    timeZone: 'America/New_York',
    week: {
      key: '2026-W48',
      start: new Date('2026-11-23T05:00:00Z'),
      end: new Date('2026-11-30T05:00:00Z'),
      firstDate: '2026-11-23',
      lastDate: '2026-11-29',
    },
    today: '2026-12-02',
    now: NOW,
    schoolYear: '2026-27',
    recorded: { items: [], total: 0 },
    fulfilled: { items: [], total: 0 },
    totals: [],
    meetings: { items: [], total: 0 },
    overdueDeliverables: { items: [], total: 0 },
    upcomingDeliverables: { items: [], total: 0 },
    inactivePartners: { items: [], total: 0 },
  };
}

function deliverables(n: number, title: (i: number) => string): DigestDeliverable[] {
  return Array.from({ length: n }, (_, i) => ({ id: `d${i}`, title: title(i), ownerId: 'U0OWNER', dueDate: '2026-11-01', status: 'open' }));
}

function partners(n: number, name: (i: number) => string): DigestPartner[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    name: name(i),
    lastActivityAt: i % 2 ? new Date('2026-06-01T12:00:00Z') : undefined,
  }));
}

function sectionTexts(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

function sectionStarting(blocks: KnownBlock[], start: string): string {
  const found = sectionTexts(blocks).find((t) => t.startsWith(start));
  if (!found) throw new Error(`no section starting with ${start}`);
  return found;
}

describe('digestBlocks', () => {
  it('fits Slack with 500 deliverables and 200 partners, and says exactly how many more and where', () => {
    const data = emptyDigest();
    data.overdueDeliverables = { items: deliverables(500, (i) => `Overdue deliverable number ${i}`), total: 500 };
    data.upcomingDeliverables = { items: deliverables(320, (i) => `Upcoming ${i}`), total: 320 };
    data.inactivePartners = { items: partners(200, (i) => `Partner ${i}`), total: 200 };
    const blocks = digestBlocks(data);
    expect(checkMessage({ text: digestText(data), blocks })).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);

    const overdue = sectionStarting(blocks, '*:warning: Overdue deliverables: 500*');
    expect(overdue.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(DIGEST_MAX_LINES);
    expect(overdue).toContain(`_and ${500 - DIGEST_MAX_LINES} more — \`/iec deliverables healthcare overdue\`_`);
    expect(sectionStarting(blocks, '*Open deliverables: 320*')).toContain(
      `_and ${320 - DIGEST_MAX_LINES} more — \`/iec deliverables healthcare open\`_`,
    );
    expect(sectionStarting(blocks, '*Partners with no activity for 60 days: 200*')).toContain(
      `_and ${200 - DIGEST_MAX_LINES} more — \`/iec partner list healthcare\`_`,
    );
  });

  it('counts the rest from the total, not from the items it was given', () => {
    const data = emptyDigest();
    data.overdueDeliverables = { items: deliverables(15, (i) => `D${i}`), total: 45 };
    const text = sectionStarting(digestBlocks(data), '*:warning: Overdue deliverables: 45*');
    expect(text).toContain(`_and 37 more — \`/iec deliverables healthcare overdue\`_`);
  });

  it('cuts a list by length when its lines are long, and the count stays right', () => {
    const data = emptyDigest();
    const long = (i: number) => `${'Very long title with <special> & *marks* '.repeat(40)}${i}`;
    data.overdueDeliverables = { items: deliverables(500, long), total: 500 };
    data.inactivePartners = { items: partners(200, (i) => `${'x'.repeat(5000)}${i}`), total: 200 };
    data.meetings = {
      items: Array.from({ length: 30 }, (_, i) => ({
        id: `m${i}`,
        title: 'M'.repeat(3000),
        startsAt: NOW,
        location: 'L'.repeat(3000),
        link: 'javascript:alert(1)',
      })),
      total: 30,
    };
    data.commission = { key: 'healthcare', name: 'H'.repeat(400) };
    const blocks = digestBlocks(data);
    expect(checkMessage({ text: digestText(data), blocks })).toEqual([]);
    for (const text of sectionTexts(blocks)) {
      const shown = text.split('\n').filter((l) => l.startsWith('• ')).length;
      const more = /_and (\d+) more — `([^`]+)`_$/.exec(text);
      const total = Number(/: (\d+)\*/.exec(text)?.[1] ?? 0);
      if (total > shown) expect(Number(more?.[1])).toBe(total - shown);
    }
    const overdue = sectionStarting(blocks, '*:warning: Overdue deliverables: 500*');
    expect(overdue).not.toContain('<special>');
    expect(overdue).toContain('&lt;special&gt;');
    expect(JSON.stringify(blocks)).not.toContain('javascript:');
  });

  it('says "None" for empty lists and explains how to set targets', () => {
    const blocks = digestBlocks(emptyDigest());
    expect(checkMessage({ blocks })).toEqual([]);
    expect(sectionStarting(blocks, '*Commitments recorded that week: 0*')).toContain('_None._');
    expect(sectionStarting(blocks, '*School-year totals 2026-27*')).toContain('/iec commission set-target healthcare');
  });

  it('shows totals against targets, and types without a target', () => {
    const data = emptyDigest();
    data.totals = [
      { type: 'mentoring', commitments: 3, pledged: 30, fulfilled: 12, target: 40 },
      { type: 'guest_speaking', commitments: 1, pledged: 2, fulfilled: 0 },
      { type: 'scholarship', commitments: 0, pledged: 0, fulfilled: 0, target: 0 },
      { type: 'internship_hosting', commitments: 1, pledged: 1, fulfilled: 2500 },
    ];
    const text = sectionStarting(digestBlocks(data), '*School-year totals 2026-27*');
    expect(text).toContain('• *Mentoring*: 12 of 40 students mentored fulfilled (30%) · 30 pledged in 3 commitments');
    expect(text).toContain('• *Guest speaking*: 0 sessions fulfilled · 2 pledged in 1 commitment _(no target)_');
    expect(text).toContain('• *Scholarship*: $0 of $0 fulfilled · $0 pledged in 0 commitments');
    expect(text).toContain('• *Internship hosting*: 2,500 interns fulfilled · 1 pledged in 1 commitment _(no target)_');
  });

  it('shows dates with Slack date formatting', () => {
    const data = emptyDigest();
    data.overdueDeliverables = { items: deliverables(1, () => 'Report'), total: 1 };
    data.meetings = {
      items: [{ id: 'm', title: 'Board', startsAt: NOW, location: 'Room 5', link: 'https://meet.example.org/x' }],
      total: 1,
    };
    const blocks = digestBlocks(data);
    expect(sectionStarting(blocks, '*:warning: Overdue')).toMatch(/due <!date\^\d+\^\{date_short_pretty\}\|2026-11-01>/);
    expect(sectionStarting(blocks, '*Meetings')).toContain(
      `<!date^${NOW.getTime() / 1000}^{date_short_pretty} at {time}|Wed 2 Dec 2026 10:00 EST> — *Board* · Room 5 · <https://meet.example.org/x|join>`,
    );
  });
});

describe('listSection', () => {
  it('shows everything when all of it fits', () => {
    const block = listSection('*T: 3*', ['• a', '• b', '• c'], 3, '/iec x', '_None._');
    expect(block).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*T: 3*\n• a\n• b\n• c' } });
  });
});
