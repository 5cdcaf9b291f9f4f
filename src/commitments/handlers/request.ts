import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { requireIec } from '../../access';
import { actorFrom } from '../../access';
import { invalidInput } from '../../errors';
import { refreshHomesFor } from '../../home';
import type { AppDeps } from '../../slack/deps';
import type { CommandContext } from '../../slack/iec-command';
import { replierFor, sendDm } from '../../slack/interaction';
import { escapeMrkdwn, parseUserMention } from '../../slack/text';
import { attachRequestMessage, createRequest, requestForAnswer, resolveProgramAsk } from '../requests';
import { commitmentFormView, requestMessage, requestNotice } from '../views';
import { activeCommissions } from './shared';
import { COMMITMENT_TYPE_INFO, type CommitmentType } from '../../domain/commitments';

/** `/iec request @contact [commission]` and the contact's "Record" button in the DM it sends. */

const REQUEST_USAGE =
  'Mention the partner contact, e.g. `/iec request @jane`, `/iec request @jane healthcare`, or for a program `/iec request @jane panelist <school> <program>`.';

/** `/iec request @contact [commission]`. */
export async function runRequest(ctx: CommandContext): Promise<void> {
  const { actor } = ctx;
  requireIec(actor);
  const contact = ctx.args[0] ? parseUserMention(ctx.args[0]) : undefined;
  if (!contact) throw invalidInput(REQUEST_USAGE);
  const program = ctx.args.length > 2 ? await resolveProgramAsk(ctx.args.slice(1)) : undefined;
  if (!program && ctx.args.length > 2) throw invalidInput(REQUEST_USAGE);
  const { request, commissionName } = await createRequest(contact, program ? undefined : ctx.args[1], actor, ctx.now, program);
  const message = requestMessage({
    requestId: String(request._id),
    requestedBy: ctx.userId,
    partnerName: request.partnerName,
    ...(commissionName ? { commissionName } : {}),
    ...(program ? { program: { label: program.label, role: COMMITMENT_TYPE_INFO[program.role].label } } : {}),
  });
  try {
    const sent = await sendDm(ctx.client, contact, message);
    if (sent.channel && sent.ts) await attachRequestMessage(request._id, sent.channel, sent.ts);
  } catch (err) {
    ctx.deps.logger.error('could not DM the partner contact:', err instanceof Error ? err.message : err);
    return ctx.reply(
      `:warning: I could not send <@${contact}> a message (they may not accept messages from apps). The request is kept as open; ask them to run \`/commit\` themselves.`,
    );
  } finally {
    await refreshHomesFor('request', request, { client: ctx.client, by: ctx.userId, deps: ctx.deps });
  }
  await ctx.reply(
    program
      ? `:incoming_envelope: I asked <@${contact}> (*${escapeMrkdwn(request.partnerName)}*) to serve as ${COMMITMENT_TYPE_INFO[program.role].label.toLowerCase()} for *${escapeMrkdwn(program.label)}*. I'll tell you when they answer.`
      : `:incoming_envelope: I asked <@${contact}> (*${escapeMrkdwn(request.partnerName)}*) to record their commitment${commissionName ? ` for ${commissionName}` : ''}. I'll tell you when they do.`,
  );
}

/** The contact's "Record" button: the commitment form for their organisation. */
export const openRequestForm =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      const actor = actorFrom(context);
      const request = await requestForAnswer(String((action as { value?: string }).value ?? ''), actor);
      if (request.status === 'answered') {
        await reply.tell('You already answered this request, thank you! To record another commitment, use `/commit`.');
        return;
      }
      const commissions = await activeCommissions();
      const fixedPartner = { id: String(request.partnerId), name: request.partnerName };
      const commissionName = commissions.find((c) => c.key === request.commissionKey)?.name;
      // the answer goes to the DM thread this button is in (afterRecorded), so the form carries no origin
      const view = commitmentFormView({
        metadata: { r: String(request._id), p: fixedPartner.id },
        commissions,
        fixedPartner,
        ...(request.programId && request.programLabel ? { fixedProgram: { label: request.programLabel } } : {}),
        initial: {
          ...(request.commissionKey ? { commissionKey: request.commissionKey } : {}),
          ...(request.role ? { type: request.role as CommitmentType, quantity: 1 } : {}),
        },
        notice: requestNotice(request.requestedBy, commissionName, request.programLabel ?? undefined),
      });
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      await reply.error(err);
    }
  };
