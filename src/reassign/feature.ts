import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorFrom } from '../access';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { replierFor } from '../slack/interaction';
import { REASSIGN_ACTION, REASSIGN_SUBCOMMAND } from './ids';
import { parseHandOverValue, parseReassignArgs } from './input';
import { confirmHandOver, planHandOver } from './service';
import { handOverAlready, handOverCancelled, handOverDone, handOverPreview } from './views';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** `/iec reassign @from @to [commission] [leads]`: the preview. */
async function runReassign(ctx: CommandContext): Promise<void> {
  const request = parseReassignArgs(ctx.args);
  const plan = await planHandOver(ctx.actor, request, { client: ctx.client, envAdmins: ctx.deps.config.admins, now: ctx.now });
  await ctx.reply({ response_type: 'ephemeral', ...handOverPreview(plan, randomUUID()) });
}

/** The preview's Hand over / Hand over with lead roles: the preview is replaced by what moved. */
function confirmButton(withLeads: boolean, deps: AppDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      const button = parseHandOverValue(args.action.value);
      const outcome = await confirmHandOver(
        actorFrom(args.context),
        { ...button, leads: withLeads },
        { client: args.client, envAdmins: deps.config.admins, now: deps.clock() },
      );
      // a second press leaves the first one's answer in place
      if ('already' in outcome)
        await args.respond({ response_type: 'ephemeral', replace_original: false, ...handOverAlready(outcome, deps.config.timeZone) });
      else await args.respond({ response_type: 'ephemeral', replace_original: true, ...handOverDone(outcome) });
    } catch (err) {
      await reply.error(err);
    }
  };
}

function cancelButton(deps: AppDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...handOverCancelled() });
    } catch (err) {
      await reply.error(err);
    }
  };
}

/** Handing a person's work over to another: partners, open deliverables, coming meetings, lead roles. */
export const reassignFeature: Feature = {
  name: 'reassign',
  subcommands: [
    {
      name: REASSIGN_SUBCOMMAND,
      aliases: ['handover', 'hand-over'],
      help: [
        {
          usage: '/iec reassign @from @to [commission] [leads]',
          summary: "hand over a person's partners, open deliverables and coming meetings (and lead roles with `leads`), after a preview",
        },
      ],
      run: runReassign,
    },
  ],
  register: (app, deps) => {
    app.action(REASSIGN_ACTION.confirm, confirmButton(false, deps));
    app.action(REASSIGN_ACTION.confirmWithLeads, confirmButton(true, deps));
    app.action(REASSIGN_ACTION.cancel, cancelButton(deps));
  },
};
