import { Types } from 'mongoose';
import { allSchools, schoolCodeSchema, type SchoolState } from '../schools';
import { CellFault, type HeaderedTable, type RowFault, rowValues, shown, splitList } from './cells';
import type { KindPlan, PlanContext, PlannedOp } from './plan';
import { sameState } from './plan';
import { normalizeName } from '../domain/names';

/**
 * Schools: a school matches by its district code, else by its name (regardless of case and punctuation).
 * Programs add to what a school has; a blank cell keeps what is there.
 */
export async function planSchools(header: HeaderedTable, _ctx: PlanContext): Promise<KindPlan> {
  const rejected: RowFault[] = [];
  const stored = await allSchools();
  const byCode = new Map(stored.filter((s) => s.code).map((s) => [s.code as string, s]));
  const byName = new Map(stored.map((s) => [s.nameKey, s]));
  const seen = new Map<string, number>();
  const ops: PlannedOp[] = [];
  let unchanged = 0;
  for (const raw of header.rows) {
    try {
      const values = rowValues('schools', header, raw);
      const name = values.name ?? '';
      const nameKey = normalizeName(name);
      if (!nameKey) throw new CellFault(name ? `${shown(name)} is not a school name` : 'no school name');
      let code: string | undefined;
      if (values.code) {
        const parsed = schoolCodeSchema.safeParse(values.code);
        if (!parsed.success)
          throw new CellFault(`code ${shown(values.code)} is not a school code (2 to 12 letters, digits or dashes, like 02M475)`);
        code = parsed.data;
      }
      const programs = splitList(values.programs ?? '');
      for (const key of [code && `c:${code}`, `n:${nameKey}`].filter((k): k is string => Boolean(k))) {
        const earlier = seen.get(key);
        if (earlier !== undefined)
          throw new CellFault(`duplicate of row ${earlier} (same school ${key.startsWith('c:') ? 'code' : 'name'})`);
      }
      if (code) seen.set(`c:${code}`, raw.row);
      seen.set(`n:${nameKey}`, raw.row);

      const byItsName = byName.get(nameKey);
      let before = code ? byCode.get(code) : byItsName;
      if (!before && code && byItsName) {
        if (byItsName.code) throw new CellFault(`${byItsName.name} already has code ${shown(byItsName.code)}, not ${shown(code)}`);
        before = byItsName;
      }
      if (before && byItsName && byItsName.id !== before.id) {
        throw new CellFault(`the name ${shown(name)} belongs to another school (${byItsName.code ?? 'no code'})`);
      }
      const after: SchoolState = {
        name: before && normalizeName(before.name) === nameKey ? before.name : name.trim(),
        ...((code ?? before?.code) ? { code: code ?? before?.code } : {}),
        programs: [...(before?.programs ?? []), ...programs.filter((p) => !before?.programs.includes(p))],
      };
      const beforeState: SchoolState | undefined = before && {
        name: before.name,
        ...(before.code ? { code: before.code } : {}),
        programs: before.programs,
      };
      if (beforeState && sameState(beforeState, after)) {
        unchanged++;
        continue;
      }
      ops.push({
        action: before ? 'update' : 'create',
        id: before?.id ?? new Types.ObjectId().toHexString(),
        row: raw.row,
        label: after.name,
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
