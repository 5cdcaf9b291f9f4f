/**
 * Handing a person's work over to another (`/iec reassign`, src/reassign): each feature that has owners says what
 * a person owns of it and moves it through its own write path, in these terms.
 */

/** Which records: those touching one of these commissions; undefined = all of them. */
export interface HandOverScope {
  commissionKeys?: readonly string[];
}

/** How many records, and the names of the first few (what a preview or an outcome lists). */
export interface OwnedRecords {
  total: number;
  names: string[];
}

export interface HandOverMeta {
  /** Who hands over (the history entry's author). */
  by: string;
  now: Date;
}

/** How many names a preview lists per kind of record. */
export const HANDOVER_NAMES_SHOWN = 10;

/** The query part of a scope on a record's commission field (a key, or an array of keys). */
export function scopeFilter(field: string, scope: HandOverScope): Record<string, unknown> {
  return scope.commissionKeys ? { [field]: { $in: [...scope.commissionKeys] } } : {};
}
