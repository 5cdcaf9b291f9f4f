import { Types } from 'mongoose';
import { can } from '../access';
import { AppError } from '../errors';
import { checkStageDates, parseStageWord, programState, programsForImport, type ProgramState } from '../programs';
import { allSchools } from '../schools';
import { CellFault, type HeaderedTable, type RowFault, parseDay, rowValues, shown } from './cells';
import { commissionNamesOf, commissionResolver, type KindPlan, type PlanContext, type PlannedOp, sameState } from './plan';
import { localDate } from '../domain/dates';
import { normalizeName } from '../domain/names';

/**
 * Programs of study: a program matches by its school (name or district code) and its name (regardless of case and
 * punctuation). Schools and commissions must exist already. A row's stage and dates follow the same rules as the
 * form (a review date in the past, a renewal not after the approval: rejected); only leads of the commission and
 * administrators may import its programs.
 */
export async function planPrograms(header: HeaderedTable, ctx: PlanContext): Promise<KindPlan> {
  const rejected: RowFault[] = [];
  const schools = await allSchools();
  const byCode = new Map(schools.filter((s) => s.code).map((s) => [String(s.code).toUpperCase(), s]));
  const byName = new Map(schools.map((s) => [s.nameKey, s]));
  const resolveCommission = commissionResolver(ctx.commissions);
  const names = commissionNamesOf(ctx.commissions);
  const stored = await programsForImport();
  const existing = new Map(stored.map((p) => [`${p.schoolId}|${p.nameKey}`, p]));
  // today in the commission's zone; for one without a zone of its own the earliest day anywhere (12 h behind UTC),
  // so a review dated today in the district is never refused as past
  const zones = new Map(ctx.commissions.map((c) => [c.key, c.timeZone]));
  const lenientToday = localDate(new Date(ctx.now.getTime() - 12 * 3_600_000), 'UTC');
  const todayOf = (key: string) => {
    const zone = zones.get(key);
    return zone ? localDate(ctx.now, zone) : lenientToday;
  };
  const seen = new Map<string, number>();
  const ops: PlannedOp[] = [];
  let unchanged = 0;
  for (const raw of header.rows) {
    try {
      const values = rowValues('programs', header, raw);
      if (!values.school) throw new CellFault('no school');
      const school = byCode.get(values.school.trim().toUpperCase()) ?? byName.get(normalizeName(values.school));
      if (!school) throw new CellFault(`there is no school ${shown(values.school)} (import the schools first)`);
      const name = (values.name ?? '').trim();
      const nameKey = normalizeName(name);
      if (!nameKey) throw new CellFault('no program name');
      if (!values.commission) throw new CellFault('no commission');
      const commissionKey = resolveCommission(values.commission);
      if (!commissionKey) throw new CellFault(`${shown(values.commission)} is not a commission`);
      if (!can(ctx.actor, 'program.manage', { commissionKey })) throw new CellFault(`you may not import the programs of ${names.get(commissionKey) ?? commissionKey}`);
      const stage = values.stage ? parseStageWord(values.stage) : undefined;
      if (!stage) {
        throw new CellFault(
          values.stage ? `${shown(values.stage)} is not a stage (development, self-study, review_scheduled, approved, lapsed)` : 'no stage',
        );
      }
      const dates = {
        ...(values.reviewDate ? { reviewDate: parseDay(values.reviewDate, 'review date') } : {}),
        ...(values.approvedDate ? { approvedDate: parseDay(values.approvedDate, 'approval date') } : {}),
        ...(values.renewalDate ? { renewalDate: parseDay(values.renewalDate, 'renewal date') } : {}),
      };
      try {
        checkStageDates({ stage, ...dates }, todayOf(commissionKey));
      } catch (err) {
        if (err instanceof AppError) throw new CellFault(err.message.replace(/\.$/, '').toLowerCase());
        throw err;
      }
      const key = `${school.id}|${nameKey}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) throw new CellFault(`duplicate of row ${earlier} (same school and program)`);
      seen.set(key, raw.row);
      const before = existing.get(key);
      const after: ProgramState = programState({
        schoolId: school.id,
        schoolName: school.name,
        ...(school.code ? { schoolCode: school.code } : {}),
        name: before && before.nameKey === nameKey ? before.name : name,
        commissionKey,
        stage,
        ...(stage === 'review_scheduled' ? { reviewDate: dates.reviewDate } : {}),
        ...(stage === 'approved' || stage === 'lapsed' ? { approvedDate: dates.approvedDate, renewalDate: dates.renewalDate } : {}),
      });
      const beforeState = before && programState(before);
      if (beforeState && sameState(beforeState, after)) {
        unchanged += 1;
        continue;
      }
      ops.push({
        action: before ? 'update' : 'create',
        id: before?.id ?? String(new Types.ObjectId()),
        row: raw.row,
        label: `${after.name} at ${after.schoolName}`,
        ...(beforeState ? { before: beforeState } : {}),
        after,
      });
    } catch (err) {
      if (!(err instanceof CellFault)) throw err;
      rejected.push({ row: raw.row, reason: err.message });
    }
  }
  return { ops, unchanged, rejected, notices: [] };
}
