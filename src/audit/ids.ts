/** Slack IDs of the audit feature, defined once. */
export const AUDIT_SUBCOMMAND = 'audit';
export const AUDIT_MORE_BLOCK = 'audit_more';
export const AUDIT_MORE_ACTION = 'audit_more';
