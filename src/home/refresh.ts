import type { WebClient } from '@slack/web-api';
import type { Types } from 'mongoose';
import { resolveActor, type Actor } from '../access';
import { leadsOf } from '../commissions';
import { contactUserIdsOf } from '../partners';
import type { AppDeps } from '../slack/deps';
import { errorHome, errorReply } from '../slack/replies';
import { HomeViewerModel } from './model';
import { loadHome } from './service';
import { homeView } from './views';

/**
 * Keeping Home tabs current: `app_home_opened` records who looks at their Home tab, and after a change the Home
 * tabs of the people it concerns are published again — only of those who opened theirs lately.
 */

/** Home tabs opened longer ago than this are not refreshed (opening one publishes it afresh anyway). */
export const HOME_REFRESH_WINDOW_DAYS = 30;
/** At most this many Home tabs are refreshed after one change (views.publish is rate limited). */
export const HOME_REFRESH_MAX = 25;

const DAY_MS = 24 * 60 * 60 * 1000;
const detail = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : err);

/** Publishes `userId`'s Home tab as of `now` (`known`: their actor, when the request already resolved it). Never throws: a failure is logged (the next opening retries). */
export async function refreshHome(client: WebClient, userId: string, now: Date, deps: AppDeps, known?: Actor): Promise<boolean> {
  try {
    const actor = known ?? (await resolveActor(userId, deps.config.admins));
    await client.views.publish({ user_id: userId, view: homeView(await loadHome(actor, now, deps.config.timeZone, client)) });
    return true;
  } catch (err) {
    deps.logger.error(`could not publish the Home tab of ${userId}:`, detail(err));
    return false;
  }
}

/**
 * `userId` opened their Home tab: remember it and publish it, side by side. When its data cannot be read (the
 * database went away after the person was known), the tab says "try again in a minute" rather than staying blank.
 */
export async function openHome(client: WebClient, userId: string, now: Date, deps: AppDeps, actor: Actor): Promise<void> {
  const [, home] = await Promise.all([
    recordHomeOpened(userId, now, deps),
    loadHome(actor, now, deps.config.timeZone, client).then(homeView, (err: unknown) => errorHome(errorReply(err, deps.logger))),
  ]);
  try {
    await client.views.publish({ user_id: userId, view: home });
  } catch (err) {
    deps.logger.error(`could not publish the Home tab of ${userId}:`, detail(err));
  }
}

/** Remembers that `userId` opened their Home tab at `now`. Never throws. */
export async function recordHomeOpened(userId: string, now: Date, deps: AppDeps): Promise<void> {
  try {
    await HomeViewerModel.updateOne({ _id: String(userId) }, { $set: { lastOpenedAt: now } }, { upsert: true });
  } catch (err) {
    deps.logger.error(`could not record that ${userId} opened the Home tab:`, detail(err));
  }
}

/** What changed, as far as knowing whose Home tab shows it. */
export interface HomeSubjects {
  /** The recorder, the partner's contacts in Slack and the commission's leads. */
  commitment: { partnerId: Types.ObjectId | string; commissionKey: string; recordedBy?: string | null };
  /** The owner and the commission's leads. */
  deliverable: { ownerId: string; commissionKey: string };
  /** The commission's leads. */
  meeting: { commissionKey: string };
  /** The contact asked. */
  request: { contactUserId: string };
}
export type HomeChangeKind = keyof HomeSubjects;

export interface RefreshContext {
  client: WebClient;
  /** Who made the change (their Home tab may be where they made it). */
  by: string;
  deps: AppDeps;
}

/** The Slack users a change concerns. */
export async function usersConcerned<K extends HomeChangeKind>(kind: K, subject: HomeSubjects[K], by: string): Promise<string[]> {
  const users: Array<string | null | undefined> = [];
  if (kind === 'request') {
    users.push((subject as HomeSubjects['request']).contactUserId);
  } else {
    users.push(by);
    const { commissionKey } = subject as HomeSubjects['meeting'];
    users.push(...(await leadsOf(String(commissionKey))));
    if (kind === 'deliverable') users.push((subject as HomeSubjects['deliverable']).ownerId);
    if (kind === 'commitment') {
      const c = subject as HomeSubjects['commitment'];
      users.push(c.recordedBy, ...(await contactUserIdsOf(c.partnerId)));
    }
  }
  return [...new Set(users.filter((u): u is string => typeof u === 'string' && u !== ''))];
}

/**
 * Publishes again the Home tabs of the people a change concerns, among those who opened theirs in the last
 * HOME_REFRESH_WINDOW_DAYS days. Never throws: the change is made already, and a stale tab is refreshed when opened.
 */
export async function refreshHomesFor<K extends HomeChangeKind>(kind: K, subject: HomeSubjects[K], ctx: RefreshContext): Promise<void> {
  await refreshHomesForAll(kind, [subject], ctx);
}

/** The same for one write of many records (an import batch): everyone any of them concerns, each published once. */
export async function refreshHomesForAll<K extends HomeChangeKind>(
  kind: K,
  subjects: ReadonlyArray<HomeSubjects[K]>,
  { client, by, deps }: RefreshContext,
): Promise<void> {
  try {
    const now = deps.clock();
    const seen = new Set<string>();
    const concerned: string[] = [];
    for (const subject of subjects) {
      const key = JSON.stringify(subject);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const user of await usersConcerned(kind, subject, by)) if (!concerned.includes(user)) concerned.push(user);
    }
    if (concerned.length === 0) return;
    const since = new Date(now.getTime() - HOME_REFRESH_WINDOW_DAYS * DAY_MS);
    const viewers = await HomeViewerModel.find({ _id: { $in: concerned }, lastOpenedAt: { $gte: since } }, { _id: 1 }).lean();
    const open = new Set(viewers.map((v) => String(v._id)));
    // in the order of concern: the person acting first
    for (const userId of concerned.filter((u) => open.has(u)).slice(0, HOME_REFRESH_MAX)) await refreshHome(client, userId, now, deps);
  } catch (err) {
    deps.logger.error(`could not refresh the Home tabs after a ${kind} change:`, detail(err));
  }
}

/** Erasure of a person (`/iec contact erase`): the record that they opened Home goes. */
export async function forgetHomeViewer(userIds: readonly string[]): Promise<void> {
  await HomeViewerModel.deleteMany({ _id: { $in: [...userIds] } });
}
