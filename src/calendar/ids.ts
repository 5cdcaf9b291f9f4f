/** Slack IDs of the school calendar feature. */
export const CALENDAR_SUBCOMMAND = 'calendar';
