import { Types } from 'mongoose';
import { COMMITMENT_STATUSES, COMMITMENT_TYPES } from '../../src/domain/commitments';
import { parseExportArgs } from '../../src/exports/input';
import { parseReportArgs } from '../../src/reports/input';
import { schoolYearMonths, type ReportData } from '../../src/reports/service';
import { reportChartData, reportMessage } from '../../src/reports/views';
import { validateMessage } from '../support/fake-slack';
import { checkMessage } from '../support/fake-slack/limits';

const counts = () => Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, 3])) as ReportData['byStatus'];
const long = (n: number) => '<!channel> *x* & '.repeat(Math.ceil(n / 17)).slice(0, n);

function bigReport(scope: ReportData['scope']): ReportData {
  return {
    scope,
    schoolYear: '2026-27',
    timeZone: 'America/New_York',
    now: new Date('2027-03-10T15:00:00Z'),
    byType: COMMITMENT_TYPES.map((type) => ({
      type,
      counts: counts(),
      commitments: 12,
      pledged: 123_456,
      fulfilled: 1234,
      target: 99_999,
    })),
    byStatus: counts(),
    commitments: 120,
    fulfilmentRate: 0.25,
    partners: { items: Array.from({ length: 30 }, (_, i) => ({ name: `${long(300)} ${i}`, commitments: i })), total: 2000 },
    schools: { items: Array.from({ length: 30 }, (_, i) => ({ name: `${long(300)} ${i}`, code: '02M475', commitments: i })), total: 400 },
    gaps: Array.from({ length: 60 }, (_, i) => ({ commissionKey: `c${i}`, commissionName: long(200), types: [...COMMITMENT_TYPES] })),
    byMonth: schoolYearMonths('2026-27').map((month) => ({ month, starting: 1, fulfilled: 2 })),
  };
}

describe('reportMessage', () => {
  it.each([
    { kind: 'district' as const },
    { kind: 'commission' as const, key: 'healthcare', name: long(400) },
    { kind: 'partner' as const, id: new Types.ObjectId(), name: long(400) },
    { kind: 'school' as const, id: new Types.ObjectId(), name: long(400), code: '02M475' },
  ])('stays within Slack limits at any size ($kind)', (scope) => {
    const message = reportMessage(bigReport(scope));
    expect(validateMessage(message)).toEqual([]);
    expect(checkMessage(message)).toEqual([]);
    const json = JSON.stringify(message.blocks);
    expect(json).toMatch(/and \d+ more/);
    // names are escaped wherever they are mrkdwn (the header is plain text)
    expect(JSON.stringify(message.blocks.slice(1))).not.toContain('<!channel>');
  });

  it('names the fulfilment rate, statuses and gaps', () => {
    const json = JSON.stringify(reportMessage(bigReport({ kind: 'commission', key: 'healthcare', name: 'Healthcare' })).blocks);
    expect(json).toContain('25% fully fulfilled');
    expect(json).toContain('Partially fulfilled: 3');
    expect(json).toContain('Coverage gaps');
  });
});

describe('reportChartData', () => {
  it('has twelve months from July and one bar per type with commitments', () => {
    const data = reportChartData(bigReport({ kind: 'district' }));
    expect(data.byMonth.map((m) => m.label)).toEqual([
      'Jul 26',
      'Aug 26',
      'Sep 26',
      'Oct 26',
      'Nov 26',
      'Dec 26',
      'Jan 27',
      'Feb 27',
      'Mar 27',
      'Apr 27',
      'May 27',
      'Jun 27',
    ]);
    expect(data.byType).toHaveLength(COMMITMENT_TYPES.length);
  });
});

describe('parseReportArgs', () => {
  it.each([
    [[], { kind: 'default' }],
    [['2025-26'], { kind: 'default', schoolYear: '2025-26' }],
    [['healthcare'], { kind: 'commission', input: 'healthcare' }],
    [['healthcare', '2025'], { kind: 'commission', input: 'healthcare', schoolYear: '2025-26' }],
    [['all'], { kind: 'district' }],
    [['partner', 'Con', 'Edison', '2026-27'], { kind: 'partner', input: 'Con Edison', schoolYear: '2026-27' }],
    [['school', '02M475'], { kind: 'school', input: '02M475' }],
  ])('%j', (args, expected) => {
    expect(parseReportArgs(args)).toEqual(expected);
  });

  it('explains the usage for what it cannot read', () => {
    expect(() => parseReportArgs(['partner'])).toThrow(/Name the partner/);
    expect(() => parseReportArgs(['x'.repeat(500)])).toThrow(
      /A word that long is not a commission, partner, school or school year\. Usage:/,
    );
    expect(() => parseExportArgs(['x'.repeat(500)])).toThrow(/A word that long is not a commission or a school year\. Usage:/);
    expect(() => parseReportArgs(['healthcare', 'nonsense'])).toThrow(/did not understand/);
  });
});

describe('parseExportArgs', () => {
  it.each([
    [[], {}],
    [['healthcare'], { commission: 'healthcare' }],
    [['healthcare', '2025-26'], { commission: 'healthcare', schoolYear: '2025-26' }],
    [['2025-26'], { schoolYear: '2025-26' }],
    [['all', 'all'], { everyCommission: true, schoolYear: 'all' }],
    [['healthcare', 'all'], { commission: 'healthcare', schoolYear: 'all' }],
  ])('%j', (args, expected) => {
    expect(parseExportArgs(args)).toEqual(expected);
  });

  it('refuses extra words', () => {
    expect(() => parseExportArgs(['a', 'b', 'c'])).toThrow(/Usage/);
  });
});
