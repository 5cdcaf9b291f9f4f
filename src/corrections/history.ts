import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { actorFrom } from '../access';
import { can } from '../access';
import { partnerCommitmentHistory, schoolNamesInHistory } from '../commitments';
import type { Actor } from '../domain/actor';
import { forbidden, invalidInput } from '../errors';
import type { AppDeps } from '../slack/deps';
import type { CommandContext } from '../slack/iec-command';
import { replierFor } from '../slack/interaction';
import { HISTORY_PAGE_SIZE, historyMessage } from './history-views';
import { findRecord, recordById } from './service';

async function historyPage(actor: Actor, partner: { id: string; name: string }, offset: number, zone: string) {
  if (!can(actor, 'commitment.read', { partnerId: partner.id }))
    throw forbidden('The history of a partner is for Industry Engagement Coordinators and its own contacts.');
  const page = await partnerCommitmentHistory(partner.id, { offset, limit: HISTORY_PAGE_SIZE });
  return historyMessage(partner, page, offset, zone, await schoolNamesInHistory(page.entries));
}

/** `/iec history <partner name>`: the changes of its commitments, newest first. */
export async function runHistory(ctx: CommandContext): Promise<void> {
  const name = ctx.rest
    .trim()
    .replace(/^["“']+|["”']+$/g, '')
    .trim();
  if (!name) throw invalidInput('Name the partner, e.g. `/iec history Con Edison`.');
  const partner = await findRecord('partner', name);
  await ctx.reply(await historyPage(ctx.actor, partner, 0, ctx.deps.config.timeZone));
}

const moreValue = z.string().regex(/^[0-9a-f]{24}:\d{1,6}$/);

/** Show more of a history: the next page in place of the message. */
export function historyMoreButton(deps: AppDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      const parsed = moreValue.safeParse(args.action.value);
      if (!parsed.success) throw invalidInput('That list is out of date: run `/iec history <partner>` again.');
      const [id, offset] = parsed.data.split(':');
      const partner = await recordById('partner', id);
      const message = await historyPage(actorFrom(args.context), partner, Number(offset), deps.config.timeZone);
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...message });
    } catch (err) {
      await reply.error(err);
    }
  };
}
