import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { programChoice } from '../program-choices';
import { isIec, requireKnown, type Actor } from '../../access';
import { actorFrom } from '../../access';
import { commissionNames } from '../../commissions';
import { conflict, invalidInput } from '../../errors';
import { findPartnerOrSuggest } from '../../partners';
import type { AppDeps } from '../../slack/deps';
import { originOf } from '../../slack/forms';
import type { CommandContext } from '../../slack/iec-command';
import { replierFor, sendDm } from '../../slack/interaction';
import { listQuerySchema, pageOfBlockId, parseListArgs, statusChoiceSchema, type ListQuery } from '../form';
import { localDate } from '../../domain/dates';
import { changeStatus, getCommitment, listCommitments, NotStartedYet, type StoredCommitment } from '../service';
import { commitmentFormView, commitmentListMessage, fulfilmentView, LIST_PAGE_SIZE, noFulfilmentText, notStartedQuestion } from '../views';
import { activeCommissions, confirmationOf, logged, ownOnlyPartner, schoolsByIds } from './shared';
import { acceptsFulfilment, COMMITMENT_STATUS_LABELS } from '../../domain/commitments';

/** `/iec commitments` and the controls of its list: status, record fulfilment, edit, show more. */

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export async function listMessage(query: ListQuery, actor: Actor, deps: AppDeps) {
  const page = await listCommitments(query, { offset: query.offset, limit: LIST_PAGE_SIZE }, actor);
  const names = await commissionNames();
  const items = page.items.map((c) => ({ ...c, commissionName: names.get(c.commissionKey) }));
  return commitmentListMessage({ ...page, items, query, title: query.t ?? 'everyone', zone: deps.config.timeZone });
}

/** `/iec commitments [partner | commission | mine] [status]`. */
export async function runList(ctx: CommandContext): Promise<void> {
  const { actor } = ctx;
  requireKnown(actor);
  const { target, statuses } = parseListArgs(ctx.args);
  const query: ListQuery = { offset: 0, ...(statuses ? { statuses } : {}) };
  let title = isIec(actor) ? 'all partners' : 'your organisation';
  if (target.toLowerCase() === 'mine') {
    query.recordedBy = ctx.userId;
    title = 'what you recorded';
  } else if (target) {
    const lower = target.toLowerCase();
    const commission = (await activeCommissions()).find((c) => c.key === lower || c.name.toLowerCase() === lower);
    if (commission) {
      query.commissionKey = commission.key;
      title = commission.name;
    } else {
      const partner = await findPartnerOrSuggest(target, isIec(actor) ? undefined : actor.partnerIds);
      query.partnerId = partner.id;
      title = partner.name;
    }
  }
  if (statuses) title += `, ${statuses.map((s) => COMMITMENT_STATUS_LABELS[s].toLowerCase()).join(' or ')}`;
  query.t = title.slice(0, 200);
  await ctx.reply(await listMessage(query, actor, ctx.deps));
}

/** The status select of a list. */
/**
 * The status select of a list, and "Mark it … anyway" (`evenBeforeStart`) under the question it asks when a
 * commitment that has not started is marked fulfilled.
 */
export const changeStatusFromList =
  (deps: AppDeps, { evenBeforeStart = false } = {}) =>
  async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      const pressed = action as { selected_option?: { value?: string }; value?: string };
      const choice = statusChoiceSchema.safeParse(pressed.selected_option?.value ?? pressed.value);
      if (!choice.success) throw invalidInput('That choice is no longer valid: run the list again.');
      const actor = actorFrom(context);
      const now = deps.clock();
      const zone = deps.config.timeZone;
      let changed: StoredCommitment;
      try {
        changed = await changeStatus(choice.data.id, choice.data.status, actor, now, { today: localDate(now, zone), evenBeforeStart });
      } catch (err) {
        if (!(err instanceof NotStartedYet)) throw err;
        await reply.tell(notStartedQuestion(choice.data, err.startDate, zone));
        return;
      }
      const confirmation = await confirmationOf(changed, zone, 'status');
      if (evenBeforeStart && typeof respond === 'function') {
        // the question becomes the answer
        await respond({ replace_original: true, ...confirmation }).catch(() => reply.tell(confirmation));
        await sendDm(client, actor.userId, confirmation).catch(logged(deps, 'could not send the status confirmation'));
        return;
      }
      await redrawPage(pageOfBlockId(blockIdOf(action)), actor, deps, respond);
      await reply.tell(confirmation);
      // the DM does not vanish on reload like the reply here, so its Undo stays at hand
      await sendDm(client, actor.userId, confirmation).catch(logged(deps, 'could not send the status confirmation'));
    } catch (err) {
      await reply.error(err);
    }
  };

function blockIdOf(action: unknown): string | undefined {
  const id = (action as { block_id?: unknown }).block_id;
  return typeof id === 'string' ? id : undefined;
}

/** The list page a change was made on, replaced by how it stands now (the person sees the new status in place). */
async function redrawPage(page: ListQuery | undefined, actor: Actor, deps: AppDeps, respond: Args['respond']): Promise<void> {
  if (!page || typeof respond !== 'function') return;
  try {
    await respond({ replace_original: true, ...(await listMessage(page, actor, deps)) });
  } catch (err) {
    deps.logger.warn('could not redraw the list:', err instanceof Error ? err.message : err);
  }
}

/** "Record fulfilment" in a list: opens the fulfilment form. */
export const openFulfilmentFromList =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    try {
      const actor = actorFrom(context);
      const c = await getCommitment(String((action as { value?: string }).value ?? ''), actor);
      // a button drawn before the commitment was fulfilled or cancelled elsewhere
      if (!acceptsFulfilment(c.status)) throw conflict(noFulfilmentText(c));
      const origin = originOf(body, deps.clock());
      const page = origin ? pageOfBlockId(blockIdOf(action)) : undefined;
      await client.views.open({ trigger_id: body.trigger_id, view: fulfilmentView(c, deps.config.timeZone, origin, page) });
    } catch (err) {
      await replierFor({ body, respond, client }, deps.logger).error(err);
    }
  };

/** "Edit" in a list: the commitment form, prefilled. */
export const openEditFromList =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    try {
      const actor = actorFrom(context);
      const c = await getCommitment(String((action as { value?: string }).value ?? ''), actor);
      const [commissions, schools, program] = await Promise.all([
        activeCommissions(),
        schoolsByIds(c.schoolIds ?? []),
        programChoice(c.programId),
      ]);
      const partner = { id: String(c.partnerId), name: c.partnerName };
      const fixed = ownOnlyPartner(actor) ? partner : undefined;
      const origin = originOf(body, deps.clock());
      const page = origin ? pageOfBlockId(blockIdOf(action)) : undefined;
      const view = commitmentFormView({
        metadata: { id: String(c._id), ...(fixed ? { p: fixed.id } : {}), ...(origin ? { o: origin } : {}), ...(page ? { l: page } : {}) },
        commissions,
        ...(fixed ? { fixedPartner: fixed } : {}),
        initial: { ...c, partner, schools, ...(program ? { program } : {}) },
      });
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      await replierFor({ body, respond, client }, deps.logger).error(err);
    }
  };

/** "Show more" under a list. */
export const showMoreOfList =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(String((action as { value?: string }).value ?? ''));
      } catch {
        raw = undefined;
      }
      const query = listQuerySchema.safeParse(raw);
      if (!query.success) throw invalidInput('That list is out of date: run `/iec commitments` again.');
      await reply.tell(await listMessage(query.data, actorFrom(context), deps));
    } catch (err) {
      await reply.error(err);
    }
  };
