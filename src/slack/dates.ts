import { DateTime } from 'luxon';

/**
 * Dates shown to people, in Slack's `<!date^UNIX^format|fallback>` syntax: each reader sees them in their own
 * time zone and language; the fallback (in the given zone) is what clients without date support show.
 */

/** An instant, e.g. "Tue, Mar 10 at 3:00 PM" for the reader. */
export function slackDateTime(instant: Date, zone: string): string {
  const fallback = DateTime.fromJSDate(instant, { zone }).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
  return `<!date^${Math.floor(instant.getTime() / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

/** A calendar date (`YYYY-MM-DD`), shown as "today", "tomorrow", "Mar 10"…; anchored at noon in `zone` so every reader sees the same day. */
export function slackDate(date: string, zone: string): string {
  const noon = DateTime.fromISO(date, { zone }).set({ hour: 12 });
  if (!noon.isValid) return date;
  return `<!date^${Math.floor(noon.toSeconds())}^{date_short_pretty}|${date}>`;
}
