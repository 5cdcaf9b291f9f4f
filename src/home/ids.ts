/** Slack IDs of the App Home, defined once. Buttons of other features keep their own ids (their handlers run). */

export const HOME_ACTION = {
  /** Common actions (no value). */
  recordCommitment: 'home_record_commitment',
  addPartner: 'home_add_partner',
  scheduleMeeting: 'home_schedule_meeting',
  addDeliverable: 'home_add_deliverable',
  /** Value: the deliverable id. Marks it done and refreshes the Home tab. */
  deliverableDone: 'home_deliverable_done',
  /** Value: the commitment id. Confirms a pledge and refreshes the Home tab. */
  confirmCommitment: 'home_commitment_confirm',
} as const;

export const HOME_BLOCK = {
  commonActions: 'home_common_actions',
} as const;
