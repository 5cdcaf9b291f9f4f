/** Slack IDs of the access feature, defined once. */
export const ADMIN_SUBCOMMAND = 'admin';
