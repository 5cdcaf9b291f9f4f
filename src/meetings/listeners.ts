import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { actorFrom } from '../access';
import { commissionZone, listActiveCommissions, requireCommission } from '../commissions';
import { openDeliverablesOf } from '../deliverables';
import type { AppDeps } from '../slack/deps';
import { HISTORY_PAGE_SIZE } from '../slack/history';
import { historyActions } from '../slack/history-actions';
import { replierFor } from '../slack/interaction';
import { originOf } from '../slack/forms';
import { escapeMrkdwn } from '../slack/text';
import type { StateValues } from '../slack/view-state';
import { MeetingActions, MeetingBlocks, MeetingCallbacks } from './ids';
import { submitMeetingReschedule, submitMeetingSchedule } from './handlers/forms';
import { currentAgenda, parseMeetingId, parseScheduleMetadata } from './input';
import { cancelMeeting, getChangeableMeeting, meetingHistory } from './service';
import { renderMeetingList } from './list';
import {
  agendaFromDeliverables,
  agendaHash,
  listOfMeetingRow,
  meetingArchivedMessage,
  meetingHistoryView,
  meetingRescheduleModal,
  meetingScheduleModal,
  type ScheduleModalData,
} from './views';
import { openDecisionsOf } from './decisions';
import { archiveMeeting, restoreMeeting } from './archive';

/** Thin listeners: ack, parse, call the service, render. */

/** Deliverables listed in a prefilled agenda. */
const AGENDA_DELIVERABLES = 60;

/** The schedule modal's data for a commission (or none yet): its zone and its open deliverables as the agenda. */
export async function scheduleModalData(
  commissionKey: string | undefined,
  deps: AppDeps,
  agendaBlockId: string,
): Promise<ScheduleModalData> {
  const commissions = await listActiveCommissions();
  const commission = commissionKey ? await requireCommission(commissionKey) : undefined;
  const agenda = commission
    ? agendaFromDeliverables(
        await openDeliverablesOf(commission.key, AGENDA_DELIVERABLES),
        await openDecisionsOf(commission.key, AGENDA_DELIVERABLES),
      )
    : '';
  return { commissions, commissionKey: commission?.key, zone: commissionZone(commission, deps.config.timeZone), agendaBlockId, agenda };
}

export function agendaBlockIdFor(commissionKey: string | undefined): string {
  return `${MeetingBlocks.agendaPrefix}${commissionKey ? `:${commissionKey}` : ''}`;
}

export function registerMeetingListeners(app: App, deps: AppDeps): void {
  const { logger, config } = deps;

  // Choosing a commission refills the agenda with its open deliverables, unless the person already wrote one.
  app.action<BlockAction<StaticSelectAction>>(MeetingActions.commissionChosen, async ({ ack, body, action, client }) => {
    await ack();
    const view = body.view;
    const metadata = parseScheduleMetadata(view?.private_metadata);
    if (!view || !metadata) return;
    try {
      const key = action.selected_option?.value;
      const typed = currentAgenda(view.state?.values as StateValues, metadata);
      const keepTyped = typed.trim() !== '' && agendaHash(typed) !== metadata.prefillHash;
      const data = await scheduleModalData(key, deps, keepTyped ? metadata.agendaBlockId : agendaBlockIdFor(key));
      const origin = metadata.o ? { origin: metadata.o } : {};
      const next = meetingScheduleModal(keepTyped ? { ...data, ...origin, agenda: typed } : { ...data, ...origin });
      await client.views.update({ view_id: view.id, hash: view.hash, view: next });
    } catch (err) {
      logger.warn('could not refill the meeting agenda:', err instanceof Error ? err.message : err);
    }
  });

  // after a change, the Home tabs that show the meeting follow through its meeting.changed event
  app.view(MeetingCallbacks.schedule, submitMeetingSchedule(deps));
  app.view(MeetingCallbacks.reschedule, submitMeetingReschedule(deps));

  app.action<BlockAction<ButtonAction>>(MeetingActions.reschedule, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    try {
      const id = parseMeetingId(action.value);
      if (!id) throw new Error('reschedule button without a meeting id');
      const m = await getChangeableMeeting(actorFrom(context), id);
      const commission = await requireCommission(m.commissionKey);
      const zone = commissionZone(commission, config.timeZone);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: meetingRescheduleModal(m, commission.name, zone, originOf(body, deps.clock()), listOfMeetingRow(action.block_id)),
      });
    } catch (err) {
      await replierFor({ body, respond, client }, logger).error(err);
    }
  });

  const history = historyActions(
    deps,
    async (id, offset, context) => {
      const { meeting, page } = await meetingHistory(actorFrom(context), id, { offset, limit: HISTORY_PAGE_SIZE });
      const commission = await requireCommission(meeting.commissionKey);
      return meetingHistoryView(meeting, page, commissionZone(commission, config.timeZone), commission.name);
    },
    'That button is out of date: list the meetings again (`/iec meetings`).',
  );
  app.action(MeetingActions.history, history.open);
  app.action(MeetingActions.historyOlder, history.page);
  app.action(MeetingActions.historyNewer, history.page);

  app.action<BlockAction<ButtonAction>>(MeetingActions.cancel, async ({ context, ack, body, action, respond, client }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, logger);
    try {
      const id = parseMeetingId(action.value);
      if (!id) throw new Error('cancel button without a meeting id');
      const actor = actorFrom(context);
      const m = await cancelMeeting(actor, id, deps.clock());
      // the list it was pressed on, as it is now (an ephemeral list's buttons arrive without the message)
      const list = listOfMeetingRow(action.block_id);
      if (list)
        await respond({
          replace_original: true,
          ...(await renderMeetingList(actor, list.commissionKey, deps, deps.clock(), client)),
        }).catch((err: unknown) => logger.warn('could not redraw the meeting list:', err instanceof Error ? err.message : err));
      await reply.tell(`:x: *${escapeMrkdwn(m.title)}* is cancelled; no reminders will be sent for it.`);
    } catch (err) {
      await reply.error(err);
    }
  });

  /** Archive on a list row (the list redrawn without it, the answer told with Restore), Restore and Archive again on that answer (replaced in place). */
  for (const archive of [true, false]) {
    app.action<BlockAction<ButtonAction>>(
      archive ? MeetingActions.archive : MeetingActions.restore,
      async ({ context, ack, body, action, respond, client }) => {
        await ack();
        const reply = replierFor({ body, respond, client }, logger);
        try {
          const id = parseMeetingId(action.value);
          if (!id) throw new Error('archive button without a meeting id');
          const actor = actorFrom(context);
          const done = await (archive ? archiveMeeting : restoreMeeting)(actor, id, deps.clock());
          const message = meetingArchivedMessage({ id: done.id, title: done.name }, archive);
          const list = listOfMeetingRow(action.block_id);
          try {
            await respond({
              replace_original: true,
              ...(list ? await renderMeetingList(actor, list.commissionKey, deps, deps.clock(), client) : message),
            });
            if (!list) return;
          } catch (err) {
            logger.warn('could not replace the meeting message:', err instanceof Error ? err.message : err);
          }
          await reply.tell(message);
        } catch (err) {
          await reply.error(err);
        }
      },
    );
  }
}
