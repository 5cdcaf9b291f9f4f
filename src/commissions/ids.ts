/** Slack IDs of the commissions feature, defined once. */
export const COMMISSION_SUBCOMMAND = 'commission';
export const COMMISSION_ALIASES = ['commissions'];
