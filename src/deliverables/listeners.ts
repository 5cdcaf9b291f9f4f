import { localDate } from '../domain/dates';
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { requireCommissionManager, type Actor } from '../access';
import { actorFrom } from '../access';
import type { AppDeps } from '../slack/deps';
import { HISTORY_PAGE_SIZE } from '../slack/history';
import { historyActions } from '../slack/history-actions';
import { type PersonalMessage, replierFor, type Replier } from '../slack/interaction';
import { originOf } from '../slack/forms';
import { escapeMrkdwn } from '../slack/text';
import { slackDate } from '../slack/dates';
import { commissionZone, requireCommission } from '../commissions';
import { submitDueChange, submitNewDeliverable, submitOwnerChange } from './handlers/forms';
import { archiveDeliverable, restoreDeliverable } from './archive';
import { DeliverableActions, DeliverableCallbacks } from './ids';
import { listPageOfRow, parseDeliverableId, parseListPage } from './input';
import { renderListPage } from './list';
import {
  deliverableHistory,
  getDeliverable,
  markDeliverableDone,
  snoozeDeliverable,
  viewDeliverable,
  type DeliverableRecord,
} from './service';
import {
  changeDueModal,
  changeOwnerModal,
  deliverableArchivedMessage,
  deliverableChangedMessage,
  deliverableDetailsModal,
  deliverableHistoryView,
  REMINDER_ROW_PREFIX,
  type ChangeOpenedFrom,
} from './views';

/** Thin listeners: ack, parse, call the service, render. */

export function registerDeliverableListeners(app: App, deps: AppDeps): void {
  const { logger, config } = deps;

  // after a change, the Home tabs that show the deliverable follow through its deliverable.changed event

  app.view(DeliverableCallbacks.add, submitNewDeliverable(deps));
  app.view(DeliverableCallbacks.changeOwner, submitOwnerChange(deps));
  app.view(DeliverableCallbacks.changeDue, submitDueChange(deps));

  /** A button whose value is a deliverable id: ack, then run `handle`, telling the person about any error (wherever the button is). */
  const onButton = (
    actionId: string,
    handle: (args: {
      id: string;
      actor: Actor;
      userId: string;
      triggerId: string;
      reply: Replier;
      client: WebClient;
      /** Where the button was: its response_url and, on a list row, the page (for a form it opens). */
      where: ChangeOpenedFrom;
      /** After a change: the message the button was on shows the deliverable as it is now, and the person is told. */
      changed: (d: DeliverableRecord, confirmation: string) => Promise<void>;
      /** After Archive or Restore: a list row's page redrawn and `message` told besides; elsewhere `message` in place of the message. */
      archivedOrRestored: (message: PersonalMessage) => Promise<void>;
    }) => Promise<void>,
  ) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const reply = replierFor({ body, respond, client }, logger);
      try {
        const id = parseDeliverableId(action.value);
        if (!id) throw new Error(`button ${actionId} without a deliverable id`);
        const actor = actorFrom(context);
        const changed = async (d: DeliverableRecord, confirmation: string) => {
          if (await redrawWhereClicked(actor, action.block_id, respond, client, d, confirmation)) return;
          await reply.tell(confirmation);
        };
        const origin = originOf(body, deps.clock());
        const page = listPageOfRow(action.block_id);
        const where = { ...(origin ? { origin } : {}), ...(page ? { page } : {}) };
        const archivedOrRestored = async (message: PersonalMessage) => {
          try {
            await respond({ replace_original: true, ...(page ? await renderListPage(actor, page, deps, deps.clock(), client) : message) });
            if (!page) return;
          } catch (err) {
            logger.warn(`could not replace the message of deliverable ${id}: ${err instanceof Error ? err.message : String(err)}`);
          }
          await reply.tell(message);
        };
        await handle({ id, actor, userId: body.user.id, triggerId: body.trigger_id, reply, client, changed, archivedOrRestored, where });
      } catch (err) {
        await reply.error(err);
      }
    });
  };

  /**
   * Redraws the message a button was on after it changed `d`: a list row's page in place (and the confirmation is told
   * besides), a reminder DM replaced by the confirmation with the deliverable as it is now. False when the button was
   * elsewhere or the message could not be replaced (its response_url spent): the caller tells the confirmation.
   */
  async function redrawWhereClicked(
    actor: Actor,
    blockId: string,
    respond: RespondFn,
    client: WebClient,
    d: DeliverableRecord,
    confirmation: string,
  ) {
    try {
      const page = listPageOfRow(blockId);
      if (page) {
        await respond({ replace_original: true, ...(await renderListPage(actor, page, deps, deps.clock(), client)) });
        return false;
      }
      if (blockId.startsWith(REMINDER_ROW_PREFIX)) {
        const commission = await requireCommission(d.commissionKey);
        const zone = commissionZone(commission, config.timeZone);
        const today = localDate(deps.clock(), zone);
        await respond({
          replace_original: true,
          ...deliverableChangedMessage({ ...d, commissionName: commission.name }, confirmation, today, zone),
        });
        return true;
      }
    } catch (err) {
      logger.warn(`could not redraw the message of deliverable ${String(d._id)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return false;
  }

  onButton(DeliverableActions.markDone, async ({ id, actor, changed }) => {
    const d = await markDeliverableDone(actor, id, deps.clock());
    await changed(d, `:white_check_mark: *${escapeMrkdwn(d.title)}* is done. Thank you!`);
  });

  onButton(DeliverableActions.snooze, async ({ id, actor, changed }) => {
    const d = await snoozeDeliverable(actor, id, deps.clock(), config.timeZone);
    const zone = commissionZone(await requireCommission(d.commissionKey), config.timeZone);
    const until = d.snoozedUntil ? slackDate(d.snoozedUntil, zone) : 'next week';
    await changed(d, `:zzz: Reminders about *${escapeMrkdwn(d.title)}* are snoozed until ${until}.`);
  });

  onButton(DeliverableActions.archive, async ({ id, actor, archivedOrRestored }) => {
    const d = await archiveDeliverable(actor, id, deps.clock());
    await archivedOrRestored(deliverableArchivedMessage({ _id: d.id, title: d.name }, true));
  });

  onButton(DeliverableActions.restore, async ({ id, actor, archivedOrRestored }) => {
    const d = await restoreDeliverable(actor, id, deps.clock());
    await archivedOrRestored(deliverableArchivedMessage({ _id: d.id, title: d.name }, false));
  });

  onButton(DeliverableActions.changeOwner, async ({ id, actor, triggerId, client, where }) => {
    const d = await getDeliverable(id);
    const commission = await requireCommission(d.commissionKey);
    requireCommissionManager(actor, commission);
    await client.views.open({ trigger_id: triggerId, view: changeOwnerModal({ ...d, commissionName: commission.name }, where) });
  });

  onButton(DeliverableActions.changeDue, async ({ id, actor, triggerId, client, where }) => {
    const d = await getDeliverable(id);
    const commission = await requireCommission(d.commissionKey);
    requireCommissionManager(actor, commission);
    await client.views.open({ trigger_id: triggerId, view: changeDueModal({ ...d, commissionName: commission.name }, where) });
  });

  onButton(DeliverableActions.details, async ({ id, actor, triggerId, client }) => {
    const d = await viewDeliverable(actor, id);
    const commission = await requireCommission(d.commissionKey);
    const zone = commissionZone(commission, config.timeZone);
    await client.views.open({
      trigger_id: triggerId,
      view: deliverableDetailsModal({ ...d, commissionName: commission.name }, localDate(deps.clock(), zone), zone),
    });
  });

  const history = historyActions(
    deps,
    async (id, offset, context) => {
      const { deliverable, page } = await deliverableHistory(actorFrom(context), id, { offset, limit: HISTORY_PAGE_SIZE });
      const commission = await requireCommission(deliverable.commissionKey);
      const zone = commissionZone(commission, config.timeZone);
      return deliverableHistoryView({ ...deliverable, commissionName: commission.name }, page, localDate(deps.clock(), zone), zone);
    },
    'That button is out of date: list the deliverables again (`/iec deliverables`).',
  );
  app.action(DeliverableActions.history, history.open);
  app.action(DeliverableActions.historyOlder, history.page);
  app.action(DeliverableActions.historyNewer, history.page);

  app.action<BlockAction<ButtonAction>>(DeliverableActions.showMore, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, logger);
    try {
      const page = parseListPage(action.value);
      if (!page) throw new Error('Show more without a valid page');
      await reply.tell(await renderListPage(actorFrom(context), page, deps, deps.clock(), client));
    } catch (err) {
      await reply.error(err);
    }
  });
}
