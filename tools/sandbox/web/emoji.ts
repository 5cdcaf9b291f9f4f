import data from 'emoji-datasource/emoji.json';

/**
 * Emoji shortcodes as Slack names them: iamcal's emoji-datasource (the data set Slack's own short names come
 * from), never a hand-written table. The page's bundle gets a trimmed copy of the same file (build.ts).
 */

export interface EmojiEntry {
  unified: string;
  short_names: string[];
}

let byName: Map<string, string> | undefined;

function table(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  for (const e of data as EmojiEntry[]) {
    const chars = String.fromCodePoint(...e.unified.split('-').map((hex) => Number.parseInt(hex, 16)));
    for (const name of e.short_names) byName.set(name, chars);
  }
  return byName;
}

/** The emoji for a short name (`white_check_mark` → ✅), or undefined when Slack has none by that name. */
export function emojiFor(name: string): string | undefined {
  return table().get(name);
}
