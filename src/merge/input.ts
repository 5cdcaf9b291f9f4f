import { z } from 'zod';
import { invalidInput } from '../errors';
import { parseOwnJson } from '../slack/view-state';

export const MERGE_USAGE = 'Use `/iec partner merge <duplicate> into <partner to keep>`, e.g. `/iec partner merge Con Ed into Con Edison`.';

/** The two names of `/iec partner merge <duplicate> into <keeper>`. */
export interface MergeNames {
  duplicate: string;
  keeper: string;
}

const unquote = (text: string) =>
  text
    .trim()
    .replace(/^["“']+|["”']+$/g, '')
    .trim();

/**
 * The words after `/iec partner merge`, as tokens (quotes keep a phrase together, so a name with "into" in it is
 * quoted): the duplicate is everything before the first `into`, the keeper everything after it.
 */
export function parseMergeArgs(args: readonly string[]): MergeNames {
  const words = args.slice(args[0]?.toLowerCase() === 'merge' ? 1 : 0);
  const at = words.findIndex((w) => w.toLowerCase() === 'into');
  if (at < 0) throw invalidInput(`Say which partner to keep with “into”. ${MERGE_USAGE}`);
  const duplicate = unquote(words.slice(0, at).join(' '));
  const keeper = unquote(words.slice(at + 1).join(' '));
  if (!duplicate) throw invalidInput(`Name the duplicate before “into”. ${MERGE_USAGE}`);
  if (!keeper) throw invalidInput(`Name the partner to keep after “into”. ${MERGE_USAGE}`);
  return { duplicate, keeper };
}

const objectId = z.string().regex(/^[0-9a-f]{24}$/i);
/** The Merge button's value: the duplicate (`d`) and the keeper (`k`), by id. */
const buttonSchema = z.object({ d: objectId, k: objectId }).strict();
export type MergeIds = { duplicateId: string; keeperId: string };

export function mergeButtonValue(ids: MergeIds): string {
  return JSON.stringify({ d: ids.duplicateId, k: ids.keeperId });
}

export function parseMergeButton(value: string | undefined): MergeIds {
  const parsed = parseOwnJson(buttonSchema, value);
  if (!parsed) throw invalidInput('That button is out of date: run `/iec partner merge` again.');
  return { duplicateId: parsed.d, keeperId: parsed.k };
}
