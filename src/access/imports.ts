import { forbidden } from '../errors';
import type { Actor } from './actor';

/**
 * Who may import what (beside the rules of actor.ts): administrators import anything; a commission lead
 * imports schools, and partners and commitments of the commissions they lead; anyone else nothing.
 */

export function canImport(actor: Actor): boolean {
  return actor.isAdmin || actor.leads.length > 0;
}

export function requireImporter(actor: Actor): void {
  if (!canImport(actor)) {
    throw forbidden(':lock: Sorry, only iec-bot administrators and commission leads can import files.');
  }
}

/** Why this actor may not import a row of these commissions, or undefined when they may. */
export function importRefusal(actor: Actor, commissionKeys: readonly string[]): string | undefined {
  if (actor.isAdmin) return undefined;
  const others = commissionKeys.filter((k) => !actor.leads.includes(k));
  if (commissionKeys.length === 0) return `name a commission you lead (${actor.leads.join(', ')}); only administrators import others`;
  if (others.length > 0)
    return `you lead ${actor.leads.join(', ')}, not ${others.join(', ')}; only administrators import for other commissions`;
  return undefined;
}
