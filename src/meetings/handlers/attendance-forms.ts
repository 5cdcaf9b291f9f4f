import { commissionZone, requireCommission } from '../../commissions';
import { savedModal } from '../../deliverables';
import { AppError } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { slackDate, slackDateTime } from '../../slack/dates';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { escapeMrkdwn } from '../../slack/text';
import { attendanceOf, countAttendance, recordAttendance, type AttendanceInput, type AttendanceRecord } from '../attendance';
import {
  attendanceMetadataSchema,
  DECISION_FIELD_BLOCKS,
  decisionMetadataSchema,
  parseAttendanceSubmission,
  parseDecisionSubmission,
  type DecisionMetadata,
} from '../attendance-input';
import { countsText, type AttendanceMetadata } from '../attendance-views';
import { addDecision, type NewDecision } from '../decisions';
import { AttendanceBlocks, AttendanceCallbacks } from '../ids';
import { isSubmissionDecided } from '../queries';
import { getMeeting } from '../service';

/** The forms of a meeting's record: attendance with the minutes, and its decisions, on the form helper. */

/** Saved: the modal says so, and so does the message whose button opened the form (when it is told at all). */
function saved(title: string, text: string, tell: boolean): FormAnswer {
  return { kind: 'saved', view: savedModal(title, text), ...(tell ? { confirm: { text } } : {}) };
}

/** Whether the stored attendance is this submission's own (the same form delivered again after it was saved). */
function isThisRecording(a: AttendanceRecord | null, input: AttendanceInput, req: FormRequest<AttendanceMetadata>): boolean {
  if (!a || a.revision !== req.meta.revision + 1 || a.recordedBy !== req.actor.userId || (a.notes ?? '') !== input.notes) return false;
  const members = a.attendees.flatMap((x) => (x.memberId ? [x.memberId] : [])).sort();
  const guests = a.attendees.filter((x) => x.kind === 'guest').map((x) => `${x.name},${x.organisation}`);
  return (
    JSON.stringify(members) === JSON.stringify([...input.memberIds].sort()) &&
    JSON.stringify(guests) === JSON.stringify(input.guests.map((g) => `${g.name},${g.organisation}`))
  );
}

export async function saveAttendance(input: AttendanceInput, req: FormRequest<AttendanceMetadata>): Promise<FormAnswer> {
  const { actor, meta, now } = req;
  let recorded: AttendanceRecord;
  let tell = true;
  try {
    recorded = await recordAttendance(actor, meta.meetingId, input, meta.revision, now);
  } catch (err) {
    const current = err instanceof AppError ? await attendanceOf(meta.meetingId) : null;
    if (!current || !isThisRecording(current, input, req)) throw err;
    recorded = current;
    tell = false;
  }
  const m = await getMeeting(meta.meetingId);
  const day = m.startsAt.toISOString().slice(0, 10);
  const text = `:white_check_mark: *${escapeMrkdwn(m.title)}*: ${countsText(countAttendance(recorded.attendees))}. \`/iec meeting show ${m.commissionKey} ${day}\` shows it.`;
  return saved('Attendance saved', text, tell);
}

export const attendanceFormSpec = (): FormSpec<AttendanceMetadata, AttendanceInput> => ({
  callbackId: AttendanceCallbacks.record,
  metadata: attendanceMetadataSchema,
  parse: (values) => parseAttendanceSubmission(values),
  save: saveAttendance,
  errorBlock: AttendanceBlocks.notes,
});

/** Records the decision once per submission (its key is stored under a unique index), maybe as a deliverable. */
export async function saveDecision(input: NewDecision, req: FormRequest<DecisionMetadata>): Promise<FormAnswer> {
  const { actor, meta, now, deps } = req;
  const again = await isSubmissionDecided(req.key);
  const d = await addDecision(actor, meta.meetingId, input, now, deps.config.timeZone, req.key);
  const m = await getMeeting(meta.meetingId);
  const zone = commissionZone(await requireCommission(m.commissionKey), deps.config.timeZone);
  const asDeliverable =
    d.deliverableId && input.dueDate ? `, and added as a deliverable due ${slackDate(input.dueDate, zone)} for <@${input.ownerId}>` : '';
  const text = `:white_check_mark: Recorded for *${escapeMrkdwn(m.title)}* (${slackDateTime(m.startsAt, zone)})${asDeliverable}. Until it is done it is listed on the next meeting's agenda.`;
  return saved('Decision recorded', text, !again);
}

export const decisionFormSpec = (): FormSpec<DecisionMetadata, NewDecision> => ({
  callbackId: AttendanceCallbacks.decision,
  metadata: decisionMetadataSchema,
  parse: (values) => parseDecisionSubmission(values),
  save: saveDecision,
  fieldBlocks: DECISION_FIELD_BLOCKS,
  errorBlock: AttendanceBlocks.decisionText,
});

export const submitAttendance = (deps: AppDeps) => formListener(attendanceFormSpec(), deps);
export const submitDecision = (deps: AppDeps) => formListener(decisionFormSpec(), deps);
