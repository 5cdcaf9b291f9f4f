import type { View } from '@slack/types';
import { commissionZone, requireCommission } from '../../commissions';
import { savedModal } from '../../deliverables';
import { zonedDateTime } from '../../domain/dates';
import { AppError } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { slackDateTime } from '../../slack/dates';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { escapeMrkdwn } from '../../slack/text';
import { MeetingBlocks, MeetingCallbacks } from '../ids';
import { isSubmissionScheduled } from '../queries';
import { renderMeetingList } from '../list';
import {
  MEETING_FIELD_BLOCKS,
  parseRescheduleSubmission,
  parseScheduleSubmission,
  rescheduleMetadataSchema,
  scheduleMetadataSchema,
} from '../input';
import {
  getChangeableMeeting,
  rescheduleMeeting,
  scheduleMeeting,
  type MeetingRecord,
  type MeetingTime,
  type NewMeeting,
} from '../service';
import type { RescheduleMetadata, ScheduleMetadata } from '../views';

/** The meetings' forms (schedule, reschedule), on the form helper (src/slack/forms.ts). */

/** Saved: the modal says so, so does the place the form was opened from (the leads' Home tabs follow through meeting.changed). */
function saved(title: string, text: string): FormAnswer {
  const view: View = savedModal(title, text);
  return { kind: 'saved', view, confirm: { text } };
}

async function zoneOf(m: MeetingRecord, deps: AppDeps): Promise<string> {
  return commissionZone(await requireCommission(m.commissionKey), deps.config.timeZone);
}

/** Schedules the meeting once per submission (its key is stored under a unique index). */
export async function saveScheduledMeeting(input: NewMeeting, req: FormRequest<ScheduleMetadata>): Promise<FormAnswer> {
  // Slack delivered it again, or the person submitted the same form twice: scheduled (and told) once
  const again = await isSubmissionScheduled(req.key);
  const m = await scheduleMeeting(req.actor, input, req.now, req.deps.config.timeZone, req.key);
  const text = `:white_check_mark: *${escapeMrkdwn(m.title)}* on ${slackDateTime(m.startsAt, await zoneOf(m, req.deps))}. The commission channel gets reminders before it.`;
  return again ? { kind: 'saved', view: savedModal('Meeting scheduled', text) } : saved('Meeting scheduled', text);
}

export const scheduleMeetingSpec = (): FormSpec<ScheduleMetadata, NewMeeting> => ({
  callbackId: MeetingCallbacks.schedule,
  metadata: scheduleMetadataSchema,
  parse: (values, { meta }) => parseScheduleSubmission(values, meta),
  save: saveScheduledMeeting,
  fieldBlocks: MEETING_FIELD_BLOCKS,
  errorBlock: MeetingBlocks.commission,
  saving: ':hourglass_flowing_sand: Scheduling the meeting…',
});

/** Moves the meeting if it is still at the revision the form was opened on (else refused: someone changed it). */
export async function saveRescheduledMeeting(time: MeetingTime, req: FormRequest<RescheduleMetadata>): Promise<FormAnswer> {
  const { actor, meta, now, deps } = req;
  let m: MeetingRecord;
  try {
    m = await rescheduleMeeting(actor, meta.id, time, meta.revision, now, deps.config.timeZone);
  } catch (err) {
    // the same form delivered again after it moved the meeting: that is this submission's own change
    const current = err instanceof AppError ? await getChangeableMeeting(actor, meta.id).catch(() => undefined) : undefined;
    if (!current || !(await isThisMove(current, time, meta.revision, deps))) throw err;
    return {
      kind: 'saved',
      view: savedModal(
        'Meeting moved',
        `:white_check_mark: *${escapeMrkdwn(current.title)}* is now on ${slackDateTime(current.startsAt, await zoneOf(current, deps))}.`,
      ),
    };
  }
  const text = `:white_check_mark: *${escapeMrkdwn(m.title)}* is now on ${slackDateTime(m.startsAt, await zoneOf(m, req.deps))}.`;
  // opened from a list: that list is redrawn with the meeting at its new time, besides the confirmation
  const list = meta.l ? { replace: await renderMeetingList(actor, meta.l.commissionKey, deps, now, req.client) } : {};
  return { ...saved('Meeting moved', text), ...list };
}

/** Whether the meeting is where this form put it, one revision after the one it was opened on. */
async function isThisMove(m: MeetingRecord, time: MeetingTime, revision: number, deps: AppDeps): Promise<boolean> {
  const zone = await zoneOf(m, deps);
  return (
    (m.revision ?? 0) === revision + 1 &&
    m.status === 'scheduled' &&
    m.durationMinutes === time.durationMinutes &&
    m.startsAt.getTime() === zonedDateTime(time.date, time.time, zone).getTime()
  );
}

export const rescheduleMeetingSpec = (): FormSpec<RescheduleMetadata, MeetingTime> => ({
  callbackId: MeetingCallbacks.reschedule,
  metadata: rescheduleMetadataSchema,
  parse: (values) => parseRescheduleSubmission(values),
  save: saveRescheduledMeeting,
  fieldBlocks: MEETING_FIELD_BLOCKS,
  errorBlock: MeetingBlocks.date,
  saving: ':hourglass_flowing_sand: Moving the meeting…',
});

export const submitMeetingSchedule = (deps: AppDeps) => formListener(scheduleMeetingSpec(), deps);
export const submitMeetingReschedule = (deps: AppDeps) => formListener(rescheduleMeetingSpec(), deps);
