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

/** The administrators' weekly notice of deactivated accounts that still own work (a scheduler source's kind). */
export const DEACTIVATED_OWNERS_KIND = 'deactivated-owners';

export function deactivatedOwnersKey(week: string, adminId: string): string {
  return `${DEACTIVATED_OWNERS_KIND}:${week}:${adminId}`;
}
