/** Slack IDs of the exports feature, defined once. */

export const EXPORT_SUBCOMMAND = 'export';
