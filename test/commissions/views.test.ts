import { commissionDetailBlocks, commissionListBlocks } from '../../src/commissions/views';
import { COMMITMENT_TYPES } from '../../src/domain/commitments';
import { checkBlocks } from '../support/fake-slack/limits';

describe('commission views', () => {
  it('lists commissions within Slack limits, however many there are and however many leads', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      key: `k${i}`,
      name: `Commission ${i} ${'with a long name '.repeat(10)}`,
      channelId: 'C0CHAN',
      leads: Array.from({ length: 30 }, (_, j) => `U${j}LEAD`),
      active: i % 2 === 0,
    }));
    const blocks = commissionListBlocks(many);
    expect(checkBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toMatch(/and \d+ more/);
    expect(checkBlocks(commissionListBlocks([]), 'message')).toEqual([]);
  });

  it('shows targets and progress with units, within limits', () => {
    const blocks = commissionDetailBlocks({
      key: 'healthcare',
      name: 'Healthcare',
      leads: Array.from({ length: 300 }, (_, j) => `U${j}LEAD`),
      active: true,
      schoolYear: '2026-27',
      progress: COMMITMENT_TYPES.map((type, i) => ({
        type,
        target: i % 2 ? 1000 : undefined,
        pledged: 1234,
        fulfilled: 5,
        commitments: 1,
      })),
    });
    expect(checkBlocks(blocks, 'message')).toEqual([]);
    const text = JSON.stringify(blocks);
    expect(text).toContain('1,234 of 1,000 interns pledged');
    expect(text).toContain('1,234 students mentored pledged (no target)');
    expect(text).toContain('_no channel yet_');
    expect(text).toContain('2026-27 targets and progress');
  });

  it('says how to set a first target when there is none', () => {
    const blocks = commissionDetailBlocks({
      key: 'it',
      name: 'IT',
      leads: [],
      active: true,
      schoolYear: '2026-27',
      progress: [],
      channelId: 'C1',
    });
    expect(JSON.stringify(blocks)).toContain('set-target it mentoring 40');
  });
});
