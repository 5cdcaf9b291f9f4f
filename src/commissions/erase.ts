import type { ChangeBy } from '../audit';
import { type ErasedPerson, noTrace, type PersonTrace } from '../domain/names';
import { CommissionModel } from './model';
import { changeCommissionLead } from './service';

/** The commissions the person leads (for the erasure's preview of `/iec contact erase`). */
export async function findLeads(person: ErasedPerson): Promise<PersonTrace> {
  const trace = noTrace();
  for (const c of await CommissionModel.find({ leads: { $in: [...person.slackUserIds] } }, { key: 1 }).lean()) {
    trace.places.push({ kind: 'lead', commissionKey: c.key });
  }
  return trace;
}

/**
 * Erasure of a person: they stop leading every commission, as a removal by whoever erased does (audited; the
 * audit's own erasure then leaves "erased contact" in those entries). Returns the commissions they led.
 */
export async function eraseLeads(person: ErasedPerson, by: ChangeBy): Promise<number> {
  let removed = 0;
  for (const c of await CommissionModel.find({ leads: { $in: [...person.slackUserIds] } }, { key: 1, leads: 1 }).lean()) {
    for (const userId of c.leads.filter((l) => person.slackUserIds.includes(l))) {
      if (await changeCommissionLead(c.key, userId, 'remove', by)) removed += 1;
    }
  }
  return removed;
}
