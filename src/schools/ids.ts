/** Slack IDs of the schools feature, defined once. */
export const SCHOOL_SUBCOMMAND = 'school';
export const SCHOOL_ALIASES = ['schools'];
export const SCHOOL_LIST_MORE_BLOCK = 'school_list_more';
export const SCHOOL_LIST_MORE_ACTION = 'school_list_more';
/** On each row of `/iec school list`: the school's history in a modal (value = school id). */
export const SCHOOL_ACTION = {
  history: 'school_history_open',
  /** In the history modal: older / newer changes (value `<school id>:<offset>`). */
  historyOlder: 'school_history_older',
  historyNewer: 'school_history_newer',
} as const;
/** The school's history modal (read only) and its paging buttons' block. */
export const SCHOOL_HISTORY_CALLBACK = 'school_history';
export const SCHOOL_HISTORY_BLOCK = 'school_history_paging';
