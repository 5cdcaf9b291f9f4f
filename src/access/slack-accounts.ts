import type { WebClient } from '@slack/web-api';
import { z } from 'zod';

/**
 * Whose Slack account was deactivated (users.info `deleted: true`): what the hand-over preview and the
 * administrators' weekly notice flag. Answers are kept per replica for ACCOUNT_STATUS_TTL_MS (an account is not
 * deactivated every hour, and users.info is rate limited), so a list of owners costs at most one call per
 * person per TTL; what Slack could not answer is asked again after UNANSWERED_TTL_MS.
 */

export const ACCOUNT_STATUS_TTL_MS = 6 * 3600_000;
export const UNANSWERED_TTL_MS = 10 * 60_000;
/** users.info calls at once. */
const PARALLEL = 4;
/** Entries kept at most (the oldest answers are dropped first). */
const MAX_ENTRIES = 20_000;

const userInfo = z.object({ user: z.object({ id: z.string(), deleted: z.boolean().optional() }) });

interface Entry {
  /** undefined: Slack did not say. */
  deleted: boolean | undefined;
  until: number;
}

const answers = new Map<string, Entry>();
const asking = new Map<string, Promise<Entry>>();

const isSlackUser = (id: string) => /^[UW][A-Z0-9]{2,}$/.test(id);

async function ask(client: WebClient, userId: string, now: number): Promise<Entry> {
  try {
    const parsed = userInfo.safeParse(await client.users.info({ user: userId }));
    return parsed.success
      ? { deleted: parsed.data.user.deleted === true, until: now + ACCOUNT_STATUS_TTL_MS }
      : { deleted: undefined, until: now + UNANSWERED_TTL_MS };
  } catch (err) {
    // an id Slack does not know is a settled answer: not a deactivated account of this workspace
    const code = (err as { data?: { error?: string } }).data?.error;
    return code === 'user_not_found'
      ? { deleted: false, until: now + ACCOUNT_STATUS_TTL_MS }
      : { deleted: undefined, until: now + UNANSWERED_TTL_MS };
  }
}

function remember(userId: string, entry: Entry): void {
  answers.delete(userId);
  answers.set(userId, entry);
  if (answers.size > MAX_ENTRIES) answers.delete(answers.keys().next().value as string);
}

async function statusOf(client: WebClient, userId: string, now: number): Promise<Entry> {
  const known = answers.get(userId);
  if (known && known.until > now) return known;
  const inFlight = asking.get(userId);
  if (inFlight) return inFlight;
  const question = ask(client, userId, now).then((entry) => {
    remember(userId, entry);
    asking.delete(userId);
    return entry;
  });
  asking.set(userId, question);
  return question;
}

/**
 * Those of `userIds` whose Slack account is deactivated (ids that are not Slack users' are left out). With
 * `waitMs` (a request path), what is known by then: the questions still out go on and fill the cache for the next
 * request, and an account Slack has not answered for yet is not flagged.
 */
export async function deactivatedAmong(
  client: WebClient,
  userIds: Iterable<string>,
  now: Date,
  options: { waitMs?: number } = {},
): Promise<Set<string>> {
  const ids = [...new Set(userIds)].filter(isSlackUser);
  const asked = askAll(client, ids, now);
  if (options.waitMs === undefined) return asked;
  let timer: NodeJS.Timeout | undefined;
  const known = new Promise<Set<string>>((resolve) => {
    timer = setTimeout(() => resolve(knownDeactivated(ids, now.getTime())), options.waitMs);
    timer.unref();
  });
  try {
    return await Promise.race([asked, known]);
  } finally {
    clearTimeout(timer);
  }
}

function knownDeactivated(ids: readonly string[], now: number): Set<string> {
  return new Set(
    ids.filter((id) => {
      const e = answers.get(id);
      return e !== undefined && e.until > now && e.deleted === true;
    }),
  );
}

async function askAll(client: WebClient, ids: readonly string[], now: Date): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += PARALLEL) {
    const slice = ids.slice(i, i + PARALLEL);
    const entries = await Promise.all(slice.map((id) => statusOf(client, id, now.getTime())));
    entries.forEach((e, j) => {
      if (e.deleted) out.add(slice[j]);
    });
  }
  return out;
}

/** Forgets every answer (tests; and a replica's operator, should an account be reactivated). */
export function forgetAccountStatuses(): void {
  answers.clear();
}
