/** The calendar feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { addNoSchool, loadSchoolCalendar, type SchoolCalendar } from './service';
export { eraseCalendarAuthors } from './erase';
