import { Types } from 'mongoose';
import { importRefusal } from '../access';
import {
  COMMITMENT_TYPE_INFO,
  COMMITMENT_TYPES,
  commitmentChanges,
  commitmentsForImport,
  parseCommitmentStatus,
  parseCommitmentType,
  type CommitmentState,
  type StoredCommitmentState,
} from '../commitments';
import { partnersByNameKeys } from '../partners';
import { programsForImport, type StoredProgramState } from '../programs';
import { allSchools } from '../schools';
import { CellFault, type HeaderedTable, parseDay, parseWhole, type RowFault, rowValues, shown, splitList } from './cells';
import { commissionNamesOf, commissionResolver, type KindPlan, type PlanContext, type PlannedOp } from './plan';
import { normalizeName } from '../domain/names';

/**
 * Commitments: matched by the `Commitment ID` column when it names one that exists, else by partner,
 * commission, type, start date and schools. Partners and schools must exist already (import them first).
 * A blank cell keeps what is stored (a new commitment: pledged, nothing fulfilled, no notes).
 * Program support (a curriculum review, a technical assessment review, an employability skills validation, an
 * external review panelist) is tied to one program of study (#19), as in the commitment form: the `Program`
 * column names it (its name at one of the row's schools, or its id); a row of those types with no program, new
 * or stored, is refused, and so is a program on any other type.
 */

interface CommitmentRow {
  row: number;
  id?: string;
  state: Omit<CommitmentState, 'status' | 'fulfilledQuantity' | 'notes' | 'endDate'> & {
    status?: CommitmentState['status'];
    fulfilledQuantity?: number;
    notes?: string;
    endDate?: string;
  };
}

const keyOf = (s: Pick<CommitmentState, 'partnerId' | 'commissionKey' | 'type' | 'startDate' | 'schoolIds'>) =>
  [s.partnerId, s.commissionKey, s.type, s.startDate, [...s.schoolIds].sort().join('+')].join('|');

const TYPE_NAMES = COMMITMENT_TYPES.map((t) => COMMITMENT_TYPE_INFO[t].label.toLowerCase()).join(', ');
const PROGRAM_TYPES = COMMITMENT_TYPES.filter((t) => COMMITMENT_TYPE_INFO[t].program);
const PROGRAM_TYPE_NAMES = PROGRAM_TYPES.map((t) => COMMITMENT_TYPE_INFO[t].label.toLowerCase()).join(', ');
const typeName = (type: CommitmentState['type']) => COMMITMENT_TYPE_INFO[type].label.toLowerCase();
/** `an external review panelist`, `a career day`. */
const aType = (type: CommitmentState['type']) => `${/^[aeiou]/.test(typeName(type)) ? 'an' : 'a'} ${typeName(type)}`;

/**
 * The program a row's `Program` cell names: by id, else by name at the school its `Program school` cell names (code
 * or name, as our export writes it), else among the row's schools (all schools when it names none).
 */
function programResolver(programs: readonly StoredProgramState[], names: ReadonlyMap<string, string>) {
  const byId = new Map(programs.map((p) => [p.id, p]));
  const byName = new Map<string, StoredProgramState[]>();
  for (const p of programs) byName.set(p.nameKey, [...(byName.get(p.nameKey) ?? []), p]);
  const atSchool = (p: StoredProgramState, school: string) =>
    p.schoolCode?.toUpperCase() === school.trim().toUpperCase() || normalizeName(p.schoolName) === normalizeName(school);
  return (
    cell: string,
    school: string | undefined,
    row: { type: CommitmentState['type']; commissionKey: string; schoolIds: readonly string[] },
  ): string => {
    if (!COMMITMENT_TYPE_INFO[row.type].program)
      throw new CellFault(
        `only program support (${PROGRAM_TYPE_NAMES}) is recorded against a program of study: leave Program empty for ${aType(row.type)}`,
      );
    const found = byId.get(cell.trim().toLowerCase());
    const named = byName.get(normalizeName(cell)) ?? [];
    const candidates = found
      ? [found]
      : school
        ? named.filter((p) => atSchool(p, school))
        : named.filter((p) => row.schoolIds.length === 0 || row.schoolIds.includes(p.schoolId));
    if (candidates.length === 0)
      throw new CellFault(
        `there is no program of study ${shown(cell)}${school ? ` at ${shown(school)}` : row.schoolIds.length > 0 ? " at the row's schools" : ''} (import the programs first)`,
      );
    if (candidates.length > 1)
      throw new CellFault(
        `${shown(cell)} is a program at ${candidates.length} schools: give the school code of the one it supports in a Program school column`,
      );
    const program = candidates[0] as StoredProgramState;
    if (program.commissionKey !== row.commissionKey)
      throw new CellFault(
        `${shown(program.name)} at ${program.schoolName} is a program of ${names.get(program.commissionKey) ?? program.commissionKey}, not of ${names.get(row.commissionKey) ?? row.commissionKey}`,
      );
    return program.id;
  };
}

export async function planCommitments(header: HeaderedTable, ctx: PlanContext): Promise<KindPlan> {
  const rejected: RowFault[] = [];
  const resolveCommission = commissionResolver(ctx.commissions);
  const names = commissionNamesOf(ctx.commissions);
  const firstPass = header.rows.map((raw) => {
    try {
      return { raw, values: rowValues('commitments', header, raw) };
    } catch (err) {
      if (!(err instanceof CellFault)) throw err;
      rejected.push({ row: raw.row, reason: err.message });
      return undefined;
    }
  });
  const partners = new Map(
    (await partnersByNameKeys(firstPass.map((r) => normalizeName(r?.values.partner ?? '')).filter(Boolean))).map((p) => [p.nameKey, p]),
  );
  const schools = await allSchools();
  const schoolByCode = new Map(schools.filter((s) => s.code).map((s) => [s.code as string, s]));
  const schoolByName = new Map(schools.map((s) => [s.nameKey, s]));
  const resolveProgram = programResolver(firstPass.some((r) => r?.values.program) ? await programsForImport() : [], names);

  const rows: CommitmentRow[] = [];
  for (const item of firstPass) {
    if (!item) continue;
    const { raw, values } = item;
    try {
      const partner = partners.get(normalizeName(values.partner ?? ''));
      if (!values.partner) throw new CellFault('no partner');
      if (!partner) throw new CellFault(`there is no partner called ${shown(values.partner)} (import the partners first)`);
      const commissionKey = values.commission ? resolveCommission(values.commission) : undefined;
      if (!values.commission) throw new CellFault('no commission');
      if (!commissionKey) throw new CellFault(`${shown(values.commission)} is not a commission`);
      const refusal = importRefusal(ctx.actor, [commissionKey], names);
      if (refusal) throw new CellFault(refusal);
      const type = values.type ? parseCommitmentType(values.type) : undefined;
      if (!type) throw new CellFault(values.type ? `${shown(values.type)} is not a commitment type (${TYPE_NAMES})` : 'no commitment type');
      const quantity = parseWhole(values.quantity ?? '', 'quantity', 1);
      const fulfilledQuantity = values.fulfilled ? parseWhole(values.fulfilled, 'fulfilled quantity', 0) : undefined;
      const status = values.status ? parseCommitmentStatus(values.status) : undefined;
      if (values.status && !status)
        throw new CellFault(`status ${shown(values.status)} is not one of pledged, confirmed, fulfilled, partially fulfilled, cancelled`);
      if (!values.startDate) throw new CellFault('no start date');
      const startDate = parseDay(values.startDate, 'start date');
      const endDate = values.endDate ? parseDay(values.endDate, 'end date') : undefined;
      if (endDate && endDate < startDate) throw new CellFault(`the end date ${endDate} is before the start date ${startDate}`);
      const schoolIds: string[] = [];
      const codes = splitList(values.schoolCodes ?? '', /\s*[;,\n]\s*/);
      if (codes.length > 0) {
        for (const code of codes) {
          const school = schoolByCode.get(code.toUpperCase());
          if (!school) throw new CellFault(`there is no school with code ${shown(code)} (import the schools first)`);
          if (!schoolIds.includes(school.id)) schoolIds.push(school.id);
        }
      } else {
        for (const name of splitList(values.schools ?? '')) {
          const school = schoolByName.get(normalizeName(name));
          if (!school) throw new CellFault(`there is no school called ${shown(name)} (import the schools first)`);
          if (!schoolIds.includes(school.id)) schoolIds.push(school.id);
        }
      }
      if (values.programSchool && !values.program) throw new CellFault('a Program school without a Program: name the program too');
      const programId = values.program
        ? resolveProgram(values.program, values.programSchool, { type, commissionKey, schoolIds })
        : undefined;
      rows.push({
        row: raw.row,
        ...(values.id ? { id: values.id } : {}),
        state: {
          partnerId: partner.id,
          partnerName: partner.name,
          commissionKey,
          type,
          quantity,
          schoolIds,
          startDate,
          ...(endDate ? { endDate } : {}),
          ...(status ? { status } : {}),
          ...(fulfilledQuantity !== undefined ? { fulfilledQuantity } : {}),
          ...(values.notes ? { notes: values.notes } : {}),
          ...(programId ? { programId } : {}),
        },
      });
    } catch (err) {
      if (!(err instanceof CellFault)) throw err;
      rejected.push({ row: raw.row, reason: err.message });
    }
  }

  const stored = await commitmentsForImport({
    ids: rows.map((r) => r.id).filter((id): id is string => Boolean(id)),
    partnerIds: rows.map((r) => r.state.partnerId),
  });
  const byId = new Map(stored.map((c) => [c.id, c]));
  const byKey = new Map<string, StoredCommitmentState[]>();
  for (const c of stored) byKey.set(keyOf(c), [...(byKey.get(keyOf(c)) ?? []), c]);

  const claimed = new Map<string, number>();
  const ops: PlannedOp[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const reject = (reason: string) => rejected.push({ row: r.row, reason });
    const key = keyOf(r.state);
    let before = r.id ? byId.get(r.id) : undefined;
    if (!before) {
      const candidates = byKey.get(key) ?? [];
      if (candidates.length > 1) {
        reject(
          `matches ${candidates.length} commitments already recorded (same partner, commission, type, start date and schools): add the Commitment ID column to say which`,
        );
        continue;
      }
      before = candidates[0];
    }
    const claim = before ? `id:${before.id}` : `key:${key}`;
    const earlier = claimed.get(claim) ?? claimed.get(`key:${key}`);
    if (earlier !== undefined) {
      reject(`duplicate of row ${earlier} (same commitment: partner, commission, type, start date and schools)`);
      continue;
    }
    claimed.set(claim, r.row);
    claimed.set(`key:${key}`, r.row);
    // a blank Program cell keeps the stored program, as long as the type still supports one
    const programId = r.state.programId ?? (COMMITMENT_TYPE_INFO[r.state.type].program ? before?.programId : undefined);
    if (COMMITMENT_TYPE_INFO[r.state.type].program && !programId) {
      reject(`${aType(r.state.type)} supports one program of study: name it in a Program column (its name at the row's school, or its id)`);
      continue;
    }
    const status = r.state.status ?? before?.status ?? 'pledged';
    const fulfilledQuantity =
      r.state.fulfilledQuantity ??
      (status === 'fulfilled' ? Math.max(before?.fulfilledQuantity ?? 0, r.state.quantity) : (before?.fulfilledQuantity ?? 0));
    const after: CommitmentState = {
      partnerId: r.state.partnerId,
      partnerName: before && before.partnerId === r.state.partnerId ? before.partnerName : r.state.partnerName,
      commissionKey: r.state.commissionKey,
      type: r.state.type,
      quantity: r.state.quantity,
      schoolIds: before && sameSet(before.schoolIds, r.state.schoolIds) ? before.schoolIds : r.state.schoolIds,
      startDate: r.state.startDate,
      ...((r.state.endDate ?? before?.endDate) ? { endDate: r.state.endDate ?? before?.endDate } : {}),
      status,
      fulfilledQuantity,
      notes: r.state.notes ?? before?.notes ?? '',
      ...(programId ? { programId } : {}),
    };
    const fulfilled = status === 'fulfilled' || status === 'partially_fulfilled';
    if (fulfilled) {
      const same = before && before.status === status && before.fulfilledQuantity === fulfilledQuantity && before.fulfilledAt;
      // a commitment imported as already fulfilled was fulfilled when it ended, not today
      after.fulfilledAt = same ? before?.fulfilledAt : before ? ctx.now : new Date(`${after.endDate ?? after.startDate}T12:00:00Z`);
    } else if (before?.fulfilledAt) {
      after.fulfilledAt = before.fulfilledAt;
    }
    const beforeState = before ? stateOf(before) : undefined;
    if (beforeState && commitmentChanges(beforeState, after).length === 0) {
      unchanged++;
      continue;
    }
    ops.push({
      action: before ? 'update' : 'create',
      id: before?.id ?? new Types.ObjectId().toHexString(),
      row: r.row,
      label: `${after.partnerName}, ${COMMITMENT_TYPE_INFO[after.type].label.toLowerCase()}, ${after.startDate}`,
      ...(beforeState ? { before: beforeState, revision: before?.revision } : {}),
      after,
    });
  }
  return { ops, unchanged, rejected: rejected.sort((a, b) => a.row - b.row), notices: [] };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function stateOf(c: StoredCommitmentState): CommitmentState {
  const { id: _id, revision: _revision, ...state } = c;
  return state;
}
