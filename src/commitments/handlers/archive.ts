import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { actorFrom } from '../../access';
import { invalidInput } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { replierFor } from '../../slack/interaction';
import { pageOfBlockId } from '../form';
import { archiveCommitment, restoreCommitment } from '../service';
import { archivedCommitmentMessage, restoredCommitmentMessage } from '../views';
import { listMessage } from './list';
import { named, schoolsByIds } from './shared';

/** Archive (a list row's button, with Slack's confirmation) and Restore (under "archived") of a commitment. */

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const idSchema = z.string().regex(/^[0-9a-f]{24}$/);

function idOf(value: string | undefined): string {
  const id = idSchema.safeParse(value);
  if (!id.success) throw invalidInput('That button is out of date: run `/iec commitments` again.');
  return id.data;
}

/** Archive on a list row: the list is redrawn without it, and the person is told, with Restore. */
export const archiveFromList =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      const actor = actorFrom(context);
      const archived = await archiveCommitment(idOf(action.value), actor, deps.clock());
      const page = pageOfBlockId(action.block_id);
      if (page && typeof respond === 'function' && body.response_url) {
        await respond({ replace_original: true, ...(await listMessage(page, actor, deps)) }).catch((err: unknown) =>
          deps.logger.warn('could not redraw the list:', err instanceof Error ? err.message : err),
        );
      }
      await reply.tell(archivedCommitmentMessage(await named(archived), deps.config.timeZone));
    } catch (err) {
      await reply.error(err);
    }
  };

/** Restore under "archived": that message becomes the commitment as it is again. */
export const restoreFromMessage =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      const restored = await restoreCommitment(idOf(action.value), actorFrom(context), deps.clock());
      const message = restoredCommitmentMessage(await named(restored), deps.config.timeZone, await schoolsByIds(restored.schoolIds ?? []));
      if (body.response_url) await respond({ replace_original: true, ...message });
      else await reply.tell(message);
    } catch (err) {
      await reply.error(err);
    }
  };
