/** Every Slack id of the deliverables feature, defined once. */

export const DELIVERABLE_SUBCOMMAND = 'deliverable';
export const DELIVERABLES_SUBCOMMAND = 'deliverables';

export const DeliverableCallbacks = {
  add: 'deliverable_add',
  changeOwner: 'deliverable_change_owner',
  changeDue: 'deliverable_change_due',
  details: 'deliverable_details',
  /** The history modal (read only). */
  history: 'deliverable_history',
} as const;

/** Input blocks of the modals (each holds one element whose action_id is the same string). */
export const DeliverableBlocks = {
  commission: 'deliverable_commission',
  title: 'deliverable_title',
  description: 'deliverable_description',
  owner: 'deliverable_owner',
  dueDate: 'deliverable_due_date',
  linkedTypes: 'deliverable_linked_types',
} as const;

/** Buttons on lists and reminders; their value is the deliverable id (Show more: the page as JSON). */
export const DeliverableActions = {
  markDone: 'deliverable_mark_done',
  changeOwner: 'deliverable_open_change_owner',
  changeDue: 'deliverable_open_change_due',
  snooze: 'deliverable_snooze',
  details: 'deliverable_open_details',
  showMore: 'deliverable_show_more',
  /** On a list row (behind Slack's confirm dialog): archive it. On the answer: Restore (and Archive again). */
  archive: 'deliverable_archive',
  restore: 'deliverable_restore',
  /** On a list row: the deliverable's history in a modal. */
  history: 'deliverable_history_open',
  /** In the history modal: older / newer changes (value `<deliverable id>:<offset>`). */
  historyOlder: 'deliverable_history_older',
  historyNewer: 'deliverable_history_newer',
} as const;

/** The actions block of the history modal's paging buttons. */
export const DELIVERABLE_HISTORY_BLOCK = 'deliverable_history_paging';

/** The actions block of the answer to Archive / Restore (its Restore / Archive again button). */
export const DELIVERABLE_ARCHIVED_BLOCK = 'deliverable_archived';

/** The actions block under a list page that holds its Show more button. */
export const DELIVERABLE_LIST_MORE_BLOCK = 'deliverable_list_more';

/** The scheduler kind of deliverable reminders. */
export const DELIVERABLE_REMINDER_KIND = 'deliverable-reminder';
