import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { actorFrom } from '../../access';
import { invalidInput } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { replierFor } from '../../slack/interaction';
import { undoCommitmentChange } from '../undo';
import { undoneMessage } from '../views';
import { named, schoolsByIds } from './shared';

/** The Undo button under a confirmation (DM, or the reply where the person acted). */

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** `<commitment id>:<revision the change made>`. */
export const undoValueSchema = z
  .string()
  .regex(/^[0-9a-f]{24}:\d{1,9}$/)
  .transform((v) => {
    const [id, revision] = v.split(':');
    return { id, revision: Number(revision) };
  });

/** Undoes the change and puts what the commitment is again in place of the confirmation. */
export const undoFromConfirmation =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      const value = undoValueSchema.safeParse(action.value);
      if (!value.success) throw invalidInput('That Undo button is out of date: look at the commitment again (`/iec commitments`).');
      const { commitment } = await undoCommitmentChange(value.data.id, value.data.revision, actorFrom(context), deps.clock());
      const [withName, schools] = await Promise.all([named(commitment), schoolsByIds(commitment.schoolIds ?? [])]);
      const message = undoneMessage(withName, deps.config.timeZone, schools);
      if (body.response_url) await respond({ replace_original: true, ...message });
      else await reply.tell(message);
    } catch (err) {
      await reply.error(err);
    }
  };
