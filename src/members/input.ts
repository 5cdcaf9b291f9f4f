import { z } from 'zod';
import { originSchema, type Origin } from '../slack/forms';
import { parseState, type Parsed, type StateValues } from '../slack/view-state';
import { MemberBlocks } from './ids';
import { MEMBER_KINDS, MEMBER_ROLES, STAFF_ROLES } from './model';
import type { MemberInput } from './service';
import { isValidDate } from '../domain/dates';

/** What a person sends to the members feature, parsed by zod where it arrives. */

export const MEMBER_NAME_MAX = 120;
export const MEMBER_ORG_MAX = 150;

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${what} under ${max} characters.`)
    .optional()
    .transform((v) => v ?? '');

const memberSchema = z.object({
  [MemberBlocks.kind]: z.enum(MEMBER_KINDS, { error: 'Choose what kind of member they are.' }),
  [MemberBlocks.role]: z.enum(MEMBER_ROLES, { error: 'Choose their role.' }).default('member'),
  [MemberBlocks.startDate]: z.string({ error: 'Pick the date they joined.' }).refine(isValidDate, 'Pick a date from the calendar.'),
  [MemberBlocks.user]: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/, 'Pick a person from the list.')
    .optional(),
  [MemberBlocks.name]: text(MEMBER_NAME_MAX, 'the name'),
  [MemberBlocks.organisation]: text(MEMBER_ORG_MAX, 'the organisation'),
  [MemberBlocks.email]: z
    .string()
    .trim()
    .email('That is not an email address, e.g. jane@example.org.')
    .max(200)
    .optional()
    .transform((v) => v ?? ''),
  [MemberBlocks.school]: text(150, 'the school'),
  [MemberBlocks.staffRole]: z.enum(STAFF_ROLES, { error: 'Choose from the list.' }).optional(),
});

/** The member form → a member's details, or inline errors by block id. */
export function parseMemberSubmission(values: StateValues | undefined): Parsed<MemberInput> {
  const parsed = parseState(memberSchema, values);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    value: {
      kind: v[MemberBlocks.kind],
      role: v[MemberBlocks.role],
      startDate: v[MemberBlocks.startDate],
      ...(v[MemberBlocks.user] ? { slackUserId: v[MemberBlocks.user] } : {}),
      name: v[MemberBlocks.name],
      organisation: v[MemberBlocks.organisation],
      email: v[MemberBlocks.email],
      ...(v[MemberBlocks.school] ? { school: v[MemberBlocks.school] } : {}),
      ...(v[MemberBlocks.staffRole] ? { staffRole: v[MemberBlocks.staffRole] } : {}),
    },
  };
}

/** Service field errors → block ids. */
export const MEMBER_FIELD_BLOCKS: Record<string, string> = {
  user: MemberBlocks.user,
  name: MemberBlocks.name,
  email: MemberBlocks.email,
  organisation: MemberBlocks.organisation,
  school: MemberBlocks.school,
};

export interface MemberFormMetadata {
  commissionKey: string;
  memberId?: string;
  revision?: number;
  /** Where the form was opened (the command's or the list button's response_url). */
  o?: Origin;
}

export const memberMetadataSchema: z.ZodType<MemberFormMetadata> = z.object({
  commissionKey: z.string().min(1).max(100),
  memberId: z
    .string()
    .regex(/^[a-f0-9]{24}$/)
    .optional(),
  revision: z.number().int().min(0).optional(),
  o: originSchema.optional(),
});

/** The overflow on a member's row: `edit:<id>` or `remove:<id>`. */
export function parseRowAction(value: string | undefined): { verb: 'edit' | 'remove'; id: string } | undefined {
  const m = /^(edit|remove):([a-f0-9]{24})$/.exec(value ?? '');
  return m ? { verb: m[1] as 'edit' | 'remove', id: m[2] } : undefined;
}
