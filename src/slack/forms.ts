import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, Context, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { KnownBlock, ModalView, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { wroteSoFar } from '../db/write-tracking';
import { DeadlineExceeded, withDeadline } from '../deadline';
import type { Actor } from '../domain/actor';
import { AppError, UNAVAILABLE_MESSAGE } from '../errors';
import type { AppDeps } from './deps';
import { sendDm, type PersonalMessage } from './interaction';
import { errorModal, errorReply } from './replies';
import { truncate } from './text';
import type { Parsed, StateValues } from './view-state';

/**
 * The one form helper: every modal submission of the app goes through `formListener`. No handler tracks its
 * own acknowledgement.
 *
 * 1. `private_metadata` is parsed by the form's zod schema (and the place the form was opened from, `o`, by
 *    `originSchema`); a form the app no longer understands is refused on top of the form.
 * 2. `parse` checks what was typed, synchronously: problems are answered inline (`response_action: errors`).
 * 3. Slack is answered at once (`response_action: update`): the form stays, with "Saving…" on top. No database
 *    work comes before that answer: the acting person's one read (the actor middleware) runs meanwhile, and is
 *    awaited after it (`context.actorPending`), within the deadline of step 4; when it fails, or is not read by
 *    that deadline, the form says "try again in a minute" and nothing is saved (not even later).
 * 4. `save` runs the checks and writes that need the database, under FORM_DEADLINE_MS. Its answer replaces the
 *    modal by `views.update`: the saved record, a next step, or the form again with each refusal under its
 *    field. Past the deadline the modal says the save is not yet confirmed (submitting again is safe: a
 *    submission's key is its view id and a hash of what was entered, and every write is idempotent by it),
 *    and the result follows by `views.update`, or by DM when the modal is gone.
 * 5. A saved answer is also told where the person acted: through the `response_url` of the command or button
 *    that opened the form (an ephemeral reply, or a replacement of the message the button was on) while it is
 *    valid (RESPONSE_URL_LIFETIME_MS), then `after` runs (DMs, Home refreshes).
 */

/** How long a form waits for its database work before it says the save is not yet confirmed. */
export const FORM_DEADLINE_MS = 2_000;
/** A response_url works for 30 minutes (and 5 uses; a form uses it once or twice). */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

/** Where a form was opened: the command's or button's response_url, its channel and the message the button was on. */
export const originSchema = z.object({
  u: z.string().url().max(1000).optional(),
  c: z
    .string()
    .regex(/^[CDG][A-Z0-9]{2,30}$/)
    .optional(),
  m: z
    .string()
    .regex(/^\d{1,12}\.\d{1,9}$/)
    .optional(),
  /** When the response_url was issued (ms since the epoch, the app's clock). */
  at: z.number().int().nonnegative(),
});
export type Origin = z.infer<typeof originSchema>;

/** What a command or a block action says about where it came from. */
export interface OriginSource {
  response_url?: string;
  channel_id?: string;
  channel?: { id?: string };
  container?: { message_ts?: string; channel_id?: string; type?: string };
  message?: { ts?: string };
}

/** The place a form is opened from, to put in its private_metadata (`o`); undefined from the Home tab or a modal. */
export function originOf(source: OriginSource, now: Date): Origin | undefined {
  const parsed = originSchema.safeParse({
    u: source.response_url,
    c: source.channel_id ?? source.channel?.id ?? source.container?.channel_id,
    m: source.message?.ts ?? source.container?.message_ts,
    at: now.getTime(),
  });
  return parsed.success && parsed.data.u ? parsed.data : undefined;
}

/** A submission's idempotency key: the view and a hash of what was entered (the same form saved twice records once). */
export function submissionKey(viewId: string, value: unknown): string {
  return `${viewId}:${createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 24)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The form as Slack sent it back in the submission. */
export type SubmittedView = ViewSubmitAction['view'];

/** What `save` gets besides the parsed value. */
export interface FormRequest<M> {
  meta: M;
  origin?: Origin;
  actor: Actor;
  userId: string;
  client: WebClient;
  now: Date;
  deps: AppDeps;
  /** See `submissionKey`. */
  key: string;
  view: SubmittedView;
}

/** What a form's `save` answers. */
export type FormAnswer =
  | {
      kind: 'saved';
      /** What the modal shows now (the saved record). */
      view: View;
      /** Told where the person acted (ephemeral through the opening response_url), besides what `after` sends. */
      confirm?: PersonalMessage;
      /** Replaces the message the opening button was on (e.g. a list, with the record changed). */
      replace?: PersonalMessage;
      /** Runs once the person has been answered: DMs, Home refreshes. Its failures are logged. */
      after?: () => Promise<void>;
      /** Sent by DM when the modal is gone (closed while it saved), so the answer still reaches them. */
      ifClosed?: PersonalMessage;
    }
  /** Another step in the same modal (e.g. "this looks like one already recorded"); `ifClosed` as for `saved`. */
  | { kind: 'next'; view: View; ifClosed?: PersonalMessage }
  /** Refused: the form again, each message under its block (a message for no block goes on top). */
  | { kind: 'refused'; errors: Record<string, string> };

export interface FormSpec<M, V> {
  callbackId: string;
  /** The form's own private_metadata (the origin, `o`, is read by the helper). */
  metadata: z.ZodType<M>;
  /** The synchronous checks of what was typed: problems become inline errors. (The person is not read yet: see step 3.) */
  parse(values: StateValues | undefined, p: { meta: M; now: Date; deps: AppDeps }): Parsed<V>;
  /** The checks and writes that need the database. May throw: an AppError's field errors go under `fieldBlocks`. */
  save(value: V, req: FormRequest<M>): Promise<FormAnswer>;
  /** A service field → the block that shows its error. */
  fieldBlocks?: Record<string, string>;
  /** The block that shows a refusal naming no field (e.g. a permission); without it, the refusal goes on top. */
  errorBlock?: string;
  /** What the person reads while it saves (default "Saving…"). */
  saving?: string | ((value: V) => string);
  /** What the modal says past the deadline (default NOT_YET_CONFIRMED), e.g. for work that is long by nature. */
  pending?: string;
}

export const OUT_OF_DATE = 'This form is out of date: close it and open it again.';
export const NOT_YET_CONFIRMED =
  ':hourglass: *Not saved yet:* the database is slow to answer, so the save is not yet confirmed. I will show the result here, or send it to you by DM if you close this. Submitting again is safe: the same form is saved once.';

const NOTICE_BLOCK = 'form_notice';
const WARNING_BLOCK = 'form_warning:';

function noticeBlock(text: string): KnownBlock {
  return { type: 'section', block_id: NOTICE_BLOCK, text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

/** Whether a view is the form helper's answer to its submission (it carries the notice): a closed one was submitted. */
export function isSubmittedForm(view: { blocks?: ReadonlyArray<{ block_id?: string }> }): boolean {
  return (view.blocks ?? []).some((b) => b.block_id === NOTICE_BLOCK);
}

function isHelperBlock(b: { block_id?: string }): boolean {
  return b.block_id === NOTICE_BLOCK || (b.block_id?.startsWith(WARNING_BLOCK) ?? false);
}

/**
 * The submitted form again, with `notice` on top and each of `warnings` (block_id → message) under its block.
 * Slack keeps what was typed in inputs whose block_id and action_id are unchanged.
 */
export function formAgain(view: SubmittedView | ModalView, notice: string, warnings: Record<string, string> = {}): ModalView {
  const own = ((view.blocks ?? []) as KnownBlock[]).filter((b) => !isHelperBlock(b));
  const placed = new Set(own.map((b) => b.block_id).filter((id) => id && warnings[id]));
  const unplaced = Object.entries(warnings)
    .filter(([id]) => !placed.has(id))
    .map(([, m]) => m);
  const top = [notice, ...unplaced.map((m) => `:warning: ${m}`)].join('\n');
  const blocks = own.flatMap((b): KnownBlock[] =>
    b.block_id && placed.has(b.block_id)
      ? [
          b,
          {
            type: 'context',
            block_id: `${WARNING_BLOCK}${b.block_id}`.slice(0, 255),
            elements: [{ type: 'mrkdwn', text: truncate(`:warning: ${warnings[b.block_id]}`, 3000) }],
          },
        ]
      : [b],
  );
  const v = view as Partial<ModalView>;
  return {
    type: 'modal',
    ...(v.callback_id ? { callback_id: v.callback_id } : {}),
    title: v.title ?? { type: 'plain_text', text: 'Form' },
    ...(v.submit ? { submit: v.submit } : {}),
    ...(v.close ? { close: v.close } : {}),
    ...(v.private_metadata ? { private_metadata: v.private_metadata } : {}),
    ...(v.notify_on_close ? { notify_on_close: v.notify_on_close } : {}),
    blocks: [noticeBlock(top), ...blocks].slice(0, 100),
  };
}

/** The acting person: being read by the actor middleware while the form answered Slack (src/access/middleware.ts). */
async function actorOf(context: Context): Promise<Actor> {
  const { actor, actorPending } = context as { actor?: Actor; actorPending?: Promise<Actor> };
  if (actor) return actor;
  if (actorPending) return actorPending;
  throw new Error('no actor on context: is the actor middleware registered?');
}

function rawMetadata(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return {};
  try {
    const raw: unknown = JSON.parse(text);
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

type Outcome = { answer: FormAnswer } | { failed: unknown };

/** The Bolt listener of one form (`app.view(spec.callbackId, formListener(spec, deps))`). */
export function formListener<M, V>(spec: FormSpec<M, V>, deps: AppDeps) {
  return async function submitForm({
    ack,
    body,
    context,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> {
    const started = Date.now();
    const view = body.view;
    const raw = rawMetadata(view.private_metadata);
    const meta = raw ? spec.metadata.safeParse(raw) : undefined;
    if (!meta?.success) return ack({ response_action: 'push', view: errorModal(OUT_OF_DATE, 'Could not save') });
    const origin = originSchema.safeParse(raw?.o);
    const now = deps.clock();
    let parsed: Parsed<V>;
    try {
      parsed = spec.parse(view.state.values as StateValues, { meta: meta.data, now, deps });
    } catch (err) {
      return ack({ response_action: 'push', view: errorModal(errorReply(err, deps.logger), 'Could not save') });
    }
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const saving = typeof spec.saving === 'function' ? spec.saving(parsed.value) : spec.saving;
    await ack({ response_action: 'update', view: formAgain(view, saving ?? ':hourglass_flowing_sand: Saving…') });

    const req: Omit<FormRequest<M>, 'actor'> = {
      meta: meta.data,
      ...(origin.success ? { origin: origin.data } : {}),
      userId: body.user.id,
      client,
      now,
      deps,
      key: submissionKey(view.id, parsed.value),
      view,
    };
    const value = parsed.value;
    // the save starts only once the person is known, and never after the person was told nothing was done
    const person = { read: false, gaveUp: false };
    const work: Promise<Outcome> = actorOf(context)
      .then((actor) => {
        if (person.gaveUp) throw new AppError('unavailable', UNAVAILABLE_MESSAGE);
        person.read = true;
        return spec.save(value, { ...req, actor });
      })
      .then(
        (answer) => ({ answer }),
        (failed: unknown) => ({ failed }),
      );
    let outcome: Outcome | undefined;
    try {
      outcome = await withDeadline(work, Math.max(0, FORM_DEADLINE_MS - (Date.now() - started)), `saving ${spec.callbackId}`);
    } catch (err) {
      if (!(err instanceof DeadlineExceeded)) throw err;
      if (!person.read) {
        // the database did not even say who this is: nothing was started, so nothing is pending either
        person.gaveUp = true;
        deps.logger.warn(`${spec.callbackId}: database unavailable, the person was not read within ${FORM_DEADLINE_MS} ms; nothing saved`);
        await show(client, view.id, formAgain(view, UNAVAILABLE_MESSAGE), deps);
        return;
      }
      deps.logger.warn(`${spec.callbackId}: not saved within ${FORM_DEADLINE_MS} ms, the person is told it is not yet confirmed`);
      await show(client, view.id, formAgain(view, spec.pending ?? NOT_YET_CONFIRMED), deps);
      outcome = await work;
    }
    await answer(spec, req, outcome);
  };
}

/** views.update of the form; false when the modal is gone (closed) or Slack refused. */
async function show(client: WebClient, viewId: string, view: View, deps: AppDeps): Promise<boolean> {
  try {
    await client.views.update({ view_id: viewId, view });
    return true;
  } catch (err) {
    deps.logger.warn(`could not update the form ${viewId}:`, err instanceof Error ? err.message : err);
    return false;
  }
}

async function answer<M, V>(spec: FormSpec<M, V>, req: Omit<FormRequest<M>, 'actor'>, outcome: Outcome): Promise<void> {
  const { client, deps, view, userId } = req;
  const dm = (text: string) =>
    sendDm(client, userId, { text }).then(
      () => undefined,
      (err: unknown) => deps.logger.error(`could not send ${userId} a DM:`, err instanceof Error ? err.message : err),
    );
  if ('failed' in outcome) {
    const err = outcome.failed;
    const errors =
      err instanceof AppError && err.fieldErrors
        ? mapFields(err.fieldErrors, spec.fieldBlocks)
        : err instanceof AppError && spec.errorBlock
          ? { [spec.errorBlock]: errorReply(err, deps.logger).replace(/[*_`]/g, '') }
          : {};
    // after a write of this submission, "not saved" would not be true (src/db/write-tracking.ts)
    const notSaved = wroteSoFar() ? '*Perhaps partly saved:*' : '*Not saved:*';
    const text = Object.keys(errors).length > 0 ? ':warning: *Not saved.*' : `:warning: ${notSaved} ${errorReply(err, deps.logger)}`;
    if (!(await show(client, view.id, formAgain(view, text, errors), deps))) await dm(plainNotice(text, errors));
    return;
  }
  const a = outcome.answer;
  if (a.kind === 'refused') {
    const text = ':warning: *Not saved.*';
    if (!(await show(client, view.id, formAgain(view, text, a.errors), deps))) await dm(plainNotice(text, a.errors));
    return;
  }
  const shown = await show(client, view.id, a.view, deps);
  if (!shown && a.ifClosed) {
    await sendDm(client, userId, a.ifClosed).catch((err: unknown) =>
      deps.logger.error(`could not send ${userId} a DM:`, err instanceof Error ? err.message : err),
    );
  }
  if (a.kind === 'next') return;
  await answerWhereActed(req.origin, a, req.now, deps);
  if (a.after) {
    await a
      .after()
      .catch((err: unknown) =>
        deps.logger.error(`after saving ${spec.callbackId}:`, err instanceof Error ? (err.stack ?? err.message) : err),
      );
  }
}

function mapFields(fieldErrors: Record<string, string>, blocks: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [blocks[field] ?? field, message]));
}

function plainNotice(text: string, errors: Record<string, string>): string {
  return [text, ...Object.values(errors).map((m) => `• ${m}`)].join('\n');
}

/** Whether the opening response_url may still be used at `now`. */
export function originIsFresh(origin: Origin | undefined, now: Date): origin is Origin & { u: string } {
  return Boolean(origin?.u) && now.getTime() - (origin?.at ?? 0) < RESPONSE_URL_LIFETIME_MS;
}

/**
 * Tells the saved answer where the person acted: replaces the message the button was on, or replies there
 * (only they see it). Nothing when the response_url has expired (the DM of `after` still reaches them).
 */
export async function answerWhereActed(
  origin: Origin | undefined,
  a: { confirm?: PersonalMessage; replace?: PersonalMessage },
  now: Date,
  deps: Pick<AppDeps, 'logger'>,
): Promise<void> {
  if (!originIsFresh(origin, now)) return;
  const posts: Array<Record<string, unknown>> = [];
  if (a.replace && origin.m) posts.push({ replace_original: true, ...a.replace });
  if (a.confirm) posts.push({ response_type: 'ephemeral', replace_original: false, ...a.confirm });
  for (const post of posts) {
    try {
      const res = await fetch(origin.u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(post) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      deps.logger.warn('could not answer through the form’s response_url:', err instanceof Error ? err.message : err);
      return;
    }
  }
}
