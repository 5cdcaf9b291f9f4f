import { invalidInput } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { sendDm } from '../../slack/interaction';
import { formMetadataSchema, parseFulfilledQuantity, type FormMetadata } from '../form';
import { CALLBACK } from '../ids';
import { recordFulfilment } from '../service';
import { listMessage } from './list';
import { confirmationOf } from './shared';

/** "Record fulfilment" (from a list's button): how many were delivered. */

export async function saveFulfilment(quantity: number, req: FormRequest<FormMetadata>): Promise<FormAnswer> {
  if (!req.meta.id) throw invalidInput('This form is out of date: open it again from `/iec commitments`.');
  const c = await recordFulfilment(req.meta.id, quantity, req.actor, req.now);
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
