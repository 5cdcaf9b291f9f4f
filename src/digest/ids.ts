/** Slack ids and keys of the weekly digest, defined once. */

export const DIGEST_SUBCOMMAND = 'digest';

/** The scheduler kind of weekly digests; `npm run job -- digest` runs it. */
export const DIGEST_KIND = 'digest';

/** `digest:<commissionKey>:<ISO week>`, e.g. `digest:healthcare:2026-W48`: one digest per commission and week. */
export function digestKey(commissionKey: string, isoWeek: string): string {
  return `${DIGEST_KIND}:${commissionKey}:${isoWeek}`;
}
