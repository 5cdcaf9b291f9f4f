import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorFrom } from '../access';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { replierFor } from '../slack/interaction';
import { MERGE_ACTION } from './ids';
import { mergeButtonValue, parseMergeArgs, parseMergeButton } from './input';
import { mergePartners, planMerge } from './service';
import { mergedMessage, mergePreview } from './views';

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
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...mergedMessage(outcome) });
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
