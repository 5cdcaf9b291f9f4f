/** Every Slack id of the meetings feature, defined once. */

export const MEETING_SUBCOMMAND = 'meeting';
export const MEETINGS_SUBCOMMAND = 'meetings';

export const MeetingCallbacks = {
  schedule: 'meeting_schedule',
  reschedule: 'meeting_reschedule',
} as const;

/** Input blocks (each holds one element whose action_id is the same string). */
export const MeetingBlocks = {
  commission: 'meeting_commission',
  title: 'meeting_title',
  date: 'meeting_date',
  time: 'meeting_time',
  duration: 'meeting_duration',
  place: 'meeting_place',
  /** The agenda block's id starts with this; it changes when the agenda is re-prefilled for another commission. */
  agendaPrefix: 'meeting_agenda',
} as const;

/** Buttons; their value is the meeting id. The commission select dispatches a block action to refill the agenda. */
export const MeetingActions = {
  commissionChosen: MeetingBlocks.commission,
  reschedule: 'meeting_open_reschedule',
  cancel: 'meeting_cancel',
} as const;

/** The scheduler kind of meeting reminders. */
export const MEETING_REMINDER_KIND = 'meeting-reminder';
