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

/** Escapes user text for mrkdwn so names like `<!channel>` or `*x*` are shown, not interpreted. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens text to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
