import type { WebClient } from '@slack/web-api';
import { deactivatedAmong, isIec, isPartnerContact, type Actor } from '../access';
import { commissionNames, findCommissions } from '../commissions';
import { canUndo, countOpenRequests, lastCommitmentChanges, pastDuePledges, type PastDuePledge } from '../commitments';
import { listOpenRequests } from '../commitments';
import { listCommitments, type StoredCommitment } from '../commitments';
import { buildDigest } from '../digest';
import type { DigestDeliverable, DigestMeeting, DigestPartner, DigestTotal, Listed } from '../digest';
import { recentMeetingsAttendance, type MeetingAttendance } from '../meetings';
import { partnerNamesByIds } from '../partners';
import { schoolYearOf } from '../domain/dates';
import { assessPrograms, listPrograms, type AssessedProgram } from '../programs';

/**
 * What each person's App Home shows, by role (decided by src/access/actor.ts): IECs and administrators see
 * their commissions; partner contacts their organisation's commitments and open requests; anyone else how to
 * get access. Every list is fetched with a limit and counted, so the cost does not grow with the history;
 * school-year totals come from the CommitmentTotals rollup (through the digest's data service).
 */

/** Commissions shown in full on a Home tab (the rest are counted; a Home tab holds 100 blocks). */
export const HOME_COMMISSIONS_MAX = 8;
/** Organisations and commitments shown to a partner contact. */
export const HOME_ORGANISATIONS_MAX = 3;
export const HOME_COMMITMENTS_MAX = 12;
export const HOME_REQUESTS_MAX = 5;
/** Meetings with their attendance on a lead's Home: those of the last 30 days, at most 10. */
export const HOME_ATTENDANCE_DAYS = 30;
export const HOME_ATTENDANCE_MAX = 10;
/** Items fetched per list of a commission (more than are shown; the rest are counted). */
const LIST_LIMIT = 15;

export interface HomeCommission {
  key: string;
  name: string;
  zone: string;
  today: string;
  totals: DigestTotal[];
  overdue: Listed<DigestDeliverable>;
  /** Open deliverables due from today on (soonest first). */
  upcoming: Listed<DigestDeliverable>;
  meetings: Listed<DigestMeeting>;
  /** Pledged or confirmed, their date passed, no answer recorded. */
  pastDue: Listed<PastDuePledge>;
  quietPartners: Listed<DigestPartner>;
  /** Meetings that ended in the last HOME_ATTENDANCE_DAYS days, newest first, with their attendance. */
  attendance?: Listed<MeetingAttendance>;
}

export interface HomeOrganisation {
  id: string;
  name: string;
  /**
   * Each with its commission's name, shown instead of its key, and `undoRevision` when its last change is the
   * viewer's own and may still be undone (the row then carries Undo: src/domain/undo.ts).
   */
  commitments: Array<StoredCommitment & { commissionName?: string; undoRevision?: number }>;
  total: number;
}

export interface HomeRequest {
  id: string;
  partnerName: string;
  requestedBy: string;
  requestedAt: Date;
  /** The commission asked about, as people call it. */
  commissionName?: string;
}

export type HomeData =
  | {
      role: 'iec';
      userId: string;
      isAdmin: boolean;
      now: Date;
      timeZone: string;
      schoolYear: string;
      commissions: HomeCommission[];
      totalCommissions: number;
      /** Programs of study of the commissions they lead (administrators: all), at risk first. */
      programs?: AssessedProgram[];
      /** Owners of the deliverables shown whose Slack account is deactivated (an administrator's Home). */
      deactivatedOwners?: string[];
    }
  | {
      role: 'partner';
      userId: string;
      now: Date;
      timeZone: string;
      organisations: HomeOrganisation[];
      totalOrganisations: number;
      requests: Listed<HomeRequest>;
    }
  | { role: 'guest'; userId: string };

/** How long Home waits for Slack to say whose accounts are deactivated (the answers not in yet flag the next one). */
const OWNER_CHECK_WAIT_MS = 500;

/**
 * What `actor`'s Home tab shows. With `client`, an administrator's Home flags the deliverables whose owner's Slack
 * account is deactivated (users.info through the access feature's cache).
 */
export async function loadHome(actor: Actor, now: Date, timeZone: string, client?: WebClient): Promise<HomeData> {
  if (isIec(actor)) {
    const home = await loadIecHome(actor, now, timeZone);
    if (!actor.isAdmin || !client) return home;
    const owners = home.commissions.flatMap((c) => [...c.overdue.items, ...c.upcoming.items].map((d) => d.ownerId));
    const deactivated = await deactivatedAmong(client, owners, now, { waitMs: OWNER_CHECK_WAIT_MS });
    return deactivated.size > 0 ? { ...home, deactivatedOwners: [...deactivated] } : home;
  }
  if (isPartnerContact(actor)) return loadPartnerHome(actor, now, timeZone);
  return { role: 'guest', userId: actor.userId };
}

async function loadIecHome(actor: Actor, now: Date, timeZone: string) {
  const all = await findCommissions({ activeOnly: true, ...(actor.isAdmin ? {} : { keys: actor.leads }), sort: 'name', limit: 500 });
  // the commissions a person leads come first
  const ordered = [...all.filter((c) => actor.leads.includes(c.key)), ...all.filter((c) => !actor.leads.includes(c.key))];
  const shown = ordered.slice(0, HOME_COMMISSIONS_MAX);
  const [commissions, programs] = await Promise.all([
    Promise.all(shown.map((c) => loadCommission(c.key, now, timeZone))),
    listPrograms(actor.isAdmin ? undefined : actor.leads).then((list) => assessPrograms(list, now, timeZone)),
  ]);
  return {
    role: 'iec' as const,
    userId: actor.userId,
    isAdmin: actor.isAdmin,
    now,
    timeZone,
    schoolYear: schoolYearOf(now, timeZone),
    commissions,
    totalCommissions: ordered.length,
    programs,
  };
}

async function loadCommission(key: string, now: Date, timeZone: string): Promise<HomeCommission> {
  const digest = await buildDigest(key, now, timeZone);
  const [pastDue, attendance] = await Promise.all([
    pastDuePledges(key, digest.today, LIST_LIMIT),
    recentMeetingsAttendance(key, now, HOME_ATTENDANCE_DAYS, HOME_ATTENDANCE_MAX),
  ]);
  return {
    key: digest.commission.key,
    name: digest.commission.name,
    zone: digest.timeZone,
    today: digest.today,
    totals: digest.totals,
    overdue: digest.overdueDeliverables,
    upcoming: digest.upcomingDeliverables,
    meetings: digest.meetings,
    pastDue,
    quietPartners: digest.inactivePartners,
    attendance,
  };
}

async function loadPartnerHome(actor: Actor, now: Date, timeZone: string) {
  const [partners, names] = await Promise.all([partnerNamesByIds(actor.partnerIds, HOME_ORGANISATIONS_MAX), commissionNames()]);
  const nameOf = (key: string) => names.get(key) ?? key;
  const pages = await Promise.all(
    partners.map(async (p) => ({
      p,
      page: await listCommitments({ partnerId: String(p._id) }, { offset: 0, limit: HOME_COMMITMENTS_MAX }, actor),
    })),
  );
  // who changed each shown commitment last: the viewer's own recent change is undoable from its row
  const last = await lastCommitmentChanges(pages.flatMap(({ page }) => page.items.map((c) => String(c._id))));
  const organisations = pages.map(({ p, page }) => {
    const commitments = page.items.map((c) => ({
      ...c,
      commissionName: nameOf(c.commissionKey),
      ...(canUndo(last.get(String(c._id)), actor.userId, now) ? { undoRevision: c.revision ?? 0 } : {}),
    }));
    return { id: String(p._id), name: p.name, commitments, total: page.total };
  });
  const [requests, requestsTotal] = await Promise.all([
    listOpenRequests({ contactUserId: actor.userId }, HOME_REQUESTS_MAX),
    countOpenRequests(actor.userId),
  ]);
  return {
    role: 'partner' as const,
    userId: actor.userId,
    now,
    timeZone,
    organisations,
    totalOrganisations: actor.partnerIds.length,
    requests: {
      items: requests.map((r) => ({
        id: String(r._id),
        partnerName: r.partnerName,
        requestedBy: r.requestedBy,
        requestedAt: r.requestedAt,
        ...(r.commissionKey ? { commissionName: nameOf(r.commissionKey) } : {}),
      })),
      total: requestsTotal,
    },
  };
}
