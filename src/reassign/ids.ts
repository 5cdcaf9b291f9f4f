/** Slack IDs of the hand-over (`/iec reassign`), defined once. */
export const REASSIGN_SUBCOMMAND = 'reassign';

/** The preview's buttons: value = the hand-over (see input.ts). */
export const REASSIGN_ACTION = {
  confirm: 'reassign_confirm',
  /** The same, with the lead roles of the commissions in scope. */
  confirmWithLeads: 'reassign_confirm_leads',
  cancel: 'reassign_cancel',
} as const;

/** The actions block of the preview. */
export const REASSIGN_BLOCK = 'reassign_actions';

/** The word that hands over lead roles too. */
export const LEADS_WORD = 'leads';
