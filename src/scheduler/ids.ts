/** Slack IDs of the scheduler feature. */
export const STATUS_SUBCOMMAND = 'status';
