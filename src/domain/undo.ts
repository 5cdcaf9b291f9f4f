/**
 * Undo, one rule for every Undo of the app (#14): a change's confirmation carries Undo for its author for
 * UNDO_WINDOW_MS; Undo checks first that nobody changed the records since (and refuses, saying who and what,
 * changing nothing), then writes each record back conditional on the revision the change gave it. A record that
 * moved on between the check and its write is left as it is, and the answer says the undo was partial and names it
 * (`partlyUndone`), never that all went back.
 */

/** How long after a change its author may undo it. */
export const UNDO_WINDOW_MS = 15 * 60_000;
/** The same, in minutes, as the confirmation says it. */
export const UNDO_MINUTES = UNDO_WINDOW_MS / 60_000;

/** Whether a change made `at` may still be undone at `now`. */
export function undoWindowOpen(at: Date, now: Date): boolean {
  return now.getTime() - at.getTime() <= UNDO_WINDOW_MS;
}

/** The refusal of an Undo pressed too late: what to do instead. */
export function undoTooLate(what: string, instead: string): string {
  return `Undo is possible for ${UNDO_MINUTES} minutes after ${what}, and this one is older. ${instead}`;
}

/** One record someone changed since a change (what a refusal names). */
export interface ChangedSince {
  /** As people call it: `the partner *Con Ed*`, `row 4: Con Edison`. */
  what: string;
  /** Who changed it last, and how (a history action). */
  by?: string;
  action?: string;
  /** It is gone (removed, or archived where its kind has no history of it). */
  gone?: boolean;
}

/** "the partner *Con Ed* (by <@U…>, edited), …": the first three, and how many more. */
export function changedSinceList(changed: readonly ChangedSince[]): string {
  const shown = changed
    .slice(0, 3)
    .map((c) => (c.by ? `${c.what} (by <@${c.by}>${c.action ? `, ${c.action}` : ''})` : c.gone ? `${c.what} (removed)` : c.what));
  const more = changed.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** The refusal when records changed since: nothing was undone, who changed what. */
export function changedSinceRefusal(what: string, changed: readonly ChangedSince[], instead: string): string {
  return `Since ${what}, someone changed ${changedSinceList(changed)}. So I did not undo it: that would overwrite their changes. ${instead}`;
}

/**
 * The answer of an undo that could not put everything back: `done` says what went back, `left` names (as people
 * call them: `the partner *Con Ed*`, `2 of its commitments`) what someone else changed between the check and the
 * write, left as it is.
 */
export function partlyUndone(done: string, left: readonly string[]): string {
  const shown = left.slice(0, 5).join('; ');
  const more = left.length > 5 ? `; and ${left.length - 5} more` : '';
  return `:warning: *Partly undone.* ${done} Not undone, because someone else changed them meanwhile: ${shown}${more}. Look at their History and put them right by hand.`;
}
