import { fitLines, lineSections, showMoreBlock } from '../../src/slack/lists';
import { checkBlocks } from '../support/fake-slack/limits';

const more = (n: number) => `…and ${n} more`;

describe('fitLines', () => {
  it('keeps everything that fits', () => {
    expect(fitLines(['a', 'b'], more)).toBe('a\nb');
  });
  it('says how many lines were left out and stays within the budget', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line number ${i} with some text`);
    const text = fitLines(lines, more);
    expect(text.length).toBeLessThanOrEqual(2900);
    const shown = text.split('\n').length - 1;
    expect(text.endsWith(`…and ${500 - shown} more`)).toBe(true);
  });
});

describe('lineSections', () => {
  it('splits long lists over sections within limits and says what is left', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `• partner ${i} ${'x'.repeat(50)}`);
    const blocks = lineSections(lines, 5, more);
    expect(blocks).toHaveLength(5);
    expect(checkBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks[4])).toMatch(/and \d+ more/);
  });
  it('shortens a single line longer than a section', () => {
    expect(checkBlocks(lineSections(['y'.repeat(5000)], 2, more), 'message')).toEqual([]);
  });
  it('builds a valid Show more button', () => {
    expect(checkBlocks([showMoreBlock('b', 'a', '{"o":20}')], 'message')).toEqual([]);
  });
});
