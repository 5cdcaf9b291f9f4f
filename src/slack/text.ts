import { closest, distance } from 'fastest-levenshtein';

/** Parsing of slash-command text as Slack delivers it (mentions arrive escaped: <@U123|name>, <#C123|name>). */

/** Splits on white space, keeping "quoted phrases" (straight or curly quotes) together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return tokens.filter((t) => t.length > 0);
}

/** `<@U123ABC|jane>` or `<@U123ABC>` → `U123ABC`. */
export function parseUserMention(token: string): string | undefined {
  return /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(token)?.[1];
}

/** `<#C123ABC|general>` or `<#C123ABC>` → `C123ABC`. */
export function parseChannelMention(token: string): string | undefined {
  return /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(token)?.[1];
}

/** The candidate nearest to `input` when it is close enough to be a likely typo, else undefined. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || input.length === 0) return undefined;
  const lower = input.toLowerCase();
  const prefixed = candidates.find((c) => c.toLowerCase().startsWith(lower));
  if (prefixed) return prefixed;
  const best = closest(
    lower,
    candidates.map((c) => c.toLowerCase()),
  );
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  return distance(lower, best) <= Math.max(2, Math.floor(best.length / 3)) ? candidates[index] : undefined;
}

/** Zero-width joiner: placed on both sides of a formatting marker so mrkdwn no longer sees it as one. */
const ZWJ = '\u200D';

/**
 * The one escape of user-supplied text (names, titles, agendas, notes) for mrkdwn: in blocks, fallback `text`,
 * file comments and errors. Mrkdwn has no escape character, so `&`, `<`, `>` become entities (`<!channel>` pings
 * nobody, `<https://x|y>` is no link) and `*`, `_`, `~` and backticks are broken with zero-width joiners (`*Bold*`
 * is not bold). Where a block allows `plain_text`, put the raw text there instead.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (marker) => `${ZWJ}${marker}${ZWJ}`);
}

/**
 * Text of ours that quotes values in backticks (e.g. "row 12: `pat@` is not an email address"): the quoted
 * values stay code spans (only `&`, `<`, `>` escaped inside, where Slack does not format anyway) and the
 * rest is escaped as user text. The quoted values must not contain backticks themselves.
 */
export function escapeMrkdwnKeepingCode(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part) =>
      /^`[^`\n]*`$/.test(part) ? part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : escapeMrkdwn(part),
    )
    .join('');
}

/** User text escaped for mrkdwn and cut so the ESCAPED text has at most `max` characters. */
export function escapeWithin(text: string, max: number): string {
  let raw = truncate(text, max);
  let escaped = escapeMrkdwn(raw);
  while (escaped.length > max) {
    raw = truncate(raw, Math.max(1, raw.length - Math.ceil((escaped.length - max) / 4) - 1));
    escaped = escapeMrkdwn(raw);
  }
  return escaped;
}

/**
 * Slash-command text as the person typed it: Slack sends `&`, `<` and `>` typed by people as `&amp;`, `&lt;` and
 * `&gt;` (mentions and channel links keep their real angle brackets). Decode where commands are parsed.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Shortens text to at most `max` characters, ending with an ellipsis when cut. It never cuts a character in half:
 * an emoji (two UTF-16 units) at the cut goes whole, so Slack is never sent a lone surrogate.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A stored person: their Slack mention, or the text stored instead of one (`erased contact`), escaped. */
export function personMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(truncate(userId, 60));
}
