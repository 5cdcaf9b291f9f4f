import { z } from 'zod';
import { invalidInput } from '../errors';
import { parseUserMention } from '../slack/text';
import { LEADS_WORD } from './ids';

/** What `/iec reassign` was asked: whose work, to whom, in which commission (none: all in reach), with lead roles or not. */
export interface HandOverRequest {
  from: string;
  to: string;
  /** As typed (a key or a name); resolved by the commissions feature. */
  commission?: string;
  leads: boolean;
}

export const REASSIGN_USAGE =
  'Use `/iec reassign @from @to [commission] [leads]`, e.g. `/iec reassign @lee.park @sam.rivera construction leads` (`leads`: their lead roles too).';

/** `/iec reassign @from @to [commission] [leads]` → the request. */
export function parseReassignArgs(args: readonly string[]): HandOverRequest {
  const [first, second, ...more] = args;
  const from = first ? parseUserMention(first) : undefined;
  const to = second ? parseUserMention(second) : undefined;
  if (!from || !to) throw invalidInput(`Name two people: whose work, then who takes it over. ${REASSIGN_USAGE}`);
  if (from === to) throw invalidInput(`<@${from}> would hand over to themselves: name someone else to take it over.`);
  const leads = more.some((w) => w.toLowerCase() === LEADS_WORD);
  const words = more.filter((w) => w.toLowerCase() !== LEADS_WORD);
  if (words.some((w) => parseUserMention(w))) throw invalidInput(`Name one person to take the work over. ${REASSIGN_USAGE}`);
  const commission = words.join(' ').trim();
  return { from, to, ...(commission && commission.toLowerCase() !== 'all' ? { commission: commission.slice(0, 100) } : {}), leads };
}

/** A confirmation button's value: `<from>:<to>:<commission key or ->:<preview id>`. */
const buttonValue = z
  .string()
  .regex(/^[UW][A-Z0-9]+:[UW][A-Z0-9]+:[a-z0-9_-]+:[0-9a-f-]{36}$/)
  .transform((v) => {
    const [from, to, key, previewId] = v.split(':') as [string, string, string, string];
    return { from, to, ...(key === '-' ? {} : { commissionKey: key }), previewId };
  });

export interface HandOverButton {
  from: string;
  to: string;
  commissionKey?: string;
  /** The preview it was shown on: one hand-over per preview (a second click is recognised). */
  previewId: string;
}

export function handOverValue(b: HandOverButton): string {
  return `${b.from}:${b.to}:${b.commissionKey ?? '-'}:${b.previewId}`;
}

export function parseHandOverValue(value: string | undefined): HandOverButton {
  const parsed = buttonValue.safeParse(value);
  if (!parsed.success) throw invalidInput('That button is out of date: run `/iec reassign` again.');
  return parsed.data;
}
