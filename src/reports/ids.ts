/** Slack IDs of the reports feature, defined once. */

export const REPORT_SUBCOMMAND = 'report';
