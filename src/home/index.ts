import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { requireIec, resolveActor, type Actor } from '../access/actor';
import { listCommissions } from '../commissions/service';
import { openCommitForm } from '../commitments/listeners';
import { objectIdSchema } from '../commitments/form';
import { changeStatus } from '../commitments/service';
import { invalidInput } from '../errors';
import { listActiveCommissions } from '../deliverables/commissions';
import { markDeliverableDone } from '../deliverables/service';
import { deliverableAddModal } from '../deliverables/views';
import { agendaBlockIdFor, scheduleModalData } from '../meetings/listeners';
import { meetingScheduleModal } from '../meetings/views';
import { NEW_CONTACT_SLOTS } from '../partners/input';
import { partnerFormView } from '../partners/views';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import { errorReply } from '../slack/replies';
import { HOME_ACTION } from './ids';
import { loadHome } from './service';
import { homeView } from './views';

/**
 * The App Home: published on `app_home_opened`, and again by `refreshHome` after changes that concern a
 * person. Its own buttons (common actions, "Mark done", "Confirm") are handled here; the other buttons carry
 * the owning feature's action ids, so that feature's handlers run.
 */

/** Publishes `userId`'s Home tab as of `now`. Never throws: a failure is logged (the next opening retries). */
export async function refreshHome(client: WebClient, userId: string, now: Date, deps: AppDeps): Promise<boolean> {
  try {
    const actor = await resolveActor(userId, deps.config.admins);
    await client.views.publish({ user_id: userId, view: homeView(await loadHome(actor, now, deps.config.timeZone)) });
    return true;
  } catch (err) {
    deps.logger.error(`could not publish the Home tab of ${userId}:`, err instanceof Error ? (err.stack ?? err.message) : err);
    return false;
  }
}

/** A button's value: the id of what it acts on. */
function parseId(value: string): string {
  const id = objectIdSchema.safeParse(value);
  if (!id.success) throw invalidInput('That button is out of date: open the Home tab again.');
  return id.data;
}

/** The Home tab has no response_url: errors from its buttons go to the person's DM with the app. */
async function tellByDm(client: WebClient, userId: string, text: string, deps: AppDeps): Promise<void> {
  try {
    const channel = (await client.conversations.open({ users: userId })).channel?.id;
    if (channel) await client.chat.postMessage({ channel, text });
  } catch (err) {
    deps.logger.error('could not send a Home tab error by DM:', err instanceof Error ? err.message : err);
  }
}

function registerHome(app: App, deps: AppDeps): void {
  const { config } = deps;

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await refreshHome(client, event.user, deps.clock(), deps);
  });

  /** A Home button: ack, run `handle` with the person's actor, DM them any error. */
  const onButton = (actionId: string, handle: (p: { actor: Actor; triggerId: string; value: string; client: WebClient }) => Promise<void>) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      try {
        const actor = await resolveActor(body.user.id, config.admins);
        await handle({ actor, triggerId: body.trigger_id, value: action.value ?? '', client });
      } catch (err) {
        await tellByDm(client, body.user.id, errorReply(err, deps.logger), deps);
      }
    });
  };

  onButton(HOME_ACTION.recordCommitment, ({ actor, triggerId, client }) => openCommitForm({ client, triggerId, userId: actor.userId, text: '', deps }));

  onButton(HOME_ACTION.addPartner, async ({ actor, triggerId, client }) => {
    requireIec(actor);
    const view = partnerFormView({ commissions: await listCommissions(), defaultOwnerId: actor.userId, meta: { slots: NEW_CONTACT_SLOTS } });
    await client.views.open({ trigger_id: triggerId, view });
  });

  onButton(HOME_ACTION.scheduleMeeting, async ({ actor, triggerId, client }) => {
    requireIec(actor);
    const key = actor.leads.length === 1 ? actor.leads[0] : undefined;
    await client.views.open({ trigger_id: triggerId, view: meetingScheduleModal(await scheduleModalData(key, deps, agendaBlockIdFor(key))) });
  });

  onButton(HOME_ACTION.addDeliverable, async ({ actor, triggerId, client }) => {
    requireIec(actor);
    const commissions = await listActiveCommissions();
    await client.views.open({ trigger_id: triggerId, view: deliverableAddModal({ commissions, ...(actor.leads.length === 1 ? { commissionKey: actor.leads[0] } : {}) }) });
  });

  onButton(HOME_ACTION.deliverableDone, async ({ actor, value, client }) => {
    await markDeliverableDone(actor, parseId(value), deps.clock());
    await refreshHome(client, actor.userId, deps.clock(), deps);
  });

  onButton(HOME_ACTION.confirmCommitment, async ({ actor, value, client }) => {
    await changeStatus(parseId(value), 'confirmed', actor, deps.clock());
    await refreshHome(client, actor.userId, deps.clock(), deps);
  });
}

export const homeFeature: Feature = {
  name: 'home',
  register: registerHome,
};
