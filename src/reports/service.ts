import { Types } from 'mongoose';
import { isIec, requireIec, requireKnown, requirePartnerAccess, type Actor } from '../access';
import { findCommission, findCommissions, targetsForYear } from '../commissions';
import { commitmentTotals, eachCommitment, type CommitmentScope, type TypeTotals as CommitmentTypeTotals } from '../commitments';
import { COMMITMENT_STATUSES, COMMITMENT_TYPES, type CommitmentStatus, type CommitmentType } from '../domain/commitments';
import { invalidInput, notFound } from '../errors';
import { findPartnerOrSuggest, getPartner } from '../partners';
import { schoolByCode, schoolsByIds, searchSchools } from '../schools';
import { escapeMrkdwn } from '../slack/text';
import { localDate, schoolYearOf } from '../domain/dates';

/**
 * `/iec report`: one school year of commitments for a commission, a partner, a school or the whole district.
 * The totals by type and status are the commitments feature's `commitmentTotals` (the same figures as
 * commission show, the digest and Home). One streamed pass over that year's commitments of the scope (never the
 * whole history, never all in memory at once) gives the partners and schools involved and the months;
 * commission targets give the coverage gaps.
 */

export type ReportScope =
  | { kind: 'district' }
  | { kind: 'commission'; key: string; name: string }
  | { kind: 'partner'; id: Types.ObjectId; name: string }
  | { kind: 'school'; id: Types.ObjectId; name: string; code?: string };

/** What was asked, before look-ups: parsed from the slash command text. */
export type ReportRequest =
  | { kind: 'default'; schoolYear?: string }
  | { kind: 'district'; schoolYear?: string }
  | { kind: 'commission'; input: string; schoolYear?: string }
  | { kind: 'partner'; input: string; schoolYear?: string }
  | { kind: 'school'; input: string; schoolYear?: string };

/** A type's totals (the commitments feature's `commitmentTotals`) with the target of the commissions in scope. */
export interface TypeTotals extends CommitmentTypeTotals {
  target?: number;
}

export interface Involved {
  name: string;
  code?: string;
  /** Commitments (not cancelled) it takes part in. */
  commitments: number;
}

export interface CoverageGap {
  commissionKey: string;
  commissionName: string;
  /** Types with nothing pledged this year (cancelled ones do not count). */
  types: CommitmentType[];
}

export interface MonthBar {
  /** `YYYY-MM` */
  month: string;
  /** Commitments (not cancelled) starting in the month. */
  starting: number;
  /** Commitments marked fulfilled or partially fulfilled in the month. */
  fulfilled: number;
}

export interface ReportData {
  scope: ReportScope;
  schoolYear: string;
  timeZone: string;
  now: Date;
  /** Types with any commitment or a target, in the vocabulary's order. */
  byType: TypeTotals[];
  byStatus: Record<CommitmentStatus, number>;
  /** Commitments not cancelled. */
  commitments: number;
  /** Fully fulfilled commitments ÷ commitments not cancelled; undefined when there are none. */
  fulfilmentRate?: number;
  /** Most involved first; `total` is how many there are. */
  partners: { items: Involved[]; total: number };
  schools: { items: Involved[]; total: number };
  /** Per commission in scope (commission and district reports only). */
  gaps: CoverageGap[];
  /** July to June. */
  byMonth: MonthBar[];
}

/** Partners and schools listed in a report (the rest are counted). */
export const INVOLVED_LISTED = 30;

const emptyCounts = (): Record<CommitmentStatus, number> =>
  Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, 0])) as Record<CommitmentStatus, number>;

/** The twelve `YYYY-MM` months of a school year, July first. */
export function schoolYearMonths(schoolYear: string): string[] {
  const start = Number(schoolYear.slice(0, 4));
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((6 + i) % 12) + 1;
    const year = i < 6 ? start : start + 1;
    return `${year}-${String(month).padStart(2, '0')}`;
  });
}

/** Decides what the actor may report on, and finds it. Partner contacts may report on their own organisation only. */
export async function resolveScope(request: ReportRequest, actor: Actor): Promise<ReportScope> {
  requireKnown(actor);
  switch (request.kind) {
    case 'default': {
      if (isIec(actor)) {
        if (!actor.isAdmin && actor.leads.length === 1) return resolveScope({ kind: 'commission', input: actor.leads[0] }, actor);
        return { kind: 'district' };
      }
      if (actor.partnerIds.length > 1) {
        throw invalidInput('You are a contact of several organisations: name one, e.g. `/iec report partner <name>`.');
      }
      const partner = await getPartner(String(actor.partnerIds[0]));
      return { kind: 'partner', id: new Types.ObjectId(partner.id), name: partner.name };
    }
    case 'district':
      requireIec(actor);
      return { kind: 'district' };
    case 'commission': {
      requireIec(actor);
      const c = await findCommission(request.input);
      return { kind: 'commission', key: c.key, name: c.name };
    }
    case 'partner': {
      const partner = await findPartnerOrSuggest(request.input, isIec(actor) ? undefined : actor.partnerIds);
      requirePartnerAccess(actor, partner.id, partner.name);
      return { kind: 'partner', id: new Types.ObjectId(partner.id), name: partner.name };
    }
    case 'school': {
      requireIec(actor);
      return { kind: 'school', ...(await findSchool(request.input)) };
    }
  }
}

/** A school by its code (exactly) or its name (the single best match). */
async function findSchool(input: string): Promise<{ id: Types.ObjectId; name: string; code?: string }> {
  const code = input.trim().toUpperCase();
  const byCode = /^[A-Z0-9]{2,12}$/.test(code) ? await schoolByCode(code) : null;
  if (byCode) return { id: byCode._id, name: byCode.name, ...(byCode.code ? { code: byCode.code } : {}) };
  const matches = await searchSchools(input, 5);
  const shown = escapeMrkdwn(input.trim().slice(0, 60));
  if (matches.length === 0)
    throw notFound(`I don't know a school called *${shown}*. Try its district code, e.g. \`/iec report school 02M475\`.`);
  const exact = matches.find((m) => m.name.toLowerCase() === input.trim().toLowerCase());
  if (!exact && matches.length > 1) {
    const names = matches.map((m) => `*${escapeMrkdwn(m.name)}*${m.code ? ` (\`${m.code}\`)` : ''}`).join(', ');
    throw invalidInput(`Several schools match *${shown}*: ${names}. Use the school's code.`);
  }
  const school = exact ?? matches[0];
  return { id: new Types.ObjectId(school.id), name: school.name, ...(school.code ? { code: school.code } : {}) };
}

/** Which of a school year's commitments a report scope reads. */
export function scopeCommitments(scope: ReportScope, schoolYear: string): CommitmentScope {
  if (scope.kind === 'commission') return { schoolYear, commissionKey: scope.key };
  if (scope.kind === 'partner') return { schoolYear, partnerId: scope.id };
  if (scope.kind === 'school') return { schoolYear, schoolId: scope.id };
  return { schoolYear };
}

interface Tally {
  id: string;
  name: string;
  commitments: number;
}

function top(tallies: Map<string, Tally>): Tally[] {
  return [...tallies.values()].sort((a, b) => b.commitments - a.commitments || a.name.localeCompare(b.name)).slice(0, INVOLVED_LISTED);
}

/** The report of `scope` for `schoolYear` as of `now`; months are counted in `timeZone`. */
export async function buildReport(scope: ReportScope, schoolYear: string, now: Date, timeZone: string): Promise<ReportData> {
  const months = schoolYearMonths(schoolYear);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const byMonth: MonthBar[] = months.map((month) => ({ month, starting: 0, fulfilled: 0 }));
  const partners = new Map<string, Tally>();
  const schoolCounts = new Map<string, number>();
  /** commissionKey → types with something pledged. */
  const pledgedTypes = new Map<string, Set<string>>();

  const commitmentScope = scopeCommitments(scope, schoolYear);
  const totals = await commitmentTotals(commitmentScope);
  const cursor = eachCommitment(commitmentScope, {
    fields: ['partnerId', 'partnerName', 'commissionKey', 'type', 'status', 'startDate', 'fulfilledAt', 'schoolIds'],
    batchSize: 500,
  });
  for await (const c of cursor) {
    const status = (c.status ?? 'pledged') as CommitmentStatus;
    if (status === 'cancelled') continue;
    const type = c.type as CommitmentType;
    const types = pledgedTypes.get(c.commissionKey) ?? new Set<string>();
    types.add(type);
    pledgedTypes.set(c.commissionKey, types);
    const partnerId = String(c.partnerId);
    const tally = partners.get(partnerId) ?? { id: partnerId, name: c.partnerName, commitments: 0 };
    tally.commitments += 1;
    partners.set(partnerId, tally);
    for (const school of c.schoolIds ?? []) schoolCounts.set(String(school), (schoolCounts.get(String(school)) ?? 0) + 1);
    const starting = monthIndex.get(c.startDate.slice(0, 7));
    if (starting !== undefined) byMonth[starting].starting += 1;
    if (c.fulfilledAt && (status === 'fulfilled' || status === 'partially_fulfilled')) {
      const fulfilled = monthIndex.get(localDate(c.fulfilledAt, timeZone).slice(0, 7));
      if (fulfilled !== undefined) byMonth[fulfilled].fulfilled += 1;
    }
  }

  const commissions = await commissionsInScope(scope);
  const targets = new Map<CommitmentType, number>();
  if (scope.kind === 'commission' || scope.kind === 'district') {
    // that school year's targets (those set before targets had a year are the current year's)
    const currentYear = schoolYearOf(now, timeZone);
    for (const c of commissions)
      for (const [type, quantity] of targetsForYear(c.targets, schoolYear, currentYear))
        targets.set(type, (targets.get(type) ?? 0) + quantity);
  }
  const byType = new Map(totals.byType.map((t) => [t.type, t]));
  const typeRows: TypeTotals[] = COMMITMENT_TYPES.filter((t) => byType.has(t) || targets.has(t)).map((t) => {
    const row = byType.get(t) ?? { type: t, counts: emptyCounts(), commitments: 0, pledged: 0, fulfilled: 0 };
    return targets.has(t) ? { ...row, target: targets.get(t) } : row;
  });
  const { byStatus, commitments } = totals;

  const schoolIds = [...schoolCounts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, INVOLVED_LISTED * 2)
    .map(([id]) => id);
  const schoolDocs = schoolIds.length > 0 ? await schoolsByIds(schoolIds) : [];
  const schoolItems: Involved[] = schoolDocs
    .map((s) => ({ name: s.name, ...(s.code ? { code: s.code } : {}), commitments: schoolCounts.get(String(s._id)) ?? 0 }))
    .sort((a, b) => b.commitments - a.commitments || a.name.localeCompare(b.name))
    .slice(0, INVOLVED_LISTED);

  const gaps: CoverageGap[] =
    scope.kind === 'commission' || scope.kind === 'district'
      ? commissions
          .map((c) => ({
            commissionKey: c.key,
            commissionName: c.name,
            types: COMMITMENT_TYPES.filter((t) => !pledgedTypes.get(c.key)?.has(t)),
          }))
          .filter((g) => g.types.length > 0)
      : [];

  return {
    scope,
    schoolYear,
    timeZone,
    now,
    byType: typeRows,
    byStatus,
    commitments,
    ...(commitments > 0 ? { fulfilmentRate: byStatus.fulfilled / commitments } : {}),
    partners: { items: top(partners).map(({ name, commitments: n }) => ({ name, commitments: n })), total: partners.size },
    schools: { items: schoolItems, total: schoolCounts.size },
    gaps,
    byMonth,
  };
}

async function commissionsInScope(scope: ReportScope) {
  if (scope.kind === 'commission') return findCommissions({ keys: [scope.key] });
  if (scope.kind === 'district') return findCommissions({ activeOnly: true, sort: 'name', limit: 200 });
  return [];
}
