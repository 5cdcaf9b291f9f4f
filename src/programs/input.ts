import { z } from 'zod';
import { invalidInput } from '../errors';
import { originSchema } from '../slack/forms';
import { parseState, type Parsed, type StateValues } from '../slack/view-state';

import { PROGRAM_COMMITMENT_TYPES, parseCommitmentType, type CommitmentType } from '../commitments';
import { ProgramBlocks } from './ids';
import { PROGRAM_STAGES, type ProgramStage } from './model';
import type { ReadinessRules } from './readiness';
import { PROGRAM_NAME_MAX, type ProgramContactInput, type ProgramInput } from './service';
import { EMAIL_CONTACTS_MAX, type ProgramFormMetadata } from './views';
import { isValidDate } from '../domain/dates';

/** What a person sends to the programs feature, parsed by zod where it arrives. */

const date = (what: string) => z.string().refine(isValidDate, `Pick the ${what} from the calendar.`).optional();

const formSchema = z.object({
  [ProgramBlocks.school]: z.string().trim().max(150).optional(),
  [ProgramBlocks.name]: z
    .string({ error: 'Name the program, e.g. Automotive Technology.' })
    .trim()
    .min(1, 'Name the program, e.g. Automotive Technology.')
    .max(PROGRAM_NAME_MAX, `Keep the name under ${PROGRAM_NAME_MAX} characters.`),
  [ProgramBlocks.commission]: z.string({ error: 'Choose the commission.' }).min(1),
  [ProgramBlocks.stage]: z.enum(PROGRAM_STAGES, { error: 'Choose the approval stage.' }),
  [ProgramBlocks.reviewDate]: date('review date'),
  [ProgramBlocks.approvedDate]: date('approval date'),
  [ProgramBlocks.renewalDate]: date('renewal date'),
  [ProgramBlocks.contacts]: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat())),
  [ProgramBlocks.emailContacts]: z.string().max(EMAIL_CONTACTS_MAX).optional(),
});

const emailSchema = z.email();
/** The most contacts outside Slack (and as many in Slack: the users select takes 10). */
export const EMAIL_CONTACTS_COUNT_MAX = 10;

/**
 * The "contacts outside Slack" field: one per line, a name and an email (`Ana Ruiz <aruiz@schools.nyc.gov>`,
 * `Ana Ruiz, aruiz@schools.nyc.gov` or the email alone). A line without a valid email is named in the error.
 */
export function parseEmailContacts(text: string | undefined): { ok: true; contacts: ProgramContactInput[] } | { ok: false; error: string } {
  const contacts: ProgramContactInput[] = [];
  const lines = (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const words = line.split(/[\s,;<>]+/).filter(Boolean);
    const emailWord = [...words].reverse().find((w) => w.includes('@'));
    const email = emailWord ? emailSchema.safeParse(emailWord) : undefined;
    if (!email?.success) {
      return {
        ok: false,
        error: `Line ${i + 1} ("${line.slice(0, 60)}") has no valid email: write a name and an email, e.g. Ana Ruiz <aruiz@schools.nyc.gov>.`,
      };
    }
    const name = line
      .replace(emailWord as string, '')
      .replace(/[<>,;]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (name.length > 100) return { ok: false, error: `Line ${i + 1}: keep the name under 100 characters.` };
    contacts.push({ name, email: email.data.toLowerCase() });
  }
  if (contacts.length > EMAIL_CONTACTS_COUNT_MAX)
    return { ok: false, error: `Give at most ${EMAIL_CONTACTS_COUNT_MAX} contacts outside Slack.` };
  const emails = contacts.map((c) => c.email);
  const twice = emails.find((e, i) => emails.indexOf(e) !== i);
  if (twice) return { ok: false, error: `${twice} is there twice.` };
  return { ok: true, contacts };
}

/** The program form → a program's details, or inline errors by block id. The school is fixed when changing. */
export function parseProgramSubmission(values: StateValues | undefined, fixedSchool?: string): Parsed<ProgramInput> {
  const parsed = parseState(formSchema, values);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const school = fixedSchool ?? v[ProgramBlocks.school] ?? '';
  if (!school) return { ok: false, errors: { [ProgramBlocks.school]: 'Name the school (its name or district code).' } };
  const byEmail = parseEmailContacts(v[ProgramBlocks.emailContacts]);
  if (!byEmail.ok) return { ok: false, errors: { [ProgramBlocks.emailContacts]: byEmail.error } };
  return {
    ok: true,
    value: {
      school,
      name: v[ProgramBlocks.name],
      commissionKey: v[ProgramBlocks.commission],
      stage: v[ProgramBlocks.stage],
      ...(v[ProgramBlocks.reviewDate] ? { reviewDate: v[ProgramBlocks.reviewDate] } : {}),
      ...(v[ProgramBlocks.approvedDate] ? { approvedDate: v[ProgramBlocks.approvedDate] } : {}),
      ...(v[ProgramBlocks.renewalDate] ? { renewalDate: v[ProgramBlocks.renewalDate] } : {}),
      contacts: [...v[ProgramBlocks.contacts].map((slackUserId) => ({ slackUserId })), ...byEmail.contacts],
    },
  };
}

/** Service field errors → block ids. */
export const PROGRAM_FIELD_BLOCKS: Record<string, string> = {
  school: ProgramBlocks.school,
  name: ProgramBlocks.name,
  reviewDate: ProgramBlocks.reviewDate,
  approvedDate: ProgramBlocks.approvedDate,
  renewalDate: ProgramBlocks.renewalDate,
};

export const programMetadataSchema: z.ZodType<ProgramFormMetadata> = z.object({
  programId: z
    .string()
    .regex(/^[a-f0-9]{24}$/)
    .optional(),
  revision: z.number().int().min(0).optional(),
  o: originSchema.optional(),
});

/** Stage words of the command: `development`, `self-study`, `review`, `approved`, `lapsed`. */
const STAGE_WORDS: Record<string, ProgramStage> = {
  development: 'development',
  'in-development': 'development',
  'self-study': 'self_study',
  self_study: 'self_study',
  selfstudy: 'self_study',
  review: 'review_scheduled',
  'review-scheduled': 'review_scheduled',
  review_scheduled: 'review_scheduled',
  approved: 'approved',
  lapsed: 'lapsed',
};

/** A stage as typed (command or spreadsheet): `self-study`, `External review scheduled`, `approved`… */
export function parseStageWord(word: string): ProgramStage | undefined {
  const norm = word.trim().toLowerCase().replace(/\s+/g, '-');
  if (Object.hasOwn(STAGE_WORDS, norm)) return STAGE_WORDS[norm];
  const byLabel: Record<string, ProgramStage> = { 'external-review-scheduled': 'review_scheduled', 'external-review': 'review_scheduled' };
  return (
    byLabel[norm] ??
    ((PROGRAM_STAGES as readonly string[]).includes(norm.replace(/-/g, '_')) ? (norm.replace(/-/g, '_') as ProgramStage) : undefined)
  );
}

export const ADD_USAGE =
  '`/iec program add` opens a form, or in one line: `/iec program add <school> "<program>" <commission> <stage> [date] [renewal date]` — stage `development`, `self-study`, `review <date>`, `approved <date> <renewal date>` or `lapsed`; dates `YYYY-MM-DD`; quote names with spaces.';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `/iec program add <school> <program> <commission> <stage> [date] [renewal]` (quoted names) → a program's details. */
export function parseProgramAddArgs(words: readonly string[]): ProgramInput {
  const [school, name, commissionKey, stageWord, first, second, ...extra] = words;
  if (!school || !name || !commissionKey || !stageWord || extra.length > 0) throw invalidInput(`Not quite. ${ADD_USAGE}`);
  const stage = parseStageWord(stageWord);
  if (!stage) throw invalidInput(`\`${stageWord.slice(0, 30)}\` is not a stage. ${ADD_USAGE}`);
  for (const d of [first, second]) {
    if (d !== undefined && (!ISO_DATE.test(d) || !isValidDate(d)))
      throw invalidInput(`\`${d.slice(0, 30)}\` is not a date: write it as YYYY-MM-DD, e.g. 2026-05-14.`);
  }
  const dates =
    stage === 'review_scheduled'
      ? { ...(first ? { reviewDate: first } : {}) }
      : stage === 'approved' || stage === 'lapsed'
        ? { ...(first ? { approvedDate: first } : {}), ...(second ? { renewalDate: second } : {}) }
        : {};
  return { school, name, commissionKey, stage, ...dates, contacts: [] };
}

/** The roles a partner can be asked for, as typed after `/iec request @contact`. */
export function parseProgramRole(word: string): CommitmentType | undefined {
  const type = parseCommitmentType(word);
  return type && PROGRAM_COMMITMENT_TYPES.includes(type) ? type : undefined;
}

/** `<school> <program words…>`: the school is one word (a district code) or quoted. */
export function splitSchoolAndProgram(words: readonly string[], usage: string): { school: string; program: string } {
  const [school, ...rest] = words;
  if (!school || rest.length === 0) throw invalidInput(usage);
  return { school, program: rest.join(' ') };
}

const RULE_WORDS = { meetings: 'minFormalMeetings', wbl: 'minWorkBasedLearning' } as const;
export const RULES_USAGE =
  '`/iec programs rules <commission> [meetings=<n>] [wbl=<n>]`: formal meetings its school staff must attend per school year (default 2), work-based learning commitments per school (default 1).';

/** `meetings=3 wbl=2` → rules to change. */
export function parseRuleArgs(words: readonly string[]): Partial<ReadinessRules> {
  const out: Partial<ReadinessRules> = {};
  for (const w of words) {
    const m = /^(meetings|wbl)=(\d{1,2})$/i.exec(w);
    if (!m) throw invalidInput(`\`${w.slice(0, 30)}\` is not a rule. ${RULES_USAGE}`);
    out[RULE_WORDS[m[1].toLowerCase() as keyof typeof RULE_WORDS]] = Number(m[2]);
  }
  return out;
}
