/** Slack IDs of the schools feature, defined once. */
export const SCHOOL_SUBCOMMAND = 'school';
export const SCHOOL_ALIASES = ['schools'];
export const SCHOOL_LIST_MORE_BLOCK = 'school_list_more';
export const SCHOOL_LIST_MORE_ACTION = 'school_list_more';
