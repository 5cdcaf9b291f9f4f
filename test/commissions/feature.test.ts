import { parseCommissionArgs } from '../../src/commissions/feature';

describe('parseCommissionArgs', () => {
  it('parses every verb into a typed command', () => {
    expect(parseCommissionArgs([])).toEqual(['list']);
    expect(parseCommissionArgs(['SHOW', 'Healthcare'])).toEqual(['show', 'Healthcare']);
    expect(parseCommissionArgs(['set-channel', 'it', '<#C0IT|it-commission>'])).toEqual(['set-channel', 'it', 'C0IT']);
    expect(parseCommissionArgs(['set-target', 'it', 'internship', '12'])).toEqual(['set-target', 'it', 'internship_hosting', 12]);
    expect(parseCommissionArgs(['lead', 'ADD', 'it', '<@U0JANE|jane>'])).toEqual(['lead', 'add', 'it', 'U0JANE']);
  });

  it('says exactly what is wrong', () => {
    const message = (args: string[]) => {
      try {
        parseCommissionArgs(args);
        return 'parsed';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message(['frobnicate'])).toContain('Use `/iec commission list`');
    expect(message(['show'])).toContain('Name the commission by its key');
    expect(message(['set-channel', 'it', 'general'])).toContain('is not a channel');
    expect(message(['set-target', 'it', 'juggling', '3'])).toContain('is not a commitment type');
    expect(message(['set-target', 'it', 'mentoring', '-3'])).toContain('whole number');
    expect(message(['set-target', 'it', 'mentoring'])).toContain('whole number');
    expect(message(['lead', 'promote', 'it', '<@U1>'])).toContain('lead add');
    expect(message(['lead', 'add', 'it', 'jane'])).toContain('Mention the person');
    expect(message(['show', 'it', 'extra'])).toContain('Too many words');
  });
});
