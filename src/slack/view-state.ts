import type { z } from 'zod';

/**
 * Reading what a person entered in a modal (`view.state.values`), one value per input block, whatever the
 * element: text, selects, users, date and time pickers. A zod schema then parses the flat record, and its
 * issues become inline errors on the exact block (`response_action: 'errors'`).
 */

export type StateValues = Record<string, Record<string, StateElement>>;

interface StateElement {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
  selected_user?: string | null;
  selected_users?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
}

export type FlatValue = string | string[] | undefined;

/** A submission parsed: the value, or inline errors keyed by block_id (for `response_action: 'errors'`). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** The value of the one element of `blockId` (or of `actionId` in it): a string, a list for multi-selects, or undefined when empty. */
export function stateValue(values: StateValues | undefined, blockId: string, actionId?: string): FlatValue {
  const block = values?.[blockId];
  if (!block) return undefined;
  const el = actionId ? block[actionId] : Object.values(block)[0];
  if (!el) return undefined;
  if (el.selected_options) return el.selected_options.map((o) => o.value);
  if (el.selected_users) return el.selected_users;
  const single =
    el.value ??
    el.selected_option?.value ??
    el.selected_user ??
    el.selected_date ??
    el.selected_time ??
    el.selected_conversation ??
    el.selected_channel;
  return single === null || single === undefined || single === '' ? undefined : single;
}

/** Every block's value, keyed by block_id. */
export function flattenState(values: StateValues | undefined): Record<string, FlatValue> {
  return Object.fromEntries(Object.keys(values ?? {}).map((blockId) => [blockId, stateValue(values, blockId)]));
}

/** zod issues → `{ block_id: message }` (the first issue per field), for `response_action: 'errors'`. */
export function fieldErrors(error: z.ZodError, blockIdOf: (field: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const blockId = blockIdOf(String(issue.path[0] ?? ''));
    if (blockId && !(blockId in out)) out[blockId] = issue.message;
  }
  return out;
}

/** Every block's value parsed by `schema` (keyed by block_id); its issues become errors on those blocks. */
export function parseState<S extends z.ZodType>(schema: S, values: StateValues | undefined): Parsed<z.infer<S>> {
  const parsed = schema.safeParse(flattenState(values));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrors(parsed.error, (field) => field) };
}

/**
 * JSON the app itself put in a view or a button (`private_metadata`, a button's value), checked again on the
 * way back; undefined when it is not right.
 */
export function parseOwnJson<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
