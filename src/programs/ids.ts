/** Every Slack id of the programs feature, defined once. */

export const PROGRAM_SUBCOMMAND = 'program';
export const PROGRAMS_SUBCOMMAND = 'programs';

export const ProgramCallbacks = {
  save: 'program_save',
} as const;

/** Input blocks of the program form (each holds one element whose action_id is the same string). */
export const ProgramBlocks = {
  school: 'program_school',
  name: 'program_name',
  commission: 'program_commission',
  stage: 'program_stage',
  reviewDate: 'program_review_date',
  approvedDate: 'program_approved_date',
  renewalDate: 'program_renewal_date',
  contacts: 'program_contacts',
  /** Contacts outside Slack: one per line, a name and an email. */
  emailContacts: 'program_email_contacts',
} as const;

export const ProgramActions = {
  /** Value: the program id. Opens the form with the program. */
  edit: 'program_edit',
} as const;

export const PROGRAM_ACTIONS_BLOCK = 'program_actions';

/** The scheduler kind of the DMs to leads 30 and 14 days before an external review. */
export const REVIEW_REMINDER_KIND = 'program-review';

/** The scheduler kind that lapses approved programs whose renewal date passed and tells their leads and contacts. */
export const PROGRAM_LAPSE_KIND = 'program-lapse';
