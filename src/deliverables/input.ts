import { z } from 'zod';
import { COMMITMENT_TYPES } from '../domain/commitments';
import { parseOwnJson, parseState, type Parsed, type StateValues } from '../slack/view-state';
import { DeliverableBlocks } from './ids';
import { DELIVERABLE_FILTERS, type DeliverableFilter, type NewDeliverable } from './service';
import { DESCRIPTION_MAX, LIST_ROW_PREFIX, TITLE_MAX, type ListPage } from './views';
import { isValidDate } from '../domain/dates';

/** Everything a person sends to the deliverables feature, parsed by zod where it arrives. */

const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'not a deliverable id');
const userId = z.string({ error: 'Choose a person.' }).regex(/^[UW][A-Z0-9]+$/, 'Choose a person.');
const date = z.string({ error: 'Pick a date.' }).refine(isValidDate, 'Pick a date from the calendar.');

const addSchema = z.object({
  [DeliverableBlocks.commission]: z.string({ error: 'Choose a commission.' }).min(1, 'Choose a commission.'),
  [DeliverableBlocks.title]: z
    .string({ error: 'Give the deliverable a title.' })
    .trim()
    .min(1, 'Give the deliverable a title.')
    .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`),
  [DeliverableBlocks.description]: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX, `Keep the description under ${DESCRIPTION_MAX} characters.`)
    .default(''),
  [DeliverableBlocks.owner]: userId,
  [DeliverableBlocks.dueDate]: date,
  [DeliverableBlocks.linkedTypes]: z.array(z.enum(COMMITMENT_TYPES, 'Choose commitment types from the list.')).default([]),
});

/** The add modal → a new deliverable (without its creator), or inline errors by block_id. */
export function parseAddSubmission(values: StateValues | undefined): Parsed<NewDeliverable> {
  const parsed = parseState(addSchema, values);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    value: {
      commissionKey: v[DeliverableBlocks.commission],
      title: v[DeliverableBlocks.title],
      description: v[DeliverableBlocks.description],
      ownerId: v[DeliverableBlocks.owner],
      dueDate: v[DeliverableBlocks.dueDate],
      linkedTypes: v[DeliverableBlocks.linkedTypes],
    },
  };
}

/** Service field errors (keyed by NewDeliverable field) → block ids of the add modal. */
export const ADD_FIELD_BLOCKS: Record<Exclude<keyof NewDeliverable, 'meetingId'>, string> = {
  commissionKey: DeliverableBlocks.commission,
  title: DeliverableBlocks.title,
  description: DeliverableBlocks.description,
  ownerId: DeliverableBlocks.owner,
  dueDate: DeliverableBlocks.dueDate,
  linkedTypes: DeliverableBlocks.linkedTypes,
};

export function parseOwnerSubmission(values: StateValues | undefined): Parsed<string> {
  const parsed = parseState(z.object({ [DeliverableBlocks.owner]: userId }), values);
  return parsed.ok ? { ok: true, value: parsed.value[DeliverableBlocks.owner] } : parsed;
}

export function parseDueSubmission(values: StateValues | undefined): Parsed<string> {
  const parsed = parseState(z.object({ [DeliverableBlocks.dueDate]: date }), values);
  return parsed.ok ? { ok: true, value: parsed.value[DeliverableBlocks.dueDate] } : parsed;
}

/** A deliverable id from a button value or private_metadata; undefined when it is not one. */
export function parseDeliverableId(value: unknown): string | undefined {
  const parsed = objectId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function parseMetadataId(metadata: string | undefined): string | undefined {
  return parseOwnJson(z.object({ id: objectId }), metadata)?.id;
}

/** The list page a small modal was opened from (its private_metadata's `l`), if any. */
export function parseMetadataPage(metadata: string | undefined): ListPage | undefined {
  return parseOwnJson(z.object({ l: pageSchema }).passthrough(), metadata)?.l;
}

const pageSchema = z.object({
  commissionKey: z
    .string()
    .regex(/^[a-z0-9_-]{1,60}$/)
    .optional(),
  filter: z.enum(DELIVERABLE_FILTERS),
  offset: z.number().int().min(0).max(100_000),
});

/** The "Show more" button's value. */
export function parseListPage(value: string | undefined): ListPage | undefined {
  return parseOwnJson(pageSchema, value);
}

const ROW_BLOCK = new RegExp(`^${LIST_ROW_PREFIX}[a-f0-9]{24}\\|([^|]*)\\|([^|]*)\\|(\\d{1,6})$`);

/** The list page a row's button was on, from its block_id (`listRowBlockId`); undefined for any other block. */
export function listPageOfRow(blockId: string | undefined): ListPage | undefined {
  const m = ROW_BLOCK.exec(blockId ?? '');
  if (!m) return undefined;
  const parsed = pageSchema.safeParse({ ...(m[1] ? { commissionKey: m[1] } : {}), filter: m[2], offset: Number(m[3]) });
  return parsed.success ? parsed.data : undefined;
}

/** `/iec deliverables [commission] [open|overdue|all]`, in either order. */
export function parseListArgs(args: string[]): Parsed<{ commissionKey?: string; filter: DeliverableFilter }> {
  let filter: DeliverableFilter | undefined;
  let commissionKey: string | undefined;
  for (const arg of args) {
    const lower = arg.toLowerCase();
    if ((DELIVERABLE_FILTERS as readonly string[]).includes(lower) && !filter) filter = lower as DeliverableFilter;
    else if (!commissionKey) commissionKey = lower;
    else {
      return {
        ok: false,
        errors: { args: 'Use `/iec deliverables [commission] [open|overdue|all]`, e.g. `/iec deliverables healthcare overdue`.' },
      };
    }
  }
  return { ok: true, value: { commissionKey, filter: filter ?? 'open' } };
}
