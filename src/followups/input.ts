import { z } from 'zod';
import { parseState, stateValue, type Parsed, type StateValues } from '../slack/view-state';
import { FollowUpBlocks } from './ids';
import type { FollowUpRef } from './service';
import type { ModalMetadata } from './views';
import { isValidDate } from '../domain/dates';

/** What arrives from the follow-up's buttons and modals, parsed by zod where it arrives. */

const BUTTON_VALUE = /^([a-f0-9]{24}):(\d{4}-\d{2}-\d{2})$/;
const date = z.string().refine(isValidDate, 'Pick a date from the calendar.');

/** `<commitmentId>:<targetDate>` from a button; undefined when it is not one. */
export function parseButtonValue(value: unknown): FollowUpRef | undefined {
  const m = typeof value === 'string' ? BUTTON_VALUE.exec(value) : null;
  return m && isValidDate(m[2]) ? { commitmentId: m[1], targetDate: m[2] } : undefined;
}

export const followUpMetadataSchema: z.ZodType<ModalMetadata> = z.object({
  commitmentId: z.string().regex(/^[a-f0-9]{24}$/),
  targetDate: date,
  channel: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .optional(),
  ts: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
});

export const MAX_QUANTITY = 1_000_000;

const partlySchema = z.object({
  [FollowUpBlocks.quantity]: z.coerce
    .number({ error: 'Enter how many, as a whole number.' })
    .int('Enter a whole number.')
    .min(1, 'Enter at least 1. If nothing happened, close this and choose Cancelled or Rescheduled.')
    .max(MAX_QUANTITY, `Enter at most ${MAX_QUANTITY.toLocaleString('en-US')}.`),
});

/** The "partly" modal → how many. */
export function parsePartlySubmission(values: StateValues | undefined): Parsed<number> {
  if (stateValue(values, FollowUpBlocks.quantity) === undefined)
    return { ok: false, errors: { [FollowUpBlocks.quantity]: 'Enter how many, as a whole number.' } };
  const parsed = parseState(partlySchema, values);
  return parsed.ok ? { ok: true, value: parsed.value[FollowUpBlocks.quantity] } : parsed;
}

/** The "rescheduled" modal → the new dates, not in the past, the last not before the first. */
export function parseRescheduleSubmission(values: StateValues | undefined, today: string): Parsed<{ startDate: string; endDate?: string }> {
  const schema = z
    .object({
      [FollowUpBlocks.startDate]: date.refine((d) => d >= today, 'The new date cannot be in the past.'),
      [FollowUpBlocks.endDate]: date.optional(),
    })
    .refine((v) => (v[FollowUpBlocks.endDate] ?? v[FollowUpBlocks.startDate]) >= v[FollowUpBlocks.startDate], {
      message: 'The last day cannot be before the first.',
      path: [FollowUpBlocks.endDate],
    });
  if (stateValue(values, FollowUpBlocks.startDate) === undefined)
    return { ok: false, errors: { [FollowUpBlocks.startDate]: 'Pick the new date.' } };
  const parsed = parseState(schema, values);
  if (!parsed.ok) return parsed;
  const endDate = parsed.value[FollowUpBlocks.endDate];
  return { ok: true, value: { startDate: parsed.value[FollowUpBlocks.startDate], ...(endDate ? { endDate } : {}) } };
}
