/** Slack IDs of the commitments feature, defined once. */

export const COMMIT_COMMAND = '/commit';

export const SUBCOMMAND = {
  commit: 'commit',
  commitments: 'commitments',
  request: 'request',
} as const;

export const CALLBACK = {
  /** The commitment form (record or edit). */
  form: 'commitment_form',
  /** "This looks like one already recorded": update it or record a separate one. */
  duplicate: 'commitment_duplicate',
  /** How much was fulfilled. */
  fulfilment: 'commitment_fulfilment',
  /** "Recorded" / "Updated" after the duplicate choice. */
  done: 'commitment_done',
  /** A commitment's history (read only). */
  history: 'commitment_history',
} as const;

/** Input blocks of the commitment form; inline errors (`response_action: errors`) name these. */
export const BLOCK = {
  partner: 'commitment_partner',
  partnerFixed: 'commitment_partner_fixed',
  suggestions: 'commitment_partner_suggestions',
  commission: 'commitment_commission',
  type: 'commitment_type',
  /** The program of study a program-support commitment is recorded against (external select). */
  program: 'commitment_program',
  programFixed: 'commitment_program_fixed',
  quantity: 'commitment_quantity',
  startDate: 'commitment_start',
  endDate: 'commitment_end',
  schools: 'commitment_schools',
  newSchoolName: 'commitment_new_school_name',
  newSchoolCode: 'commitment_new_school_code',
  notes: 'commitment_notes',
  fulfilled: 'commitment_fulfilled_quantity',
  duplicateActions: 'commitment_duplicate_actions',
  listMore: 'commitments_more',
  /** Prefix of a list row's blocks: `commitments_row:<s|a><n>:<the page's query>` (see `listRowBlockId`). */
  listRow: 'commitments_row',
  requestActions: 'commitment_request_actions',
  /** Under a confirmation: Undo (and History). */
  confirmationActions: 'commitment_confirmation_actions',
  /** Newer / older changes in the history modal. */
  historyPaging: 'commitment_history_paging',
} as const;

export const ACTION = {
  partner: 'commitment_partner_select',
  commission: 'commitment_commission_select',
  type: 'commitment_type_select',
  program: 'commitment_program_select',
  quantity: 'commitment_quantity_input',
  startDate: 'commitment_start_date',
  endDate: 'commitment_end_date',
  schools: 'commitment_schools_select',
  newSchoolName: 'commitment_new_school_name_input',
  newSchoolCode: 'commitment_new_school_code_input',
  notes: 'commitment_notes_input',
  fulfilled: 'commitment_fulfilled_input',
  /** In a list: change the status (static select; option value `<id>:<status>`). */
  status: 'commitment_status',
  /** "Mark it fulfilled anyway" for a commitment that has not started (button; value `<id>:<status>`). */
  statusAnyway: 'commitment_status_anyway',
  /** In a list: record fulfilment (button; value = commitment id). */
  fulfil: 'commitment_fulfil',
  /** In a list: edit (button; value = commitment id). */
  edit: 'commitment_edit',
  /** "Show more" under a list (value = the next page's query). */
  more: 'commitments_show_more',
  /** Duplicate choice: update the existing one (value = its id). */
  updateExisting: 'commitment_update_existing',
  /** Duplicate choice: record the new one as separate. */
  recordSeparate: 'commitment_record_separate',
  /** Duplicate choice: back to the form with what was typed. */
  backToForm: 'commitment_back_to_form',
  /** In the DM of `/iec request`: open the form for the contact's organisation (value = request id). */
  openRequest: 'commitment_request_open',
  /** Under a confirmation: undo that change (value = `<commitment id>:<revision it made>`). */
  undo: 'commitment_undo',
  /** On a list row, a confirmation or a Home row: the commitment's history in a modal (value = commitment id). */
  history: 'commitment_history_open',
  /** In the history modal: older / newer changes (value = `<commitment id>:<offset>`). */
  historyOlder: 'commitment_history_older',
  historyNewer: 'commitment_history_newer',
  /** On a list row: archive it (button with a confirmation; value = commitment id). */
  archive: 'commitment_archive',
  /** Under "Archived": bring it back (value = commitment id). */
  restore: 'commitment_restore',
} as const;

/** The scheduler kind of the change notices to leads and partner contacts (src/commitments/notices.ts). */
export const CHANGE_NOTICE_KIND = 'commitment-notice';
