import { z } from 'zod';
import { originSchema } from '../slack/forms';
import { flattenState, type Parsed, type StateValues } from '../slack/view-state';
import type { AttendanceInput } from './attendance';
import type { AttendanceMetadata } from './attendance-views';
import { GUESTS_MAX, NOTES_MAX } from './attendance-views';
import type { NewDecision } from './decisions';
import { DECISION_MAX } from './decisions';
import { AttendanceBlocks } from './ids';
import { isValidDate } from '../domain/dates';

/** What a lead sends about a meeting's attendance and decisions, parsed by zod where it arrives. */

const objectId = z.string().regex(/^[a-f0-9]{24}$/);

const guestLine = z
  .string()
  .trim()
  .transform((line) => {
    const [name, ...org] = line.split(',');
    return { name: name.trim(), organisation: org.join(',').trim() };
  })
  .refine((g) => g.name.length > 0 && g.name.length <= 120 && g.organisation.length <= 150, 'Write each person as: name, organisation.');

const attendanceSchema = z.object({
  memberIds: z.array(objectId),
  [AttendanceBlocks.guests]: z
    .string()
    .max(GUESTS_MAX)
    .optional()
    .transform((t) => (t ?? '').split('\n').filter((l) => l.trim() !== '')),
  [AttendanceBlocks.notes]: z.string().max(NOTES_MAX, `Keep the notes under ${NOTES_MAX} characters.`).optional(),
});

/** The attendance form → ticked members, others (one per line: name, organisation) and notes; or inline errors. */
export function parseAttendanceSubmission(values: StateValues | undefined): Parsed<AttendanceInput> {
  const flat = flattenState(values);
  const memberIds = Object.entries(flat)
    .filter(([block]) => block.startsWith(AttendanceBlocks.membersPrefix))
    .flatMap(([, v]) => (Array.isArray(v) ? v : []));
  const parsed = attendanceSchema.safeParse({ ...flat, memberIds });
  if (!parsed.success) return { ok: false, errors: { [AttendanceBlocks.notes]: parsed.error.issues[0]?.message ?? 'Check the form.' } };
  const guests = [];
  for (const [i, line] of parsed.data[AttendanceBlocks.guests].entries()) {
    const g = guestLine.safeParse(line);
    if (!g.success) return { ok: false, errors: { [AttendanceBlocks.guests]: `Line ${i + 1}: write it as "name, organisation".` } };
    guests.push(g.data);
  }
  return {
    ok: true,
    value: { memberIds: [...new Set(parsed.data.memberIds)], guests, notes: (parsed.data[AttendanceBlocks.notes] ?? '').trim() },
  };
}

export const attendanceMetadataSchema: z.ZodType<AttendanceMetadata> = z.object({
  meetingId: objectId,
  revision: z.number().int().min(0),
  o: originSchema.optional(),
});

const decisionSchema = z.object({
  [AttendanceBlocks.decisionText]: z
    .string({ error: 'Write the decision.' })
    .trim()
    .min(1, 'Write the decision.')
    .max(DECISION_MAX, `Keep it under ${DECISION_MAX} characters.`),
  [AttendanceBlocks.decisionOwner]: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/)
    .optional(),
  [AttendanceBlocks.decisionDue]: z.string().refine(isValidDate, 'Pick a date from the calendar.').optional(),
});

export function parseDecisionSubmission(values: StateValues | undefined): Parsed<NewDecision> {
  const parsed = decisionSchema.safeParse(flattenState(values));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, errors: { [String(issue?.path[0] ?? AttendanceBlocks.decisionText)]: issue?.message ?? 'Check the form.' } };
  }
  const v = parsed.data;
  return {
    ok: true,
    value: {
      text: v[AttendanceBlocks.decisionText],
      ...(v[AttendanceBlocks.decisionOwner] ? { ownerId: v[AttendanceBlocks.decisionOwner] } : {}),
      ...(v[AttendanceBlocks.decisionDue] ? { dueDate: v[AttendanceBlocks.decisionDue] } : {}),
    },
  };
}

export const DECISION_FIELD_BLOCKS: Record<string, string> = {
  ownerId: AttendanceBlocks.decisionOwner,
  dueDate: AttendanceBlocks.decisionDue,
};

export const decisionMetadataSchema = z.object({ meetingId: objectId, o: originSchema.optional() });
export type DecisionMetadata = z.infer<typeof decisionMetadataSchema>;
export const parseObjectId = (value: unknown): string | undefined => {
  const r = objectId.safeParse(value);
  return r.success ? r.data : undefined;
};
