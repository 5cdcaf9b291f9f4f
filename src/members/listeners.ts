import type { App, BlockAction, ButtonAction, OverflowAction } from '@slack/bolt';
import { canManageCommission, requireCommissionManager, requireCommissionViewer, type Actor } from '../access';
import { actorFrom } from '../access';
import { commissionZone, requireCommission } from '../commissions';
import { invalidInput } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import type { AppDeps } from '../slack/deps';
import type { CommandContext } from '../slack/iec-command';
import { originOf, type Origin } from '../slack/forms';
import { replierFor } from '../slack/interaction';
import { submitMemberForm } from './handlers/member-form';
import { MemberActions, MemberCallbacks } from './ids';
import { parseRowAction } from './input';
import { getMember, memberLabel, membersOf, removeMember } from './service';
import { memberListMessage, memberModal } from './views';
import { localDate } from '../domain/dates';

/** Thin listeners: ack, parse, call the service, render. */

const USAGE = 'Use `/iec commission members <key>` to list them, or `/iec commission members <key> add` to add one.';

async function memberList(actor: Actor, commissionInput: string, defaultZone: string) {
  const commission = await requireCommission(commissionInput);
  requireCommissionViewer(actor, commission);
  return memberListMessage({
    commission,
    members: await membersOf(commission.key),
    canManage: canManageCommission(actor, commission.key),
    zone: commissionZone(commission, defaultZone),
  });
}

async function openMemberForm(
  actor: Actor,
  commissionInput: string,
  triggerId: string,
  deps: AppDeps,
  client: CommandContext['client'],
  origin: Origin | undefined,
  memberId?: string,
) {
  const member = memberId ? await getMember(memberId) : undefined;
  const commission = await requireCommission(member?.commissionKey ?? commissionInput);
  requireCommissionManager(actor, commission);
  const today = localDate(deps.clock(), commissionZone(commission, deps.config.timeZone));
  await client.views.open({ trigger_id: triggerId, view: memberModal({ commission, member, today, ...(origin ? { origin } : {}) }) });
}

/** `/iec commission members <key> [add]`. */
export async function runMembersCommand(ctx: CommandContext): Promise<void> {
  const [, key, verb, ...extra] = ctx.args;
  if (!key || extra.length > 0 || (verb && verb.toLowerCase() !== 'add')) throw invalidInput(USAGE);
  if (verb) return openMemberForm(ctx.actor, key, ctx.triggerId, ctx.deps, ctx.client, ctx.origin);
  await ctx.reply(await memberList(ctx.actor, key, ctx.deps.config.timeZone));
}

export function registerMemberListeners(app: App, deps: AppDeps): void {
  const { logger } = deps;

  app.action<BlockAction<ButtonAction>>(MemberActions.add, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    try {
      await openMemberForm(actorFrom(context), action.value ?? '', body.trigger_id, deps, client, originOf(body, deps.clock()));
    } catch (err) {
      await replierFor({ body, respond, client }, logger).error(err);
    }
  });

  app.action<BlockAction<OverflowAction>>(MemberActions.row, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, logger);
    try {
      const row = parseRowAction(action.selected_option?.value);
      if (!row) throw new Error('member row menu without a member id');
      if (row.verb === 'edit')
        return await openMemberForm(actorFrom(context), '', body.trigger_id, deps, client, originOf(body, deps.clock()), row.id);
      const removed = await removeMember(actorFrom(context), row.id);
      await reply.tell(
        `:white_check_mark: ${memberLabel(removed)} is no longer a member of *${escapeMrkdwn((await requireCommission(removed.commissionKey)).name)}*. Their recorded attendance stays.`,
      );
    } catch (err) {
      await reply.error(err);
    }
  });

  app.view(MemberCallbacks.save, submitMemberForm(deps));
}
