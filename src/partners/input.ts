import { z } from 'zod';
import { flattenState, parseOwnJson, type FlatValue, type Parsed, type StateValues } from '../slack/view-state';
import { CONTACT_FIELDS, contactBlockId, PARTNER_BLOCK, type ContactField } from './ids';
import { PARTNER_KINDS, PARTNER_STATUSES, type PartnerKind, type PartnerStatus } from './model';
import { normalizeName } from '../domain/names';

/** Limits of what a person may type in the partner forms (also the inputs' max_length). */
export const PARTNER_LIMITS = { name: 100, notes: 2000, contactName: 100, contactTitle: 100, contactEmail: 254 } as const;
/** Contacts per partner, and empty contact slots offered in the add form. */
export const MAX_CONTACTS = 10;
export const NEW_CONTACT_SLOTS = 3;

export interface ContactInput {
  name: string;
  title?: string;
  email?: string;
  slackUserId?: string;
}

export interface PartnerInput {
  name: string;
  commissions: string[];
  status: PartnerStatus;
  /** Industry when not given. */
  kind?: PartnerKind;
  ownerId?: string;
  notes: string;
  contacts: ContactInput[];
}

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} can have at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined));

const single = (v: FlatValue) => (Array.isArray(v) ? v[0] : v);

export const partnerNameSchema = z
  .string({ error: 'Give the organisation’s name.' })
  .trim()
  .min(1, 'Give the organisation’s name.')
  .max(PARTNER_LIMITS.name, `A name can have at most ${PARTNER_LIMITS.name} characters.`)
  .refine((n) => normalizeName(n).length > 0, 'A name needs at least one letter or digit.');

const contactSchema = z
  .object({
    name: optionalText(PARTNER_LIMITS.contactName, 'A name'),
    title: optionalText(PARTNER_LIMITS.contactTitle, 'A title'),
    email: optionalText(PARTNER_LIMITS.contactEmail, 'An email').pipe(
      z.email({ error: 'That is not an email address, e.g. jane@example.com.' }).optional(),
    ),
    user: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.name && (c.title || c.email || c.user))
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Give this contact’s name (or clear the other fields).' });
  });

/** One contact slot of a form; undefined when left empty. Issues have paths like `['name']`. */
function parseContactSlot(flat: Record<string, FlatValue>, index: number, out: Record<string, string>): ContactInput | undefined {
  const raw = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, single(flat[contactBlockId(index, f)])])) as Record<
    ContactField,
    string | undefined
  >;
  const parsed = contactSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'name') as ContactField;
      out[contactBlockId(index, field)] ??= issue.message;
    }
    return undefined;
  }
  const c = parsed.data;
  if (!c.name) return undefined;
  return {
    name: c.name,
    ...(c.title ? { title: c.title } : {}),
    ...(c.email ? { email: c.email } : {}),
    ...(c.user ? { slackUserId: c.user } : {}),
  };
}

const formSchema = z.object({
  [PARTNER_BLOCK.name]: partnerNameSchema,
  [PARTNER_BLOCK.commissions]: z.array(z.string()).optional().default([]),
  [PARTNER_BLOCK.status]: z.enum(PARTNER_STATUSES, { error: 'Pick a status.' }).optional().default('prospect'),
  [PARTNER_BLOCK.kind]: z.enum(PARTNER_KINDS, { error: 'Pick what kind of organisation it is.' }).optional().default('industry'),
  [PARTNER_BLOCK.owner]: z.string().optional(),
  [PARTNER_BLOCK.notes]: optionalText(PARTNER_LIMITS.notes, 'Notes'),
});

/** The partner form as submitted → a typed partner, or inline errors keyed by block_id. */
export function parsePartnerForm(values: StateValues | undefined, contactSlots: number): Parsed<PartnerInput> {
  const flat = flattenState(values);
  const errors: Record<string, string> = {};
  const parsed = formSchema.safeParse({
    [PARTNER_BLOCK.name]: single(flat[PARTNER_BLOCK.name]) ?? '',
    [PARTNER_BLOCK.commissions]: flat[PARTNER_BLOCK.commissions] === undefined ? [] : [flat[PARTNER_BLOCK.commissions]].flat(),
    [PARTNER_BLOCK.status]: single(flat[PARTNER_BLOCK.status]),
    [PARTNER_BLOCK.kind]: single(flat[PARTNER_BLOCK.kind]),
    [PARTNER_BLOCK.owner]: single(flat[PARTNER_BLOCK.owner]),
    [PARTNER_BLOCK.notes]: single(flat[PARTNER_BLOCK.notes]),
  });
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const contacts: ContactInput[] = [];
  for (let i = 0; i < Math.min(contactSlots, MAX_CONTACTS); i += 1) {
    const contact = parseContactSlot(flat, i, errors);
    if (contact) contacts.push(contact);
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const d = parsed.data;
  return {
    ok: true,
    value: {
      name: d[PARTNER_BLOCK.name],
      commissions: d[PARTNER_BLOCK.commissions],
      status: d[PARTNER_BLOCK.status],
      kind: d[PARTNER_BLOCK.kind],
      ...(d[PARTNER_BLOCK.owner] ? { ownerId: d[PARTNER_BLOCK.owner] } : {}),
      notes: d[PARTNER_BLOCK.notes] ?? '',
      contacts,
    },
  };
}

/** The "add a contact" form (one slot). */
export function parseContactForm(values: StateValues | undefined): Parsed<ContactInput> {
  const errors: Record<string, string> = {};
  const contact = parseContactSlot(flattenState(values), 0, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (!contact) return { ok: false, errors: { [contactBlockId(0, 'name')]: 'Give the contact’s name.' } };
  return { ok: true, value: contact };
}

/** Where a service's field error (`name`, `commissions`, `contacts`) goes in the partner form. */
export const PARTNER_FIELD_BLOCKS: Record<string, string> = {
  name: PARTNER_BLOCK.name,
  commissions: PARTNER_BLOCK.commissions,
  contacts: PARTNER_BLOCK.name,
};

/** The modal's private_metadata: which partner is edited, how many contact slots the form has. */
export const partnerFormMetaSchema = z.object({
  partnerId: z
    .string()
    .regex(/^[a-f0-9]{24}$/)
    .optional(),
  slots: z.number().int().min(1).max(MAX_CONTACTS),
  /** The partner's revision the edit form showed: a change made since is not overwritten (see handlers/forms.ts). */
  revision: z.number().int().min(0).optional(),
});
export type PartnerFormMeta = z.infer<typeof partnerFormMetaSchema>;

/** The value of a "Show more" button of `/iec partner list`. */
export const listMoreSchema = z.object({ c: z.string().max(40).optional(), o: z.number().int().min(0).max(1_000_000) });
export type ListMore = z.infer<typeof listMoreSchema>;

export const parseListMore = (raw: string | undefined) => parseOwnJson(listMoreSchema, raw);
