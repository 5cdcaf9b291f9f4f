import { COMMITMENT_TYPE_INFO, type CommitmentType } from '../domain/commitments';

/** Numbers, counts and quantities as people read them, written one way everywhere (`2,500`, `$2,500`, `1 session`). */

/** One formatter for every number: `toLocaleString` with options builds a new one per call (a list's every line). */
const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `2500` → `2,500`. */
export function formatNumber(n: number): string {
  return NUMBER_FORMAT.format(n);
}

/** `1 commitment`, `2 commitments`, `2,500 commitments`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

function infoOf(type: string) {
  return Object.hasOwn(COMMITMENT_TYPE_INFO, type) ? COMMITMENT_TYPE_INFO[type as CommitmentType] : undefined;
}

/** A quantity of a commitment type without its unit: `$2,500` for scholarships (money), `2,500` otherwise. */
export function formatAmount(type: string, n: number): string {
  return infoOf(type)?.money ? `$${formatNumber(n)}` : formatNumber(n);
}

/**
 * A quantity of a commitment type with its unit, singular or plural: `1 session`, `12 interns`, `$2,500` (scholarships).
 * `storedUnit` is the unit kept on an old record of a type the vocabulary no longer has.
 */
export function formatQuantity(type: string, n: number, storedUnit = 'units'): string {
  const info = infoOf(type);
  if (!info) return `${formatNumber(n)} ${storedUnit}`;
  if (info.money) return formatAmount(type, n);
  return `${formatNumber(n)} ${n === 1 ? info.one : info.unit}`;
}

/** The unit of a type as a label says it: `sessions`, `dollars ($)`. */
export function unitLabel(type: string): string {
  const info = infoOf(type);
  if (!info) return 'units';
  return info.money ? 'dollars ($)' : info.unit;
}
