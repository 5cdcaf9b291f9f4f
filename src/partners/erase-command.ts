import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorFrom } from '../access';
import { commissionNames } from '../commissions';
import type { AppDeps } from '../slack/deps';
import type { Subcommand } from '../slack/iec-command';
import { replierFor } from '../slack/interaction';
import { eraseCandidates, eraseContact } from './erase-contact';
import { eraseButtonValue, parseEraseArgs, parseEraseButton } from './erase-input';
import { erasedMessage, erasePreview } from './erase-views';
import { CONTACT_ERASE_ACTION, CONTACT_SUBCOMMAND } from './ids';

/** `/iec contact erase <email or @user>`: administrators; where it finds the person, then a confirmation button. */
export const contactSubcommand: Subcommand = {
  name: CONTACT_SUBCOMMAND,
  help: [
    {
      usage: '/iec contact erase <email or @person>',
      summary: 'erase a person’s personal data: a partner contact, member, program contact, lead or attendee (administrators; asks first)',
    },
  ],
  run: async (ctx) => {
    const match = parseEraseArgs(ctx.args);
    const { places } = await eraseCandidates(ctx.actor, match, ctx.deps.config.admins);
    const names = await commissionNames();
    await ctx.reply(erasePreview(places, eraseButtonValue(match), (key) => names.get(key) ?? key));
  },
};

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Erase for good": the preview is replaced by what was erased. */
export function registerContactErase(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(CONTACT_ERASE_ACTION, async (args: ButtonArgs) => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      const match = parseEraseButton(args.action.value);
      const outcome = await eraseContact(actorFrom(args.context), match, deps.clock(), deps.config.admins);
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...erasedMessage(outcome) });
    } catch (err) {
      await reply.error(err);
    }
  });
}
