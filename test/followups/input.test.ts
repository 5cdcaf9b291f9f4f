import { FollowUpBlocks } from '../../src/followups/ids';
import { followUpMetadataSchema, parseButtonValue, parsePartlySubmission, parseRescheduleSubmission } from '../../src/followups/input';

const number = (value: string | null) => ({ [FollowUpBlocks.quantity]: { [FollowUpBlocks.quantity]: { type: 'number_input', value } } });
const dates = (start: string | null, end: string | null = null) => ({
  [FollowUpBlocks.startDate]: { [FollowUpBlocks.startDate]: { type: 'datepicker', selected_date: start } },
  [FollowUpBlocks.endDate]: { [FollowUpBlocks.endDate]: { type: 'datepicker', selected_date: end } },
});

describe('follow-up input', () => {
  it('reads a button value, and nothing else', () => {
    expect(parseButtonValue('65a1b2c3d4e5f6a7b8c9d0e1:2026-10-20')).toEqual({
      commitmentId: '65a1b2c3d4e5f6a7b8c9d0e1',
      targetDate: '2026-10-20',
    });
    for (const bad of ['', '65a1b2c3d4e5f6a7b8c9d0e1', '65a1b2c3d4e5f6a7b8c9d0e1:2026-02-30', '{"$gt":""}:2026-10-20', 42, undefined]) {
      expect(parseButtonValue(bad)).toBeUndefined();
    }
  });

  it('reads the modal metadata, refusing anything malformed', () => {
    const meta = { commitmentId: '65a1b2c3d4e5f6a7b8c9d0e1', targetDate: '2026-10-20', channel: 'D0123', ts: '1700000000.000100' };
    expect(followUpMetadataSchema.safeParse(meta).data).toEqual(meta);
    expect(followUpMetadataSchema.safeParse({ ...meta, commitmentId: { $ne: null } }).success).toBe(false);
    expect(followUpMetadataSchema.safeParse({ ...meta, channel: 'not a channel' }).success).toBe(false);
  });

  it('takes a whole number of at least 1 for "partly", with specific messages', () => {
    expect(parsePartlySubmission(number('3'))).toEqual({ ok: true, value: 3 });
    expect(parsePartlySubmission(number(null))).toEqual({
      ok: false,
      errors: { [FollowUpBlocks.quantity]: 'Enter how many, as a whole number.' },
    });
    expect(parsePartlySubmission(number('0'))).toMatchObject({
      ok: false,
      errors: { [FollowUpBlocks.quantity]: expect.stringContaining('at least 1') },
    });
    expect(parsePartlySubmission(number('2.5'))).toEqual({ ok: false, errors: { [FollowUpBlocks.quantity]: 'Enter a whole number.' } });
    expect(parsePartlySubmission(number('abc'))).toMatchObject({ ok: false });
    expect(parsePartlySubmission(number('99999999'))).toMatchObject({
      ok: false,
      errors: { [FollowUpBlocks.quantity]: 'Enter at most 1,000,000.' },
    });
  });

  it('takes new dates that are not in the past, the last not before the first', () => {
    expect(parseRescheduleSubmission(dates('2026-11-10'), '2026-10-21')).toEqual({ ok: true, value: { startDate: '2026-11-10' } });
    expect(parseRescheduleSubmission(dates('2026-11-10', '2026-11-12'), '2026-10-21')).toEqual({
      ok: true,
      value: { startDate: '2026-11-10', endDate: '2026-11-12' },
    });
    expect(parseRescheduleSubmission(dates(null), '2026-10-21')).toEqual({
      ok: false,
      errors: { [FollowUpBlocks.startDate]: 'Pick the new date.' },
    });
    expect(parseRescheduleSubmission(dates('2026-10-20'), '2026-10-21')).toEqual({
      ok: false,
      errors: { [FollowUpBlocks.startDate]: 'The new date cannot be in the past.' },
    });
    expect(parseRescheduleSubmission(dates('2026-11-10', '2026-11-01'), '2026-10-21')).toEqual({
      ok: false,
      errors: { [FollowUpBlocks.endDate]: 'The last day cannot be before the first.' },
    });
  });
});
