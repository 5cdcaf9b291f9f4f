import { CommissionModel } from '../../src/commissions/model';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

/** A report for a school year uses that year's targets, or shows none; set-target sets the current year's only. */

const LEAD = 'ULEAD00001';
const NOW = new Date('2026-10-15T14:00:00Z'); // school year 2026-27

describe('targets per school year', () => {
  const h = useHarness({
    now: NOW,
    seed: async () => {
      await CommissionModel.create({
        key: 'healthcare',
        name: 'Healthcare',
        leads: [LEAD],
        targets: [
          { type: 'mentoring', quantity: 25, schoolYear: '2025-26' },
          // set before targets had a year: the current year's
          { type: 'mentoring', quantity: 40 },
        ],
      });
    },
  });
  const report = async (text: string) => {
    const reply = await commandReply(h(), text, LEAD);
    expect(checkMessage(reply)).toEqual([]);
    return JSON.stringify(reply.blocks);
  };

  it('each year’s report shows its own targets', async () => {
    expect(await report('report healthcare 2025-26')).toContain('target 25');
    const current = await report('report healthcare');
    expect(current).toContain('target 40');
    expect(current).not.toContain('target 25');
    const none = await report('report healthcare 2024-25');
    expect(none).not.toContain('target 25');
    expect(none).not.toContain('target 40');

    // a new target is this school year's: last year's stays as it was
    const set = await commandReply(h(), 'commission set-target healthcare mentoring 60', LEAD);
    expect(set.text ?? JSON.stringify(set.blocks)).toContain('2026-27');
    expect(await report('report healthcare')).toContain('target 60');
    expect(await report('report healthcare 2025-26')).toContain('target 25');
    const stored = await CommissionModel.findOne({ key: 'healthcare' }).lean();
    expect(stored?.targets).toEqual(
      expect.arrayContaining([
        { type: 'mentoring', quantity: 25, schoolYear: '2025-26' },
        { type: 'mentoring', quantity: 60, schoolYear: '2026-27' },
      ]),
    );
    expect(stored?.targets).toHaveLength(2);
  });
});
