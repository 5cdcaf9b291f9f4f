import { z } from 'zod';
import { invalidInput } from '../errors';
import { parseUserMention } from '../slack/text';
import type { ContactMatch } from './erase';

const USAGE = 'Use `/iec contact erase <email>` or `/iec contact erase @person`, e.g. `/iec contact erase jane.park@coned.example`.';

const email = z.email().max(254);

/** `/iec contact erase <email or @user>` → whom. */
export function parseEraseArgs(args: readonly string[]): ContactMatch {
  if ((args[0] ?? '').toLowerCase() !== 'erase' || args.length !== 2) throw invalidInput(USAGE);
  const who = args[1];
  const slackUserId = parseUserMention(who);
  if (slackUserId) return { slackUserId };
  const parsed = email.safeParse(who.replace(/^<mailto:[^|>]+\|(.+)>$/, '$1'));
  if (parsed.success) return { email: parsed.data.toLowerCase() };
  throw invalidInput(`That is neither an email address nor a @person. ${USAGE}`);
}

/** The confirmation button's value: the same match, as JSON (`e`: email, `u`: Slack user). */
const buttonSchema = z.union([
  z.object({ e: z.email().max(254) }).strict(),
  z.object({ u: z.string().regex(/^[UW][A-Z0-9]{2,20}$/) }).strict(),
]);

export function eraseButtonValue(match: ContactMatch): string {
  return JSON.stringify('email' in match ? { e: match.email } : { u: match.slackUserId });
}

export function parseEraseButton(value: string | undefined): ContactMatch {
  let raw: unknown;
  try {
    raw = JSON.parse(value ?? '');
  } catch {
    raw = undefined;
  }
  const parsed = buttonSchema.safeParse(raw);
  if (!parsed.success) throw invalidInput('That button is out of date: run `/iec contact erase` again.');
  return 'e' in parsed.data ? { email: parsed.data.e } : { slackUserId: parsed.data.u };
}
