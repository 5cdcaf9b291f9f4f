import type { AllMiddlewareArgs, BlockAction, ButtonAction, Context, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { invalidInput } from '../errors';
import type { AppDeps } from './deps';
import { replierFor } from './interaction';

/**
 * The listeners of a record's History button and of the paging buttons in its history modal, for any kind of
 * record (commitments, partners, deliverables, meetings): the button's value is the record id, a paging button's
 * `<id>:<offset>` (see `historyModal`'s `more.value`). Each kind supplies how its history modal is read and who may
 * see it (`read` throws a coded error to refuse).
 */

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The modal of a page of this record's history, for whoever pressed (their context). */
export type HistoryReader = (id: string, offset: number, context: Context) => Promise<ModalView>;

const idSchema = z.string().regex(/^[0-9a-f]{24}$/);
const pageSchema = z
  .string()
  .regex(/^[0-9a-f]{24}:\d{1,6}$/)
  .transform((v) => {
    const [id, offset] = v.split(':');
    return { id, offset: Number(offset) };
  });

/**
 * `open`: History pressed (on a list row, a confirmation, a card): the first page in a new modal.
 * `page`: Newer / Older changes in the modal: that page in place (views.update).
 * `outOfDate` tells the person what to look at again when a value cannot be read.
 */
export function historyActions(deps: AppDeps, read: HistoryReader, outOfDate: string) {
  const open = async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    try {
      const id = idSchema.safeParse(action.value);
      if (!id.success) throw invalidInput(outOfDate);
      await client.views.open({ trigger_id: body.trigger_id, view: await read(id.data, 0, context) });
    } catch (err) {
      await replierFor({ body, respond, client }, deps.logger).error(err);
    }
  };
  const page = async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    try {
      const parsed = pageSchema.safeParse(action.value);
      if (!parsed.success || !body.view?.id) throw invalidInput('That history is out of date: open it again.');
      const view = await read(parsed.data.id, parsed.data.offset, context);
      await client.views.update({ view_id: body.view.id, ...(body.view.hash ? { hash: body.view.hash } : {}), view });
    } catch (err) {
      await replierFor({ body, respond, client }, deps.logger).error(err);
    }
  };
  return { open, page };
}
