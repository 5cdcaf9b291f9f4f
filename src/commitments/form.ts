import { DateTime } from 'luxon';
import { z } from 'zod';
import { schoolCodeSchema, SCHOOL_NAME_MAX } from '../schools';
import { originSchema } from '../slack/forms';
import { fieldErrors, flattenState, type StateValues } from '../slack/view-state';
import { BLOCK } from './ids';
import type { CommitmentInput } from './service';
import {
  COMMITMENT_STATUSES,
  COMMITMENT_TYPES,
  parseCommitmentStatus,
  type CommitmentStatus,
  type CommitmentType,
} from '../domain/commitments';

/**
 * Parsing what arrives from Slack for commitments: the form's `view.state.values`, and the
 * `private_metadata` / button values the feature round-trips. Pure: every failure is a message a person
 * can act on, on the exact block of the form.
 */

export const NOTES_MAX = 1000;
export const QUANTITY_MAX = 10_000_000;
export const SCHOOLS_MAX = 10;
export const PRIVATE_METADATA_MAX = 3000;
/** Dates in the form must lie within this window around today. */
export const DATE_YEARS_BACK = 2;
export const DATE_YEARS_AHEAD = 5;

const objectId = z.string().regex(/^[0-9a-f]{24}$/i);

/** The window of acceptable dates, as `YYYY-MM-DD`, around `now` in the district's time zone. */
export function dateBounds(now: Date, zone: string): { min: string; max: string } {
  const today = DateTime.fromJSDate(now, { zone });
  return {
    min: today.minus({ years: DATE_YEARS_BACK }).toISODate() ?? '',
    max: today.plus({ years: DATE_YEARS_AHEAD }).toISODate() ?? '',
  };
}

function dateField(label: string, bounds: { min: string; max: string }) {
  return z
    .string({ error: `Pick the ${label}.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Pick the ${label} in the calendar.`)
    .refine((d) => d >= bounds.min && d <= bounds.max, `The ${label} must be between ${bounds.min} and ${bounds.max}.`);
}

function formSchema(bounds: { min: string; max: string }) {
  return z.object({
    partner: objectId.optional(),
    commission: z.string({ error: 'Pick the commission.' }).regex(/^[a-z0-9_-]{1,60}$/, 'Pick the commission from the list.'),
    type: z.enum(COMMITMENT_TYPES, { error: 'Pick the type of commitment.' }),
    program: objectId.optional(),
    quantity: z
      .string({ error: 'Enter how many (a whole number greater than 0).' })
      .trim()
      .regex(/^\d+$/, 'The quantity must be a whole number greater than 0.')
      .transform(Number)
      .refine((n) => n >= 1, 'The quantity must be a whole number greater than 0.')
      .refine((n) => n <= QUANTITY_MAX, `The quantity can be at most ${QUANTITY_MAX.toLocaleString('en-US')}.`),
    startDate: dateField('start date', bounds),
    endDate: dateField('end date', bounds).optional(),
    schools: z.array(objectId).max(SCHOOLS_MAX, `Pick at most ${SCHOOLS_MAX} schools.`).default([]),
    newSchoolName: z.string().trim().max(SCHOOL_NAME_MAX, `A school name has at most ${SCHOOL_NAME_MAX} characters.`).optional(),
    newSchoolCode: schoolCodeSchema.optional(),
    notes: z
      .string()
      .trim()
      .max(NOTES_MAX, `Notes can have at most ${NOTES_MAX} characters.`)
      // control characters (Unicode category Cc, other than tabs and new lines) are noise, and would bloat private_metadata
      .transform((s) => s.replace(/[^\P{Cc}\t\n\r]/gu, ''))
      .default(''),
  });
}

/** Form field → the block that shows its error. */
const FIELD_BLOCKS: Record<string, string> = {
  partner: BLOCK.partner,
  commission: BLOCK.commission,
  type: BLOCK.type,
  program: BLOCK.program,
  quantity: BLOCK.quantity,
  startDate: BLOCK.startDate,
  endDate: BLOCK.endDate,
  schools: BLOCK.schools,
  newSchoolName: BLOCK.newSchoolName,
  newSchoolCode: BLOCK.newSchoolCode,
  notes: BLOCK.notes,
};

export interface ParsedForm {
  input: CommitmentInput;
  newSchool?: { name: string; code?: string };
}

export type FormResult = { ok: true; value: ParsedForm } | { ok: false; errors: Record<string, string> };

/**
 * The commitment form's values → a CommitmentInput. `fixedPartnerId` is the partner when the form does not
 * ask for one (a request, or a contact of one organisation).
 */
export function parseCommitmentForm(values: StateValues | undefined, now: Date, zone: string, fixedPartnerId?: string): FormResult {
  const flat = flattenState(values);
  const raw: Record<string, string | string[] | undefined> = Object.fromEntries(
    Object.entries(FIELD_BLOCKS).map(([field, block]) => [field, flat[block]]),
  );
  raw.newSchoolName = blankToUndefined(raw.newSchoolName);
  raw.newSchoolCode = blankToUndefined(raw.newSchoolCode);
  const parsed = formSchema(dateBounds(now, zone)).safeParse(raw);
  const errors = parsed.success ? {} : fieldErrors(parsed.error, (field) => FIELD_BLOCKS[field]);
  // checks across fields, made even when other fields are wrong so every problem shows at once
  const { startDate, endDate } = raw;
  if (
    typeof startDate === 'string' &&
    typeof endDate === 'string' &&
    endDate < startDate &&
    !errors[BLOCK.startDate] &&
    !errors[BLOCK.endDate]
  ) {
    errors[BLOCK.endDate] = 'The end date cannot be before the start date.';
  }
  if (raw.newSchoolCode && !raw.newSchoolName && !errors[BLOCK.newSchoolCode])
    errors[BLOCK.newSchoolName] = 'Give the new school a name too.';
  const typedPartner = objectId.safeParse(raw.partner);
  const partnerId = fixedPartnerId ?? (typedPartner.success ? typedPartner.data : undefined);
  if (!partnerId && !errors[BLOCK.partner]) errors[BLOCK.partner] = 'Pick the partner (start typing its name).';
  if (!parsed.success || !partnerId || Object.keys(errors).length > 0) return { ok: false, errors };
  const v = parsed.data;
  return {
    ok: true,
    value: {
      input: {
        partnerId,
        commissionKey: v.commission,
        type: v.type as CommitmentType,
        quantity: v.quantity,
        startDate: v.startDate,
        ...(v.endDate ? { endDate: v.endDate } : {}),
        schoolIds: v.schools,
        notes: v.notes,
        ...(v.program ? { programId: v.program } : {}),
      },
      ...(v.newSchoolName ? { newSchool: { name: v.newSchoolName, ...(v.newSchoolCode ? { code: v.newSchoolCode } : {}) } } : {}),
    },
  };
}

function blankToUndefined(v: string | string[] | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** `quantity` of the fulfilment modal. */
export function parseFulfilledQuantity(
  values: StateValues | undefined,
): { ok: true; quantity: number } | { ok: false; errors: Record<string, string> } {
  const raw = flattenState(values)[BLOCK.fulfilled];
  const parsed = z
    .string({ error: 'Enter how many were delivered.' })
    .trim()
    .regex(/^\d+$/, 'Enter a whole number greater than 0.')
    .transform(Number)
    .refine((n) => n >= 1 && n <= QUANTITY_MAX, 'Enter a whole number greater than 0.')
    .safeParse(raw);
  return parsed.success
    ? { ok: true, quantity: parsed.data }
    : { ok: false, errors: { [BLOCK.fulfilled]: parsed.error.issues[0].message } };
}

// ---- private_metadata and button values -------------------------------------------------------------

/** The form's private_metadata: what it is for. */
export const formMetadataSchema = z.object({
  /** Commitment being edited; absent when recording a new one. */
  id: objectId.optional(),
  /** The `/iec request` this answers. */
  r: objectId.optional(),
  /** The partner, when the form does not ask for it. */
  p: objectId.optional(),
  /** Where the form was opened (the answer goes there too). */
  o: originSchema.optional(),
  /** Fulfilment: the person confirmed it was delivered although the commitment starts later. */
  s: z.literal(1).optional(),
  /** The list page it was opened from: redrawn in place once saved. */
  l: z.lazy(() => listQuerySchema).optional(),
});
export type FormMetadata = z.infer<typeof formMetadataSchema>;

const commitmentInputSchema = z.object({
  partnerId: objectId,
  commissionKey: z.string().max(60),
  type: z.enum(COMMITMENT_TYPES),
  quantity: z.number().int().min(1).max(QUANTITY_MAX),
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  endDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  schoolIds: z.array(objectId).max(SCHOOLS_MAX),
  notes: z.string().max(NOTES_MAX),
  /** The program a program-role request asked for (kept through the duplicate choice). */
  programId: objectId.optional(),
});

/** The duplicate warning's private_metadata: everything that was typed, so nothing is lost. */
export const duplicateMetadataSchema = z.object({
  v: commitmentInputSchema,
  /** Idempotency key of the original submission. */
  k: z.string().max(300),
  r: objectId.optional(),
  /** The partner was fixed in the form. */
  p: objectId.optional(),
  o: originSchema.optional(),
});
export type DuplicateMetadata = z.infer<typeof duplicateMetadataSchema>;

export function encodeMetadata(data: FormMetadata | DuplicateMetadata): string {
  const text = JSON.stringify(data);
  if (text.length > PRIVATE_METADATA_MAX) throw new Error(`private_metadata of ${text.length} characters exceeds ${PRIVATE_METADATA_MAX}`);
  return text;
}

/** The "Show more" button of a list: the filter and where the next page starts. */
export const listQuerySchema = z.object({
  partnerId: objectId.optional(),
  commissionKey: z.string().max(60).optional(),
  recordedBy: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/)
    .optional(),
  statuses: z.array(z.enum(COMMITMENT_STATUSES)).max(COMMITMENT_STATUSES.length).optional(),
  offset: z.number().int().min(0).max(1_000_000),
  /** What the list is of, e.g. "Con Edison, pledged" (shown above each page). */
  t: z.string().max(200).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

const BLOCK_ID_MAX = 255;

/**
 * The block_id of a list row's blocks (`kind` s: the line with its status select, a: its buttons). It carries the
 * page's query: a control in an ephemeral list arrives without the message, so this is how a change redraws the
 * page it was made on. The title is shortened to fit Slack's 255 characters; without room, no query.
 */
export function listRowBlockId(kind: 's' | 'a', n: number, page: ListQuery): string {
  const prefix = `${BLOCK.listRow}:${kind}${n}:`;
  let t = page.t;
  for (;;) {
    const id = prefix + JSON.stringify({ ...page, ...(t === undefined ? {} : { t }) });
    if (id.length <= BLOCK_ID_MAX) return id;
    if (!t) return prefix.slice(0, -1);
    t = t.length > 20 ? `${t.slice(0, t.length - 20)}…` : '';
  }
}

/** The page a list row's control was on (see `listRowBlockId`); undefined for any other block. */
export function pageOfBlockId(blockId: string | undefined): ListQuery | undefined {
  const m = new RegExp(`^${BLOCK.listRow}:[sa]\\d+:(\\{.*\\})$`, 's').exec(blockId ?? '');
  if (!m) return undefined;
  try {
    const parsed = listQuerySchema.safeParse(JSON.parse(m[1]));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `<commitment id>:<status>` from the status select of a list. */
export const statusChoiceSchema = z
  .string()
  .transform((v) => v.split(':'))
  .pipe(z.tuple([objectId, z.enum(COMMITMENT_STATUSES)]))
  .transform(([id, status]): { id: string; status: CommitmentStatus } => ({ id, status }));

export const objectIdSchema = objectId;

/** `/iec commitments [partner | commission | mine] [status]`: a trailing status word, and what comes before it. */
export function parseListArgs(args: readonly string[]): { target: string; statuses?: CommitmentStatus[] } {
  const words = [...args];
  const last = words.at(-1)?.toLowerCase() ?? '';
  let statuses: CommitmentStatus[] | undefined;
  if (last === 'open') statuses = ['pledged', 'confirmed'];
  else if (words.length > 0) {
    const two = words.length >= 2 ? parseCommitmentStatus(`${words.at(-2)} ${last}`) : undefined;
    const one = parseCommitmentStatus(last);
    if (two) {
      statuses = [two];
      words.splice(-2, 2);
    } else if (one) statuses = [one];
  }
  if (statuses && words.length === args.length) words.pop();
  return { target: words.join(' ').trim(), ...(statuses ? { statuses } : {}) };
}
