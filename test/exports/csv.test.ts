import { parse } from 'csv-parse/sync';
import { csvCell, csvRow, UTF8_BOM } from '../../src/exports/csv';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('Con Edison')).toBe('Con Edison');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('Smith, Jones & Co')).toBe('"Smith, Jones & Co"');
    expect(csvCell('The "Best" Co')).toBe('"The ""Best"" Co"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
  });

  it.each(['=HYPERLINK("http://x","y")', '+1+2', '-3', '@SUM(A1)', '\tTab', '\rCR'])(
    'neutralises the formula %j with a leading quote',
    (value) => {
      const cell = csvCell(value);
      const [[parsed]] = parse(`${cell}\r\n`, { relax_quotes: false }) as string[][];
      expect(parsed).toBe(`'${value}`);
    },
  );

  it('writes CRLF-terminated rows that a real parser reads back', () => {
    const rows = [
      ['a,b', 'c"d', 'e\nf', '=1+1'],
      ['plain', 7, '', 'ünïcödé'],
    ];
    const text = UTF8_BOM + rows.map(csvRow).join('');
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parse(text, { bom: true }) as string[][];
    expect(parsed).toEqual([
      ['a,b', 'c"d', 'e\nf', "'=1+1"],
      ['plain', '7', '', 'ünïcödé'],
    ]);
  });
});
