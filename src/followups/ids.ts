/** Every Slack id and key of the fulfilment follow-up, defined once. */

/** The scheduler kind of fulfilment follow-ups. */
export const FOLLOWUP_KIND = 'followup';

/** `followup:<commitmentId>:<targetDate>`: asked once per commitment and date (a rescheduled one is asked again). */
export function followUpKey(commitmentId: string, targetDate: string): string {
  return `${FOLLOWUP_KIND}:${commitmentId}:${targetDate}`;
}

/** The answer buttons of the follow-up DM; each button's value is `<commitmentId>:<targetDate>`. */
export const FollowUpActions = {
  fulfilled: 'followup_fulfilled',
  partly: 'followup_partly',
  rescheduled: 'followup_rescheduled',
  cancelled: 'followup_cancelled',
} as const;

export const FOLLOWUP_ANSWER_BLOCK = 'followup_answer';

export const FollowUpCallbacks = {
  partly: 'followup_partly_modal',
  rescheduled: 'followup_rescheduled_modal',
} as const;

/** Input blocks of the modals (each holds one element whose action_id is the same string). */
export const FollowUpBlocks = {
  quantity: 'followup_quantity',
  startDate: 'followup_start_date',
  endDate: 'followup_end_date',
} as const;
