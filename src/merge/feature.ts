import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorFrom } from '../access';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { replierFor, sendDm } from '../slack/interaction';
import { MERGE_ACTION } from './ids';
import { mergeButtonValue, parseMergeArgs, parseMergeButton } from './input';
import { mergePartners, planMerge, undoMerge } from './service';
import { mergedMessage, mergePreview, mergeUndoneMessage } from './views';

/** `/iec partner merge <duplicate> into <keeper>` (the partners' subcommand hands its `merge` verb here): the preview. */
export async function runMerge(ctx: CommandContext): Promise<void> {
  const plan = await planMerge(ctx.actor, parseMergeArgs(ctx.args));
  await ctx.reply(mergePreview(plan, mergeButtonValue({ duplicateId: plan.duplicate.id, keeperId: plan.keeper.id })));
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The preview's Merge button (after Slack's confirm dialog): the preview is replaced by what moved. */
function registerMerge(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(MERGE_ACTION.confirm, async (args: ButtonArgs) => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      const outcome = await mergePartners(actorFrom(args.context), parseMergeButton(args.action.value), deps.clock());
      const message = mergedMessage(outcome);
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...message });
      // the DM stays after a reload, with its Undo
      if (!outcome.already)
        await sendDm(args.client, args.body.user.id, message).catch((err: unknown) =>
          deps.logger.error('could not DM the merge confirmation:', err instanceof Error ? err.message : err),
        );
    } catch (err) {
      await reply.error(err);
    }
  });
  // Undo, on the DM or the reply: the message is replaced by what went back
  app.action<BlockAction<ButtonAction>>(MERGE_ACTION.undo, async (args: ButtonArgs) => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      const undone = await undoMerge(actorFrom(args.context), String(args.action.value ?? ''), deps.clock());
      await args.respond({ replace_original: true, ...mergeUndoneMessage(undone) });
    } catch (err) {
      await reply.error(err);
    }
  });
}

/** Merging duplicate partners; its command is a verb of `/iec partner` (src/partners/feature.ts). */
export const mergeFeature: Feature = {
  name: 'merge',
  register: registerMerge,
};
