import type { Types } from 'mongoose';
import { isIec, isPartnerContact, type Actor } from '../access/actor';
import { CommissionModel } from '../commissions/model';
import { CommitmentModel } from '../commitments/model';
import { CommitmentRequestModel } from '../commitments/request-model';
import { listOpenRequests } from '../commitments/requests';
import { schoolYearOf } from '../commitments/school-year';
import { listCommitments, type StoredCommitment } from '../commitments/service';
import { OPEN_COMMITMENT_STATUSES } from '../commitments/types';
import { buildDigest } from '../digest';
import type { DigestDeliverable, DigestMeeting, DigestPartner, DigestTotal, Listed } from '../digest/service';
import { recentMeetingsAttendance, type MeetingAttendance } from '../meetings';
import { PartnerModel } from '../partners/model';
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

export interface PastDuePledge {
  id: string;
  partnerName: string;
  type: string;
  quantity: number;
  unit: string;
  /** The date it should have happened by (end date, else start date). */
  date: string;
}

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
  commitments: StoredCommitment[];
  total: number;
}

export interface HomeRequest {
  id: string;
  partnerName: string;
  requestedBy: string;
  requestedAt: Date;
  commissionKey?: string;
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

export async function loadHome(actor: Actor, now: Date, timeZone: string): Promise<HomeData> {
  if (isIec(actor)) return loadIecHome(actor, now, timeZone);
  if (isPartnerContact(actor)) return loadPartnerHome(actor, now, timeZone);
  return { role: 'guest', userId: actor.userId };
}

async function loadIecHome(actor: Actor, now: Date, timeZone: string) {
  const filter = actor.isAdmin ? { active: true } : { active: true, key: { $in: actor.leads } };
  const all = await CommissionModel.find(filter, { key: 1, name: 1 }).sort({ name: 1 }).limit(500).lean();
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
    pastDuePledges(key, digest.today),
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

/** Pledged or confirmed commitments whose date (end date, else start date) is before `today`: nobody said how it went. */
export async function pastDuePledges(commissionKey: string, today: string): Promise<Listed<PastDuePledge>> {
  const filter = {
    commissionKey: String(commissionKey),
    status: { $in: OPEN_COMMITMENT_STATUSES },
    $or: [{ endDate: { $lt: today } }, { endDate: null, startDate: { $lt: today } }],
  };
  const rows = await CommitmentModel.find(filter, { partnerName: 1, type: 1, quantity: 1, unit: 1, startDate: 1, endDate: 1 })
    .sort({ startDate: 1, _id: 1 })
    .limit(LIST_LIMIT)
    .lean();
  const items = rows.map((r) => ({
    id: String(r._id),
    partnerName: r.partnerName,
    type: r.type,
    quantity: r.quantity,
    unit: r.unit,
    date: r.endDate ?? r.startDate,
  }));
  return { items, total: rows.length < LIST_LIMIT ? rows.length : await CommitmentModel.countDocuments(filter) };
}

async function loadPartnerHome(actor: Actor, now: Date, timeZone: string) {
  const partners = await PartnerModel.find({ _id: { $in: actor.partnerIds } }, { name: 1 })
    .sort({ nameKey: 1 })
    .limit(HOME_ORGANISATIONS_MAX)
    .lean<Array<{ _id: Types.ObjectId; name: string }>>();
  const organisations = await Promise.all(
    partners.map(async (p) => {
      const page = await listCommitments({ partnerId: String(p._id) }, { offset: 0, limit: HOME_COMMITMENTS_MAX }, actor);
      return { id: String(p._id), name: p.name, commitments: page.items, total: page.total };
    }),
  );
  const [requests, requestsTotal] = await Promise.all([
    listOpenRequests({ contactUserId: actor.userId }, HOME_REQUESTS_MAX),
    CommitmentRequestModel.countDocuments({ contactUserId: String(actor.userId), status: 'open' }),
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
        ...(r.commissionKey ? { commissionKey: r.commissionKey } : {}),
      })),
      total: requestsTotal,
    },
  };
}
