import type { App, BlockAction, ButtonAction, OverflowAction } from '@slack/bolt';
import { canManageCommission, requireCommissionManager, requireCommissionViewer, type Actor } from '../access';
import { actorFrom } from '../access';
import { commissionZone, requireCommission } from '../commissions';
import { invalidInput } from '../errors';
import type { AppDeps } from '../slack/deps';
import type { CommandContext } from '../slack/iec-command';
import { inlineErrors, replierFor } from '../slack/interaction';
import type { StateValues } from '../slack/view-state';
import { MemberActions, MemberBlocks, MemberCallbacks } from './ids';
import { MEMBER_FIELD_BLOCKS, parseMemberMetadata, parseMemberSubmission, parseRowAction } from './input';
import { addMember, getMember, memberLabel, membersOf, removeMember, updateMember } from './service';
import { memberListMessage, memberModal } from './views';
import { localDate } from '../domain/dates';

/** Thin listeners: ack, parse, call the service, render. */

const USAGE = 'Use `/iec commission members <key>` to list them, or `/iec commission members <key> add` to add one.';

async function memberList(actor: Actor, commissionInput: string) {
  const commission = await requireCommission(commissionInput);
  requireCommissionViewer(actor, commission.key);
  return memberListMessage({ commission, members: await membersOf(commission.key), canManage: canManageCommission(actor, commission.key) });
}

async function openMemberForm(
  actor: Actor,
  commissionInput: string,
  triggerId: string,
  deps: AppDeps,
  client: CommandContext['client'],
  memberId?: string,
) {
  const member = memberId ? await getMember(memberId) : undefined;
  const commission = await requireCommission(member?.commissionKey ?? commissionInput);
  requireCommissionManager(actor, commission.key);
  const today = localDate(deps.clock(), commissionZone(commission, deps.config.timeZone));
  await client.views.open({ trigger_id: triggerId, view: memberModal({ commission, member, today }) });
}

/** `/iec commission members <key> [add]`. */
export async function runMembersCommand(ctx: CommandContext): Promise<void> {
  const [, key, verb, ...extra] = ctx.args;
  if (!key || extra.length > 0 || (verb && verb.toLowerCase() !== 'add')) throw invalidInput(USAGE);
  if (verb) return openMemberForm(ctx.actor, key, ctx.triggerId, ctx.deps, ctx.client);
  await ctx.reply(await memberList(ctx.actor, key));
}

export function registerMemberListeners(app: App, deps: AppDeps): void {
  const { logger, config } = deps;

  app.action<BlockAction<ButtonAction>>(MemberActions.add, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    try {
      await openMemberForm(actorFrom(context), action.value ?? '', body.trigger_id, deps, client);
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
      if (row.verb === 'edit') return await openMemberForm(actorFrom(context), '', body.trigger_id, deps, client, row.id);
      const removed = await removeMember(actorFrom(context), row.id);
      await reply.tell(
        `:white_check_mark: ${memberLabel(removed)} is no longer a member of *${removed.commissionKey}*. Their recorded attendance stays.`,
      );
    } catch (err) {
      await reply.error(err);
    }
  });

  app.view(MemberCallbacks.save, async ({ context, ack, view }) => {
    const metadata = parseMemberMetadata(view.private_metadata);
    if (!metadata) {
      return ack({ response_action: 'errors', errors: { [MemberBlocks.kind]: 'This form is out of date: close it and open it again.' } });
    }
    const parsed = parseMemberSubmission(view.state.values as StateValues);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    try {
      const actor = actorFrom(context);
      const m = metadata.memberId
        ? await updateMember(actor, metadata.memberId, parsed.value, metadata.revision ?? 0, config.admins, deps.clock())
        : await addMember(actor, metadata.commissionKey, parsed.value, config.admins);
      await ack({
        response_action: 'update',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: metadata.memberId ? 'Member changed' : 'Member added' },
          close: { type: 'plain_text', text: 'Done' },
          blocks: [
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: `:white_check_mark: ${memberLabel(m)} is a ${m.role} of *${m.commissionKey}* (${m.kind}) since ${m.startDate}. \`/iec commission members ${m.commissionKey}\` lists them all.`,
              },
            },
          ],
        },
      });
    } catch (err) {
      await ack({ response_action: 'errors', errors: inlineErrors(err, MemberBlocks.kind, logger, MEMBER_FIELD_BLOCKS) });
    }
  });
}
