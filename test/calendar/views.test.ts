import { calendarListBlocks } from '../../src/calendar/views';
import { checkBlocks } from '../support/fake-slack/limits';

describe('calendar views', () => {
  it('lists any number of ranges within Slack limits, saying how many were left out', () => {
    const ranges = Array.from({ length: 60 }, (_, i) => ({
      startDate: `2027-01-${String((i % 28) + 1).padStart(2, '0')}`,
      endDate: '2027-02-01',
      label: `${'Long label '.repeat(8)}${i}`,
    }));
    const blocks = calendarListBlocks(ranges, 500, 'America/New_York');
    expect(checkBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks).match(/and \d+ more later in the year/g)).toHaveLength(1);
  });

  it('says once how many more there are when all loaded ranges fit', () => {
    const blocks = calendarListBlocks([{ startDate: '2027-01-04', endDate: '2027-01-04', label: 'Testing' }], 3, 'America/New_York');
    expect(JSON.stringify(blocks).match(/and 2 more later in the year/g)).toHaveLength(1);
  });

  it('explains how to add days when there are none', () => {
    const blocks = calendarListBlocks([], 0, 'America/New_York');
    expect(JSON.stringify(blocks)).toContain('/iec calendar add');
    expect(checkBlocks(blocks, 'message')).toEqual([]);
  });
});
