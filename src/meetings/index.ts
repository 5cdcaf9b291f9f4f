/** The meetings feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { meetingReminderSource } from './reminders';
export { scheduledMeetingsBetween, type ScheduledMeeting } from './queries';
export { attendanceSource } from './attendance-source';
export {
  countAttendance,
  meetingsWithAttendance,
  recentMeetingsAttendance,
  yearAttendance,
  type MeetingAttendance,
  type YearAttendance,
} from './attendance';
export { attendanceLine } from './attendance-views';
export { loadMeetingDocuments } from './bulk';
export { meetingScheduleModal } from './views';
export { eraseFromAttendance, eraseFromMeetingTexts, findInAttendance } from './erase';
export { handOverMeetings, meetingOrganiserIds, meetingsOrganisedBy } from './handover';
export { archiveMeeting, type ArchivableMeeting, meetingsTitled, restoreMeeting } from './archive';
