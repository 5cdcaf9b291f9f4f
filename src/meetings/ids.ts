/** Every Slack id of the meetings feature, defined once. */

export const MEETING_SUBCOMMAND = 'meeting';
export const MEETINGS_SUBCOMMAND = 'meetings';
export const ATTENDANCE_SUBCOMMAND = 'attendance';

export const MeetingCallbacks = {
  schedule: 'meeting_schedule',
  reschedule: 'meeting_reschedule',
  /** The history modal (read only). */
  history: 'meeting_history',
} as const;

/** Input blocks (each holds one element whose action_id is the same string). */
export const MeetingBlocks = {
  commission: 'meeting_commission',
  title: 'meeting_title',
  date: 'meeting_date',
  time: 'meeting_time',
  duration: 'meeting_duration',
  place: 'meeting_place',
  formal: 'meeting_formal',
  /** The agenda block's id starts with this; it changes when the agenda is re-prefilled for another commission. */
  agendaPrefix: 'meeting_agenda',
} as const;

/** Buttons; their value is the meeting id. The commission select dispatches a block action to refill the agenda. */
export const MeetingActions = {
  commissionChosen: MeetingBlocks.commission,
  reschedule: 'meeting_open_reschedule',
  cancel: 'meeting_cancel',
  /** On a list row (behind Slack's confirm dialog): archive it. On the answer: Restore (and Archive again). */
  archive: 'meeting_archive',
  restore: 'meeting_restore',
  /** On a list row: the meeting's history in a modal. */
  history: 'meeting_history_open',
  /** In the history modal: older / newer changes (value `<meeting id>:<offset>`). */
  historyOlder: 'meeting_history_older',
  historyNewer: 'meeting_history_newer',
} as const;

/** The actions block of the history modal's paging buttons. */
export const MEETING_HISTORY_BLOCK = 'meeting_history_paging';

/** The actions block of the answer to Archive / Restore (its Restore / Archive again button). */
export const MEETING_ARCHIVED_BLOCK = 'meeting_archived';

/** The scheduler kind of meeting reminders. */
export const MEETING_REMINDER_KIND = 'meeting-reminder';

/** The value of the formal checkbox's one option. */
export const FORMAL_OPTION = 'formal';

/** The scheduler kind of the attendance prompt (to the leads) and the "I attended" post (in the channel). */
export const ATTENDANCE_KIND = 'meeting-attendance';

export const AttendanceCallbacks = {
  record: 'attendance_record',
  decision: 'meeting_decision',
} as const;

export const AttendanceBlocks = {
  /** Checkbox blocks of members start with this (`att_m_<kind>_<n>`), ten members each. */
  membersPrefix: 'att_m_',
  guests: 'att_guests',
  notes: 'att_notes',
  decisionText: 'decision_text',
  decisionOwner: 'decision_owner',
  decisionDue: 'decision_due',
  claim: 'attendance_claim',
  show: 'meeting_show_actions',
} as const;

/** Buttons; their value is the meeting id (a decision's id for decisionDone). */
export const AttendanceActions = {
  claim: 'attendance_i_attended',
  record: 'attendance_open_record',
  addDecision: 'meeting_add_decision',
  decisionDone: 'meeting_decision_done',
} as const;
