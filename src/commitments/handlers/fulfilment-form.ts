import { invalidInput } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { localDate } from '../../domain/dates';
import { slackDate } from '../../slack/dates';
import { formAgain, formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { sendDm } from '../../slack/interaction';
import { encodeMetadata, formMetadataSchema, parseFulfilledQuantity, type FormMetadata } from '../form';
import { CALLBACK } from '../ids';
import { NotStartedYet, recordFulfilment, type StoredCommitment } from '../service';
import { listMessage } from './list';
import { confirmationOf } from './shared';

/** "Record fulfilment" (from a list's button): how many were delivered. */

/** The form again, asking whether it was delivered although it starts later; submitting it records it. */
export function notStartedAnswer(req: FormRequest<FormMetadata>, startDate: string): FormAnswer {
  const notice = `:warning: *This commitment starts on ${slackDate(startDate, req.deps.config.timeZone)}, after today.* Was it really delivered already? Press *Record anyway* to record it, or Cancel.`;
  return {
    kind: 'next',
    view: {
      ...formAgain(req.view, notice),
      private_metadata: encodeMetadata({ ...req.meta, s: 1 }),
      submit: { type: 'plain_text', text: 'Record anyway' },
    },
  };
}

export async function saveFulfilment(quantity: number, req: FormRequest<FormMetadata>): Promise<FormAnswer> {
  if (!req.meta.id) throw invalidInput('This form is out of date: open it again from `/iec commitments`.');
  const today = localDate(req.now, req.deps.config.timeZone);
  let c: StoredCommitment;
  try {
    c = await recordFulfilment(req.meta.id, quantity, req.actor, req.now, { today, evenBeforeStart: req.meta.s === 1 });
  } catch (err) {
    if (err instanceof NotStartedYet) return notStartedAnswer(req, err.startDate);
    throw err;
  }
  const [confirmation, inModal] = await Promise.all([
    confirmationOf(c, req.deps.config.timeZone, 'fulfilment'),
    confirmationOf(c, req.deps.config.timeZone, 'fulfilment', { undo: false }),
  ]);
  return {
    kind: 'saved',
    view: {
      type: 'modal',
      callback_id: CALLBACK.done,
      title: { type: 'plain_text', text: 'Fulfilment recorded' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: inModal.blocks,
    },
    confirm: confirmation,
    ...(req.meta.l ? { replace: await listMessage(req.meta.l, req.actor, req.deps) } : {}),
    after: async () => {
      await sendDm(req.client, req.userId, confirmation);
    },
  };
}

export function fulfilmentFormSpec(): FormSpec<FormMetadata, number> {
  return {
    callbackId: CALLBACK.fulfilment,
    metadata: formMetadataSchema,
    parse: (values) => {
      const parsed = parseFulfilledQuantity(values);
      return parsed.ok ? { ok: true, value: parsed.quantity } : parsed;
    },
    save: saveFulfilment,
    saving: ':hourglass_flowing_sand: Saving the fulfilment…',
  };
}

/** `app.view(CALLBACK.fulfilment, …)`. */
export const submitFulfilment = (deps: AppDeps) => formListener(fulfilmentFormSpec(), deps);
