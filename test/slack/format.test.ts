import { formatAmount, formatNumber, formatQuantity, plural, unitLabel } from '../../src/slack/format';

describe('one way to write numbers', () => {
  it('groups thousands', () => {
    expect(formatNumber(2500)).toBe('2,500');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1234567)).toBe('1,234,567');
  });

  it('says one and many right', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(2, 'session')).toBe('2 sessions');
    expect(plural(0, 'commitment')).toBe('0 commitments');
    expect(plural(2500, 'commitment')).toBe('2,500 commitments');
  });

  it('writes scholarships as money and other quantities with their unit, singular or plural', () => {
    expect(formatQuantity('scholarship', 2500)).toBe('$2,500');
    expect(formatAmount('scholarship', 2500)).toBe('$2,500');
    expect(formatQuantity('guest_speaking', 1)).toBe('1 session');
    expect(formatQuantity('guest_speaking', 3)).toBe('3 sessions');
    expect(formatQuantity('mentoring', 1)).toBe('1 student mentored');
    expect(formatQuantity('internship_hosting', 2500)).toBe('2,500 interns');
    expect(formatAmount('internship_hosting', 2500)).toBe('2,500');
    expect(formatQuantity('retired_type', 4, 'widgets')).toBe('4 widgets');
    expect(unitLabel('scholarship')).toBe('dollars ($)');
    expect(unitLabel('guest_speaking')).toBe('sessions');
  });
});
