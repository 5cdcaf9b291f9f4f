import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../access';
import { actorFrom } from '../access';
import type { FollowUpAnswer } from '../commitments';
import type { AppDeps } from '../slack/deps';
import { replierFor } from '../slack/interaction';
import { showAnswer, submitPartly, submitRescheduled } from './handlers/answer-forms';
import { FollowUpActions, FollowUpCallbacks } from './ids';
import { parseButtonValue } from './input';
import { answerCommitmentFollowUp, requireAnswerable, type FollowUpRef } from './service';
import { answeredMessage, partlyModal, rescheduleModal, type ModalMetadata } from './views';
import { localDate } from '../domain/dates';

/** Thin listeners of the follow-up DM: ack, parse, call the service, update the question with the answer. */

export function registerFollowUpListeners(app: App, deps: AppDeps): void {
  const { logger, config } = deps;

  /** Records the answer: the question as it should now read (buttons gone, the answer under it), and the commitment after it. */
  const record = async (ref: FollowUpRef, value: FollowUpAnswer, actor: Actor) => {
    const { before, after } = await answerCommitmentFollowUp(ref, value, actor, deps.clock(), config.timeZone);
    return { message: answeredMessage(before, value, after, actor.userId), after };
  };

  /** After recording: the answer shown in the question (Home tabs follow the commitment.changed event). */
  const answered = async (client: WebClient, where: { channel?: string; ts?: string }, recorded: Awaited<ReturnType<typeof record>>) =>
    showAnswer(client, where, recorded.message, logger);

  const onButton = (
    actionId: string,
    handle: (args: { ref: FollowUpRef; actor: Actor; where: ModalMetadata; triggerId: string; client: WebClient }) => Promise<void>,
  ) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ context, ack, body, action, respond, client }) => {
      await ack();
      try {
        const ref = parseButtonValue(action.value);
        if (!ref) throw new Error(`button ${actionId} without a follow-up reference`);
        const actor = actorFrom(context);
        const where = { ...ref, channel: body.channel?.id, ts: body.message?.ts };
        await handle({ ref, actor, where, triggerId: body.trigger_id, client });
      } catch (err) {
        await replierFor({ body, respond, client }, logger).error(err);
      }
    });
  };

  onButton(FollowUpActions.fulfilled, async ({ ref, actor, where, client }) =>
    answered(client, where, await record(ref, { kind: 'fulfilled' }, actor)),
  );
  onButton(FollowUpActions.cancelled, async ({ ref, actor, where, client }) =>
    answered(client, where, await record(ref, { kind: 'cancelled' }, actor)),
  );

  onButton(FollowUpActions.partly, async ({ ref, actor, where, triggerId, client }) => {
    const subject = await requireAnswerable(ref, actor, config.timeZone);
    await client.views.open({ trigger_id: triggerId, view: partlyModal(subject, where) });
  });

  onButton(FollowUpActions.rescheduled, async ({ ref, actor, where, triggerId, client }) => {
    const subject = await requireAnswerable(ref, actor, config.timeZone);
    await client.views.open({ trigger_id: triggerId, view: rescheduleModal(subject, where, localDate(deps.clock(), config.timeZone)) });
  });

  app.view(FollowUpCallbacks.partly, submitPartly(deps));
  app.view(FollowUpCallbacks.rescheduled, submitRescheduled(deps));
}
