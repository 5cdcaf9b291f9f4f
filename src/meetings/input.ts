import { z } from 'zod';
import { originSchema } from '../slack/forms';
import { fieldErrors, flattenState, parseOwnJson, parseState, stateValue, type Parsed, type StateValues } from '../slack/view-state';
import { FORMAL_OPTION, MeetingBlocks } from './ids';
import type { MeetingTime, NewMeeting } from './service';
import { DURATIONS, PLACE_MAX, TITLE_MAX, type ScheduleMetadata } from './views';
import { isValidDate } from '../domain/dates';

/** What a person sends to the meetings feature, parsed by zod where it arrives. */

const date = z.string({ error: 'Pick a date.' }).refine(isValidDate, 'Pick a date from the calendar.');
const time = z.string({ error: 'Pick a start time.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Pick a start time.');
const duration = z.coerce
  .number({ error: 'Choose a duration.' })
  .refine((n) => (DURATIONS as readonly number[]).includes(n), 'Choose a duration from the list.');

const timeSchema = z.object({ [MeetingBlocks.date]: date, [MeetingBlocks.time]: time, [MeetingBlocks.duration]: duration });

const scheduleSchema = timeSchema.extend({
  [MeetingBlocks.commission]: z.string({ error: 'Choose a commission.' }).min(1, 'Choose a commission.'),
  [MeetingBlocks.title]: z
    .string({ error: 'Give the meeting a title.' })
    .trim()
    .min(1, 'Give the meeting a title.')
    .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`),
  [MeetingBlocks.place]: z
    .string()
    .trim()
    .max(PLACE_MAX, `Keep it under ${PLACE_MAX} characters.`)
    .refine((p) => !/^https?:/i.test(p) || /^https?:\/\/[^\s<>|]+$/i.test(p), 'That link has spaces or < > | in it: paste the link alone.')
    .default(''),
  agenda: z.string().max(3000, 'Keep the agenda under 3000 characters.').default(''),
  /** The formal checkbox: ticked (or absent, on a form from before it existed) means formal. */
  [MeetingBlocks.formal]: z.array(z.string()).optional(),
});

export const scheduleMetadataSchema = z.object({
  commissionKey: z.string().max(100).optional(),
  agendaBlockId: z.string().startsWith(MeetingBlocks.agendaPrefix).max(255),
  prefillHash: z.string().max(40),
  o: originSchema.optional(),
});

export const rescheduleMetadataSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{24}$/),
  revision: z.number().int().min(0),
  o: originSchema.optional(),
  l: z
    .object({
      commissionKey: z
        .string()
        .regex(/^[a-z0-9_-]{1,60}$/)
        .optional(),
    })
    .optional(),
});

export const parseScheduleMetadata = (text: string | undefined): ScheduleMetadata | undefined => parseOwnJson(scheduleMetadataSchema, text);

/** The agenda as the person left it (its block id is in the metadata). */
export function currentAgenda(values: StateValues | undefined, metadata: ScheduleMetadata): string {
  const v = stateValue(values, metadata.agendaBlockId);
  return typeof v === 'string' ? v : '';
}

/** The schedule modal → a new meeting, or inline errors by block_id. */
export function parseScheduleSubmission(values: StateValues | undefined, metadata: ScheduleMetadata): Parsed<NewMeeting> {
  const parsed = scheduleSchema.safeParse({ ...flattenState(values), agenda: currentAgenda(values, metadata) });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error, (f) => (f === 'agenda' ? metadata.agendaBlockId : f)) };
  const v = parsed.data;
  return {
    ok: true,
    value: {
      commissionKey: v[MeetingBlocks.commission],
      title: v[MeetingBlocks.title],
      date: v[MeetingBlocks.date],
      time: v[MeetingBlocks.time],
      durationMinutes: v[MeetingBlocks.duration],
      place: v[MeetingBlocks.place],
      agenda: v.agenda,
      formal: v[MeetingBlocks.formal]?.includes(FORMAL_OPTION) ?? true,
    },
  };
}

export function parseRescheduleSubmission(values: StateValues | undefined): Parsed<MeetingTime> {
  const parsed = parseState(timeSchema, values);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return { ok: true, value: { date: v[MeetingBlocks.date], time: v[MeetingBlocks.time], durationMinutes: v[MeetingBlocks.duration] } };
}

/** Service field errors → block ids. */
export const MEETING_FIELD_BLOCKS: Record<string, string> = {
  date: MeetingBlocks.date,
  time: MeetingBlocks.time,
  commissionKey: MeetingBlocks.commission,
};

export function parseMeetingId(value: unknown): string | undefined {
  const parsed = z
    .string()
    .regex(/^[a-f0-9]{24}$/)
    .safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
