/** Slack IDs of the partner merge (`/iec partner merge <duplicate> into <keeper>`), defined once. */
export const MERGE_VERB = 'merge';

export const MERGE_ACTION = {
  /** The preview's Merge button (behind Slack's confirm dialog); value: the two partners (input.ts). */
  confirm: 'partner_merge_confirm',
  /** Undo on the merge's confirmation (its DM and the reply where it was confirmed); value: the merge's record id. */
  undo: 'partner_merge_undo',
} as const;

/** The actions block of the preview's button. */
export const MERGE_BLOCK = 'partner_merge_actions';
/** The actions block of the confirmation's Undo button. */
export const MERGE_UNDO_BLOCK = 'partner_merge_undo';
