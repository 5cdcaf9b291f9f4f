import { commissionNames, leadsByUser } from '../commissions';
import type { HistoryEntry } from '../db/history';
import { partnersByIds } from '../partners';
import type { NotificationSource, PlannedNotification, Rendered, SchedulerContext } from '../scheduler';
import { schoolsByIds } from '../schools';
import { changedCommitmentIds } from './change-index';
import { CHANGE_NOTICE_KIND } from './ids';
import { CommitmentModel, WITH_ARCHIVED } from './model';
import {
  changeNoticeMessage,
  NOTICE_CATCH_UP_MS,
  NOTICE_GRACE_MS,
  NOTICE_WINDOW_MS,
  noticeKey,
  noticeRecipients,
  noticeWindowOf,
  touchOf,
  type NoticeItem,
  type NoticeRoles,
  type NoticeTouch,
} from './notice-views';

/**
 * The change notices' scheduler source (#12, rules in notice-views.ts). Planned from the commitments' history
 * only — found through the change index by `_id`, never by a range over every history; no event and no process
 * memory — so every replica plans the same `commitment-notice:<user>:<window>`
 * keys and the scheduler's unique claim sends each exactly once, whichever replica handled the change, however
 * often Slack redelivered the request. Rendered just before sending, from the history again: what the person is
 * told is what happened in the window (a change undone within it shows both entries).
 */

interface Entry {
  commitment: NoticeItem['commitment'] & { partnerId: string };
  entry: HistoryEntry;
}

/** Commitments one read asks for by `_id` (a bounded command however large an import was). */
const IDS_PER_READ = 5_000;

/**
 * The commitments (archived ones too) the change index (change-index.ts) notes with a history entry in [from, to),
 * read by `_id` only: the index's keys, then the commitments in batches of IDS_PER_READ (one batch for anything
 * smaller than a big import), each of `reads` (a projection, and filters beside the ids) side by side, one list each.
 */
async function changedBetween<T>(
  from: Date,
  to: Date,
  reads: ReadonlyArray<{ filter?: Record<string, unknown>; projection: Record<string, 1> }>,
): Promise<T[][]> {
  const ids = await changedCommitmentIds(from, to);
  const out: T[][] = reads.map(() => []);
  for (let i = 0; i < ids.length; i += IDS_PER_READ) {
    const batch = ids.slice(i, i + IDS_PER_READ);
    const rows = await Promise.all(
      reads.map((r) => CommitmentModel.find({ _id: { $in: batch }, ...r.filter }, r.projection, WITH_ARCHIVED).lean<T[]>()),
    );
    for (const [n, list] of rows.entries()) for (const row of list) out[n]?.push(row);
  }
  return out;
}

/** The history entries of a commitment made in [from, to) (the index may name one with none there: it re-checks). */
const madeBetween = (history: unknown, from: Date, to: Date) =>
  ((history ?? []) as HistoryEntry[]).filter((h) => new Date(h.at) >= from && new Date(h.at) < to);

type NoticeRow = Omit<Entry['commitment'], 'id' | 'partnerId'> & { _id: unknown; partnerId: unknown; history?: unknown };

/** Every history entry made in [from, to), with its commitment as it is now (archived ones included). */
async function entriesBetween(from: Date, to: Date): Promise<Entry[]> {
  const [rows = []] = await changedBetween<NoticeRow>(from, to, [
    { projection: { partnerId: 1, partnerName: 1, commissionKey: 1, type: 1, quantity: 1, unit: 1, history: 1 } },
  ]);
  return rows.flatMap((c) =>
    madeBetween(c.history, from, to).map((entry) => ({
      commitment: {
        id: String(c._id),
        partnerId: String(c.partnerId),
        partnerName: c.partnerName,
        commissionKey: c.commissionKey,
        type: c.type,
        quantity: c.quantity,
        unit: c.unit,
      },
      entry,
    })),
  );
}

type TouchRow = { _id: unknown; partnerId: unknown; commissionKey: string; history?: unknown };

/** What planning needs of each entry made in [from, to): when, by whom, and the commissions and partners it touched. */
async function touchesBetween(from: Date, to: Date): Promise<Array<{ at: Date; commissionKey: string; touch: NoticeTouch }>> {
  // who and when only (an import's thousands of entries are read every tick of the catch-up); the whole entry only
  // where one moved a commitment to another commission or partner, whose both sides are told
  const [rows = [], moved = []] = await changedBetween<TouchRow>(from, to, [
    { projection: { partnerId: 1, commissionKey: 1, 'history.at': 1, 'history.by': 1 } },
    {
      filter: { 'history.changes.field': { $in: ['commissionKey', 'partnerId'] } },
      projection: { partnerId: 1, commissionKey: 1, history: 1 },
    },
  ]);
  const full = new Map(moved.map((c) => [String(c._id), c]));
  return rows.flatMap((row) => {
    const c = full.get(String(row._id)) ?? row;
    const commitment = { commissionKey: c.commissionKey, partnerId: String(c.partnerId) };
    return madeBetween(c.history, from, to).map((h) => ({
      at: new Date(h.at),
      commissionKey: c.commissionKey,
      touch: touchOf(commitment, { by: h.by, changes: h.changes ?? [] }),
    }));
  });
}

/** The leads of every commission and the Slack contacts of the partners these changes touch. */
async function rolesFor(touches: readonly NoticeTouch[]): Promise<NoticeRoles> {
  const partnerIds = [...new Set(touches.flatMap((t) => t.partnerIds))];
  const [byUser, partners] = await Promise.all([leadsByUser(), partnersByIds(partnerIds)]);
  const leadsByCommission = new Map<string, string[]>();
  for (const [user, keys] of byUser) for (const key of keys) leadsByCommission.set(key, [...(leadsByCommission.get(key) ?? []), user]);
  const contactsByPartner = new Map(
    partners.map((p) => [p.id, p.contacts.flatMap((c) => (c.slackUserId ? [c.slackUserId] : []))] as const),
  );
  return { leadsByCommission, contactsByPartner };
}

/** Each person to tell, with the entries they are told of. */
function byRecipient(entries: readonly Entry[], roles: NoticeRoles): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const e of entries) {
    for (const user of noticeRecipients(touchOf(e.commitment, e.entry), roles)) {
      const list = out.get(user);
      if (list) list.push(e);
      else out.set(user, [e]);
    }
  }
  return out;
}

/** A window's changes by the person told of them, and the commissions' names: what every notice of the window needs. */
interface WindowRead {
  byUser: Map<string, Entry[]>;
  commissionNames: Map<string, string>;
}

async function readWindow(start: Date): Promise<WindowRead> {
  const entries = await entriesBetween(start, new Date(start.getTime() + NOTICE_WINDOW_MS));
  const [roles, names] = await Promise.all([rolesFor(entries.map((e) => touchOf(e.commitment, e.entry))), commissionNames()]);
  return { byUser: byRecipient(entries, roles), commissionNames: names };
}

/** How long one tick reuses a window's read for its next notices (wall clock: it is about this process's work). */
const WINDOW_READ_REUSE_MS = 15_000;
const windowReads = new WeakMap<SchedulerContext, Map<number, { readAt: number; read: Promise<WindowRead> }>>();

/**
 * A window's read, once per tick (`ctx` is the tick's): after an import every lead and contact has a notice of the
 * same window, and each read the window's thousands of commitments with their histories, the partners and the
 * names again (0.2–0.8 s a notice on the embedded server, 1,216 documents each). A tick that runs longer than
 * WINDOW_READ_REUSE_MS reads it again, so a notice is never rendered from much older data than it is sent with.
 */
function windowRead(ctx: SchedulerContext, start: Date): Promise<WindowRead> {
  const reads = windowReads.get(ctx) ?? new Map<number, { readAt: number; read: Promise<WindowRead> }>();
  windowReads.set(ctx, reads);
  const key = start.getTime();
  const cached = reads.get(key);
  if (cached && Date.now() - cached.readAt < WINDOW_READ_REUSE_MS) return cached.read;
  const read = readWindow(start);
  reads.set(key, { readAt: Date.now(), read });
  read.catch(() => reads.get(key)?.read === read && reads.delete(key));
  return read;
}

export const commitmentNoticeSource: NotificationSource = {
  kind: CHANGE_NOTICE_KIND,

  async plan(window): Promise<PlannedNotification[]> {
    // windows whose notice is due in (from, to]; older than the catch-up they would only be recorded as missed
    const from = new Date(Math.max(window.from.getTime(), window.to.getTime() - NOTICE_CATCH_UP_MS));
    const touches = await touchesBetween(
      new Date(from.getTime() - NOTICE_GRACE_MS - NOTICE_WINDOW_MS),
      new Date(window.to.getTime() - NOTICE_GRACE_MS),
    );
    const due = touches.filter((t) => {
      const { dueAt } = noticeWindowOf(t.at);
      return dueAt > from && dueAt <= window.to;
    });
    if (due.length === 0) return [];
    const roles = await rolesFor(due.map((t) => t.touch));
    const planned = new Map<string, PlannedNotification>();
    for (const t of due) {
      const { start, end, dueAt } = noticeWindowOf(t.at);
      for (const user of noticeRecipients(t.touch, roles)) {
        const key = noticeKey(user, start);
        if (planned.has(key)) continue;
        planned.set(key, {
          key,
          kind: CHANGE_NOTICE_KIND,
          dueAt,
          expiresAt: new Date(dueAt.getTime() + NOTICE_CATCH_UP_MS),
          commissionKey: t.commissionKey,
          recipient: { user },
          about: `changes to commitments, ${start.toISOString().slice(11, 16)}–${end.toISOString().slice(11, 16)} UTC`,
          ref: { user, windowStart: start.getTime() },
        });
      }
    }
    return [...planned.values()];
  },

  async render(n, ctx): Promise<Rendered> {
    const user = String(n.ref.user);
    const start = new Date(Number(n.ref.windowStart));
    const end = new Date(start.getTime() + NOTICE_WINDOW_MS);
    const window = await windowRead(ctx, start);
    const mine = window.byUser.get(user) ?? [];
    if (mine.length === 0) return { skip: 'nothing to tell any more (their role changed, or the changes were erased)' };
    const schoolIds = [
      ...new Set(
        mine.flatMap((e) =>
          (e.entry.changes ?? [])
            .filter((c) => c.field === 'schoolIds')
            .flatMap((c) => [c.from, c.to].flatMap((v) => (Array.isArray(v) ? v.map(String) : []))),
        ),
      ),
    ];
    const schools = schoolIds.length ? await schoolsByIds(schoolIds) : [];
    const message = changeNoticeMessage({
      items: mine,
      window: { start, end },
      commissionNames: window.commissionNames,
      schoolNames: new Map(schools.map((s) => [String(s._id), s.name])),
      zone: ctx.timeZone,
    });
    return { message, recipient: { user } };
  },
};
