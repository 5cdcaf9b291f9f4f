import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { subscribeHomeRefresh } from './subscriptions';
import type { WebClient } from '@slack/web-api';
import { requireIec, type Actor } from '../access';
import { actorFrom } from '../access';
import { listActiveCommissions, listCommissions } from '../commissions';
import { openCommitForm } from '../commitments/feature';
import { objectIdSchema } from '../commitments';
import { changeStatus, confirmationOf } from '../commitments';
import { invalidInput } from '../errors';
import { markDeliverableDone } from '../deliverables';
import { deliverableAddModal } from '../deliverables';
import { agendaBlockIdFor, scheduleModalData } from '../meetings/feature';
import { meetingScheduleModal } from '../meetings';
import { NEW_CONTACT_SLOTS } from '../partners';
import { partnerFormView } from '../partners';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import { replierFor, sendDm } from '../slack/interaction';
import { HOME_ACTION } from './ids';
import { openHome } from './refresh';

/**
 * The App Home: published on `app_home_opened` (which also records who looks at theirs), and again after
 * changes that concern a person who does: subscribed to the write paths' events (subscriptions.ts). Its own buttons (common
 * actions, "Mark done", "Confirm") are handled here; the other buttons carry the owning feature's action ids, so
 * that feature's handlers run.
 */

/** A button's value: the id of what it acts on. */
function parseId(value: string): string {
  const id = objectIdSchema.safeParse(value);
  if (!id.success) throw invalidInput('That button is out of date: open the Home tab again.');
  return id.data;
}

function registerHome(app: App, deps: AppDeps): void {
  // Home tabs follow the write paths' events (commitments, deliverables, meetings)
  subscribeHomeRefresh(app.client, deps);
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    await openHome(client, event.user, deps.clock(), deps, actorFrom(context));
  });

  /** A Home button: ack, run `handle` with the person's actor, tell them any error (by DM: the Home tab has no response_url). */
  const onButton = (
    actionId: string,
    handle: (p: { actor: Actor; triggerId: string; value: string; client: WebClient }) => Promise<void>,
  ) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ context, ack, body, action, respond, client }) => {
      await ack();
      try {
        const actor = actorFrom(context);
        await handle({ actor, triggerId: body.trigger_id, value: action.value ?? '', client });
      } catch (err) {
        await replierFor({ body, respond, client }, deps.logger).error(err);
      }
    });
  };

  onButton(HOME_ACTION.recordCommitment, ({ actor, triggerId, client }) => openCommitForm({ client, triggerId, actor, text: '', deps }));

  onButton(HOME_ACTION.addPartner, async ({ actor, triggerId, client }) => {
    requireIec(actor);
    const view = partnerFormView({
      commissions: await listCommissions(),
      defaultOwnerId: actor.userId,
      meta: { slots: NEW_CONTACT_SLOTS },
    });
    await client.views.open({ trigger_id: triggerId, view });
  });

  onButton(HOME_ACTION.scheduleMeeting, async ({ actor, triggerId, client }) => {
    requireIec(actor);
    const key = actor.leads.length === 1 ? actor.leads[0] : undefined;
    await client.views.open({
      trigger_id: triggerId,
      view: meetingScheduleModal(await scheduleModalData(key, deps, agendaBlockIdFor(key))),
    });
  });

  onButton(HOME_ACTION.addDeliverable, async ({ actor, triggerId, client }) => {
    requireIec(actor);
    const commissions = await listActiveCommissions();
    await client.views.open({
      trigger_id: triggerId,
      view: deliverableAddModal({ commissions, ...(actor.leads.length === 1 ? { commissionKey: actor.leads[0] } : {}) }),
    });
  });

  onButton(HOME_ACTION.deliverableDone, async ({ actor, value }) => {
    // Home tabs follow through the deliverable.changed event
    await markDeliverableDone(actor, parseId(value), deps.clock());
  });

  // as the list's status change: confirmed by DM with Undo; on Home (refreshed by the commitment.changed event) the
  // row carries Undo for its author for as long
  onButton(HOME_ACTION.confirmCommitment, async ({ actor, value, client }) => {
    const confirmed = await changeStatus(parseId(value), 'confirmed', actor, deps.clock());
    const confirmation = await confirmationOf(confirmed, deps.config.timeZone, 'status');
    await sendDm(client, actor.userId, confirmation).catch((err: unknown) =>
      deps.logger.error('could not DM the confirmation:', err instanceof Error ? err.message : err),
    );
  });
}

export const homeFeature: Feature = {
  name: 'home',
  register: registerHome,
};
